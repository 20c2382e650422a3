// report.html's interactive parts: sortable tables, the per-field sharpness explorer, and a URL
// hash that restores a view (#section=ID&analysis=KEY&field=F&rank=lambda&sort=TABLE_ID:COLUMN:asc|desc),
// so a view can be linked to and a headless browser can check it.
(function () {
  "use strict";
  var NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/i;
  var data = JSON.parse(document.getElementById("explorer-data").textContent);
  var state = { analysis: 0, field: null, rank: "lambda" };

  function leadingNumber(text) {
    var m = NUMBER.exec(text);
    return m ? parseFloat(m[0]) : null;
  }

  // Sorts by the column's numbers when every non-empty cell starts with one ("71.15 ± 0.20" sorts as
  // 71.15), else as text; empty cells go last either way.
  function sortTable(table, column, direction) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var texts = rows.map(function (r) { return r.cells[column] ? r.cells[column].textContent.trim() : ""; });
    var numeric = texts.every(function (t) { return t === "" || leadingNumber(t) !== null; });
    var sign = direction === "desc" ? -1 : 1;
    var order = rows.map(function (r, i) { return i; });
    order.sort(function (a, b) {
      var x = texts[a], y = texts[b];
      if (x === "" || y === "") { return x === y ? a - b : (x === "" ? 1 : -1); }
      var c = numeric ? leadingNumber(x) - leadingNumber(y) : x.localeCompare(y);
      return c !== 0 ? sign * c : a - b;
    });
    order.forEach(function (i) { body.appendChild(rows[i]); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (i === column) { th.setAttribute("aria-sort", direction === "desc" ? "descending" : "ascending"); }
      else { th.removeAttribute("aria-sort"); }
    });
  }

  function makeSortable(table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.addEventListener("click", function () {
        var next = th.getAttribute("aria-sort") === "descending" ? "asc" : "desc";
        sortTable(table, i, next);
      });
    });
  }

  function fmt(v, digits) {
    if (v === null || v === undefined || !isFinite(v)) { return ""; }
    return digits === "int" ? String(v) : (digits === "f3" ? v.toFixed(3) : v.toExponential(3));
  }

  function cell(tr, text) {
    var td = document.createElement("td");
    td.textContent = text;
    tr.appendChild(td);
  }

  function currentAnalysis() { return data.analyses[state.analysis]; }

  function currentField() {
    var fields = currentAnalysis().fields;
    for (var i = 0; i < fields.length; i++) { if (fields[i].name === state.field) { return fields[i]; } }
    return fields[0];
  }

  var RANK = {
    lambda: function (p) { return p[2]; },
    lambda_over_n: function (p) { return p[2] / p[1]; },
    grad_norm: function (p) { return p[3]; },
    frequency: function (p) { return p[1]; }
  };

  var RANK_LABEL = { lambda: "λ", lambda_over_n: "λ/N", grad_norm: "‖g‖", frequency: "N" };

  function ranked(field) {
    var key = RANK[state.rank];
    return field.points.slice().sort(function (a, b) { return key(b) - key(a); }).slice(0, 20);
  }

  function renderFields() {
    var body = document.querySelector("#explorer-fields tbody");
    body.textContent = "";
    currentAnalysis().fields.forEach(function (f) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-field", f.name);
      [f.name, fmt(f.rows_seen, "int"), fmt(f.mean_lambda), fmt(f.max_lambda), fmt(f.r_lambda_n, "f3"), fmt(f.r_grad_n, "f3")]
        .forEach(function (t) { cell(tr, t); });
      tr.addEventListener("click", function () { state.field = f.name; render(false); });
      body.appendChild(tr);
    });
    var select = document.getElementById("field-select");
    select.textContent = "";
    currentAnalysis().fields.forEach(function (f) {
      var o = document.createElement("option");
      o.value = f.name;
      o.textContent = f.name;
      select.appendChild(o);
    });
  }

  function svg(name, attrs, parent) {
    var e = document.createElementNS("http://www.w3.org/2000/svg", name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) { parent.appendChild(e); }
    return e;
  }

  // λ against N on log-log axes (rows with λ ≤ 0 cannot be placed and are counted in the title).
  function renderPlot(field, top) {
    var W = 640, H = 400, L = 64, R = 16, T = 12, B = 44;
    var pts = field.points.filter(function (p) { return p[1] > 0 && p[2] > 0; });
    var box = document.getElementById("explorer-plot");
    box.textContent = "";
    var root = svg("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img",
      "aria-label": "lambda vs N for " + field.name, "data-points": pts.length }, box);
    if (pts.length === 0) { return pts.length; }
    var lx = pts.map(function (p) { return Math.log10(p[1]); }), ly = pts.map(function (p) { return Math.log10(p[2]); });
    var x0 = Math.floor(Math.min.apply(null, lx)), x1 = Math.max(x0 + 1, Math.ceil(Math.max.apply(null, lx)));
    var y0 = Math.floor(Math.min.apply(null, ly)), y1 = Math.max(y0 + 1, Math.ceil(Math.max.apply(null, ly)));
    var sx = function (v) { return L + (v - x0) / (x1 - x0) * (W - L - R); };
    var sy = function (v) { return H - B - (v - y0) / (y1 - y0) * (H - T - B); };
    var axis = svg("g", { "class": "axis" }, root);
    for (var e = x0; e <= x1; e++) {
      svg("line", { "class": "grid", x1: sx(e), x2: sx(e), y1: T, y2: H - B }, axis);
      svg("text", { x: sx(e), y: H - B + 16, "text-anchor": "middle" }, axis).textContent = "1e" + e;
    }
    for (var f = y0; f <= y1; f++) {
      svg("line", { "class": "grid", x1: L, x2: W - R, y1: sy(f), y2: sy(f) }, axis);
      svg("text", { x: L - 6, y: sy(f) + 4, "text-anchor": "end" }, axis).textContent = "1e" + f;
    }
    svg("text", { x: (L + W - R) / 2, y: H - 8, "text-anchor": "middle" }, axis).textContent = "N (occurrences in the analysis set)";
    svg("text", { x: 14, y: (T + H - B) / 2, "text-anchor": "middle", transform: "rotate(-90 14 " + (T + H - B) / 2 + ")" }, axis)
      .textContent = "top eigenvalue λ";
    var highlighted = {};
    top.forEach(function (p) { highlighted[p[0]] = true; });
    pts.forEach(function (p, i) {
      var c = svg("circle", { cx: sx(lx[i]), cy: sy(ly[i]), r: 2.8, "class": highlighted[p[0]] ? "top" : "" }, root);
      svg("title", {}, c).textContent = p[0] + ": N " + p[1] + ", λ " + fmt(p[2]) + ", ‖g‖ " + fmt(p[3]);
    });
    return pts.length;
  }

  function renderRows(top) {
    var body = document.querySelector("#explorer-rows tbody");
    body.textContent = "";
    top.forEach(function (p) {
      var tr = document.createElement("tr");
      [p[0], fmt(p[1], "int"), fmt(p[2]), fmt(p[2] / p[1]), fmt(p[3])].forEach(function (t) { cell(tr, t); });
      body.appendChild(tr);
    });
    Array.prototype.forEach.call(document.querySelectorAll("#explorer-rows th"), function (th) { th.removeAttribute("aria-sort"); });
  }

  function render(analysisChanged) {
    if (!data.analyses.length) {
      document.getElementById("explorer-title").textContent = "No analysis among these runs (helen analyze RUN writes one).";
      return;
    }
    if (analysisChanged) { renderFields(); }
    var field = currentField();
    state.field = field.name;
    document.getElementById("analysis-select").value = String(state.analysis);
    document.getElementById("field-select").value = field.name;
    document.getElementById("rank-select").value = state.rank;
    Array.prototype.forEach.call(document.querySelectorAll("#explorer-fields tbody tr"), function (tr) {
      tr.classList.toggle("selected", tr.getAttribute("data-field") === field.name);
    });
    var top = ranked(field);
    var plotted = renderPlot(field, top);
    document.getElementById("explorer-title").textContent = currentAnalysis().label + ", field " + field.name + ": "
      + field.rows_seen + " rows seen, " + plotted + " plotted; red: the 20 highest by " + RANK_LABEL[state.rank];
    renderRows(top);
  }

  function applyHash() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) { params[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1)); }
    });
    if (params.analysis !== undefined) {
      data.analyses.forEach(function (a, i) { if (a.key === params.analysis) { state.analysis = i; } });
    }
    if (params.field !== undefined) { state.field = params.field; }
    if (params.rank !== undefined && RANK[params.rank]) { state.rank = params.rank; }
    render(true);
    // section=ID shows that section alone (a focused link, and a view a headless screenshot can frame)
    Array.prototype.forEach.call(document.querySelectorAll("body > header, main > section"), function (s) {
      s.hidden = params.section !== undefined && s.id !== params.section;
    });
    if (params.sort) {
      var parts = params.sort.split(":");
      var table = document.getElementById(parts[0]);
      if (table && table.tHead) { sortTable(table, parseInt(parts[1], 10), parts[2] === "desc" ? "desc" : "asc"); }
    }
  }

  var analysisSelect = document.getElementById("analysis-select");
  data.analyses.forEach(function (a, i) {
    var o = document.createElement("option");
    o.value = String(i);
    o.textContent = a.label;
    analysisSelect.appendChild(o);
  });
  analysisSelect.addEventListener("change", function () { state.analysis = parseInt(analysisSelect.value, 10); state.field = null; render(true); });
  document.getElementById("field-select").addEventListener("change", function (e) { state.field = e.target.value; render(false); });
  document.getElementById("rank-select").addEventListener("change", function (e) { state.rank = e.target.value; render(false); });
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
  window.addEventListener("hashchange", applyHash);
  applyHash();
})();
