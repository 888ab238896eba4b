// copydesk playground: send a dump to POST /v1/process and show what the pipeline did to it.
// Plain script, no build step, no dependencies. window.copydesk.render(result, rawText) draws
// a result without a request (the browser tests use it with canned results).
(function () {
  "use strict";

  const ENTITY_TYPES = [
    ["PERSON", "people"],
    ["ORG", "organisations"],
    ["GPE", "countries, cities, states"],
    ["LOC", "other places"],
    ["NORP", "nationalities, groups"],
    ["FAC", "buildings, facilities"],
    ["OTHER", "other types"],
  ];
  const KNOWN_TYPES = new Set(ENTITY_TYPES.map((t) => t[0]));
  const REASONS = {
    repeated_title: "the headline printed again",
    repeated_caption: "a photo caption printed again",
    repeated_line: "a line repeated within its article",
    boilerplate: "site chrome",
    separator: "a rule such as ---",
    field_label: "a CMS field label without content",
    dateline: "a dateline prefix moved into the dateline",
    credit: "a photo credit split off its caption",
    byline: "a byline moved into the byline",
  };
  const SPAN_COLOURS = 6;

  // ---- small DOM helpers (textContent only: the dump is untrusted text) ----

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function $(id) {
    return document.getElementById(id);
  }

  function typeOf(entity) {
    return KNOWN_TYPES.has(entity.type) ? entity.type : "OTHER";
  }

  function entityTitle(entity) {
    const ids = Object.entries(entity.ids || {}).map(([k, v]) => `${k}:${v}`);
    return [entity.name, entity.type, ...ids].join(" · ");
  }

  function linesLabel(first, last) {
    return last && last !== first ? `lines ${first}–${last}` : `line ${first}`;
  }

  // ---- code points: every offset in a result counts code points, JS strings count UTF-16 ----

  function codePoints(text) {
    return Array.from(text);
  }

  function sliceCodePoints(cps, start, end) {
    return cps.slice(Math.max(0, start), Math.min(cps.length, end)).join("");
  }

  // ---- entity highlighting inside cleaned strings (titles, captions, paragraphs) ----

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // Cleaning may fold quotes and rejoin lines: match those loosely, everything else exactly.
  function surfacePattern(surface) {
    const words = surface.split(/\s+/).map((word) =>
      escapeRegExp(word).replace(/['‘’]/g, "['‘’]").replace(/["“”]/g, '["“”]'),
    );
    return new RegExp(`(?<![\\p{L}\\p{N}])${words.join("\\s+")}(?![\\p{L}\\p{N}])`, "gu");
  }

  // Mention offsets point into the raw text; paragraphs are cleaned copies, so each mention is
  // found again by its surface text (the raw code points it covers), as a whole word.
  function surfaceMatchers(article, cps) {
    const seen = new Map();
    for (const entity of (article.tags && article.tags.entities) || []) {
      for (const mention of entity.mentions || []) {
        const surface = sliceCodePoints(cps, mention.start, mention.end).trim();
        if (surface && !seen.has(surface)) seen.set(surface, entity);
      }
    }
    return [...seen.entries()]
      .sort((a, b) => b[0].length - a[0].length)
      .map(([surface, entity]) => ({ entity, pattern: surfacePattern(surface) }));
  }

  function entityMark(text, entity) {
    const type = typeOf(entity);
    return el("mark", {
      class: `ent ent-${type}`,
      "data-type": entity.type,
      "data-name": entity.name,
      title: entityTitle(entity),
      text,
    });
  }

  function highlighted(text, matchers) {
    const fragment = document.createDocumentFragment();
    const found = [];
    for (const { entity, pattern } of matchers) {
      pattern.lastIndex = 0;
      for (const match of text.matchAll(pattern)) {
        found.push({ start: match.index, end: match.index + match[0].length, entity });
      }
    }
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    let at = 0;
    for (const hit of found) {
      if (hit.start < at) continue; // overlaps a longer or earlier one
      if (hit.start > at) fragment.append(text.slice(at, hit.start));
      fragment.append(entityMark(text.slice(hit.start, hit.end), hit.entity));
      at = hit.end;
    }
    if (at < text.length) fragment.append(text.slice(at));
    return fragment;
  }

  // ---- the article cards ----

  function chip(label, attrs) {
    return el("li", Object.assign({ class: "chip" }, attrs || {}), label);
  }

  function tagBlock(title, items) {
    if (!items.length) return null;
    return el("div", { class: "tag-block" }, el("h4", { text: title }), el("ul", { class: "chips" }, ...items));
  }

  function renderTags(tags) {
    const entities = [...(tags.entities || [])].sort((a, b) => b.salience - a.salience);
    const entityChips = entities.map((entity) =>
      chip(
        el(
          "span",
          {},
          el("span", { class: `swatch ent-${typeOf(entity)}`, "aria-hidden": "true" }),
          `${entity.name} `,
          el("span", { class: "chip-detail", text: `${entity.type} ×${entity.count}` }),
        ),
        { title: entityTitle(entity), "data-type": entity.type },
      ),
    );
    const topics = (tags.topics || []).map((topic) =>
      chip(topic.label, { title: `${topic.code} · score ${Number(topic.score).toFixed(2)}` }),
    );
    const keywords = (tags.keywords || []).map((keyword) =>
      chip(keyword.text, { title: `score ${Number(keyword.score).toFixed(3)}` }),
    );
    const agencies = (tags.agencies || []).map((agency) => chip(agency));
    return el(
      "div",
      { class: "tags" },
      tagBlock("Entities", entityChips),
      tagBlock("Topics", topics),
      tagBlock("Keywords", keywords),
      tagBlock("Agencies", agencies),
      tags.skipped ? el("p", { class: "hint", text: `Tagging skipped: ${tags.skipped}` }) : null,
      tags.topics_withheld ? el("p", { class: "hint", text: `No topic: ${tags.topics_withheld}` }) : null,
    );
  }

  // isMain: the result's main_article, the page's own story (marked when there are others)
  function renderCard(article, cps, duplicatesOf, isMain) {
    const k = article.index;
    const matchers = surfaceMatchers(article, cps);
    const titleId = `article-${k}-title`;
    const meta = [];
    if (article.byline) meta.push(el("span", { class: "byline" }, "By ", article.byline));
    if (article.dateline) meta.push(el("span", { class: "dateline", text: `Dateline: ${article.dateline}` }));
    const spanLabel = `${linesLabel(article.span.line_start, article.span.line_end)} · ${article.word_count} words · ${article.language}${isMain ? " · main story" : ""}`;
    const card = el(
      "article",
      { class: `card span-${k % SPAN_COLOURS}`, id: `article-${k}`, "aria-labelledby": titleId },
      el(
        "header",
        {},
        el("p", { class: "card-no" }, `Article ${k + 1}`, el("span", { class: "hint", text: ` · ${spanLabel}` })),
        el("h3", { id: titleId }, article.title ? highlighted(article.title, matchers) : el("em", { text: "(no title)" })),
        meta.length ? el("p", { class: "meta" }, ...meta.flatMap((m, i) => (i ? [" · ", m] : [m]))) : null,
        el("button", { type: "button", class: "link-button", "data-goto": k }, "Show span in raw input"),
      ),
    );
    for (const image of article.images || []) {
      card.append(
        el(
          "figure",
          { class: "image" },
          el(
            "figcaption",
            {},
            el("span", { class: "image-label", text: "Image: " }),
            highlighted(image.caption, matchers),
            image.credit ? el("span", { class: "credit", text: ` — credit: ${image.credit}` }) : null,
          ),
        ),
      );
    }
    const body = el("div", { class: "body" });
    const sections = article.sections && article.sections.length
      ? article.sections
      : [{ heading: null, paragraphs: article.paragraphs || [] }];
    for (const section of sections) {
      if (section.heading) body.append(el("h4", { class: "section-heading" }, highlighted(section.heading, matchers)));
      for (const paragraph of section.paragraphs) body.append(el("p", {}, highlighted(paragraph, matchers)));
    }
    card.append(body);
    card.append(renderTags(article.tags || {}));
    const folded = duplicatesOf.get(k) || [];
    if (folded.length) {
      card.append(el("p", { class: "hint", text: `${folded.length} cop${folded.length === 1 ? "y" : "ies"} folded into this article (see Folded duplicates).` }));
    }
    if (article.seen_before) {
      const when = new Date(article.seen_before.first_seen * 1000).toISOString();
      card.append(el("p", { class: "hint", text: `Seen before at ${when} (${article.seen_before.content_hash})` }));
    }
    return card;
  }

  // ---- panels ----

  function renderDuplicates(result) {
    const box = $("duplicates");
    box.replaceChildren();
    if (!result.duplicates.length) {
      box.append(el("p", { class: "hint", text: "No copies were folded." }));
      return;
    }
    const list = el("ul", { class: "duplicates" });
    for (const dup of result.duplicates) {
      list.append(
        el(
          "li",
          {},
          el("q", { text: dup.title || "(no title)" }),
          ` (${linesLabel(dup.span.line_start, dup.span.line_end)}) — `,
          el("a", { href: `#article-${dup.duplicate_of}`, text: `folded into article ${dup.duplicate_of + 1}` }),
          `, ${dup.kind}, ${Number(dup.similarity).toFixed(2)}`,
          dup.fuller ? el("strong", { text: " · this copy is fuller" }) : null,
          dup.document ? ` · from document ${dup.document}` : null,
        ),
      );
    }
    box.append(list);
  }

  function renderRemoved(result) {
    const box = $("removed");
    box.replaceChildren();
    if (!result.removed.length) {
      box.append(el("p", { class: "hint", text: "No lines were removed." }));
      return;
    }
    const rows = result.removed.map((r) =>
      el(
        "tr",
        { "data-line": r.line, "data-line-end": r.line_end || r.line, "data-reason": r.reason },
        el("td", { class: "num", text: r.line_end && r.line_end !== r.line ? `${r.line}–${r.line_end}` : String(r.line) }),
        el("td", { class: "removed-text", text: r.text }),
        el("td", {}, el("span", { class: "reason", title: REASONS[r.reason] || "", text: r.reason })),
      ),
    );
    box.append(
      el(
        "table",
        { class: "removed-table" },
        el("caption", { class: "visually-hidden", text: "Lines removed from the input, with the reason" }),
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Line" }), el("th", { scope: "col", text: "Text" }), el("th", { scope: "col", text: "Reason" }))),
        el("tbody", {}, ...rows),
      ),
    );
  }

  function resultsLink(result, options) {
    const query = new URLSearchParams();
    if (options) {
      if (options.dedupe) query.set("dedupe", options.dedupe);
      if (options.near_threshold !== undefined) query.set("near_threshold", String(options.near_threshold));
      if (options.tags) query.set("tags", options.tags.join(","));
    }
    const qs = query.toString();
    return `/v1/results/${result.content_hash}${qs ? `?${qs}` : ""}`;
  }

  function renderSummary(result, meta) {
    const s = result.stats;
    const items = [
      ["Articles", s.articles],
      ["Duplicates", s.duplicates],
      ["Removed lines", s.removed_lines],
      ["Input", `${s.lines} lines, ${s.input_chars.toLocaleString("en")} characters`],
      ["Pipeline time", `${Number(s.elapsed_ms).toFixed(1)} ms`],
    ];
    if (meta.roundTripMs !== undefined) items.push(["Round trip", `${meta.roundTripMs.toFixed(0)} ms`]);
    items.push(["X-Cache", meta.cache || "—"]);
    items.push(["Pipeline version", result.pipeline_version]);
    const list = el("dl", { class: "stats" });
    for (const [term, value] of items) {
      list.append(el("div", {}, el("dt", { text: term }), el("dd", { text: String(value), "data-stat": term })));
    }
    list.append(
      el(
        "div",
        { class: "hash" },
        el("dt", { text: "Content hash" }),
        el(
          "dd",
          {},
          el("a", { href: resultsLink(result, meta.options), id: "result-link", text: result.content_hash }),
          document.body.dataset.keysRequired === "true" ? el("span", { class: "hint", text: " (opening it needs the API key as a header)" }) : null,
        ),
      ),
    );
    $("summary").replaceChildren(list);
  }

  function renderLegend() {
    $("legend").replaceChildren(
      el("span", { class: "legend-title", text: "Entities:" }),
      ...ENTITY_TYPES.map(([type, what]) =>
        el("span", { class: "legend-item" }, el("span", { class: `swatch ent-${type}`, "aria-hidden": "true" }), `${type} `, el("span", { class: "hint", text: what })),
      ),
    );
  }

  // ---- the raw view: layers of code point ranges over the exact input ----

  function rawRanges(result, cps) {
    const ranges = [];
    for (const article of result.articles) {
      const k = article.index;
      ranges.push({ start: article.span.start, end: article.span.end, cls: `art span-${k % SPAN_COLOURS}`, title: `article ${k + 1}`, article: k });
      for (const entity of (article.tags && article.tags.entities) || []) {
        for (const m of entity.mentions || []) {
          ranges.push({ start: m.start, end: m.end, cls: `ent ent-${typeOf(entity)}`, title: entityTitle(entity), type: entity.type });
        }
      }
    }
    result.duplicates.forEach((dup, i) => {
      ranges.push({ start: dup.span.start, end: dup.span.end, cls: "dup", title: `duplicate ${i + 1}: folded into article ${dup.duplicate_of + 1} (${dup.kind})`, duplicate: i });
    });
    for (const r of result.removed) {
      ranges.push({ start: r.start, end: r.end, cls: "rm", title: `removed: ${r.reason}` });
    }
    return ranges
      .map((r) => Object.assign(r, { start: Math.max(0, r.start), end: Math.min(cps.length, r.end) }))
      .filter((r) => r.end > r.start);
  }

  function renderRaw(result, cps) {
    const pre = $("raw");
    const ranges = rawRanges(result, cps);
    const points = new Set([0, cps.length]);
    for (const r of ranges) {
      points.add(r.start);
      points.add(r.end);
    }
    const bounds = [...points].sort((a, b) => a - b);
    const byStart = new Map();
    for (const r of ranges) {
      if (!byStart.has(r.start)) byStart.set(r.start, []);
      byStart.get(r.start).push(r);
    }
    const fragment = document.createDocumentFragment();
    let active = [];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const [a, b] = [bounds[i], bounds[i + 1]];
      active = active.filter((r) => r.end > a).concat(byStart.get(a) || []);
      for (const r of byStart.get(a) || []) {
        if (r.article !== undefined) fragment.append(el("span", { class: `span-label span-${r.article % SPAN_COLOURS}`, id: `raw-article-${r.article}`, tabindex: "-1", text: `article ${r.article + 1}` }));
        if (r.duplicate !== undefined) fragment.append(el("span", { class: "span-label dup-label", text: `duplicate → article ${result.duplicates[r.duplicate].duplicate_of + 1}` }));
      }
      const text = cps.slice(a, b).join("");
      if (!active.length) {
        fragment.append(text);
        continue;
      }
      const attrs = { class: active.map((r) => r.cls).join(" "), title: active.map((r) => r.title).join("\n") };
      const entity = active.find((r) => r.type);
      if (entity) attrs["data-type"] = entity.type;
      fragment.append(el("span", attrs, text));
    }
    pre.replaceChildren(fragment);
  }

  // ---- entry points ----

  function render(result, rawText, meta) {
    meta = meta || {};
    const cps = codePoints(rawText);
    const duplicatesOf = new Map();
    for (const dup of result.duplicates) {
      if (!duplicatesOf.has(dup.duplicate_of)) duplicatesOf.set(dup.duplicate_of, []);
      duplicatesOf.get(dup.duplicate_of).push(dup);
    }
    hideError();
    renderSummary(result, meta);
    renderLegend();
    const several = result.articles.length > 1;
    $("cards").replaceChildren(
      ...result.articles.map((a) => renderCard(a, cps, duplicatesOf, several && a.index === result.main_article)),
    );
    renderDuplicates(result);
    renderRemoved(result);
    renderRaw(result, cps);
    $("results").hidden = false;
    document.body.dataset.rendered = String(Date.now());
  }

  function hideError() {
    const box = $("error");
    box.hidden = true;
    box.replaceChildren();
  }

  function showError(title, detail, errors) {
    const box = $("error");
    box.replaceChildren(
      el("h2", { text: title }),
      detail ? el("p", { text: detail }) : null,
      errors && errors.length ? el("ul", {}, ...errors.map((e) => el("li", {}, el("code", { text: e.field }), `: ${e.message}`))) : null,
    );
    box.hidden = false;
  }

  async function showProblem(response) {
    const text = await response.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch (_) {
      body = null;
    }
    if (body && typeof body === "object" && body.title) {
      showError(`${body.status || response.status} ${body.title}`, body.detail, body.errors);
    } else {
      showError(`${response.status} ${response.statusText || "Error"}`, text.slice(0, 300));
    }
    if (response.status === 401) {
      $("key-field").hidden = false;
      $("api-key").focus();
    }
  }

  const state = { fileText: null, fileName: null };

  function readOptions(form) {
    const options = { dedupe: form.querySelector("input[name=dedupe]:checked").value };
    const threshold = $("near-threshold").value.trim();
    if (threshold !== "") options.near_threshold = Number(threshold);
    options.tags = [...form.querySelectorAll("input[name=tags]:checked")].map((box) => box.value);
    return options;
  }

  async function submit(event) {
    if (event) event.preventDefault();
    const form = $("process-form");
    const text = state.fileText !== null ? state.fileText : $("dump-text").value;
    if (!text) {
      showError("Nothing to process", "Paste a dump or open a text file first.");
      $("dump-text").focus();
      return;
    }
    const options = readOptions(form);
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const key = $("api-key").value.trim();
    if (key) headers["X-API-Key"] = key;
    const button = $("process-button");
    button.disabled = true;
    $("status").textContent = "Processing…";
    $("results").setAttribute("aria-busy", "true");
    const started = performance.now();
    try {
      const response = await fetch("/v1/process", { method: "POST", headers, body: JSON.stringify({ text, options }) });
      if (!response.ok) {
        await showProblem(response);
        $("status").textContent = `Failed: HTTP ${response.status}`;
        return;
      }
      const result = await response.json();
      render(result, text, {
        cache: response.headers.get("X-Cache"),
        requestId: response.headers.get("X-Request-ID"),
        roundTripMs: performance.now() - started,
        options,
      });
      $("status").textContent = `Processed: ${result.articles.length} article(s), ${result.duplicates.length} duplicate(s), ${result.removed.length} removed line entr${result.removed.length === 1 ? "y" : "ies"}.`;
      $("results").focus();
    } catch (error) {
      showError("The request failed", String(error && error.message ? error.message : error));
      $("status").textContent = "Failed.";
    } finally {
      button.disabled = false;
      $("results").removeAttribute("aria-busy");
    }
  }

  async function loadFile(file) {
    const text = await file.text();
    state.fileText = text;
    state.fileName = file.name;
    $("dump-text").value = text;
    $("file-status").textContent = `${file.name}: ${codePoints(text).length.toLocaleString("en")} characters, sent exactly as read (edit the box to send its text instead).`;
  }

  function goToSpan(k) {
    const label = $(`raw-article-${k}`);
    if (!label) return;
    label.scrollIntoView({ block: "start" });
    label.focus({ preventScroll: true });
  }

  function init() {
    const form = $("process-form");
    const area = $("dump-text");
    form.addEventListener("submit", submit);
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(event);
    });
    area.addEventListener("input", () => {
      if (state.fileText !== null) {
        state.fileText = null;
        $("file-status").textContent = `Edited: sending the text box, not ${state.fileName}.`;
      }
    });
    area.addEventListener("dragover", (event) => {
      if (event.dataTransfer && [...event.dataTransfer.types].includes("Files")) {
        event.preventDefault();
        area.classList.add("dragging");
      }
    });
    area.addEventListener("dragleave", () => area.classList.remove("dragging"));
    area.addEventListener("drop", (event) => {
      area.classList.remove("dragging");
      const file = event.dataTransfer && event.dataTransfer.files[0];
      if (file) {
        event.preventDefault();
        loadFile(file);
      }
    });
    $("dump-file").addEventListener("change", (event) => {
      const file = event.target.files[0];
      if (file) loadFile(file);
    });
    $("cards").addEventListener("click", (event) => {
      const button = event.target.closest("button[data-goto]");
      if (button) goToSpan(Number(button.dataset.goto));
    });
    for (const [box, cls] of [["show-spans", "show-spans"], ["show-removed", "show-removed"], ["show-entities", "show-entities"]]) {
      $(box).addEventListener("change", (event) => $("raw").classList.toggle(cls, event.target.checked));
    }
    document.body.dataset.ready = "true";
  }

  window.copydesk = { render, submit, codePoints, sliceCodePoints };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
