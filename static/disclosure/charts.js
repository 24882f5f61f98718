// Draws the statistics charts from the JSON the page embeds (Chart.js from our own static files).
(function () {
  var node = document.getElementById("chart-data");
  if (!node || typeof Chart === "undefined") return;
  var data = JSON.parse(node.textContent);
  var pie = document.getElementById("chart-grades");
  if (pie) {
    new Chart(pie, {
      type: "pie",
      data: { labels: data.grades.labels, datasets: [{ data: data.grades.values,
        backgroundColor: ["#2e7d32", "#9ccc65", "#c62828", "#bdbdbd"] }] },
    });
  }
  var bars = document.getElementById("chart-units");
  if (bars) {
    var pct = function (v) { return v === null ? null : Math.round(v * 1000) / 10; };
    new Chart(bars, {
      type: "bar",
      data: { labels: data.units.labels, datasets: [
        { label: data.units.labels_legend[0], data: data.units.satisfied_or_basic.map(pct), backgroundColor: "#8b1a1a" },
        { label: data.units.labels_legend[1], data: data.units.on_time.map(pct), backgroundColor: "#1565c0" },
      ] },
      options: { scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } } },
    });
  }
})();
