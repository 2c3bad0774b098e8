// Draw the plotly figures the server built. Each chart's data sits in a <script type="application/json">
// named by the element's data-chart attribute; a chart with data-drilldown opens the link of a clicked bar.
(function () {
  "use strict";
  function draw(element) {
    var source = document.getElementById(element.dataset.chart);
    if (!source || typeof Plotly === "undefined") return;
    var figure = JSON.parse(source.textContent);
    Plotly.newPlot(element, figure.data, figure.layout, {
      responsive: true,
      displaylogo: false,
      modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"],
    }).then(function () {
      element.classList.add("drawn");
      if (element.hasAttribute("data-drilldown")) {
        element.on("plotly_click", function (event) {
          var point = event.points && event.points[0];
          var link = point && point.customdata && point.customdata[0];
          if (link) window.location.href = link;
        });
      }
    });
  }
  document.querySelectorAll("[data-chart]").forEach(draw);
})();
