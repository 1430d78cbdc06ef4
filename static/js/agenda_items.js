// New recommendation: the agenda-item list offers only the items of the chosen session. Each
// option names its session (data-meeting); the empty choice stays. Without JavaScript every
// item is listed and the server refuses an item of another session.
(function () {
  "use strict";
  var items = document.querySelector("select[data-session-field]");
  if (!items) {
    return;
  }
  var session = document.getElementById(items.getAttribute("data-session-field"));
  if (!session) {
    return; // the session is fixed (editing): the server listed its items only
  }
  var all = Array.prototype.slice.call(items.options);

  function offer() {
    var chosen = items.value;
    var kept = all.filter(function (option) {
      var meeting = option.getAttribute("data-meeting");
      return meeting === null || meeting === session.value;
    });
    while (items.options.length) {
      items.remove(0);
    }
    kept.forEach(function (option) {
      items.add(option);
    });
    var stillThere = kept.some(function (option) {
      return option.value === chosen;
    });
    items.value = stillThere ? chosen : "";
  }

  session.addEventListener("change", offer);
  offer();
})();
