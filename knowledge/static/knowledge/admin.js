/* The plan-document list refreshes its status cells while a document waits for or is in indexing.
 * Only the status cells (status, chunks, error) are replaced, so selections and focus stay where they are;
 * polling stops once nothing is in progress. */
// Admin loads a ModelAdmin's scripts in <head>: start once the list is parsed.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  const note = document.querySelector(".doc-refresh[data-refresh]");
  if (!note) return;
  const seconds = Math.max(2, parseInt(note.dataset.refresh, 10) || 5);
  const busy = (root) => root.querySelector('[data-status="pending"], [data-status="processing"]') !== null;

  function update(fresh) {
    document.querySelectorAll("#result_list [data-doc]").forEach((status) => {
      const other = fresh.querySelector('#result_list [data-doc="' + status.dataset.doc + '"]');
      const cell = status.closest("td");
      const otherCell = other && other.closest("td");
      if (cell && otherCell && cell.innerHTML !== otherCell.innerHTML) cell.innerHTML = otherCell.innerHTML;
    });
  }

  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then((response) => (response.ok ? response.text() : Promise.reject(response.status)))
      .then((html) => {
        const fresh = new DOMParser().parseFromString(html, "text/html");
        update(fresh);
        if (busy(document)) {
          window.setTimeout(poll, seconds * 1000);
        } else {
          note.hidden = true;
        }
      })
      .catch(() => window.setTimeout(poll, seconds * 4000)); // a hiccup: try again, less often
  }
  window.setTimeout(poll, seconds * 1000);
});
