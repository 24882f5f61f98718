// A refused form comes back at the top of the page; on a phone the field to fix can be screens
// below, and nothing on the first screen says the submit was refused. Bring the first error
// into view (a file, not an inline script: the CSP allows only same-origin script files).
(function () {
  var first = document.querySelector(".has-error, .error");
  if (!first) return;
  var box = first.getBoundingClientRect();
  if (box.top >= 0 && box.bottom <= window.innerHeight) return;
  first.scrollIntoView({ block: "center" });
})();
