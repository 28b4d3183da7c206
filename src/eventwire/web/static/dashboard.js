// The dashboard: filters (kept in the page's URL, so a view can be bookmarked), a map on the shipped
// Natural Earth basemap, a timeline per month, the table and the export links. Every value shown is set
// with textContent through EW.el.
"use strict";

(() => {
  const { el, clear, api, dateText, countText, placeText } = EW;
  const PAGE = 200;
  const form = document.getElementById("filters");
  const errorBox = document.getElementById("error");
  const state = { offset: 0, vocabulary: null, fitOnLoad: true };
  let map = null;
  let markers = null;

  // --- filters <-> URL --------------------------------------------------------------------------------

  function filterParams() {
    const params = new URLSearchParams();
    for (const field of form.elements) {
      if (!field.name || field.name === "in_view" || !field.value.trim()) continue;
      params.set(field.name, field.value.trim());
    }
    if (form.elements.in_view.checked && map) params.set("bbox", boundsText(map.getBounds()));
    return params;
  }

  function boundsText(bounds) {
    const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v));
    const west = clamp(bounds.getWest(), 180);
    const east = clamp(bounds.getEast(), 180);
    return [west, clamp(bounds.getSouth(), 90), east, clamp(bounds.getNorth(), 90)].map((v) => v.toFixed(3)).join(",");
  }

  function readUrl() {
    const params = new URLSearchParams(window.location.search);
    for (const field of form.elements) {
      if (!field.name) continue;
      if (field.name === "in_view") field.checked = params.has("bbox");
      else if (params.has(field.name)) field.value = params.get(field.name);
    }
    fillSubTypes(params.get("sub_type") || "");
    state.offset = Number(params.get("offset") || 0);
  }

  function writeUrl(params) {
    const shown = new URLSearchParams(params);
    if (state.offset) shown.set("offset", String(state.offset));
    const query = shown.toString();
    window.history.replaceState(null, "", query ? `/?${query}` : "/");
    window.sessionStorage.setItem("eventwire-view", query); // the incident page's way back to this view
  }

  // --- vocabulary -> selects --------------------------------------------------------------------------

  function option(value, label) {
    return el("option", { value }, label === undefined ? value : label);
  }

  function fillSelects(vocabulary) {
    const types = form.elements.type;
    for (const type of Object.keys(vocabulary.event_types)) types.append(option(type));
    for (const status of vocabulary.statuses) form.elements.status.append(option(status));
    const list = document.getElementById("admin1-list");
    for (const name of vocabulary.admin1) list.append(option(name));
  }

  function fillSubTypes(selected) {
    const sub = form.elements.sub_type;
    const keep = selected === undefined ? sub.value : selected;
    clear(sub).append(option("", "any"));
    const types = state.vocabulary ? state.vocabulary.event_types : {};
    const chosen = form.elements.type.value;
    for (const [type, subs] of Object.entries(types)) {
      if (chosen && type !== chosen) continue;
      for (const name of subs) sub.append(option(name));
    }
    sub.value = [...sub.options].some((o) => o.value === keep) ? keep : "";
  }

  // --- map --------------------------------------------------------------------------------------------

  async function makeMap() {
    map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12, zoomSnap: 0.5 }).setView([25, 20], 2);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth");
    const topology = await (await fetch("/static/basemap/countries-50m.json")).json();
    // Antarctica (ISO 010) is left out: its ring runs along the pole, which Web Mercator cannot draw.
    const countries = EW.topoFeatures(topology, "countries").filter((f) => f.id !== "010");
    L.geoJSON(countries, {
      interactive: false,
      style: { color: "#8c8c8c", weight: 0.6, fillColor: "#f3f1ea", fillOpacity: 1 },
    }).addTo(map);
    markers = L.layerGroup().addTo(map);
    map.on("moveend", () => {
      if (form.elements.in_view.checked) {
        state.offset = 0;
        load(false);
      }
    });
  }

  function killed(incident) {
    const k = incident.fatalities.killed;
    return k.best !== null ? k.best : k.low !== null ? k.low : 0;
  }

  function drawMarkers(incidents, fit) {
    markers.clearLayers();
    const points = [];
    for (const incident of incidents) {
      const { lat, lon } = incident.location;
      if (lat === null || lon === null) continue;
      const radius = 5 + Math.sqrt(killed(incident)) * 2;
      const marker = L.circleMarker([lat, lon], {
        radius,
        color: "#7a1f1f",
        weight: 1,
        fillColor: "#c0392b",
        fillOpacity: 0.6,
        className: "incident-marker",
      });
      const tip = el(
        "div",
        { className: "tip" },
        el("strong", {}, incident.sub_event_type),
        el("br"),
        `${dateText(incident.date)} · ${placeText(incident.location)}`,
        el("br"),
        incident.summary,
      );
      marker.bindTooltip(tip, { direction: "top", sticky: true });
      marker.on("click", () => {
        window.location.href = `/incident/${encodeURIComponent(incident.id)}`;
      });
      marker.addTo(markers);
      points.push([lat, lon]);
    }
    if (fit && points.length) map.fitBounds(points, { padding: [30, 30], maxZoom: 7 });
  }

  // --- timeline ---------------------------------------------------------------------------------------

  function monthRange(first, last) {
    const months = [];
    let [y, m] = first.split("-").map(Number);
    const [ly, lm] = last.split("-").map(Number);
    while (y < ly || (y === ly && m <= lm)) {
      months.push(`${y}-${String(m).padStart(2, "0")}`);
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
    }
    return months;
  }

  function drawTimeline(counts, undated) {
    const box = clear(document.getElementById("timeline"));
    const note = document.getElementById("timeline-note");
    const dated = Object.keys(counts).sort();
    note.textContent = undated ? `${undated} undated incident(s) not shown.` : "";
    if (!dated.length) {
      box.append(el("p", { className: "note" }, "No dated incidents."));
      return;
    }
    const months = monthRange(dated[0], dated[dated.length - 1]);
    const max = Math.max(...dated.map((k) => counts[k]));
    const ns = "http://www.w3.org/2000/svg";
    const width = 600;
    const height = 120;
    const bottom = 18;
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", `Incidents per month, ${months[0]} to ${months[months.length - 1]}`);
    const step = width / months.length;
    months.forEach((month, i) => {
      const count = counts[month] || 0;
      const h = count ? Math.max(2, ((height - bottom - 4) * count) / max) : 0;
      const bar = document.createElementNS(ns, "rect");
      bar.setAttribute("x", String(i * step + step * 0.1));
      bar.setAttribute("width", String(Math.max(1, step * 0.8)));
      bar.setAttribute("y", String(height - bottom - h));
      bar.setAttribute("height", String(h));
      bar.setAttribute("class", count ? "bar" : "bar empty");
      bar.dataset.month = month;
      const title = document.createElementNS(ns, "title");
      title.textContent = `${month}: ${count} incident(s)`;
      bar.append(title);
      if (count) bar.addEventListener("click", () => pickMonth(month));
      svg.append(bar);
    });
    for (const [i, anchor] of [
      [0, "start"],
      [months.length - 1, "end"],
    ]) {
      const label = document.createElementNS(ns, "text");
      label.setAttribute("x", String(anchor === "start" ? 0 : width));
      label.setAttribute("y", String(height - 4));
      label.setAttribute("text-anchor", anchor);
      label.setAttribute("class", "axis");
      label.textContent = months[i];
      svg.append(label);
    }
    const top = document.createElementNS(ns, "text");
    top.setAttribute("x", String(width / 2));
    top.setAttribute("y", "10");
    top.setAttribute("text-anchor", "middle");
    top.setAttribute("class", "axis");
    top.textContent = `max ${max}/month`;
    svg.append(top);
    box.append(svg);
  }

  function pickMonth(month) {
    const [y, m] = month.split("-").map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    form.elements.since.value = `${month}-01`;
    form.elements.until.value = `${month}-${String(last).padStart(2, "0")}`;
    state.offset = 0;
    load(true);
  }

  // --- table ------------------------------------------------------------------------------------------

  function actorsText(incident) {
    return incident.actors
      .slice(0, 3)
      .map((a) => `${a.name} (${a.role})`)
      .join("; ");
  }

  function drawTable(body) {
    const tbody = clear(document.querySelector("#incidents tbody"));
    for (const incident of body.incidents) {
      const corrected = incident.corrections && incident.corrections.length;
      const link = el("a", { href: `/incident/${encodeURIComponent(incident.id)}` }, incident.summary || incident.sub_event_type);
      tbody.append(
        el(
          "tr",
          { dataset: { id: incident.id } },
          el("td", { className: "nowrap" }, dateText(incident.date)),
          el("td", {}, el("span", { className: "type" }, incident.event_type), el("br"), incident.sub_event_type),
          el("td", {}, incident.status),
          el("td", {}, placeText(incident.location) || "unplaced"),
          el("td", {}, actorsText(incident)),
          el("td", { className: "num" }, countText(incident.fatalities.killed)),
          el("td", {}, link, corrected ? el("span", { className: "badge", title: "corrected by an analyst" }, "corrected") : null),
          el("td", { className: "num" }, String(incident.sources.length)),
          el("td", { className: "num" }, incident.confidence.toFixed(2)),
        ),
      );
    }
    const first = body.total ? body.offset + 1 : 0;
    const last = body.offset + body.incidents.length;
    document.getElementById("page").textContent = `${first}–${last} of ${body.total}`;
    document.getElementById("prev").disabled = body.offset <= 0;
    document.getElementById("next").disabled = last >= body.total;
  }

  function drawExports(params) {
    const box = clear(document.getElementById("exports"));
    const formats = state.vocabulary ? state.vocabulary.export_formats : [];
    formats.forEach((fmt, i) => {
      const query = params.toString();
      box.append(el("a", { href: `/api/export/${fmt}${query ? `?${query}` : ""}`, download: true }, fmt));
      if (i < formats.length - 1) box.append(" · ");
    });
  }

  function drawByType(stats) {
    const list = clear(document.getElementById("by-type"));
    const entries = Object.entries(stats.by_type).sort((a, b) => b[1] - a[1]);
    for (const [type, count] of entries) {
      const link = el("a", { href: `/?type=${encodeURIComponent(type)}` }, type);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        form.elements.type.value = type;
        fillSubTypes("");
        state.offset = 0;
        load(true);
      });
      list.append(el("li", {}, link, ` ${count}`));
    }
  }

  // --- loading ----------------------------------------------------------------------------------------

  let generation = 0;

  async function load(fit) {
    const mine = ++generation;
    const params = filterParams();
    writeUrl(params);
    const page = new URLSearchParams(params);
    page.set("limit", String(PAGE));
    page.set("offset", String(state.offset));
    try {
      const [body, timeline] = await Promise.all([api(`/api/incidents?${page}`), api(`/api/timeline?${params}`)]);
      if (mine !== generation) return;
      errorBox.hidden = true;
      document.body.dataset.loaded = "true";
      const summary = document.getElementById("summary");
      summary.textContent = `${body.total} incident(s) match · ${state.stats.articles} articles, ${state.stats.events} incidents in the database`;
      drawMarkers(body.incidents, fit && !form.elements.in_view.checked);
      drawTimeline(timeline.months, timeline.undated);
      drawTable(body);
      drawExports(params);
    } catch (error) {
      if (mine !== generation) return;
      EW.showError(errorBox, error);
      document.body.dataset.loaded = "error";
    }
  }

  async function start() {
    try {
      [state.vocabulary, state.stats] = await Promise.all([api("/api/vocabulary"), api("/api/stats")]);
    } catch (error) {
      EW.showError(errorBox, error);
      return;
    }
    fillSelects(state.vocabulary);
    drawByType(state.stats);
    readUrl();
    await makeMap();
    form.elements.type.addEventListener("change", () => fillSubTypes());
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      state.offset = 0;
      load(true);
    });
    form.elements.in_view.addEventListener("change", () => {
      state.offset = 0;
      load(false);
    });
    document.getElementById("clear-filters").addEventListener("click", () => {
      form.reset();
      fillSubTypes("");
      state.offset = 0;
      load(true);
    });
    document.getElementById("prev").addEventListener("click", () => {
      state.offset = Math.max(0, state.offset - PAGE);
      load(false);
    });
    document.getElementById("next").addEventListener("click", () => {
      state.offset += PAGE;
      load(false);
    });
    await load(true);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
