// The incident page: every field beside the sentences that support it, each source's text with its
// evidence and the field's words highlighted, links to the original URLs, and the correction form.
// Article text is untrusted: it is cut into text segments and set with textContent, never parsed as HTML.
"use strict";

(() => {
  const { el, clear, api, dateText, countText, placeText, externalLink } = EW;
  const incidentId = decodeURIComponent(window.location.pathname.split("/").filter(Boolean).pop() || "");
  const NUMERIC = /^(location\.(lat|lon)|fatalities\.(killed|wounded)\.(low|best|high))$/;
  const state = { incident: null, articles: [], vocabulary: null };

  // --- the fields of the record, with the words in the text that support each -------------------------

  function get(record, path) {
    return path.split(".").reduce((node, part) => (node === null || node === undefined ? null : node[part]), record);
  }

  // Fields that the incident as a whole supports: with no words of their own, all its evidence is shown.
  const WHOLE_EVENT = new Set(["type", "attack", "status"]);

  /** [key, label, value text, mention texts, corrected paths] for each field shown. */
  function fieldRows(ev) {
    const rows = [
      ["type", "Event type", `${ev.event_type} › ${ev.sub_event_type}`, [], ["event_type", "sub_event_type"]],
      ["attack", "Attack type (GTD)", ev.attack_type || "", ev.weapons.map((w) => w.text), ["attack_type"]],
      ["status", "Status", ev.status, [], ["status"]],
      ["date", "Date", `${dateText(ev.date)} (${ev.date.precision})`, [ev.date.text], ["date.start", "date.end", "date.precision"]],
      [
        "location",
        "Place",
        `${placeText(ev.location) || "unplaced"} (${ev.location.precision})` +
          (ev.location.lat !== null ? ` ${ev.location.lat}, ${ev.location.lon}` : ""),
        [ev.location.text, ev.location.name],
        ["location.name", "location.admin1", "location.country", "location.lat", "location.lon", "location.precision"],
      ],
    ];
    ev.actors.forEach((actor, i) => {
      const type = actor.type ? `, ${actor.type}` : "";
      const certainty = actor.certainty ? `, ${actor.certainty}` : "";
      rows.push([`actor${i}`, `Actor: ${actor.role}`, `${actor.name}${type}${certainty}`, [actor.text, actor.name], []]);
    });
    ev.weapons.forEach((weapon, i) => rows.push([`weapon${i}`, "Weapon", weapon.name, [weapon.text], []]));
    for (const kind of ["killed", "wounded"]) {
      const count = ev.fatalities[kind];
      const paths = ["low", "best", "high"].map((bound) => `fatalities.${kind}.${bound}`);
      rows.push([kind, kind[0].toUpperCase() + kind.slice(1), countText(count) || "not reported", [count.text], paths]);
    }
    if (ev.media) {
      const m = ev.media;
      const parts = [m.medium, m.outlet, m.platform, m.language, m.duration_minutes ? `${m.duration_minutes} min` : null];
      const threatened = m.threatened.length ? ` — threatens ${m.threatened.join(", ")}` : "";
      rows.push(["media", "Release", parts.filter(Boolean).join(", ") + threatened, [m.text], []]);
    }
    rows.push(["summary", "Summary", ev.summary, [], ["summary"]]);
    rows.push(["confidence", "Confidence", ev.confidence.toFixed(2), [], []]);
    return rows.map(([key, label, value, mentions, paths]) => ({
      key,
      label,
      value,
      mentions: [...new Set(mentions.filter((m) => m && m.trim().length > 1))],
      paths,
      wholeEvent: WHOLE_EVENT.has(key),
    }));
  }

  // --- locating mentions and supporting sentences -----------------------------------------------------

  function occurrences(text, needle) {
    const found = [];
    if (!needle) return found;
    const hay = text.toLowerCase();
    const want = needle.toLowerCase();
    let at = hay.indexOf(want);
    while (at !== -1) {
      found.push([at, at + want.length]);
      at = hay.indexOf(want, at + want.length);
    }
    return found;
  }

  function sentenceAround(text, start, end) {
    const before = text.slice(0, start);
    const from = Math.max(before.lastIndexOf(". "), before.lastIndexOf("\n"), before.lastIndexOf("? "), before.lastIndexOf("! "));
    const after = text.slice(end).search(/[.!?](\s|$)|\n/);
    let begin = from === -1 ? 0 : from + 1;
    while (begin < start && /\s/.test(text[begin])) begin += 1;
    return [begin, after === -1 ? text.length : end + after + 1];
  }

  /** For one field: [{article, start, end, mentions: [[s, e]]}] — the evidence sentences that contain one
   * of its mentions, else the sentence of the article around the first mention; type and status, which
   * have no words of their own, are supported by all of the incident's evidence. */
  function supporting(field) {
    const ev = state.incident;
    const found = [];
    if (!field.mentions.length && !field.wholeEvent) return found;
    for (const article of state.articles) {
      const spans = ev.evidence.filter((e) => e.article_id === article.id);
      for (const span of spans) {
        const inside = field.mentions.flatMap((m) => occurrences(span.text, m));
        if (inside.length || !field.mentions.length) {
          found.push({ article, start: span.start, end: span.end, mentions: inside.map(([s, e]) => [span.start + s, span.start + e]) });
        }
      }
    }
    if (found.length || !field.mentions.length) return found;
    for (const article of state.articles) {
      for (const mention of field.mentions) {
        const [first] = occurrences(article.text, mention);
        if (!first) continue;
        const [start, end] = sentenceAround(article.text, first[0], first[1]);
        found.push({ article, start, end, mentions: [first] });
        break;
      }
    }
    return found;
  }

  /** Text nodes and <mark>s for text[start:end] with the given [s, e] ranges marked (textContent only). */
  function markedText(text, start, end, ranges, className) {
    const nodes = [];
    let at = start;
    for (const [s, e] of ranges.filter(([s, e]) => s >= start && e <= end).sort((a, b) => a[0] - b[0])) {
      if (s < at) continue;
      nodes.push(text.slice(at, s));
      nodes.push(el("mark", { className }, text.slice(s, e)));
      at = e;
    }
    nodes.push(text.slice(at, end));
    return nodes;
  }

  // --- rendering ----------------------------------------------------------------------------------------

  function correctionsOf(paths) {
    return (state.incident.corrections || []).filter((c) => paths.includes(c.field));
  }

  function valueCell(field) {
    const cell = el("td", { className: "value" }, field.value);
    for (const c of correctionsOf(field.paths)) {
      cell.append(
        el(
          "div",
          { className: "corrected" },
          el("span", { className: "badge" }, "corrected"),
          ` ${c.field}: machine said ${JSON.stringify(c.machine_value)}`,
          c.note ? ` — “${c.note}”` : "",
          c.corrected_at ? ` (${c.corrected_at.slice(0, 16).replace("T", " ")})` : "",
        ),
      );
    }
    return cell;
  }

  function drawFields() {
    const tbody = clear(document.querySelector("#fields tbody"));
    for (const field of fieldRows(state.incident)) {
      const list = el("ul", { className: "support" });
      for (const s of supporting(field)) {
        list.append(
          el(
            "li",
            {},
            el("q", {}, markedText(s.article.text, s.start, s.end, s.mentions, "mention")),
            " ",
            el("span", { className: "outlet" }, `— ${s.article.outlet || "unknown outlet"}`),
          ),
        );
      }
      if (!list.children.length) {
        const why = field.mentions.length ? "its words are not in the stored sources" : "no words of its own in the sources";
        list.append(el("li", { className: "note" }, why));
      }
      const row = el("tr", { dataset: { field: field.key }, tabindex: "0" }, el("th", { scope: "row" }, field.label), valueCell(field), el("td", {}, list));
      row.addEventListener("click", () => highlight(field.key));
      row.addEventListener("keydown", (event) => {
        if (event.key === "Enter") highlight(field.key);
      });
      tbody.append(row);
    }
  }

  /** Each source's text cut at every evidence and mention boundary; segments carry their fields. */
  function drawSources() {
    const box = clear(document.getElementById("sources"));
    const fields = fieldRows(state.incident);
    for (const article of state.articles) {
      const source = state.incident.sources.find((s) => s.article_id === article.id) || {};
      const ranges = [];
      for (const e of state.incident.evidence.filter((e) => e.article_id === article.id)) ranges.push([e.start, e.end, "evidence"]);
      for (const field of fields) {
        for (const mention of field.mentions) {
          for (const [s, e] of occurrences(article.text, mention)) ranges.push([s, e, field.key]);
        }
      }
      const cuts = [...new Set([0, article.text.length, ...ranges.flatMap(([s, e]) => [s, e])])].sort((a, b) => a - b);
      const body = el("div", { className: "article-text" });
      for (let i = 0; i + 1 < cuts.length; i += 1) {
        const [s, e] = [cuts[i], cuts[i + 1]];
        const covering = ranges.filter(([rs, re]) => rs <= s && re >= e);
        const chunk = article.text.slice(s, e);
        if (!covering.length) {
          body.append(chunk);
          continue;
        }
        const keys = covering.map(([, , key]) => key).filter((k) => k !== "evidence");
        const isEvidence = covering.some(([, , key]) => key === "evidence");
        const classes = ["seg", isEvidence ? "evidence" : "", keys.length ? "mention" : ""].filter(Boolean).join(" ");
        body.append(el("span", { className: classes, dataset: { fields: keys.join(" ") } }, chunk));
      }
      const url = source.url || article.url;
      box.append(
        el(
          "article",
          { className: "source", dataset: { article: article.id } },
          el(
            "h4",
            {},
            article.outlet || "unknown outlet",
            article.published ? ` · ${article.published}` : "",
            " · ",
            url ? externalLink(url, "original article") : el("span", { className: "note" }, "no URL"),
          ),
          article.title ? el("p", { className: "article-title" }, article.title) : null,
          url ? el("p", { className: "url print-only" }, url) : null,
          body,
        ),
      );
    }
  }

  function highlight(key) {
    for (const row of document.querySelectorAll("#fields tbody tr")) row.classList.toggle("active", row.dataset.field === key);
    let first = null;
    for (const seg of document.querySelectorAll("#sources .seg")) {
      const on = (seg.dataset.fields || "").split(" ").includes(key);
      seg.classList.toggle("active", on);
      if (on && !first) first = seg;
    }
    if (first) first.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }

  function drawHeader() {
    const ev = state.incident;
    document.title = `eventwire — ${ev.sub_event_type}, ${dateText(ev.date)}`;
    document.getElementById("title").textContent = ev.summary || ev.sub_event_type;
    document.getElementById("headline").textContent = [
      `${ev.event_type} › ${ev.sub_event_type}`,
      ev.status,
      dateText(ev.date),
      placeText(ev.location) || "unplaced",
      `${ev.sources.length} source(s)`,
      `id ${ev.id}`,
    ].join(" · ");
  }

  // --- the correction form ------------------------------------------------------------------------------

  function setupForm() {
    const form = document.getElementById("correct");
    const select = form.elements.field;
    for (const path of state.vocabulary.correctable) select.append(el("option", { value: path }, path));
    const fillValue = () => {
      const current = get(state.incident, select.value);
      form.elements.value.value = current === null || current === undefined ? "" : String(current);
      const choices = clear(document.getElementById("value-choices"));
      for (const choice of state.vocabulary.choices[select.value] || []) choices.append(el("option", { value: choice }));
    };
    select.addEventListener("change", fillValue);
    fillValue();
    const saved = window.sessionStorage.getItem("eventwire-token");
    if (saved) form.elements.token.value = saved;
    const note = document.getElementById("correct-note");
    if (!state.vocabulary.writable) {
      note.textContent = "This server is read-only (started without EVENTWIRE_API_TOKEN): corrections cannot be saved.";
      for (const field of form.elements) field.disabled = true;
      return;
    }
    note.textContent = "The machine's value is kept beside yours and every export shows both.";
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const errorBox = document.getElementById("correct-error");
      const done = document.getElementById("correct-done");
      errorBox.hidden = true;
      done.hidden = true;
      const raw = form.elements.value.value.trim();
      let value = raw === "" ? null : raw;
      if (value !== null && NUMERIC.test(select.value) && !Number.isNaN(Number(raw))) value = Number(raw);
      const token = form.elements.token.value.trim();
      window.sessionStorage.setItem("eventwire-token", token);
      try {
        const body = await api(`/api/incidents/${encodeURIComponent(incidentId)}/corrections`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${token}` },
          body: JSON.stringify({ field: select.value, value, note: form.elements.note.value.trim() || null }),
        });
        state.incident = body.incident;
        render();
        done.textContent = `Saved: ${select.value} = ${JSON.stringify(value)}.`;
        done.hidden = false;
      } catch (error) {
        EW.showError(errorBox, error);
      }
    });
  }

  function render() {
    drawHeader();
    drawFields();
    drawSources();
    document.body.dataset.loaded = "true";
  }

  async function start() {
    const view = window.sessionStorage.getItem("eventwire-view");
    if (view) document.getElementById("back").setAttribute("href", `/?${view}`);
    try {
      const [body, vocabulary] = await Promise.all([api(`/api/incidents/${encodeURIComponent(incidentId)}`), api("/api/vocabulary")]);
      state.incident = body.incident;
      state.articles = body.articles;
      state.vocabulary = vocabulary;
    } catch (error) {
      EW.showError(document.getElementById("error"), error);
      document.getElementById("title").textContent = "No such incident";
      document.body.dataset.loaded = "error";
      return;
    }
    render();
    setupForm();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
