// dateline explorer: plain JS + SVG, no dependencies, no network beyond this server.
// Article text and every record field are untrusted: they only ever reach the page through
// textContent or SVG <title> text nodes, never innerHTML.
"use strict";

const FILTER_KEYS = ["since", "until", "actor", "country", "type", "quad_class", "place", "speaker", "text", "q"];
const QUAD = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"};
const QUAD_COLOURS = {1: "#74c476", 2: "#238b45", 3: "#fd8d3c", 4: "#cb181d"};
const TYPE_COLOURS = ["#1f77b4", "#aec7e8", "#ff7f0e", "#ffbb78", "#2ca02c", "#98df8a", "#d62728", "#ff9896",
  "#9467bd", "#c5b0d5", "#8c564b", "#c49c94", "#e377c2", "#f7b6d2", "#7f7f7f", "#bcbd22"];
const PAGE = 25;
const SVG_NS = "http://www.w3.org/2000/svg";

const state = {filters: {}, eventsOffset: 0, world: null, firstArticle: null};
const generation = {};

// -- DOM helpers -------------------------------------------------------------------------

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") node.textContent = String(v);
    else if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

function svg(tag, attrs, title) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (title) {
    const t = document.createElementNS(SVG_NS, "title");
    t.textContent = title;
    node.append(t);
  }
  return node;
}

function setState(node, s, message) {
  node.dataset.state = s;
  node.replaceChildren();
  if (message) node.append(el("p", {class: "empty", text: message}));
}

function goldsteinColour(g) {
  if (g === null || g === undefined) return "#999";
  const t = Math.max(-1, Math.min(1, g / 10));
  const from = [150, 150, 150], to = t < 0 ? [203, 24, 29] : [35, 139, 69];
  const a = Math.abs(t);
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * a));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

// -- state and API -----------------------------------------------------------------------

function readHash() {
  const params = new URLSearchParams(location.hash.slice(1));
  state.filters = {};
  for (const k of FILTER_KEYS) if (params.get(k)) state.filters[k] = params.get(k);
  document.getElementById("search").value = state.filters.q || "";
}

function setFilters(changes) {
  const next = {...state.filters, ...changes};
  for (const k of Object.keys(next)) if (next[k] === null || next[k] === "" || next[k] === undefined) delete next[k];
  state.eventsOffset = 0;
  const params = new URLSearchParams(next);
  location.hash = params.toString();  // hashchange re-renders every view
}

function query(extra, omit) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(state.filters)) if (k !== "q" && !(omit || []).includes(k)) params.set(k, v);
  for (const [k, v] of Object.entries(extra || {})) params.set(k, v);
  return params.toString();
}

async function api(path) {
  const response = await fetch(path, {headers: {Accept: "application/json"}});
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function load(panel, node, path, render) {
  const gen = (generation[panel] || 0) + 1;
  generation[panel] = gen;
  setState(node, "loading", "Loading…");
  try {
    const body = await api(path);
    if (generation[panel] !== gen) return;
    node.replaceChildren();
    node.dataset.state = "ready";
    render(body);
  } catch (err) {
    if (generation[panel] !== gen) return;
    setState(node, "error", `Could not load: ${err.message}. Check that \`dateline serve\` is still running, then reload.`);
  }
}

// -- filters bar -------------------------------------------------------------------------

function renderFilters() {
  const bar = document.getElementById("filters");
  bar.replaceChildren();
  const entries = Object.entries(state.filters);
  if (!entries.length) {
    bar.append(el("span", {class: "hint", text: "Click a bar, an actor or a map point to filter every view; search above to find articles."}));
    return;
  }
  for (const [k, v] of entries) {
    const label = k === "quad_class" ? `${k}: ${QUAD[v] || v}` : k === "q" ? `search: ${v}` : `${k}: ${v}`;
    bar.append(el("button", {class: "chip", type: "button", title: "Remove this filter", "data-filter": k,
      onclick: () => setFilters({[k]: null})}, label, el("span", {class: "x", text: " ×"})));
  }
  bar.append(el("button", {class: "chip clear", type: "button", onclick: () => { location.hash = ""; }}, "clear all"));
}

// -- timeline ----------------------------------------------------------------------------

function renderTimeline() {
  const node = document.getElementById("timeline");
  const legend = document.getElementById("timeline-legend");
  const period = document.getElementById("period").value;
  const split = document.getElementById("split").value;
  load("timeline", node, `/api/timeline?${query({period, split})}`, (body) => {
    legend.replaceChildren();
    if (!body.buckets.length) {
      const why = Object.keys(state.filters).length ? "No dated events match these filters: remove a filter above." :
        "No dated events in this ledger yet: ingest articles with `dateline ingest FILES --db LEDGER`.";
      setState(node, "empty", why + (body.undated ? ` (${body.undated} events have no date.)` : ""));
      return;
    }
    // Historical events (a 1991 treaty mentioned in 2022) would squeeze the axis: without a date
    // filter the chart starts at the period of the first article.
    let earlier = 0;
    if (!state.filters.since && state.firstArticle) {
      const start = state.firstArticle.slice(0, period === "year" ? 4 : period === "month" ? 7 : 10);
      const kept = body.buckets.filter((b) => b.end >= state.firstArticle || b.period.slice(0, start.length) >= start);
      earlier = body.buckets.reduce((n, b) => n + b.events, 0) - kept.reduce((n, b) => n + b.events, 0);
      if (kept.length) body.buckets = kept;
    }
    const periods = continuous([...new Set(body.buckets.map((b) => b.period))], period);
    const keys = [...new Set(body.buckets.map((b) => String(b.key)))].sort();
    const colour = (k) => split === "quad_class" ? QUAD_COLOURS[k] || "#999" :
      split === "type" ? TYPE_COLOURS[keys.indexOf(k) % TYPE_COLOURS.length] : "#4682b4";
    const totals = {};
    for (const b of body.buckets) totals[b.period] = (totals[b.period] || 0) + b.events;
    const max = Math.max(...Object.values(totals));
    const W = 900, H = 200, left = 40, bottom = 24, plotH = H - bottom - 8;
    const bw = (W - left) / periods.length;
    const chart = svg("svg", {viewBox: `0 0 ${W} ${H}`, class: "timeline-svg", role: "img", "aria-label": "events per period"});
    chart.append(svg("text", {x: left - 4, y: 14, "text-anchor": "end", class: "axis"}));
    chart.lastChild.textContent = String(max);
    chart.append(svg("line", {x1: left, x2: W, y1: H - bottom, y2: H - bottom, class: "axis-line"}));
    const stacked = {};
    body.buckets.forEach((b) => {
      const i = periods.indexOf(b.period);
      const below = stacked[b.period] || 0;
      const h = (b.events / max) * plotH;
      stacked[b.period] = below + h;
      const label = split === "quad_class" ? QUAD[b.key] : b.key;
      const rect = svg("rect", {x: left + i * bw + 1, y: H - bottom - below - h, width: Math.max(1, bw - 2), height: Math.max(0.5, h),
        fill: colour(String(b.key)), class: "bar", "data-period": b.period, "data-end": b.end},
        `${b.period}${label ? " · " + label : ""}: ${b.events} events, mean Goldstein ${b.mean_goldstein}`);
      rect.addEventListener("click", () => setFilters({since: b.period, until: b.end}));
      chart.append(rect);
    });
    const step = Math.max(1, Math.ceil(periods.length / 8));
    periods.forEach((p, i) => {
      if (i % step) return;
      const t = svg("text", {x: left + i * bw + bw / 2, y: H - 8, "text-anchor": "middle", class: "axis"});
      t.textContent = period === "year" ? p.slice(0, 4) : period === "month" ? p.slice(0, 7) : p;
      chart.append(t);
    });
    node.append(chart);
    if (split !== "none") for (const k of keys) {
      legend.append(el("span", {class: "key"}, el("i", {class: `swatch sw-${split === "quad_class" ? "q" + k : "t" + (keys.indexOf(k) % 16)}`}),
        split === "quad_class" ? QUAD[k] || k : k));
    }
    if (body.undated) legend.append(el("span", {class: "note", text: `${body.undated} undated events not shown`}));
    if (earlier) legend.append(el("span", {class: "note", text: `${earlier} events dated before the first article not shown (set a start date to see them)`}));
  });
}

// A real time axis: the periods between the first and the last, empty ones included (unless too many).
function continuous(seen, period) {
  if (seen.length < 2) return seen;
  const out = [];
  const d = new Date(seen[0] + "T00:00:00Z"), last = new Date(seen[seen.length - 1] + "T00:00:00Z");
  while (d <= last && out.length <= 1500) {
    out.push(d.toISOString().slice(0, 10));
    if (period === "day") d.setUTCDate(d.getUTCDate() + 1);
    else if (period === "week") d.setUTCDate(d.getUTCDate() + 7);
    else if (period === "month") d.setUTCMonth(d.getUTCMonth() + 1);
    else d.setUTCFullYear(d.getUTCFullYear() + 1);
  }
  return out.length > 1500 ? seen : out;
}

// -- network -----------------------------------------------------------------------------

function renderNetwork() {
  const node = document.getElementById("network");
  const by = document.getElementById("dyad-by").value;
  load("network", node, `/api/dyads?${query({by, limit: 60})}`, (body) => {
    if (!body.items.length) {
      setState(node, "empty", "No source–target pairs match: events need both sides coded. Remove a filter, or switch between countries and actors.");
      return;
    }
    const weight = {};
    for (const d of body.items) for (const n of [d.source, d.target]) weight[n] = (weight[n] || 0) + d.events;
    const names = Object.keys(weight).sort((a, b) => weight[b] - weight[a]).slice(0, 30);
    const W = 460, H = 360, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 50;
    const pos = {};
    names.forEach((n, i) => {
      const a = (2 * Math.PI * i) / names.length - Math.PI / 2;
      pos[n] = [cx + R * Math.cos(a), cy + R * Math.sin(a), a];
    });
    const maxEvents = Math.max(...body.items.map((d) => d.events));
    const chart = svg("svg", {viewBox: `0 0 ${W} ${H}`, class: "network-svg", role: "img", "aria-label": "actor network"});
    for (const d of body.items) {
      if (!pos[d.source] || !pos[d.target] || d.source === d.target) continue;
      const [x1, y1] = pos[d.source], [x2, y2] = pos[d.target];
      chart.append(svg("path", {d: `M${x1} ${y1}Q${cx} ${cy} ${x2} ${y2}`, fill: "none", stroke: goldsteinColour(d.mean_goldstein),
        "stroke-width": 1 + 6 * Math.sqrt(d.events / maxEvents), "stroke-opacity": 0.7, class: "edge"},
        `${d.source} → ${d.target}: ${d.events} events, mean Goldstein ${d.mean_goldstein}`));
    }
    const maxW = weight[names[0]];
    for (const n of names) {
      const [x, y, a] = pos[n];
      const g = svg("g", {class: "node", "data-name": n, tabindex: 0, role: "button"}, `${n}: ${weight[n]} events (click to filter)`);
      g.append(svg("circle", {cx: x, cy: y, r: 4 + 10 * Math.sqrt(weight[n] / maxW)}));
      const label = svg("text", {x: x + 16 * Math.cos(a), y: y + 16 * Math.sin(a) + 4,
        "text-anchor": Math.cos(a) > 0.3 ? "start" : Math.cos(a) < -0.3 ? "end" : "middle"});
      label.textContent = n.length > 22 ? n.slice(0, 21) + "…" : n;
      g.append(label);
      const pick = () => setFilters(by === "country" ? {country: n} : {actor: n});
      g.addEventListener("click", pick);
      g.addEventListener("keydown", (e) => { if (e.key === "Enter") pick(); });
      chart.append(g);
    }
    node.append(chart);
  });
}

// -- map ---------------------------------------------------------------------------------

async function world() {
  if (!state.world) state.world = api("/static/world.json").catch(() => []);
  return state.world;
}

function renderMap() {
  const node = document.getElementById("map");
  const note = document.getElementById("map-note");
  const gen = (generation.map || 0) + 1;
  generation.map = gen;
  setState(node, "loading", "Loading…");
  Promise.all([world(), api(`/api/map?${query({limit: 500})}`)]).then(async ([countries, events]) => {
    let points = events.items, kind = "events";
    if (!points.length) {
      points = (await api(`/api/places?${query({limit: 500})}`)).items.filter((p) => p.lat !== null && p.lon !== null);
      kind = "places";
    }
    if (generation.map !== gen) return;
    node.replaceChildren();
    node.dataset.state = points.length ? "ready" : "empty";
    note.textContent = kind === "events" ? `${events.total} event locations` : points.length ? "no located events: places mentioned" : "";
    const chart = svg("svg", {viewBox: "0 0 360 180", class: "map-svg", role: "img", "aria-label": "map of event locations"});
    chart.append(svg("rect", {x: 0, y: 0, width: 360, height: 180, class: "sea"}));
    for (const c of countries) chart.append(svg("path", {d: c.d, class: "land"}, c.name));
    const max = Math.max(1, ...points.map((p) => p.events || p.mentions || 1));
    for (const p of points) {
      const n = p.events || p.mentions || 1;
      const dot = svg("circle", {cx: p.lon + 180, cy: 90 - p.lat, r: 1 + 4 * Math.sqrt(n / max), class: `point ${kind}`,
        fill: kind === "events" ? goldsteinColour(p.mean_goldstein) : "none", "data-place": p.name},
        `${p.name}${p.country ? " (" + p.country + ")" : ""}: ${n} ${kind === "events" ? "events" : "mentions"} (click to filter)`);
      dot.addEventListener("click", () => setFilters({place: p.name}));
      chart.append(dot);
    }
    node.append(chart);
    if (!points.length) node.append(el("p", {class: "empty", text: "No located events or places match: remove a filter, or ingest articles whose places the gazetteer knows."}));
  }).catch((err) => {
    if (generation.map === gen) setState(node, "error", `Could not load the map: ${err.message}. Reload the page.`);
  });
}

// -- events ------------------------------------------------------------------------------

function actorButton(ref, field) {
  if (!ref || !(ref.name || ref.text)) return el("span", {class: "nobody", text: "—"});
  const name = ref.name || ref.text;
  return el("button", {class: "link actor", type: "button", title: `Filter on ${name}`, "data-actor": name,
    onclick: () => setFilters({[field]: name})}, name + (ref.country ? ` (${ref.country})` : ""));
}

function renderEvents() {
  const node = document.getElementById("events");
  const count = document.getElementById("events-count");
  load("events", node, `/api/events?${query({limit: PAGE, offset: state.eventsOffset})}`, (body) => {
    count.textContent = `${body.total} events`;
    pager(document.getElementById("events-pager"), body, (offset) => { state.eventsOffset = offset; renderEvents(); });
    if (!body.items.length) {
      setState(node, "empty", body.total ? "No more events on this page." : Object.keys(state.filters).length ?
        "No events match these filters: remove one above (×) or widen the dates." :
        "No events in this ledger yet: ingest articles with `dateline ingest FILES --db LEDGER`.");
      return;
    }
    for (const e of body.items) {
      node.append(el("div", {class: "row event", "data-id": e.id, "data-article": e.article_id},
        el("div", {class: "meta"},
          el("span", {class: "date", text: e.date || e.article_date || "undated"}),
          actorButton(e.source, "actor"),
          el("button", {class: `type q${e.quad_class}`, type: "button", title: "Filter on this event type",
            onclick: () => setFilters({type: e.type})}, e.type),
          actorButton(e.target, "actor"),
          el("span", {class: "gold", title: "Goldstein score", text: e.goldstein ?? ""}),
          e.status && e.status !== "reported" ? el("span", {class: "status", text: e.status}) : null),
        el("div", {class: "evidence"}, el("q", {text: e.evidence.text || ""}),
          el("button", {class: "link open", type: "button", onclick: () => openArticle(e.article_id, {kind: "event", id: e.id, span: e.evidence.span})},
            "open article"))));
    }
  });
}

function pager(node, body, go) {
  node.replaceChildren();
  if (body.total <= body.limit) return;
  const page = Math.floor(body.offset / body.limit) + 1, pages = Math.ceil(body.total / body.limit);
  node.append(el("button", {type: "button", disabled: body.offset === 0 ? "disabled" : null, onclick: () => go(Math.max(0, body.offset - body.limit))}, "‹ previous"),
    el("span", {text: ` page ${page} of ${pages} `}),
    el("button", {type: "button", disabled: page >= pages ? "disabled" : null, onclick: () => go(body.offset + body.limit)}, "next ›"));
}

// -- quotes ------------------------------------------------------------------------------

function renderQuotes() {
  const list = document.getElementById("speakers");
  load("speakers", list, `/api/speakers?${query({limit: 40}, ["speaker"])}`, (body) => {
    if (!body.items.length) {
      setState(list, "empty", "No speakers match.");
      return;
    }
    for (const s of body.items) {
      const active = state.filters.speaker === s.name;
      list.append(el("li", {}, el("button", {type: "button", class: active ? "speaker active" : "speaker", "data-speaker": s.name,
        onclick: () => setFilters({speaker: active ? null : s.name})}, `${s.name} `, el("span", {class: "n", text: s.quotes}))));
    }
  });
  const node = document.getElementById("quotes");
  load("quotes", node, `/api/quotes?${query({limit: PAGE})}`, (body) => {
    document.getElementById("quotes-count").textContent = `${body.total} quotes`;
    if (!body.items.length) {
      setState(node, "empty", "No quotes match: pick another speaker or remove a filter.");
      return;
    }
    for (const q of body.items) {
      const who = q.speaker ? q.speaker.name || q.speaker.text : "unattributed";
      node.append(el("div", {class: "row quote", "data-id": q.id},
        el("div", {class: "meta"}, el("span", {class: "date", text: q.date || q.article_date || ""}), el("strong", {text: who}),
          el("span", {class: "cue", text: q.cue ? q.cue.text : ""})),
        el("blockquote", {text: q.content ? q.content.text : ""}),
        el("button", {class: "link open", type: "button", onclick: () => openArticle(q.article_id, {kind: "quote", id: q.id, span: (q.content || {}).span})},
          "open article")));
    }
  });
}

// -- articles ----------------------------------------------------------------------------

function renderArticles() {
  const node = document.getElementById("articles");
  const q = state.filters.q;
  document.getElementById("articles-title").textContent = q ? "Search results" : "Articles";
  const path = q ? `/api/search?${new URLSearchParams({q, limit: 20, ...(state.filters.since ? {since: state.filters.since} : {}),
    ...(state.filters.until ? {until: state.filters.until} : {})})}` : `/api/articles?${query({limit: 20})}`;
  load("articles", node, path, (body) => {
    document.getElementById("articles-count").textContent = `${body.total} articles`;
    if (!body.items.length) {
      setState(node, "empty", q ? "Nothing found: try fewer or other words, or clear the search." : "No articles match: remove a filter above.");
      return;
    }
    for (const a of body.items) {
      node.append(el("div", {class: "row article", "data-id": a.id},
        el("button", {class: "link title", type: "button", onclick: () => openArticle(a.id, null)}, a.title || a.snippet.split("\n")[0].slice(0, 100) || a.id),
        el("div", {class: "meta"}, el("span", {class: "date", text: a.date || "undated"}), a.source ? el("span", {text: a.source}) : null),
        el("p", {class: "snippet", text: a.snippet})));
    }
  });
}

// -- article view ------------------------------------------------------------------------

function annotations(doc) {
  const marks = [];
  for (const e of doc.events) {
    if (e.trigger && e.trigger.span) marks.push({kind: "event", span: e.trigger.span, id: e.id});
  }
  for (const q of doc.quotes) if (q.content && q.content.span) marks.push({kind: "quote", span: q.content.span, id: q.id});
  for (const t of doc.times) if (t.span) marks.push({kind: "time", span: t.span});
  for (const p of doc.places) if (p.span) marks.push({kind: "place", span: p.span});
  return marks;
}

function highlighted(text, marks, focus) {
  const all = focus && focus.span ? [...marks, {kind: "focus", span: focus.span}] : marks;
  const cuts = new Set([0, text.length]);
  for (const m of all) { cuts.add(Math.max(0, Math.min(text.length, m.span[0]))); cuts.add(Math.max(0, Math.min(text.length, m.span[1]))); }
  const points = [...cuts].sort((a, b) => a - b);
  const frag = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const [s, e] = [points[i], points[i + 1]];
    const kinds = [...new Set(all.filter((m) => m.span[0] <= s && m.span[1] >= e).map((m) => m.kind))];
    const piece = text.slice(s, e);
    if (!kinds.length) frag.append(document.createTextNode(piece));
    else frag.append(el("span", {class: kinds.map((k) => k === "focus" ? "focus" : "hl-" + k).join(" "), "data-start": s, text: piece}));
  }
  return frag;
}

function recordList(title, items, line, focusOf) {
  const box = el("section", {class: "records"}, el("h3", {text: `${title} (${items.length})`}));
  if (!items.length) box.append(el("p", {class: "empty", text: "none coded"}));
  for (const item of items) {
    const f = focusOf(item);
    box.append(el("button", {type: "button", class: "record", onclick: () => focusSpan(f)}, line(item)));
  }
  return box;
}

let currentDoc = null;

function focusSpan(focus) {
  const text = document.getElementById("article-text");
  text.replaceChildren(highlighted(currentDoc.article.text, annotations(currentDoc), focus));
  const target = text.querySelector(".focus");
  if (target) target.scrollIntoView({block: "center"});
}

async function openArticle(id, focus) {
  const view = document.getElementById("article-view");
  const text = document.getElementById("article-text");
  const side = document.getElementById("article-records");
  view.hidden = false;
  view.dataset.article = id;
  setState(text, "loading", "Loading the article…");
  side.replaceChildren();
  let doc;
  try {
    doc = await api(`/api/articles/${encodeURIComponent(id)}`);
  } catch (err) {
    setState(text, "error", `Could not load the article: ${err.message}.`);
    return;
  }
  currentDoc = doc;
  const a = doc.article;
  document.getElementById("article-heading").textContent = `${a.title || "Article"} · ${a.date || "undated"}`;
  text.dataset.state = "ready";
  if (focus && focus.kind === "event") {
    const ev = doc.events.find((e) => e.id === focus.id);
    if (ev && ev.sentence_span) focus = {...focus, span: ev.sentence_span};
  }
  focusSpan(focus);
  const ref = (r) => (r ? r.name || r.text : "—");
  side.append(
    recordList("Events", doc.events, (e) => `${e.date || ""} ${ref(e.source)} ${e.type} ${ref(e.target)} (${e.goldstein ?? ""})`,
      (e) => ({span: e.sentence_span || (e.trigger || {}).span})),
    recordList("Quotes", doc.quotes, (q) => `${ref(q.speaker)}: “${(q.content || {}).text || ""}”`, (q) => ({span: (q.content || {}).span})),
    recordList("Times", doc.times, (t) => `${t.text} → ${t.value || "?"}`, (t) => ({span: t.span})),
    recordList("Places", doc.places, (p) => `${p.text} → ${p.name || "?"} ${p.country || ""}`, (p) => ({span: p.span})),
    recordList("Actors", doc.actors, (r) => `${r.name} ${r.country || ""} ${r.sector || ""} ×${(r.mentions || []).length}`, (r) => ({span: r.span})));
  document.getElementById("close-article").focus();
}

function closeArticle() {
  document.getElementById("article-view").hidden = true;
  currentDoc = null;
}

// -- wiring ------------------------------------------------------------------------------

async function renderStats() {
  const node = document.getElementById("stats");
  try {
    const s = await api("/api/stats");
    const c = s.counts;
    if (s.first_date && state.firstArticle !== s.first_date) {
      state.firstArticle = s.first_date;
      renderTimeline();
    }
    node.textContent = `${c.articles} articles · ${c.events} events · ${c.quotes} quotes · ${c.places} places` +
      (s.first_date ? ` · ${s.first_date} to ${s.last_date}` : "");
    if (!c.articles) node.textContent = "The ledger is empty: run `dateline demo` or `dateline ingest FILES --db LEDGER`, then reload.";
  } catch (err) {
    node.textContent = `The server did not answer (${err.message}); is \`dateline serve\` running?`;
  }
}

function refresh() {
  readHash();
  renderFilters();
  renderTimeline();
  renderNetwork();
  renderMap();
  renderEvents();
  renderQuotes();
  renderArticles();
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    setFilters({q: document.getElementById("search").value.trim() || null});
  });
  document.getElementById("period").addEventListener("change", renderTimeline);
  document.getElementById("split").addEventListener("change", renderTimeline);
  document.getElementById("dyad-by").addEventListener("change", renderNetwork);
  document.getElementById("close-article").addEventListener("click", closeArticle);
  document.getElementById("article-view").addEventListener("click", (e) => { if (e.target.id === "article-view") closeArticle(); });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") closeArticle(); });
  window.addEventListener("hashchange", refresh);
  renderStats();
  refresh();
});
