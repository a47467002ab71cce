/* The little script of every page, loaded with defer.
   - The main menu on small screens: the button shows and hides the list and says
     so with aria-expanded; Escape closes it and returns focus to the button.
     Without this script the list is simply shown (base.css).
   - A button with data-print prints the page (the week flyer). */
(function () {
  "use strict";
  function setUpPrint() {
    var buttons = document.querySelectorAll("[data-print]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      buttons[i].addEventListener("click", function () { window.print(); });
    }
  }
  function setUpMenu() {
    var button = document.querySelector(".nav-toggle");
    if (!button) { return; }
    var list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) { return; }
    function set(open) { button.setAttribute("aria-expanded", open ? "true" : "false"); }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }
  function setUp() {
    setUpMenu();
    setUpPrint();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
