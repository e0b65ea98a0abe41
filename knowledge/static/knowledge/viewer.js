// A cited table row is shown under its table's column headers, which say which figure is which:
// the page scrolls to the table, and a table taller than its region scrolls within it to the row.
(function () {
  "use strict";

  function place() {
    const id = decodeURIComponent(location.hash.slice(1));
    const row = id ? document.getElementById(id) : null;
    if (!row || row.tagName !== "TR") return;
    const wrap = row.closest(".table-wrap");
    const head = row.closest("table").querySelector("thead");
    if (!wrap || !head) return;
    wrap.scrollIntoView({ block: "start" });
    const gap = row.getBoundingClientRect().top - wrap.getBoundingClientRect().top;
    wrap.scrollTop += gap - head.offsetHeight - 8;
  }

  // After the browser's own scroll to the fragment, which comes once the page is laid out.
  window.addEventListener("load", function () { requestAnimationFrame(place); });
  window.addEventListener("hashchange", place);
})();
