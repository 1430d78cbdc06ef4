// Wide tables on a narrow screen scroll inside their .table-responsive box: the page itself
// never scrolls sideways. Each box becomes a labelled region reachable with the keyboard (the
// arrow keys then scroll it), named after the table's caption or the heading above it, and a
// hint says the table scrolls whenever it is wider than its box. A main list (table-stack)
// becomes cards on a phone: while it fits its box, it has neither hint nor Tab stop.
(function () {
  "use strict";

  var hintText = document.body.getAttribute("data-table-scroll-hint") || "";

  function headingBefore(element) {
    var headings = document.querySelectorAll("h1, h2, h3, h4, legend");
    var found = null;
    headings.forEach(function (heading) {
      if (heading.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) {
        found = heading;
      }
    });
    return found;
  }

  function nameOf(box) {
    var table = box.querySelector("table");
    var caption = table && table.querySelector("caption");
    if (table && table.getAttribute("aria-label")) {
      return table.getAttribute("aria-label");
    }
    if (caption && caption.textContent.trim()) {
      return caption.textContent.trim();
    }
    var heading = headingBefore(box);
    return heading ? heading.textContent.trim().replace(/\s+/g, " ") : document.title;
  }

  var boxes = [];
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    if (!box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
    }
    if (!box.hasAttribute("role")) {
      box.setAttribute("role", "region");
    }
    if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
      box.setAttribute("aria-label", nameOf(box));
    }
    var hint = document.createElement("p");
    hint.className = "table-scroll-hint small text-body-secondary mb-1";
    hint.textContent = hintText;
    hint.hidden = true;
    box.parentNode.insertBefore(hint, box);
    boxes.push([box, hint]);
  });

  function update() {
    boxes.forEach(function (pair) {
      var box = pair[0];
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      pair[1].hidden = !hintText || !scrolls;
      // A main list shown as cards on a phone (.table-stack, portal.css) does not scroll there:
      // it is no stop for the Tab key until a wider screen makes it a scrolling table again.
      if (box.querySelector("table.table-stack")) {
        if (scrolls) {
          box.setAttribute("tabindex", "0");
        } else {
          box.removeAttribute("tabindex");
        }
      }
    });
  }

  // Shown as cards, a table may lose its table semantics in some browsers (WebKit drops them
  // for display: block rows): the roles are said explicitly, so a screen reader still hears
  // each value with its column's name.
  document.querySelectorAll("table.table-stack").forEach(function (table) {
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody, tfoot").forEach(function (group) {
      group.setAttribute("role", "rowgroup");
    });
    table.querySelectorAll("tr").forEach(function (row) {
      row.setAttribute("role", "row");
    });
    table.querySelectorAll("th").forEach(function (cell) {
      cell.setAttribute("role", cell.closest("thead") ? "columnheader" : "rowheader");
    });
    table.querySelectorAll("td").forEach(function (cell) {
      cell.setAttribute("role", "cell");
    });
  });

  update();
  window.addEventListener("resize", update);
})();
