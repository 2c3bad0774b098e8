// A filter's <select data-auto-submit> sends its form as soon as a value is chosen (the form's
// GET writes the choice into the address: every page stays a permalink). Without scripts the
// form's own "Show" button does the same.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-auto-submit]") && field.form) field.form.submit();
  });
})();
