// The verification screen: "select all", and Enter in a reason field never submits the form
// (the first button of the form would verify the first row).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("verification-form");
  if (!form) return;
  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches("input[type=text]")) event.preventDefault();
  });
  const all = form.querySelector("[data-select-all]");
  if (all) {
    all.addEventListener("click", () => {
      const boxes = form.querySelectorAll("input[name=selected]");
      const check = Array.from(boxes).some((box) => !box.checked);
      boxes.forEach((box) => { box.checked = check; });
    });
  }
});
