// Draw the plotly figures the server built. Each chart's data sits in a <script type="application/json">
// named by the element's data-chart attribute; a chart with data-drilldown opens the link of a clicked bar.
// The figure is adjusted to the width it gets: no mode bar (it covered the legends), margins that grow to
// fit the axis labels, and on a phone shorter category labels and smaller type.
(function () {
  "use strict";
  var NARROW = 520; // px of chart width below which labels are shortened
  var SHORT_LABEL = 18; // characters of a category label kept on a narrow chart

  function shorten(label) {
    var text = String(label);
    return text.length > SHORT_LABEL ? text.slice(0, SHORT_LABEL - 1).trim() + "…" : text;
  }

  // "KPBU (kerja sama pemerintah dan badan usaha)" → "KPBU": the words before the explanation.
  function shortName(name) {
    return String(name).replace(/\s*\(.*\)\s*$/, "") || String(name);
  }

  function axes(layout) {
    return Object.keys(layout).filter(function (name) { return /^[xy]axis\d*$/.test(name); });
  }

  // Labels drawn outside the bars need room above the tallest bar, or the top one is clipped.
  function roomForOutsideText(figure) {
    figure.data.forEach(function (trace) {
      if (trace.type !== "bar" || trace.textposition !== "outside" || trace.orientation === "h") return;
      var axis = figure.layout.yaxis || (figure.layout.yaxis = {});
      if (axis.range) return;
      var highest = Math.max.apply(null, (trace.y || []).filter(function (v) { return v !== null; }).concat([0]));
      if (highest > 0) axis.range = [0, highest * 1.18];
    });
  }

  // A bar trace coloured per point (the indicator's bars: green achieved, red not achieved) shows in
  // the legend as one square of its first point's colour; list each colour with its word instead.
  function legendPerColour(figure) {
    var extra = [];
    figure.data.forEach(function (trace) {
      var colours = trace.marker && trace.marker.color;
      if (trace.type !== "bar" || !Array.isArray(colours) || !Array.isArray(trace.text)) return;
      var seen = {};
      trace.text.forEach(function (word, i) {
        var value = trace.orientation === "h" ? (trace.x || [])[i] : (trace.y || [])[i];
        if (value === null || value === undefined || seen[word + colours[i]]) return;
        seen[word + colours[i]] = true;
        // A marker-only trace without points: a legend entry that takes no room among the bars.
        extra.push({
          type: "scatter", mode: "markers", x: [null], y: [null], name: (trace.name ? trace.name + ": " : "") + word,
          marker: { color: colours[i], symbol: "square", size: 12 }, hoverinfo: "skip",
          legendgroup: trace.name, showlegend: true,
        });
      });
      if (Object.keys(seen).length) {
        trace.showlegend = false;
        trace.legendgroup = trace.name;
      }
    });
    figure.data = figure.data.concat(extra);
  }

  // Words inside bars beside a target line sit at the bar's foot, clear of the line near its top.
  function textClearOfLines(figure) {
    var hasLine = figure.data.some(function (trace) {
      return trace.type === "scatter" && String(trace.mode || "lines").indexOf("lines") !== -1;
    });
    if (!hasLine) return;
    figure.data.forEach(function (trace) {
      if (trace.type === "bar" && trace.textposition === "inside") trace.insidetextanchor = "start";
    });
  }

  // The band chart's tooltip names the band's capaian range, read from the table beside it.
  function bandRanges(element, figure) {
    var table = document.getElementById(element.dataset.bandRanges || "");
    if (!table) return;
    var ranges = {};
    table.querySelectorAll("tr[data-band]").forEach(function (row) { ranges[row.dataset.band] = row.dataset.range; });
    figure.data.forEach(function (trace) {
      if (trace.type !== "bar" || !trace.x) return;
      trace.customdata = trace.x.map(function (band) { return ranges[band] || ""; });
      trace.hovertemplate = "%{x} (%{customdata}): %{y}<extra></extra>";
    });
  }

  function narrow(figure) {
    var layout = figure.layout;
    layout.font = Object.assign({}, layout.font, { size: 11 });
    layout.legend = Object.assign({}, layout.legend, { font: { size: 11 } });
    axes(layout).forEach(function (name) {
      // "Rp" on every tick already says what the axis counts; its title only takes width.
      if (layout[name].tickprefix) delete layout[name].title;
    });
    figure.data.forEach(function (trace) {
      if (trace.type !== "bar") return;
      // Words squeezed into thin bars cannot be read; the legend names each colour instead.
      if (trace.legendgroup && trace.showlegend === false) trace.textposition = "none";
      var horizontal = trace.orientation === "h";
      var categories = horizontal ? trace.y : trace.x;
      var axisName = horizontal ? "yaxis" : "xaxis";
      if (!Array.isArray(categories) || !categories.some(function (c) { return /\s/.test(String(c)); })) return;
      var axis = layout[axisName] || (layout[axisName] = {});
      if (axis.ticktext) return;
      axis.tickmode = "array";
      axis.tickvals = categories;
      // Across: the first words kept; upright bars: the words stacked, so they need not be tilted.
      axis.ticktext = categories.map(horizontal ? shorten : function (c) { return String(c).replace(/\s+/g, "<br>"); });
    });
  }

  function prepare(element) {
    var source = document.getElementById(element.dataset.chart);
    var figure = JSON.parse(source.textContent);
    figure.data = (figure.data || []).map(function (trace) {
      return Object.assign({ type: "scatter" }, trace);
    });
    var layout = (figure.layout = figure.layout || {});
    layout.autosize = true;
    delete layout.width;
    layout.margin = Object.assign({}, layout.margin, { autoexpand: true });
    axes(layout).concat(["xaxis", "yaxis"]).forEach(function (name) {
      layout[name] = Object.assign({}, layout[name], { automargin: true });
    });
    if (layout.legend && layout.legend.orientation === "h") {
      // Read left to right in the order the bars stack (plotly reverses stacked legends).
      layout.legend = Object.assign({ traceorder: "normal" }, layout.legend);
      // Entries wider than the chart push the plot aside; the tooltips keep the full names.
      figure.data.forEach(function (trace) {
        if (trace.name && trace.showlegend !== false) trace.name = shortName(trace.name);
      });
    }
    roomForOutsideText(figure);
    textClearOfLines(figure);
    legendPerColour(figure);
    bandRanges(element, figure);
    if (element.clientWidth < NARROW) narrow(figure);
    return figure;
  }

  var CONFIG = { responsive: true, displayModeBar: false, displaylogo: false };

  function draw(element) {
    if (!document.getElementById(element.dataset.chart) || typeof Plotly === "undefined") return;
    element.dataset.narrow = String(element.clientWidth < NARROW);
    var figure = prepare(element);
    Plotly.react(element, figure.data, figure.layout, CONFIG).then(function () {
      if (element.classList.contains("drawn")) return;
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

  var charts = document.querySelectorAll("[data-chart]");
  charts.forEach(draw);
  // Turning a phone (or resizing a window) across the narrow width redraws with the other labels.
  var pending = null;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (element) {
        if (element.dataset.narrow !== String(element.clientWidth < NARROW)) draw(element);
      });
    }, 200);
  });
})();
