// The admin export form's "select all" box (django-import-export's own handler, wired here
// instead of by an inline onchange attribute, which the Content-Security-Policy blocks).
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.matches(".select-toggle") && typeof window.onSelectToggleChange === "function") {
      window.onSelectToggleChange(event);
    }
  });
})();
