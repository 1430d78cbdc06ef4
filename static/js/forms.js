// A form that changes something is sent once: its buttons disable themselves when it is sent,
// so a double click does not send it twice. The server makes it true without JavaScript too
// (core/submissions.py: a one-time token per form).
(function () {
  "use strict";

  var RETRY_AFTER_MS = 15000;

  function buttons(form) {
    return form.querySelectorAll('button:not([type="button"]), input[type="submit"]');
  }

  function enable(form) {
    delete form.dataset.sent;
    buttons(form).forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || event.defaultPrevented) {
      return;
    }
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post" || form.target === "_blank") {
      return;
    }
    if (form.dataset.sent === "true") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "true";
    // After the browser has read the pressed button's name and value into the form's data.
    window.setTimeout(function () {
      buttons(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
    }, 0);
    // A request stopped by the user or lost on the network leaves the page here: the form
    // can be sent again after a while (the server still does it only once).
    window.setTimeout(function () {
      enable(form);
    }, RETRY_AFTER_MS);
  });

  // Back to a page kept by the browser's cache: its forms can be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll('form[data-sent="true"]').forEach(enable);
  });
})();
