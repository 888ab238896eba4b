// copydesk API docs: fetch /openapi.json (the same document as /openapi.yaml) and render
// its operations and schemas as plain HTML. No renderer library, nothing from elsewhere.
(function () {
  "use strict";

  const METHODS = ["get", "put", "post", "delete", "patch", "options", "head"];

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const $ = (id) => document.getElementById(id);

  // A small Markdown subset (paragraphs, `code`, **bold**, *em*), built as DOM nodes.
  function inline(text) {
    const fragment = document.createDocumentFragment();
    for (const part of text.split(/(`[^`]+`|\*\*[^*]+\*\*|\*[^*\s][^*]*\*)/)) {
      if (!part) continue;
      if (part.startsWith("`") && part.endsWith("`") && part.length > 1) fragment.append(el("code", { text: part.slice(1, -1) }));
      else if (part.startsWith("**") && part.endsWith("**") && part.length > 3) fragment.append(el("strong", { text: part.slice(2, -2) }));
      else if (part.startsWith("*") && part.endsWith("*") && part.length > 2) fragment.append(el("em", { text: part.slice(1, -1) }));
      else fragment.append(part);
    }
    return fragment;
  }

  function markdown(text) {
    if (!text) return null;
    const box = el("div", { class: "desc" });
    for (const block of String(text).trim().split(/\n\s*\n/)) {
      box.append(el("p", {}, inline(block.replace(/\s*\n\s*/g, " "))));
    }
    return box;
  }

  function refName(ref) {
    return ref.split("/").pop();
  }

  function resolve(spec, node) {
    let seen = 0;
    while (node && node.$ref && seen++ < 10) {
      node = node.$ref
        .replace(/^#\//, "")
        .split("/")
        .reduce((at, key) => (at ? at[key.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined), spec);
    }
    return node || {};
  }

  function schemaLink(ref) {
    const name = refName(ref);
    return el("a", { href: `#schema-${name}`, class: "type", text: name });
  }

  // A schema's type as text with links to the named schemas it uses.
  function typeLabel(schema) {
    const out = el("span", { class: "type" });
    if (!schema) return out;
    if (schema.$ref) {
      out.append(schemaLink(schema.$ref));
      return out;
    }
    const join = (items, word) => items.forEach((item, i) => out.append(i ? ` ${word} ` : "", typeLabel(item)));
    if (schema.oneOf) join(schema.oneOf, "or");
    else if (schema.anyOf) join(schema.anyOf, "or");
    else if (schema.allOf) join(schema.allOf, "and");
    else if (schema.const !== undefined) out.append(`const ${JSON.stringify(schema.const)}`);
    else if (schema.enum) out.append(schema.enum.map((v) => JSON.stringify(v)).join(" | "));
    else {
      const types = Array.isArray(schema.type) ? schema.type : [schema.type || "any"];
      types.forEach((type, i) => {
        if (i) out.append(" | ");
        if (type === "array") out.append("array of ", typeLabel(schema.items || {}));
        else if (type === "object" && schema.additionalProperties && typeof schema.additionalProperties === "object") out.append("map of ", typeLabel(schema.additionalProperties));
        else out.append(type);
      });
    }
    return out;
  }

  function constraints(schema) {
    const parts = [];
    for (const key of ["minimum", "maximum", "minLength", "maxLength", "pattern", "default", "format"]) {
      if (schema && schema[key] !== undefined) parts.push(`${key} ${JSON.stringify(schema[key])}`);
    }
    return parts.join(", ");
  }

  function table(caption, head, rows) {
    return el(
      "table",
      {},
      el("caption", { class: "visually-hidden", text: caption }),
      el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col", text: h })))),
      el("tbody", {}, ...rows.map((cells) => el("tr", {}, ...cells.map((c) => el("td", {}, c))))),
    );
  }

  function contentList(content) {
    const box = el("span");
    Object.entries(content || {}).forEach(([type, media], i) => {
      box.append(i ? el("br") : "", el("code", { text: type }), media.schema ? " → " : "", media.schema ? typeLabel(media.schema) : "");
    });
    return box;
  }

  function renderOperation(spec, path, method, op, pathItem) {
    const id = `op-${op.operationId || `${method}-${path}`}`;
    const section = el(
      "section",
      { class: "doc-section", "aria-labelledby": id },
      el("h3", { id }, el("span", { class: `method method-${method}`, text: method.toUpperCase() }), el("span", { class: "path", text: path })),
      op.summary ? el("p", {}, inline(op.summary)) : null,
      markdown(op.description),
    );
    const params = [...(pathItem.parameters || []), ...(op.parameters || [])].map((p) => resolve(spec, p));
    if (params.length) {
      section.append(
        el("h4", { text: "Parameters" }),
        table(
          `Parameters of ${method.toUpperCase()} ${path}`,
          ["Name", "In", "Type", "Description"],
          params.map((p) => [
            el("span", {}, el("code", { text: p.name }), p.required ? el("span", { class: "required", text: " required" }) : ""),
            p.in,
            el("span", {}, typeLabel(p.schema), el("br"), el("span", { class: "hint", text: constraints(p.schema) })),
            markdown(p.description) || "",
          ]),
        ),
      );
    }
    if (op.requestBody) {
      const body = resolve(spec, op.requestBody);
      section.append(el("h4", { text: `Request body${body.required ? " (required)" : ""}` }), markdown(body.description) || "", el("p", {}, contentList(body.content)));
    }
    const responses = Object.entries(op.responses || {}).sort(([a], [b]) => a.localeCompare(b));
    section.append(
      el("h4", { text: "Responses" }),
      table(
        `Responses of ${method.toUpperCase()} ${path}`,
        ["Status", "Description", "Content", "Headers"],
        responses.map(([status, raw]) => {
          const response = resolve(spec, raw);
          const headers = Object.keys(response.headers || {}).join(", ");
          return [el("code", { text: status }), markdown(response.description) || "", contentList(response.content), headers];
        }),
      ),
    );
    return section;
  }

  function renderSchema(spec, name, schema) {
    const section = el(
      "section",
      { class: "doc-section", "aria-labelledby": `schema-${name}` },
      el("h3", { id: `schema-${name}`, tabindex: "-1" }, el("code", { text: name })),
      markdown(schema.description),
    );
    if (schema.properties) {
      const required = new Set(schema.required || []);
      section.append(
        table(
          `Properties of ${name}`,
          ["Property", "Type", "Description"],
          Object.entries(schema.properties).map(([prop, sub]) => [
            el("span", {}, el("code", { text: prop }), required.has(prop) ? el("span", { class: "required", text: " required" }) : ""),
            el("span", {}, typeLabel(sub), el("br"), el("span", { class: "hint", text: constraints(sub) })),
            markdown(sub.description) || "",
          ]),
        ),
      );
      if (schema.additionalProperties === false) section.append(el("p", { class: "hint", text: "No other properties are allowed." }));
    } else {
      section.append(el("p", {}, "Type: ", typeLabel(schema), " ", el("span", { class: "hint", text: constraints(schema) })));
    }
    return section;
  }

  function render(spec) {
    const doc = $("doc");
    const toc = $("toc");
    const info = spec.info || {};
    doc.replaceChildren(
      el(
        "section",
        { class: "doc-section", "aria-labelledby": "doc-title" },
        el("h2", { id: "doc-title" }, `${info.title || "API"} `, el("span", { class: "hint", text: `version ${info.version || "?"} · OpenAPI ${spec.openapi}` })),
        info.summary ? el("p", {}, inline(info.summary)) : null,
        markdown(info.description),
        (spec.servers || []).length ? el("p", {}, "Servers: ", ...spec.servers.map((s) => el("code", { text: s.url }))) : null,
      ),
    );
    const opLinks = el("ul");
    const schemaLinks = el("ul");
    doc.append(el("h2", { id: "operations", text: "Operations" }));
    for (const [path, item] of Object.entries(spec.paths || {})) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const section = renderOperation(spec, path, method, op, item);
        doc.append(section);
        opLinks.append(el("li", {}, el("a", { href: `#${section.querySelector("h3").id}` }, `${method.toUpperCase()} ${path}`)));
      }
    }
    doc.append(el("h2", { id: "schemas", text: "Schemas" }));
    for (const [name, schema] of Object.entries((spec.components && spec.components.schemas) || {})) {
      doc.append(renderSchema(spec, name, schema));
      schemaLinks.append(el("li", {}, el("a", { href: `#schema-${name}`, text: name })));
    }
    toc.replaceChildren(
      el("a", { href: "#operations", text: "Operations" }),
      opLinks,
      el("a", { href: "#schemas", text: "Schemas" }),
      schemaLinks,
    );
    $("docs").hidden = false;
    if (location.hash) {
      const target = document.getElementById(location.hash.slice(1));
      if (target) target.scrollIntoView();
    }
  }

  async function load(key) {
    const headers = { Accept: "application/json" };
    if (key) headers["X-API-Key"] = key;
    $("error").hidden = true;
    try {
      const response = await fetch("/openapi.json", { headers });
      const body = await response.json().catch(() => null);
      if (!response.ok) {
        const title = body && body.title ? `${response.status} ${body.title}` : `HTTP ${response.status}`;
        $("error").replaceChildren(el("h2", { text: title }), body && body.detail ? el("p", { text: body.detail }) : null);
        $("error").hidden = false;
        $("status").textContent = "Could not load the OpenAPI document.";
        if (response.status === 401) {
          $("key-form").hidden = false;
          $("api-key").focus();
        }
        return;
      }
      render(body);
      $("status").textContent = "";
      document.body.dataset.ready = "true";
    } catch (error) {
      $("error").replaceChildren(el("h2", { text: "The request failed" }), el("p", { text: String(error) }));
      $("error").hidden = false;
    }
  }

  function init() {
    $("key-form").addEventListener("submit", (event) => {
      event.preventDefault();
      load($("api-key").value.trim());
    });
    load(null);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
