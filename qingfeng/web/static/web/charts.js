/* Draws every <div class="chart" data-chart="bar|hbar|pie|line" data-source="ID"> from the JSON that the
   template put in <script type="application/json" id="ID"> (Django's json_script), so no inline script is
   needed and a strict Content-Security-Policy holds. Data: {"labels": [...], "values": [...], "colors": [...]} */
(function () {
  "use strict";
  var PALETTE = ["#0f3d6e", "#3a78b5", "#7fa7d1", "#b3261e", "#d98b2b", "#1e7b45", "#5b3aa0", "#6b7785"];
  var FONT = '"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif';

  function readData(id) {
    var node = document.getElementById(id);
    if (!node) { return null; }
    try { return JSON.parse(node.textContent); } catch (e) { return null; }
  }

  function optionFor(kind, data) {
    var base = { color: data.colors || PALETTE, textStyle: { fontFamily: FONT }, animation: false,
                 tooltip: { trigger: kind === "pie" ? "item" : "axis", confine: true } };
    if (kind === "pie") {
      base.legend = { bottom: 0, type: "scroll" };
      base.series = [{ type: "pie", radius: ["40%", "68%"], center: ["50%", "45%"], avoidLabelOverlap: true,
        label: { formatter: "{b}\n{c}" },
        data: data.labels.map(function (name, i) {
          var item = { name: name, value: data.values[i] };
          if (data.colors) { item.itemStyle = { color: data.colors[i] }; }
          return item;
        }) }];
      return base;
    }
    if (kind === "hbar") {
      base.grid = { left: 8, right: 36, top: 8, bottom: 8, containLabel: true };
      base.xAxis = { type: "value", minInterval: 1 };
      base.yAxis = { type: "category", data: data.labels.slice().reverse(), axisLabel: { width: 150, overflow: "truncate" } };
      base.series = [{ type: "bar", data: data.values.slice().reverse(), barMaxWidth: 22, label: { show: true, position: "right" } }];
      return base;
    }
    base.grid = { left: 8, right: 16, top: 24, bottom: 8, containLabel: true };
    base.xAxis = { type: "category", data: data.labels, axisLabel: { hideOverlap: true } };
    base.yAxis = { type: "value", minInterval: 1 };
    if (data.series) {
      base.legend = { top: 0 };
      base.series = data.series.map(function (s) {
        return { name: s.name, type: kind === "line" ? "line" : "bar", data: s.values, smooth: false, symbolSize: 6 };
      });
    } else {
      base.series = [{ type: kind === "line" ? "line" : "bar", data: data.values, barMaxWidth: 28, areaStyle: kind === "line" ? { opacity: 0.12 } : undefined }];
    }
    return base;
  }

  function draw() {
    if (typeof window.echarts === "undefined") { return; }
    var charts = [];
    document.querySelectorAll(".chart[data-chart]").forEach(function (el) {
      var data = readData(el.getAttribute("data-source"));
      if (!data || !data.labels || data.labels.length === 0) {
        el.classList.add("chart-empty");
        el.textContent = el.getAttribute("data-empty") || "";
        return;
      }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption(optionFor(el.getAttribute("data-chart"), data));
      el.setAttribute("data-drawn", "1");
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
