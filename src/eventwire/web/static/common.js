// Shared by the dashboard and the incident page. Everything an article supplies (text, titles, outlets,
// names, URLs) is untrusted: elements are built with el(), which sets text with textContent and never
// parses markup. No innerHTML anywhere in eventwire's pages.
"use strict";

const EW = (() => {
  /** An element with attributes (strings only, never event handlers) and children (nodes or text). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on")) throw new Error("el(): no inline handlers");
      if (key === "className") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /** A link only for http(s) URLs; anything else (javascript:, data:) is shown as plain text. */
  function safeUrl(url) {
    if (!url) return null;
    try {
      const parsed = new URL(url, window.location.href);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (_) {
      return null;
    }
  }

  function externalLink(url, label) {
    const href = safeUrl(url);
    if (!href) return el("span", { className: "url-text" }, label || url || "");
    return el("a", { href, rel: "noopener noreferrer nofollow", target: "_blank", className: "external" }, label || href);
  }

  class ApiError extends Error {
    constructor(body, status) {
      super((body && body.error) || `HTTP ${status}`);
      this.body = body;
      this.status = status;
    }
  }

  /** GET or POST JSON; the API's one error shape becomes an ApiError carrying it. */
  async function api(path, options) {
    const response = await fetch(path, Object.assign({ headers: { Accept: "application/json" } }, options || {}));
    let body = null;
    try {
      body = await response.json();
    } catch (_) {
      body = null;
    }
    if (!response.ok || !body || body.ok === false) throw new ApiError(body, response.status);
    return body;
  }

  function dateText(date) {
    if (!date || (!date.start && !date.end)) return "undated";
    if (date.start && date.end && date.start !== date.end) return `${date.start} – ${date.end}`;
    return date.start || date.end;
  }

  function countText(count) {
    if (!count) return "";
    const { low, best, high } = count;
    if (best !== null && best !== undefined) {
      return low !== null && high !== null && (low !== best || high !== best) ? `${best} (${low}–${high})` : String(best);
    }
    if (low !== null && low !== undefined) return high !== null && high !== undefined ? `${low}–${high}` : `≥${low}`;
    return "";
  }

  function placeText(location) {
    if (!location) return "";
    return [location.name, location.admin1, location.country].filter(Boolean).join(", ");
  }

  /** GeoJSON features of a TopoJSON object (the format of the shipped Natural Earth basemap). */
  function topoFeatures(topology, name) {
    const { scale, translate } = topology.transform;
    const arcs = topology.arcs.map((arc) => {
      let x = 0;
      let y = 0;
      return arc.map(([dx, dy]) => {
        x += dx;
        y += dy;
        return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
      });
    });
    const arcPoints = (index) => (index < 0 ? arcs[~index].slice().reverse() : arcs[index]);
    const ring = (indexes) => {
      const points = [];
      indexes.forEach((index, i) => {
        const part = arcPoints(index);
        points.push(...(i ? part.slice(1) : part));
      });
      // Rings cut at the antimeridian (Fiji, Russia) would be drawn straight across the world:
      // unwrap their longitudes past ±180 instead, which Leaflet draws off the edge.
      for (let k = 1; k < points.length; k += 1) {
        let [x, y] = points[k];
        while (x - points[k - 1][0] > 180) x -= 360;
        while (x - points[k - 1][0] < -180) x += 360;
        points[k] = [x, y];
      }
      return points;
    };
    const geometry = (g) => {
      if (g.type === "Polygon") return { type: "Polygon", coordinates: g.arcs.map(ring) };
      if (g.type === "MultiPolygon") return { type: "MultiPolygon", coordinates: g.arcs.map((p) => p.map(ring)) };
      return null;
    };
    return topology.objects[name].geometries
      .map((g) => ({ type: "Feature", id: g.id, properties: g.properties || {}, geometry: geometry(g) }))
      .filter((f) => f.geometry);
  }

  function showError(container, error) {
    clear(container);
    container.hidden = false;
    container.append(el("strong", {}, "Error: "), error.message);
    const problems = (error.body && error.body.errors) || [];
    if (problems.length) {
      const list = el("ul");
      for (const p of problems) {
        const allowed = p.allowed && p.allowed.length ? ` — allowed: ${p.allowed.slice(0, 30).join(", ")}` : "";
        list.append(el("li", {}, `${p.field || ""}: ${p.message}${allowed}`));
      }
      container.append(list);
    }
  }

  return { el, append, clear, safeUrl, externalLink, api, ApiError, dateText, countText, placeText, topoFeatures, showError };
})();
