// Co-signer search on the draft form: type a name, full pinyin or initials ("zs" finds 张三),
// pick from the list; each pick becomes a hidden co_signers input. No framework, no CDN.
(function () {
  "use strict";
  var input = document.getElementById("cosigner-search");
  var results = document.getElementById("cosigner-results");
  var chosen = document.getElementById("cosigner-chosen");
  if (!input || !results || !chosen) return;
  var removeLabel = chosen.getAttribute("data-remove-label") || "Remove";
  var timer = null;

  function chosenIds() {
    return Array.prototype.map.call(chosen.querySelectorAll("input[name=co_signers]"), function (i) {
      return i.value;
    });
  }

  function add(person) {
    if (chosenIds().indexOf(String(person.id)) !== -1) return;
    var li = document.createElement("li");
    li.setAttribute("data-id", person.id);
    li.appendChild(document.createTextNode(person.name + " "));
    var hidden = document.createElement("input");
    hidden.type = "hidden"; hidden.name = "co_signers"; hidden.value = person.id;
    li.appendChild(hidden);
    var btn = document.createElement("button");
    btn.type = "button"; btn.className = "small remove"; btn.textContent = removeLabel;
    li.appendChild(btn);
    chosen.appendChild(li);
  }

  function show(list) {
    results.innerHTML = "";
    list.forEach(function (person) {
      var li = document.createElement("li");
      var btn = document.createElement("button");
      btn.type = "button";
      btn.setAttribute("data-testid", "cosigner-option");
      btn.textContent = person.name + (person.group ? " · " + person.group : "");
      btn.addEventListener("click", function () {
        add(person); results.innerHTML = ""; input.value = ""; input.focus();
      });
      li.appendChild(btn);
      results.appendChild(li);
    });
  }

  function search() {
    var q = input.value.trim();
    if (!q) { results.innerHTML = ""; return; }
    var url = input.getAttribute("data-search-url") + "?q=" + encodeURIComponent(q);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { results: [] }; })
      .then(function (data) { if (input.value.trim() === q) show(data.results || []); })
      .catch(function () { results.innerHTML = ""; });
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 200); });
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") e.preventDefault(); });
  chosen.addEventListener("click", function (e) {
    if (e.target.classList.contains("remove")) e.target.parentNode.remove();
  });
})();
