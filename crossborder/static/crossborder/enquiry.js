// GOV.UK error summary: move focus to it when the page loads, so a screen reader reads it first;
// its links move focus to the field (not only scroll), with the label in view.
(function () {
  "use strict";
  var summary = document.querySelector("[data-focus-on-load]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var input = document.getElementById(link.getAttribute("href").slice(1));
    if (!input) return;
    event.preventDefault();
    var holder = input.closest("fieldset") || input.closest(".field") || input;
    holder.scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
