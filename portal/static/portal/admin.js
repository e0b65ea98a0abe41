// Accessibility repairs to markup the Django admin builds itself, on every staff page.
// - The selector widgets' search icons are spans with an aria-label and no role: give them role="img".
// - An empty header cell of an inline table (the object column) names nothing: it is presentation.
// - A date-and-time field's two inputs sit after bare text ("Date:", "Time:"), not labels: name them
//   by the field's label and that text.
(function () {
  "use strict";
  function repair(root) {
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (span) {
      span.setAttribute("role", "img");
    });
    root.querySelectorAll("thead th").forEach(function (th) {
      if (!th.textContent.trim() && !th.querySelector("input, select, button, img") && !th.hasAttribute("role")) {
        th.setAttribute("role", "presentation");
      }
    });
    root.querySelectorAll("p.datetime input:not([aria-label])").forEach(function (input) {
      var row = input.closest(".form-row, .fieldBox, fieldset");
      var field = row ? row.querySelector("label, legend") : null;
      var before = input.previousSibling;
      var part = before && before.nodeType === Node.TEXT_NODE ? before.textContent.trim().replace(/[:：]$/, "") : "";
      var name = [field ? field.textContent.trim().replace(/[:：]$/, "") : "", part].filter(Boolean).join(" – ");
      if (name) {
        input.setAttribute("aria-label", name);
      }
    });
  }
  // The selector widgets are built on window load, after this script: repair what they add too.
  new MutationObserver(function () { repair(document); }).observe(document.documentElement, {childList: true, subtree: true});
  document.addEventListener("DOMContentLoaded", function () { repair(document); });
})();
