/* Draws the relationship graph of a person or company page: <div class="relationship-graph"
   data-graph-source="ID"> from the JSON that json_script put in <script type="application/json" id="ID">
   ({nodes: [{id, name, category, url}], edges: [{source, target, label}], categories: [...]}). No inline
   script, so the strict Content-Security-Policy holds; clicking a node with a URL opens its page. */
(function () {
  "use strict";
  var COLORS = ["#0f3d6e", "#d98b2b", "#1e7b45", "#6b7785", "#b3261e"];

  function draw() {
    if (typeof window.echarts === "undefined") { return; }
    document.querySelectorAll(".relationship-graph[data-graph-source]").forEach(function (el) {
      var node = document.getElementById(el.getAttribute("data-graph-source"));
      var data = null;
      try { data = node ? JSON.parse(node.textContent) : null; } catch (e) { data = null; }
      if (!data || !data.nodes || data.nodes.length < 2) {
        el.classList.add("chart-empty");
        el.textContent = el.getAttribute("data-empty") || "";
        return;
      }
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      chart.setOption({
        color: COLORS, animation: false, tooltip: { confine: true },
        legend: [{ data: data.categories, bottom: 0 }],
        series: [{
          type: "graph", layout: "force", roam: true, draggable: true, force: { repulsion: 220, edgeLength: 110 },
          categories: data.categories.map(function (name) { return { name: name }; }),
          label: { show: true, position: "right" }, edgeSymbol: ["none", "arrow"], edgeSymbolSize: 6,
          edgeLabel: { show: true, fontSize: 10, formatter: function (p) { return p.data.label || ""; } },
          data: data.nodes.map(function (n, i) {
            return { id: n.id, name: n.name, category: n.category, url: n.url, symbolSize: i === 0 ? 34 : 20 };
          }),
          links: data.edges.map(function (e) { return { source: e.source, target: e.target, label: e.label }; })
        }]
      });
      chart.on("click", function (p) { if (p.dataType === "node" && p.data.url) { window.location.href = p.data.url; } });
      el.setAttribute("data-drawn", "1");
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
