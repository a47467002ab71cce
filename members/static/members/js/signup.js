/* The sign-up form: show the total as shares are chosen, and only the name
   fields of the kind of person chosen. Without JavaScript everything shows. */
(function () {
  "use strict";
  /* Copy buttons beside the IBAN and the structured communication: on a phone
     the banking app is on the same screen, so a QR code cannot be scanned. */
  function copyButtons() {
    var card = document.querySelector("[data-copy-label]");
    if (!card || !navigator.clipboard) { return; }
    var items = card.querySelectorAll("[data-copy]");
    for (var i = 0; i < items.length; i++) {
      (function (item) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "copy-button";
        button.textContent = card.getAttribute("data-copy-label");
        button.addEventListener("click", function () {
          navigator.clipboard.writeText(item.getAttribute("data-copy").replace(/ /g, "")).then(function () {
            button.textContent = card.getAttribute("data-copied-label");
          });
        });
        item.appendChild(document.createTextNode(" "));
        item.appendChild(button);
      })(items[i]);
    }
  }
  function init() {
    copyButtons();
    var form = document.querySelector(".signup-form");
    if (!form) { return; }
    var quantity = form.querySelector("input[name=quantity]");
    var total = form.querySelector(".total");
    var totalValue = form.querySelector("[data-total]");
    var money = new Intl.NumberFormat("nl-BE", { style: "currency", currency: "EUR" });

    function updateTotal() {
      var chosen = form.querySelector("input[name=share_class]:checked");
      var n = parseInt(quantity.value, 10);
      if (!chosen || !(n > 0) || n > 1000000) { total.hidden = true; return; }
      totalValue.textContent = money.format(parseFloat(chosen.getAttribute("data-price")) * n);
      total.hidden = false;
      var max = chosen.getAttribute("data-max");
      quantity.setAttribute("min", chosen.getAttribute("data-min"));
      if (max) { quantity.setAttribute("max", max); } else { quantity.removeAttribute("max"); }
    }
    function updateKind() {
      var kind = form.querySelector("input[name=kind]:checked");
      var legal = kind && kind.value === "legal";
      form.querySelector(".legal-only").hidden = !legal;
      form.querySelector(".natural-only").hidden = legal;
    }
    form.addEventListener("change", function () { updateTotal(); updateKind(); });
    quantity.addEventListener("input", updateTotal);
    updateTotal();
    updateKind();
    var errors = form.querySelector(".form-errors");
    if (errors) { errors.focus(); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
})();
