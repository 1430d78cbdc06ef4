// A list's filters panel (templates/partials/filters.html) opens on wide screens and folds on
// small ones, unless a filter is active: the list comes first on a phone.
(function () {
  "use strict";

  if (!window.matchMedia("(max-width: 767.98px)").matches) {
    return;
  }
  document.querySelectorAll("details[data-fold-on-small-screens]").forEach(function (panel) {
    panel.removeAttribute("open");
  });
})();
