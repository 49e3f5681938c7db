/* Progressive enhancement of the report's tables with List.js: a search box that filters rows,
   sortable column headers and a row count. Without JavaScript the plain table stays as it is. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("div.tt-table[data-enhance]").forEach(function (box) {
    var table = box.querySelector("table");
    var values = JSON.parse(table.getAttribute("data-values"));
    var total = table.querySelectorAll("tbody tr").length;
    var bar = document.createElement("div");
    bar.className = "tt-tools";
    var input = document.createElement("input");
    input.type = "search";
    input.className = "tt-search";
    input.placeholder = "Search this table";
    input.setAttribute("aria-label", "Search this table");
    var count = document.createElement("span");
    count.className = "tt-count";
    count.setAttribute("aria-live", "polite");
    count.textContent = total + " rows";
    bar.appendChild(input);
    bar.appendChild(count);
    box.insertBefore(bar, table);
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      b.setAttribute("data-sort", th.getAttribute("data-sort"));
      b.textContent = th.textContent;
      b.title = "Sort by this column";
      th.textContent = "";
      th.appendChild(b);
    });
    var list = new List(box, { valueNames: values, listClass: "list", searchClass: "tt-no-search" });
    // Filter on the text a reader sees in the row (List.js's own search would also match
    // link addresses inside the cells).
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase();
      if (!q) {
        list.filter();
        count.textContent = total + " rows";
        return;
      }
      list.filter(function (item) {
        return item.elm.textContent.toLowerCase().indexOf(q) >= 0;
      });
      count.textContent = list.matchingItems.length + " of " + total + " rows";
    });
  });
});
