// planscope workbench: uploads with progress, the document's record panel, the charts.
// Everything a script puts on the page goes in as text (textContent), never as HTML.
"use strict";

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

function jsonOf(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : null;
}

// ------------------------------------------------------------ uploads, one file at a time
function uploadOne(file, list) {
  return new Promise((resolve) => {
    const item = document.createElement("li");
    item.className = "pending";
    const name = document.createElement("span");
    name.textContent = file.name + " ";
    const bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    item.append(name, bar);
    list.append(item);
    const data = new FormData();
    data.append("files", file, file.name);
    data.append("csrf_token", csrfToken());
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/library/upload");
    xhr.setRequestHeader("X-Requested-With", "fetch");
    xhr.setRequestHeader("X-CSRF-Token", csrfToken());
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = () => {
      const holder = document.createElement("template");
      holder.innerHTML = xhr.status === 200 ? xhr.responseText : "";  // the server's escaped fragment
      const line = holder.content.querySelector("li");
      if (line) { item.replaceWith(line); } else {
        item.className = "bad";
        name.textContent = file.name + ": HTTP " + xhr.status;
        bar.remove();
      }
      resolve();
    };
    xhr.onerror = () => { item.className = "bad"; bar.remove(); resolve(); };
    xhr.send(data);
  });
}

function setupUpload() {
  const form = document.getElementById("upload");
  if (!form) return;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const input = form.querySelector('input[type="file"]');
    const list = document.getElementById("outcomes");
    for (const file of input.files) { await uploadOne(file, list); }
    input.value = "";
    if (window.htmx) { htmx.ajax("GET", "/library" + window.location.search, {target: "#docs"}); }
  });
}

function setupConfirm() {
  document.querySelectorAll("form[data-confirm]").forEach((f) => {
    f.addEventListener("submit", (e) => { if (!window.confirm(f.dataset.confirm)) e.preventDefault(); });
  });
}

// ------------------------------------------------------------ the document's records
const FIELDS = ["indicator", "indicator_id", "value", "year", "attribute", "baseline", "source", "path", "span",
                "quote", "flags"];

function fieldValue(r, key) {
  if (key === "value") return [r.comparator && r.comparator !== "=" ? r.comparator : "", r.value || "", r.unit || ""].join(" ").trim();
  if (key === "year") return String(r.target_year || r.year || "") + (r.year_implied ? " *" : "");
  if (key === "baseline") return r.baseline_value == null ? "" : r.baseline_value + (r.baseline_year ? " (" + r.baseline_year + ")" : "");
  if (key === "span") return r.start + "–" + r.end + " · " + r.value_start + "–" + r.value_end;
  if (key === "flags") return (r.flags || []).join("; ");
  return r[key] == null ? "" : String(r[key]);
}

function showRecord(i) {
  const records = jsonOf("records-data");
  const labels = jsonOf("record-labels") || {};
  if (!records || !records[i]) return;
  const r = records[i];
  const dl = document.getElementById("record-fields");
  dl.replaceChildren();
  for (const key of FIELDS) {
    const v = fieldValue(r, key);
    if (!v) continue;
    const dt = document.createElement("dt"); dt.textContent = labels[key] || key;
    const dd = document.createElement("dd"); dd.textContent = v;
    dl.append(dt, dd);
  }
  const hint = document.getElementById("record-hint");
  if (hint) hint.hidden = true;
  document.querySelectorAll("mark.current").forEach((m) => m.classList.remove("current"));
  const mark = document.getElementById("r" + i);
  if (mark) mark.classList.add("current");
  return mark;
}

// A search hit (?at=…#at): the page stays at its top (title and facts in view) and the
// text box scrolls so that the hit sits in its middle.
function centreHit(text) {
  const hit = text.querySelector(".hit");
  if (!hit) return;
  text.scrollTop = Math.max(0, hit.offsetTop - text.clientHeight / 2);
  window.scrollTo(0, 0);
}

function setupDocument() {
  const text = document.getElementById("text");
  if (!text) return;
  if (window.location.hash === "#at") {  // after the browser's own jump to the anchor, too
    window.requestAnimationFrame(() => centreHit(text));
    window.addEventListener("load", () => window.setTimeout(() => centreHit(text), 0));
  }
  text.addEventListener("click", (e) => {
    const mark = e.target.closest("mark[data-i]");
    if (mark) showRecord(Number(mark.dataset.i));
  });
  text.addEventListener("keydown", (e) => {
    const mark = e.target.closest("mark[data-i]");
    if (mark && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); showRecord(Number(mark.dataset.i)); }
  });
  document.querySelectorAll("a.goto").forEach((a) => a.addEventListener("click", () => showRecord(Number(a.dataset.i))));
}

// ------------------------------------------------------------ charts
const STATUS_COLOURS = {achieved: "#1a7f37", significant: "#2da44e", moderate: "#bf8700", insufficient: "#cf222e",
                        moving_away: "#82071e", no_data: "#8c959f"};

function progressCharts() {
  const charts = jsonOf("charts-data");
  const labels = jsonOf("chart-labels") || {};
  if (!charts || !window.echarts) return;
  for (const c of charts) {
    const el = document.getElementById(c.id);
    if (!el) continue;
    const series = [{name: labels.observed, type: "line", data: c.observed, symbolSize: 7,
                     lineStyle: {width: 2}, itemStyle: {color: "#0969da"}}];
    for (const t of c.targets) {
      series.push({name: labels.target + " " + t.label, type: "line", data: t.path, symbol: "diamond",
                   symbolSize: 8, lineStyle: {type: "dashed"}, itemStyle: {color: STATUS_COLOURS[c.status] || "#6e7781"}});
    }
    const chart = echarts.init(el, null, {renderer: "svg"});
    chart.setOption({animation: false, grid: {left: 48, right: 12, top: 12, bottom: 40},
      tooltip: {trigger: "axis"}, legend: {bottom: 0, type: "scroll", textStyle: {fontSize: 11}},
      xAxis: {type: "value", minInterval: 1, scale: true, axisLabel: {formatter: (v) => String(v)}},
      yAxis: {type: "value", scale: true, name: c.unit, nameTextStyle: {fontSize: 11}}, series});
  }
}

function escalationChart() {
  const data = jsonOf("escalation-data");
  const labels = jsonOf("escalation-labels") || {};
  const el = document.getElementById("escalation");
  if (!data || !el || !window.echarts) return;
  const chart = echarts.init(el, null, {renderer: "svg"});
  const bar = (key, colour) => ({name: labels[key], type: "bar", stack: "n", data: data[key], itemStyle: {color: colour}});
  chart.setOption({animation: false, tooltip: {trigger: "axis"}, legend: {bottom: 0},
    grid: {left: 180, right: 16, top: 8, bottom: 48},
    yAxis: {type: "category", data: data.labels, axisLabel: {fontSize: 11}}, xAxis: {type: "value", minInterval: 1},
    series: [bar("escalated", "#8250df"), bar("consistent", "#2da44e"), bar("looser", "#bf8700")]});
}

// ------------------------------------------------------------ review: tick every pending value
function setupTickAll() {
  document.querySelectorAll("input.all[type=checkbox]").forEach((all) => {
    all.addEventListener("change", () => {
      all.closest("table").querySelectorAll('tbody input[type=checkbox][name="id"]').forEach((c) => { c.checked = all.checked; });
    });
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupTickAll();
  setupUpload();
  setupConfirm();
  setupDocument();
  progressCharts();
  escalationChart();
});
