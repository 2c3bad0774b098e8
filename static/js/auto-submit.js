// A filter's <select data-auto-submit> sends its form as soon as a value is chosen (the form's
// GET writes the choice into the address: every page stays a permalink). Without scripts the
// form's own "Show" button does the same. A <button data-print> prints the page (the reports).
// Both are listeners here, not inline handlers, which the Content-Security-Policy refuses.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-auto-submit]") && field.form) field.form.submit();
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-print]");
    if (button) window.print();
  });
})();
