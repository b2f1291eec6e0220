// dateline explore: the page's logic. No inline scripts (the CSP forbids them), no eval, and
// every text from the API goes into the DOM through textContent / createElement only.
(function () {
  "use strict";

  const API = "/api/v1/";
  // Okabe–Ito, most legible on white first (yellow last).
  const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];
  const BAND_A = "rgba(0, 114, 178, 0.13)";
  const BAND_B = "rgba(213, 94, 0, 0.13)";

  const $ = (id) => document.getElementById(id);

  const state = {
    info: null, // info.corpus
    queries: [],
    by: "month",
    from: "",
    to: "",
    smooth: 1,
    rangeA: "",
    rangeB: "",
    rangeAuto: false, // A is the page's default (the last year), not the user's choice
    errors: 0,
    trend: null, // {xs, by, labelByTs}
    charts: { trend: null, volume: null },
    shiftDrag: false,
    ready: false,
  };

  // ---------------------------------------------------------------- formatting

  const intFmt = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

  function isNum(v) {
    return typeof v === "number" && isFinite(v);
  }
  function fmtInt(v) {
    return isNum(v) ? intFmt.format(v) : v == null ? "–" : String(v);
  }
  function fmtFixed(d) {
    return (v) => (isNum(v) ? v.toFixed(d) : v == null ? "–" : String(v));
  }
  function fmtP(v) {
    if (!isNum(v)) return v == null ? "–" : String(v);
    if (v === 0) return "0";
    return v < 0.001 ? v.toExponential(1) : v.toFixed(3);
  }
  function fmtBig(v) {
    if (!isNum(v)) return "–";
    if (v >= 1e9) return (v / 1e9).toFixed(2) + " billion";
    if (v >= 1e6) return (v / 1e6).toFixed(1) + " million";
    return intFmt.format(v);
  }

  function tsOfDate(s) {
    // "YYYY-MM-DD" → unix seconds at UTC midnight
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(s || ""));
    if (!m) return null;
    return Date.UTC(+m[1], +m[2] - 1, +m[3]) / 1000;
  }
  function pad2(n) {
    return n < 10 ? "0" + n : String(n);
  }
  function ymd(ts) {
    const d = new Date(ts * 1000);
    return d.getUTCFullYear() + "-" + pad2(d.getUTCMonth() + 1) + "-" + pad2(d.getUTCDate());
  }
  // The last day of the period of unit `by` that starts at `ts`.
  function periodEndTs(ts, by) {
    const d = new Date(ts * 1000);
    const y = d.getUTCFullYear(), m = d.getUTCMonth(), day = d.getUTCDate();
    let next;
    switch (by) {
      case "day": next = Date.UTC(y, m, day + 1); break;
      case "week": next = Date.UTC(y, m, day + 7); break;
      case "quarter": next = Date.UTC(y, m + 3, day); break;
      case "year": next = Date.UTC(y + 1, m, day); break;
      default: next = Date.UTC(y, m + 1, day);
    }
    return next / 1000 - 86400;
  }

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    if (attrs) {
      for (const k of Object.keys(attrs)) {
        if (k === "class") e.className = attrs[k];
        else if (k === "title") e.title = attrs[k];
        else e.setAttribute(k, attrs[k]);
      }
    }
    if (text != null) e.textContent = String(text);
    return e;
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // ---------------------------------------------------------------- errors

  function showError(where, msg) {
    const box = $("error");
    const line = el("div", { class: "error-line" });
    line.appendChild(el("b", null, where + ": "));
    line.appendChild(document.createTextNode(msg));
    box.appendChild(line);
    if (!box.querySelector(".error-close")) {
      const b = el("button", { type: "button", class: "error-close", title: "Dismiss" }, "×");
      b.addEventListener("click", clearErrors);
      box.insertBefore(b, box.firstChild);
    }
    box.hidden = false;
  }
  function clearErrors() {
    const box = $("error");
    clear(box);
    box.hidden = true;
  }
  function countError() {
    state.errors += 1;
    document.body.dataset.errors = String(state.errors);
  }

  class ApiError extends Error {}

  // ---------------------------------------------------------------- API

  function buildParams(obj) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(obj)) {
      if (Array.isArray(v)) {
        for (const x of v) if (x != null && String(x) !== "") p.append(k, String(x));
      } else if (v != null && String(v) !== "") {
        p.append(k, String(v));
      }
    }
    return p;
  }
  function apiUrl(endpoint, params, csv) {
    const qs = params.toString();
    let url = API + endpoint + (qs ? "?" + qs : "");
    if (csv) url += (qs ? "&" : "?") + "format=csv";
    return url;
  }

  async function api(endpoint, params, signal) {
    let res;
    try {
      res = await fetch(apiUrl(endpoint, params, false), {
        signal,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
    } catch (e) {
      if (e && e.name === "AbortError") throw e;
      throw new ApiError("the server did not answer (" + (e && e.message ? e.message : e) + ")");
    }
    const text = await res.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch (_) {
      body = null;
    }
    if (!res.ok || !body || body.error) {
      const msg = body && body.error ? body.error : "HTTP " + res.status + (text ? ": " + text.slice(0, 300) : "");
      throw new ApiError(msg);
    }
    return body;
  }

  // A panel: one request at a time (a newer one aborts the older), status text, CSV link.
  const controllers = {};
  function runPanel(name, endpoint, params, render, csvId) {
    if (controllers[name]) controllers[name].abort();
    const ctl = new AbortController();
    controllers[name] = ctl;
    const status = $(name + "-status");
    const csv = $(csvId || name + "-csv");
    if (status) {
      status.textContent = "loading…";
      status.className = "status loading";
    }
    if (csv) {
      csv.href = apiUrl(endpoint, params, true);
      csv.setAttribute("download", endpoint + ".csv");
      csv.hidden = false;
    }
    return api(endpoint, params, ctl.signal).then(
      (body) => {
        if (ctl.signal.aborted) return;
        if (status) {
          status.textContent = "";
          status.className = "status";
        }
        try {
          render(body);
        } catch (e) {
          console.error(name + ": rendering failed", e);
          countError();
          showError(name, "could not draw the answer: " + (e && e.message ? e.message : e));
          if (status) {
            status.textContent = "error";
            status.className = "status bad";
          }
        }
      },
      (err) => {
        if (err && err.name === "AbortError") return;
        console.error(name + " (" + endpoint + "): " + (err && err.message ? err.message : err));
        countError();
        showError(name, err && err.message ? err.message : String(err));
        if (status) {
          status.textContent = "error";
          status.className = "status bad";
        }
      }
    );
  }

  // ---------------------------------------------------------------- sortable tables

  // cols: [{key, label, fmt, num, cls, title}]; opts: {sort: key, desc: bool, rowClass(row), order(rows)}
  function renderTable(table, cols, rows, opts) {
    opts = opts || {};
    const st = { key: opts.sort || null, desc: opts.desc !== false, defaultOrder: opts.order || null };
    clear(table);
    const thead = el("thead");
    const tr = el("tr");
    const tbody = el("tbody");
    const ths = [];
    cols.forEach((c) => {
      const th = el("th", { class: (c.num ? "num " : "") + "sortable", title: c.title || "Sort by " + c.label }, c.label);
      th.addEventListener("click", () => {
        if (st.key === c.key) st.desc = !st.desc;
        else {
          st.key = c.key;
          st.desc = !!c.num;
        }
        draw();
      });
      ths.push(th);
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
    table.appendChild(tbody);

    function draw() {
      let sorted = rows.slice();
      if (st.key) {
        const k = st.key;
        const dir = st.desc ? -1 : 1;
        sorted.sort((a, b) => {
          const x = a[k], y = b[k];
          if (x == null && y == null) return 0;
          if (x == null) return 1;
          if (y == null) return -1;
          if (typeof x === "number" && typeof y === "number") return (x - y) * dir;
          return String(x).localeCompare(String(y)) * dir;
        });
      } else if (st.defaultOrder) {
        sorted = st.defaultOrder(sorted);
      }
      ths.forEach((th, i) => {
        th.classList.toggle("sorted-asc", cols[i].key === st.key && !st.desc);
        th.classList.toggle("sorted-desc", cols[i].key === st.key && st.desc);
      });
      clear(tbody);
      if (!sorted.length) {
        const r = el("tr", { class: "empty" });
        const td = el("td", { colspan: String(cols.length) }, opts.empty || "No rows.");
        r.appendChild(td);
        tbody.appendChild(r);
        return;
      }
      const frag = document.createDocumentFragment();
      for (const row of sorted) {
        const r = el("tr");
        if (opts.rowClass) {
          const c = opts.rowClass(row);
          if (c) r.className = c;
        }
        for (const c of cols) {
          const v = row[c.key];
          const td = el("td", { class: (c.num ? "num " : "") + (c.cls || "") }, c.fmt ? c.fmt(v, row) : v == null ? "" : v);
          r.appendChild(td);
        }
        frag.appendChild(r);
      }
      tbody.appendChild(frag);
    }
    draw();
  }

  // ---------------------------------------------------------------- info

  function loadInfo() {
    return api("info", new URLSearchParams()).then(
      (body) => {
        const c = body.corpus || {};
        state.info = c;
        const parts = [];
        if (c.file) parts.push(String(c.file));
        parts.push(fmtInt(c.docs) + " documents" + (isNum(c.dated) && c.dated !== c.docs ? " (" + fmtInt(c.dated) + " dated)" : ""));
        parts.push(fmtBig(c.tokens) + " tokens");
        if (c.first || c.last) parts.push((c.first || "?") + " – " + (c.last || "?"));
        if (c.langs && typeof c.langs === "object") {
          const langs = Object.entries(c.langs)
            .sort((a, b) => b[1] - a[1])
            .map(([k, n]) => k + " " + fmtInt(n));
          if (langs.length) parts.push("languages: " + langs.join(", "));
        }
        if (c.index) parts.push("index " + c.index);
        $("corpus-info").textContent = parts.join(" · ");
        if (body.tool_version) $("tool-version").textContent = String(body.tool_version);
        if (c.first) $("from").placeholder = c.first;
        if (c.last) $("to").placeholder = c.last;
        return c;
      },
      (err) => {
        console.error("info: " + (err && err.message ? err.message : err));
        countError();
        showError("corpus info", err && err.message ? err.message : String(err));
        $("corpus-info").textContent = "Corpus information unavailable.";
        return null;
      }
    );
  }

  // ---------------------------------------------------------------- trend

  function chartWidth(node) {
    const w = node.clientWidth || (node.parentNode && node.parentNode.clientWidth) || 0;
    return Math.max(320, w || 900);
  }
  const utcDate = (ts) => (typeof uPlot !== "undefined" && uPlot.tzDate ? uPlot.tzDate(new Date(ts * 1e3), "UTC") : new Date(ts * 1e3));

  function runTrend() {
    const params = buildParams({ q: state.queries, by: state.by, from: state.from, to: state.to, smooth: state.smooth > 1 ? state.smooth : "" });
    return runPanel("trend", "trend", params, renderTrend);
  }

  function renderTrend(body) {
    const rows = body.rows || [];
    const volume = Array.isArray(body.volume) ? body.volume : [];
    // periods: the volume (one per period); else from the rows
    let periods = volume.map((v) => ({ ts: tsOfDate(v.period_start), label: v.period, docs: v.docs, tokens: v.tokens }));
    if (!periods.length) {
      const seen = new Map();
      for (const r of rows) {
        const ts = tsOfDate(r.period_start);
        if (ts != null && !seen.has(ts)) seen.set(ts, { ts, label: r.period, docs: 0, tokens: 0 });
      }
      periods = Array.from(seen.values());
    }
    periods = periods.filter((p) => p.ts != null).sort((a, b) => a.ts - b.ts);
    const xs = periods.map((p) => p.ts);
    const idx = new Map(xs.map((x, i) => [x, i]));
    const labelByTs = new Map(periods.map((p) => [p.ts, p.label]));
    const useSmoothed = state.smooth > 1;

    const queries = [];
    const series = new Map();
    const totals = new Map();
    for (const r of rows) {
      const q = String(r.query);
      if (!series.has(q)) {
        queries.push(q);
        series.set(q, new Array(xs.length).fill(0)); // empty periods are 0, not gaps
        totals.set(q, { count: 0, docs: 0 });
      }
      const i = idx.get(tsOfDate(r.period_start));
      const v = useSmoothed && r.smoothed != null ? r.smoothed : r.per_10k;
      if (i != null) series.get(q)[i] = isNum(v) ? v : 0;
      const t = totals.get(q);
      if (isNum(r.count)) t.count += r.count;
      if (isNum(r.docs)) t.docs += r.docs;
    }
    state.trend = { xs, by: state.by, labelByTs };

    // summary line
    const sum = $("trend-summary");
    clear(sum);
    queries.forEach((q, i) => {
      const t = totals.get(q);
      const s = el("span", { class: "qsum" });
      const sw = el("span", { class: "swatch" });
      sw.style.background = PALETTE[i % PALETTE.length];
      s.appendChild(sw);
      s.appendChild(el("b", null, q));
      s.appendChild(document.createTextNode(" " + fmtInt(t.count) + " matches in " + fmtInt(t.docs) + " documents"));
      sum.appendChild(s);
    });
    if (!xs.length) sum.appendChild(el("span", { class: "muted" }, "No periods in this range."));
    if (useSmoothed) sum.appendChild(el("span", { class: "muted" }, "(moving average over " + state.smooth + " periods)"));

    const legendVal = (u, v) => (v == null ? "–" : labelByTs.get(v) || ymd(v));
    const data = [xs].concat(queries.map((q) => series.get(q)));
    const trendNode = $("trend-chart");
    const volNode = $("volume-chart");
    if (state.charts.trend) state.charts.trend.destroy();
    if (state.charts.volume) state.charts.volume.destroy();
    clear(trendNode);
    clear(volNode);
    const width = chartWidth(trendNode);
    const showPoints = xs.length <= 60;

    const trendOpts = {
      width,
      height: 320,
      tzDate: utcDate,
      cursor: {
        drag: { x: true, y: false, setScale: false },
        sync: { key: "dateline-trend" },
      },
      scales: {
        x: { time: true },
        y: { range: (u, min, max) => [0, max > 0 ? max * 1.08 : 1] },
      },
      axes: [
        { stroke: "#444", grid: { stroke: "#eee" } },
        { label: useSmoothed ? "per 10k (smoothed)" : "per 10k tokens", size: 64, stroke: "#444", grid: { stroke: "#eee" } },
      ],
      series: [{ label: "period", value: legendVal }].concat(
        queries.map((q, i) => ({
          label: q,
          stroke: PALETTE[i % PALETTE.length],
          width: 2,
          points: { show: showPoints, size: 5 },
          value: (u, v) => (v == null ? "–" : v.toFixed(2)),
        }))
      ),
      hooks: {
        setSelect: [onBrush],
        draw: [drawBands],
      },
    };
    const u = new uPlot(trendOpts, data, trendNode);
    state.charts.trend = u;
    u.over.addEventListener("mousedown", (e) => {
      state.shiftDrag = !!e.shiftKey;
    });

    const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.8, 40] }) : undefined;
    const volOpts = {
      width,
      height: 130,
      tzDate: utcDate,
      cursor: { drag: { x: false, y: false }, sync: { key: "dateline-trend" } },
      scales: { x: { time: true }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.08 : 1] } },
      axes: [
        { stroke: "#444", grid: { stroke: "#eee" } },
        { label: "documents", size: 64, stroke: "#444", grid: { stroke: "#eee" } },
      ],
      series: [
        { label: "period", value: legendVal },
        {
          label: "documents",
          stroke: "#777",
          fill: "rgba(120,120,120,0.35)",
          width: 1,
          paths: bars,
          points: { show: false },
          value: (u, v) => (v == null ? "–" : fmtInt(v)),
        },
      ],
      hooks: { draw: [drawBands] },
    };
    state.charts.volume = new uPlot(volOpts, [xs, periods.map((p) => (isNum(p.docs) ? p.docs : 0))], volNode);
  }

  function drawBands(u) {
    const ranges = [
      [state.rangeA, BAND_A],
      [state.rangeB, BAND_B],
    ];
    const ctx = u.ctx;
    for (const [r, color] of ranges) {
      const span = parseRange(r);
      if (!span) continue;
      const x0 = u.valToPos(span[0], "x", true);
      const x1 = u.valToPos(span[1] + 86400, "x", true);
      const left = Math.max(u.bbox.left, Math.min(x0, x1));
      const right = Math.min(u.bbox.left + u.bbox.width, Math.max(x0, x1));
      if (right <= left) continue;
      ctx.save();
      ctx.fillStyle = color;
      ctx.fillRect(left, u.bbox.top, right - left, u.bbox.height);
      ctx.restore();
    }
  }

  // "FROM..TO" (YYYY, YYYY-MM or YYYY-MM-DD each side) → [startTs, endTs] of days, or null
  function parseRange(r) {
    if (!r) return null;
    const m = /^\s*([0-9-]+)\s*\.\.\s*([0-9-]+)\s*$/.exec(r);
    if (!m) return null;
    const a = boundTs(m[1], false), b = boundTs(m[2], true);
    return a != null && b != null ? [a, b] : null;
  }
  function boundTs(s, end) {
    let m;
    if ((m = /^(\d{4})$/.exec(s))) return end ? Date.UTC(+m[1] + 1, 0, 1) / 1000 - 86400 : Date.UTC(+m[1], 0, 1) / 1000;
    if ((m = /^(\d{4})-(\d{2})$/.exec(s))) return end ? Date.UTC(+m[1], +m[2], 1) / 1000 - 86400 : Date.UTC(+m[1], +m[2] - 1, 1) / 1000;
    if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) return Date.UTC(+m[1], +m[2] - 1, +m[3]) / 1000;
    return null;
  }

  function onBrush(u) {
    const sel = u.select;
    if (!sel || sel.width < 3 || !state.trend || !state.trend.xs.length) return;
    const xs = state.trend.xs;
    const v0 = u.posToVal(sel.left, "x");
    const v1 = u.posToVal(sel.left + sel.width, "x");
    // snap to whole periods: from the start of the period holding v0 to the end of the one holding v1
    let i0 = 0, i1 = 0;
    for (let i = 0; i < xs.length; i++) {
      if (xs[i] <= v0) i0 = i;
      if (xs[i] <= v1) i1 = i;
    }
    if (i1 < i0) i1 = i0;
    const range = ymd(xs[i0]) + ".." + ymd(periodEndTs(xs[i1], state.trend.by));
    if (state.shiftDrag) {
      state.rangeB = range;
    } else if (!state.rangeA || state.rangeAuto) {
      state.rangeA = range;
      state.rangeB = "";
    } else if (!state.rangeB) {
      state.rangeB = range;
    } else {
      state.rangeA = range;
      state.rangeB = "";
    }
    state.shiftDrag = false;
    state.rangeAuto = false;
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    syncRangeInputs();
    redrawBands();
    runCompare();
    writeHash();
  }

  function redrawBands() {
    if (state.charts.trend) state.charts.trend.redraw(false);
    if (state.charts.volume) state.charts.volume.redraw(false);
  }
  function syncRangeInputs() {
    $("range-a").value = state.rangeA;
    $("range-b").value = state.rangeB;
  }

  function resizeCharts() {
    const node = $("trend-chart");
    const w = chartWidth(node);
    if (state.charts.trend) state.charts.trend.setSize({ width: w, height: 320 });
    if (state.charts.volume) state.charts.volume.setSize({ width: w, height: 130 });
  }

  // ---------------------------------------------------------------- concordance

  function runKwic() {
    const q = state.queries[0];
    const params = buildParams({
      q,
      window: $("kwic-window").value,
      from: $("kwic-from").value.trim() || state.from,
      to: $("kwic-to").value.trim() || state.to,
      sort: $("kwic-sort").value,
      limit: $("kwic-limit").value || 200,
    });
    return runPanel("kwic", "kwic", params, renderKwic);
  }

  function renderKwic(body) {
    const rows = body.rows || [];
    const tbody = $("kwic").tBodies[0];
    clear(tbody);
    const frag = document.createDocumentFragment();
    for (const r of rows) {
      const tr = el("tr");
      const tip = [r.title, r.doc_id != null ? "document " + r.doc_id : null].filter((x) => x != null && x !== "").join(" — ");
      if (tip) tr.title = tip;
      tr.appendChild(el("td", { class: "date" }, r.date == null ? "" : r.date));
      const l = el("td", { class: "left" });
      l.appendChild(el("div", { class: "ctx-left" })).appendChild(el("span", null, r.left == null ? "" : r.left));
      tr.appendChild(l);
      const m = el("td", { class: "match" });
      m.appendChild(el("b", null, r.match == null ? "" : r.match));
      tr.appendChild(m);
      const rt = el("td", { class: "right" });
      rt.appendChild(el("div", { class: "ctx-right" }, r.right == null ? "" : r.right));
      tr.appendChild(rt);
      frag.appendChild(tr);
    }
    tbody.appendChild(frag);
    if (!rows.length) {
      const tr = el("tr", { class: "empty" });
      tr.appendChild(el("td", { colspan: "4" }, "No lines."));
      tbody.appendChild(tr);
    }
    const total = isNum(body.lines_total) ? body.lines_total : rows.length;
    const st = $("kwic-status");
    st.textContent = fmtInt(rows.length) + " of " + fmtInt(total) + " lines" + (state.queries[0] ? " for “" + state.queries[0] + "”" : "");
    st.className = "status";
  }

  // ---------------------------------------------------------------- collocates / co-occurrence

  function cooccurCols(rows) {
    const targets = new Set(rows.map((r) => r.target));
    const cols = [];
    if (targets.size > 1) cols.push({ key: "target", label: "Query" });
    cols.push(
      { key: "term", label: "Term", cls: "term" },
      { key: "cooc", label: "Co-oc.", num: true, fmt: fmtInt, title: "Co-occurrences with the query" },
      { key: "term_count", label: "Freq.", num: true, fmt: fmtInt, title: "The term's frequency in the corpus" },
      { key: "log_dice", label: "logDice", num: true, fmt: fmtFixed(2) },
      { key: "pmi", label: "PMI", num: true, fmt: fmtFixed(2) },
      { key: "g2", label: "G²", num: true, fmt: fmtFixed(1), title: "Log-likelihood" }
    );
    return cols;
  }

  function renderCooccurInto(tableId, statusId) {
    return (body) => {
      const rows = body.rows || [];
      renderTable($(tableId), cooccurCols(rows), rows, { sort: "log_dice", desc: true, empty: "No co-occurring terms." });
      $(statusId).textContent = fmtInt(rows.length) + " terms";
    };
  }

  function runCollocates() {
    const params = buildParams({
      q: state.queries,
      window: $("collocates-window").value,
      by: "all",
      from: state.from,
      to: state.to,
      min_count: $("collocates-min").value,
      top: $("collocates-top").value,
    });
    return runPanel("collocates", "collocates", params, renderCooccurInto("collocates", "collocates-status"));
  }

  function runCooccur() {
    const params = buildParams({
      q: state.queries,
      scope: $("cooccur-scope").value,
      by: "all",
      from: state.from,
      to: state.to,
      min_count: $("cooccur-min").value,
      top: $("cooccur-top").value,
    });
    return runPanel("cooccur", "cooccur", params, renderCooccurInto("cooccur", "cooccur-status"));
  }

  // ---------------------------------------------------------------- entities

  let lastEntities = null;
  function runEntities() {
    const base = { q: state.queries, by: "all", from: state.from, to: state.to };
    const co = $("entities-co-csv");
    co.href = apiUrl("entities", buildParams(Object.assign({ table: "co_mentions" }, base)), true);
    co.setAttribute("download", "co_mentions.csv");
    co.hidden = false;
    const params = buildParams(Object.assign({ table: "entity_counts" }, base));
    return runPanel("entities", "entities", params, (body) => {
      lastEntities = body.rows || [];
      renderEntities();
    });
  }
  function renderEntities() {
    const rows = lastEntities || [];
    const top = Math.max(1, parseInt($("entities-top").value, 10) || 25);
    // by=all gives one period, but sum over periods in case of several
    const agg = (type) => {
      const m = new Map();
      for (const r of rows) {
        if (r.type !== type) continue;
        const k = String(r.entity_id);
        const a = m.get(k) || { name: r.name, mentions: 0, docs: 0, per_10k: 0, n: 0 };
        if (isNum(r.mentions)) a.mentions += r.mentions;
        if (isNum(r.docs)) a.docs += r.docs;
        if (isNum(r.per_10k)) a.per_10k += r.per_10k;
        a.n += 1;
        m.set(k, a);
      }
      const out = Array.from(m.values()).map((a) => ({ name: a.name, mentions: a.mentions, docs: a.docs, per_10k: a.per_10k / a.n }));
      out.sort((a, b) => b.mentions - a.mentions || String(a.name).localeCompare(String(b.name)));
      return out.slice(0, top);
    };
    const cols = [
      { key: "name", label: "Name", cls: "term" },
      { key: "mentions", label: "Mentions", num: true, fmt: fmtInt },
      { key: "docs", label: "Docs", num: true, fmt: fmtInt },
      { key: "per_10k", label: "per 10k", num: true, fmt: fmtFixed(2) },
    ];
    const people = agg("person"), countries = agg("country");
    renderTable($("entities-people"), cols, people, { sort: "mentions", desc: true, empty: "No people." });
    renderTable($("entities-countries"), cols, countries, { sort: "mentions", desc: true, empty: "No countries." });
    $("entities-status").textContent = people.length + " people, " + countries.length + " countries";
  }

  // ---------------------------------------------------------------- keyness

  function defaultRangeA() {
    const c = state.info;
    if (!c || !c.last) return "";
    const y = c.last.slice(0, 4);
    if (c.first && c.first.slice(0, 4) === y) {
      const ym = c.last.slice(0, 7); // one-year corpus: its last month
      return ym + ".." + ym;
    }
    return y + ".." + y;
  }

  function runCompare() {
    if (!state.rangeA) {
      $("keyness-ranges").textContent = "Choose range A on the trend chart (or type it above the panels).";
      return Promise.resolve();
    }
    const rk = $("keyness-ranges");
    clear(rk);
    rk.appendChild(el("b", { class: "ra" }, "A"));
    rk.appendChild(document.createTextNode(" = " + state.rangeA + "  vs  "));
    rk.appendChild(el("b", { class: "rb" }, "B"));
    rk.appendChild(document.createTextNode(" = " + (state.rangeB || "the rest of the corpus")));
    const params = buildParams({
      a: state.rangeA,
      b: state.rangeB,
      ngram: $("keyness-ngram").value,
      min_count: $("keyness-min").value,
      top: $("keyness-top").value,
    });
    return runPanel("keyness", "compare", params, (body) => {
      const rows = body.rows || [];
      const cols = [
        { key: "rank", label: "#", num: true, fmt: fmtInt },
        { key: "term", label: "Term", cls: "term" },
        { key: "count_a", label: "A", num: true, fmt: fmtInt, title: "Count in A" },
        { key: "per_10k_a", label: "A /10k", num: true, fmt: fmtFixed(2) },
        { key: "count_b", label: "B", num: true, fmt: fmtInt, title: "Count in B" },
        { key: "per_10k_b", label: "B /10k", num: true, fmt: fmtFixed(2) },
        { key: "log_ratio", label: "log ratio", num: true, fmt: fmtFixed(2) },
        { key: "g2", label: "G²", num: true, fmt: fmtFixed(1) },
        { key: "p_adjusted", label: "p", num: true, fmt: fmtP, title: "p value (adjusted if a correction is chosen)" },
      ];
      const order = (rs) =>
        rs.sort((a, b) => {
          const na = isNum(a.g2) && a.g2 < 0 ? 1 : 0, nb = isNum(b.g2) && b.g2 < 0 ? 1 : 0;
          if (na !== nb) return na - nb;
          return (isNum(a.rank) ? a.rank : 1e15) - (isNum(b.rank) ? b.rank : 1e15);
        });
      renderTable($("keyness"), cols, rows, {
        order,
        rowClass: (r) => (isNum(r.g2) && r.g2 < 0 ? "neg" : ""),
        empty: "No keywords (try a lower min count).",
      });
      $("keyness-status").textContent =
        fmtInt(rows.length) + " terms · A " + fmtBig(body.tokens_a) + " tokens · B " + fmtBig(body.tokens_b) + " tokens";
    });
  }

  // ---------------------------------------------------------------- URL hash and search

  function splitQueries(s) {
    return String(s || "")
      .split(";")
      .map((x) => x.trim())
      .filter((x) => x.length);
  }

  function readHash() {
    let raw = location.hash.replace(/^#/, "");
    if (!raw && location.search) raw = location.search.replace(/^\?/, "");
    const p = new URLSearchParams(raw);
    const qs = [];
    for (const q of p.getAll("q")) qs.push(...splitQueries(q));
    return {
      queries: qs,
      by: p.get("by") || "",
      from: p.get("from") || "",
      to: p.get("to") || "",
      smooth: p.get("smooth") || "",
      a: p.get("a") || "",
      b: p.get("b") || "",
    };
  }

  function writeHash() {
    const p = buildParams({
      q: state.queries,
      by: state.by !== "month" ? state.by : "",
      from: state.from,
      to: state.to,
      smooth: state.smooth > 1 ? state.smooth : "",
      a: state.rangeA,
      b: state.rangeB,
    });
    const h = "#" + p.toString();
    if (location.hash !== h) {
      try {
        history.replaceState(null, "", h);
      } catch (_) {
        location.hash = h;
      }
    }
  }

  function formToState() {
    let qs = splitQueries($("q").value);
    if (!qs.length) qs = ["nuclear"];
    state.queries = qs;
    state.by = $("by").value || "month";
    state.from = $("from").value.trim();
    state.to = $("to").value.trim();
    const sm = parseInt($("smooth").value, 10);
    state.smooth = isNum(sm) && sm > 1 ? sm : 1;
  }
  function stateToForm() {
    $("q").value = state.queries.join("; ");
    $("by").value = state.by;
    $("from").value = state.from;
    $("to").value = state.to;
    $("smooth").value = String(state.smooth);
    syncRangeInputs();
  }

  // Runs every query panel in parallel; each renders as its answer arrives.
  function search() {
    clearErrors();
    writeHash();
    document.title = state.queries.join("; ") + " · dateline explore";
    const t = runTrend();
    const k = runKwic();
    runCollocates();
    runCooccur();
    runEntities();
    return Promise.all([t, k]);
  }

  function onSubmit(e) {
    e.preventDefault();
    formToState();
    $("q").value = state.queries.join("; ");
    search();
  }

  function applyHash(h) {
    state.queries = h.queries.length ? h.queries : ["nuclear"];
    state.by = ["day", "week", "month", "quarter", "year"].indexOf(h.by) >= 0 ? h.by : "month";
    state.from = h.from;
    state.to = h.to;
    const sm = parseInt(h.smooth, 10);
    state.smooth = isNum(sm) && sm > 1 ? sm : 1;
    state.rangeA = h.a;
    state.rangeB = h.b;
    stateToForm();
  }

  function init() {
    document.body.dataset.errors = "0";
    if (typeof uPlot === "undefined") {
      countError();
      showError("page", "the chart library (/vendor/uPlot.iife.min.js) did not load");
    }
    $("search").addEventListener("submit", onSubmit);
    $("kwic-controls").addEventListener("submit", (e) => {
      e.preventDefault();
      runKwic();
    });
    $("kwic-sort").addEventListener("change", runKwic);
    $("collocates-controls").addEventListener("submit", (e) => {
      e.preventDefault();
      runCollocates();
    });
    $("cooccur-controls").addEventListener("submit", (e) => {
      e.preventDefault();
      runCooccur();
    });
    $("cooccur-scope").addEventListener("change", runCooccur);
    $("entities-controls").addEventListener("submit", (e) => {
      e.preventDefault();
      renderEntities();
    });
    $("entities-top").addEventListener("change", renderEntities);
    $("keyness-controls").addEventListener("submit", (e) => {
      e.preventDefault();
      runCompare();
    });
    $("keyness-ngram").addEventListener("change", runCompare);
    $("ranges").addEventListener("submit", (e) => {
      e.preventDefault();
      state.rangeA = $("range-a").value.trim();
      state.rangeB = $("range-b").value.trim();
      state.rangeAuto = false;
      redrawBands();
      runCompare();
      writeHash();
    });
    $("clear-b").addEventListener("click", () => {
      state.rangeB = "";
      syncRangeInputs();
      redrawBands();
      runCompare();
      writeHash();
    });
    $("clear-ranges").addEventListener("click", () => {
      state.rangeA = "";
      state.rangeB = "";
      syncRangeInputs();
      redrawBands();
      writeHash();
      runCompare();
    });
    let resizeTimer = 0;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(resizeCharts, 150);
    });
    window.addEventListener("hashchange", () => {
      applyHash(readHash());
      search();
      if (!state.rangeA) {
        state.rangeA = defaultRangeA();
        state.rangeAuto = !!state.rangeA;
        syncRangeInputs();
      }
      runCompare();
    });

    const h = readHash();
    applyHash(h);
    const infoP = loadInfo();
    const first = search();
    first.then(() => {
      if (!state.ready) {
        state.ready = true;
        document.body.dataset.ready = "1";
      }
    });
    // keyness: the hash's ranges, else A = the corpus' last year against the rest
    infoP.then(() => {
      if (!state.rangeA) {
        state.rangeA = defaultRangeA();
        state.rangeB = "";
        state.rangeAuto = !!state.rangeA;
        syncRangeInputs();
        redrawBands();
      }
      runCompare();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
