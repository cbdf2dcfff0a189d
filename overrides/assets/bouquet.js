/* Bouquet: the site's own script. Progressive enhancement only: every page works
   without it. Loaded with `defer` after Material's bundle.

   "Copier le lien": the button stays hidden without JavaScript; with it, a click
   copies the page address and the result is announced in a role="status" region. */
(function () {
  "use strict";

  function copyWithTextarea(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.top = "-1000px";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return copyWithTextarea(text); }
      );
    }
    return Promise.resolve(copyWithTextarea(text));
  }

  function announce(status, message) {
    if (!status) return;
    // Emptied first, so that the same message is announced again on a new click.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function setUpCopy(button) {
    var section = button.closest(".bq-share") || document;
    var item = button.closest("[data-bq-copy-item]");
    var status = section.querySelector("[data-bq-copy-status]");
    if (item) item.hidden = false;
    button.addEventListener("click", function () {
      var address = window.location.href;
      copy(address).then(function (copied) {
        announce(status, copied
          ? "Lien copié"
          : "Le lien n'a pas pu être copié : sélectionnez l'adresse de la page dans la barre du navigateur.");
      });
    });
  }

  function init() {
    var buttons = document.querySelectorAll("[data-bq-copy]");
    for (var i = 0; i < buttons.length; i++) setUpCopy(buttons[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
