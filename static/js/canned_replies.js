// Canned replies: choosing one in the picker adds its text to the reply being written. Without
// JavaScript the "Insérer" button does the same through the server.
(function () {
  "use strict";
  var picker = document.getElementById("id_canned");
  var data = document.getElementById("canned-replies");
  var body = document.getElementById("id_body");
  if (!picker || !data || !body) {
    return;
  }
  var texts = JSON.parse(data.textContent);
  var insert = document.getElementById("canned-insert");
  if (insert) {
    insert.hidden = true;
  }
  picker.addEventListener("change", function () {
    var text = texts[picker.value];
    if (!text) {
      return;
    }
    var typed = body.value.replace(/\s+$/, "");
    body.value = typed ? typed + "\n\n" + text : text;
    picker.value = "";
    body.focus();
  });
})();
