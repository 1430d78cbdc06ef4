// A filter box over a long list of checkboxes (the invitation form's structures and people).
// Without JavaScript the box stays hidden and the whole list shows. Accents and case are
// ignored, so "sante" finds "Santé"; ticked boxes that the filter hides stay ticked.
(function () {
  "use strict";

  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  document.querySelectorAll("input[data-checklist-filter]").forEach(function (input) {
    var list = document.getElementById(input.dataset.checklistFilter);
    if (!list) {
      return;
    }
    var items = Array.prototype.slice.call(list.querySelectorAll("[data-checklist-item]"));
    var none = list.querySelector("[data-checklist-none]");
    var texts = items.map(function (item) { return folded(item.textContent); });
    input.closest("[data-checklist-filter-box]").hidden = false;

    input.addEventListener("input", function () {
      var words = folded(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item, index) {
        var match = words.every(function (word) { return texts[index].indexOf(word) !== -1; });
        item.hidden = !match;
        shown += match ? 1 : 0;
      });
      if (none) {
        none.hidden = shown > 0;
      }
    });
    // Enter in the filter box would send the form: it only filters.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  });
})();
