/* The indicator page's chart: reads the figures the server put in the JSON data island
   (#indicator-chart-data) and draws them with Chart.js. Without JavaScript, or if Chart.js is
   missing, the figure stays hidden and the table below carries the same numbers. */
(function () {
  "use strict";

  function draw() {
    var island = document.getElementById("indicator-chart-data");
    var canvas = document.getElementById("indicator-chart");
    if (!island || !canvas || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(island.textContent);
    var colours = ["#0059b3", "#b35900", "#3d3d3d", "#008139"];
    var dashes = [[], [6, 4], [2, 3], [10, 3]];
    var number = new Intl.NumberFormat("da-DK", { maximumFractionDigits: 2 });
    var figure = canvas.closest("figure");
    if (figure) {
      figure.hidden = false;
    }
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.series.map(function (series, i) {
          return {
            label: series.label,
            data: series.values,
            borderColor: colours[i % colours.length],
            backgroundColor: colours[i % colours.length],
            borderDash: dashes[i % dashes.length],
            spanGaps: false,
            pointRadius: 2,
            tension: 0
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          y: {
            title: { display: true, text: data.unit },
            ticks: { callback: function (value) { return number.format(value); } }
          }
        },
        plugins: {
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var v = ctx.parsed.y;
                return ctx.dataset.label + ": " + (v === null ? "ikke oplyst" : number.format(v));
              }
            }
          }
        }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
