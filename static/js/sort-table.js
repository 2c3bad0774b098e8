// Sortable tables: click (or press Enter on) a column header of a table.sortable to sort by it.
// A header's data-type says how its cells compare: "number" by value (a cell's data-sort, else its
// text read as the page's language writes numbers: 100,7058 is a decimal in Indonesian), "band" by
// rank (Sangat Tinggi above Sangat Rendah), "status" by rank (achieved, not achieved, no data);
// otherwise as text. Cells without a value ("–") go last whichever way the column is sorted.
(function () {
  "use strict";
  // Ascending is the order people read them in: Sangat Tinggi first, achieved first.
  var BAND_RANK = { "sangat-tinggi": 1, "tinggi": 2, "sedang": 3, "rendah": 4, "sangat-rendah": 5 };
  var STATUS_RANK = { "achieved": 1, "not-achieved": 2, "no-data": 3 };
  var DECIMAL_COMMA = (document.documentElement.lang || "id").split("-")[0] !== "en";

  // A number as data-sort holds it ("100.7058", or a stray localised "100,7058").
  function machineNumber(raw) {
    var text = raw.trim();
    if (/^[-−]?\d+,\d+$/.test(text)) text = text.replace(",", ".");
    return text === "" ? null : Number(text.replace("−", "-"));
  }

  // A number as the page shows it: "Rp 1.234.567,5", "85,5%", "−3"; English "1,234.5".
  function shownNumber(raw) {
    var text = raw.replace(/\u00a0/g, " ").replace(/Rp|%/g, "").replace(/\s+/g, "").replace("−", "-");
    // A range target ("10 – 20") sorts by its low end.
    text = text.split(/–|—/)[0];
    if (DECIMAL_COMMA) text = text.replace(/\./g, "").replace(",", ".");
    else text = text.replace(/,/g, "");
    return /^-?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : null;
  }

  function rank(cell, ranks) {
    var marked = cell.querySelector("[class]") || cell;
    var names = (marked.className + " " + cell.className).split(/\s+/);
    for (var i = 0; i < names.length; i++) if (ranks[names[i]] !== undefined) return ranks[names[i]];
    return null;
  }

  function key(cell, type) {
    if (!cell) return null;
    if (type === "band") return rank(cell, BAND_RANK);
    if (type === "status") return rank(cell, STATUS_RANK);
    var given = cell.dataset.sort;
    if (type === "number") {
      var number = given !== undefined ? machineNumber(given) : shownNumber(cell.textContent);
      return number === null || isNaN(number) ? null : number;
    }
    var text = (given !== undefined ? given : cell.textContent).trim();
    return text === "" || text === "–" ? null : text.toLocaleLowerCase();
  }

  function compare(x, y, ascending) {
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    var order = typeof x === "string" ? x.localeCompare(y, undefined, { numeric: true }) : x - y;
    return ascending ? order : -order;
  }

  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (header, index) {
      header.tabIndex = 0;
      header.classList.add("sort-header");
      function sort() {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        var type = header.dataset.type || "text";
        var body = table.tBodies[0];
        var rows = Array.prototype.map.call(body.rows, function (row, position) {
          return { row: row, key: key(row.cells[index], type), position: position };
        });
        rows.sort(function (a, b) {
          return compare(a.key, b.key, ascending) || a.position - b.position;
        });
        rows.forEach(function (item) { body.appendChild(item.row); });
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      }
      header.addEventListener("click", sort);
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
  });
})();
