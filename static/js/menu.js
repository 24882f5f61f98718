// The top bar's "More" menu is a <details>: it opens and closes without this file. This only
// closes it the way a menu is expected to close: Escape (focus back on "More") or a tap elsewhere.
(function () {
  var menu = document.querySelector("details.more");
  if (!menu) return;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !menu.open) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    if (menu.open && !menu.contains(event.target)) menu.open = false;
  });
})();
