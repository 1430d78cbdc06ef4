// Drag and drop to reorder the agenda without reloading the page. The up/down buttons remain
// for keyboards and for browsers without JavaScript.
(function () {
  "use strict";
  var list = document.getElementById("agenda-list");
  if (!list || !list.dataset.reorderUrl) {
    return;
  }
  var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var dragged = null;

  function items() {
    return Array.prototype.slice.call(list.querySelectorAll("li[data-item]"));
  }

  function save() {
    var order = items().map(function (li) { return Number(li.dataset.item); });
    fetch(list.dataset.reorderUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": tokenInput ? tokenInput.value : "" },
      body: JSON.stringify({ order: order }),
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (data) { throw new Error(data.error || response.statusText); });
      }
      list.dispatchEvent(new CustomEvent("agenda:saved"));
    }).catch(function (error) {
      window.alert(error.message);
      window.location.reload();
    });
  }

  items().forEach(function (li) {
    li.setAttribute("draggable", "true");
    li.classList.add("agenda-draggable");
    li.addEventListener("dragstart", function (event) {
      dragged = li;
      event.dataTransfer.effectAllowed = "move";
      li.classList.add("opacity-50");
    });
    li.addEventListener("dragend", function () {
      li.classList.remove("opacity-50");
      dragged = null;
    });
    li.addEventListener("dragover", function (event) {
      event.preventDefault();
      if (!dragged || dragged === li) {
        return;
      }
      var box = li.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? li.nextSibling : li);
    });
    li.addEventListener("drop", function (event) {
      event.preventDefault();
      save();
    });
  });
})();
