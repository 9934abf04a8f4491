// woo-redact review page. Plain JavaScript, no framework, no network: it reads the JSON in
// #review-data, keeps the reviewer's decisions in localStorage (per scan id) and exports them
// as decisions.json. Text from the documents is only ever set with textContent.
"use strict";
(function () {
  const D = JSON.parse(document.getElementById("review-data").textContent);
  const M = D.msg;
  const LIST_PAGE = 100; // rows per list page: the DOM stays small at any set size
  const PERSON_PAGE = 100;
  const ZOOMS = [1, 1.25, 1.5, 2, 3];
  const STORE = "woo-redact:review:" + D.scan;
  const $ = (id) => document.getElementById(id);

  function t(key, ...args) {
    const s = Object.prototype.hasOwnProperty.call(M, key) ? M[key] : key;
    return s.replace(/\{(\d)\}/g, (_, i) => String(args[+i]));
  }

  // h("div", {class: "x", onclick: f}, child, "text") — children are nodes or plain text
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "class") el.className = v;
      else if (k === "dataset") Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  // ---- data and indexes ------------------------------------------------------------------
  const rows = D.findings;
  const byId = new Map();
  const byPage = new Map(); // "file\u0000page" -> rows in reading order
  const byPerson = new Map();
  const byFile = new Map();
  const docs = new Map(D.docs.map((d) => [d.file, d]));
  const pictures = new Map(); // file -> Map(page -> picture)
  for (const d of D.docs) pictures.set(d.file, new Map(d.pictures.map((p) => [p.n, p])));
  const pageKey = (file, page) => file + "\u0000" + page;
  for (const r of rows) {
    byId.set(r.id, r);
    const k = pageKey(r.file, r.page);
    if (!byPage.has(k)) byPage.set(k, []);
    byPage.get(k).push(r);
    if (r.person) {
      if (!byPerson.has(r.person)) byPerson.set(r.person, []);
      byPerson.get(r.person).push(r);
    }
    if (!byFile.has(r.file)) byFile.set(r.file, []);
    byFile.get(r.file).push(r);
    r.hay = [r.text, r.context, r.file, r.person, r.id, r.recognizers.join(" ")]
      .join("\u0001").toLowerCase();
  }
  for (const list of byPage.values()) list.forEach((r, i) => { r.n = i + 1; });
  const proposedTotal = rows.filter((r) => r.status === "proposed").length;
  const groundTitle = new Map(D.grounds.map((g) => [g.code, g.title]));
  const typeLabel = (type) => D.types[type] || type;

  // ---- the reviewer's state, kept per scan -------------------------------------------------
  function emptyState() { return { reviewer: "", decisions: {}, manual: [], seq: 0, tab: "" }; }
  function load() {
    try {
      const s = JSON.parse(localStorage.getItem(STORE) || "null");
      if (s && typeof s === "object" && s.decisions && Array.isArray(s.manual)) {
        for (const id of Object.keys(s.decisions)) if (!byId.has(id)) delete s.decisions[id];
        return Object.assign(emptyState(), s);
      }
    } catch (e) { /* unreadable: start empty */ }
    return emptyState();
  }
  const S = load();
  const undoStack = [];
  function save() {
    const el = $("saved");
    try {
      localStorage.setItem(STORE, JSON.stringify(S));
      el.textContent = t("saved");
      el.classList.remove("bad");
    } catch (e) {
      el.textContent = t("storage_failed");
      el.classList.add("bad");
    }
  }

  const decisionOf = (r) => S.decisions[r.id] || null;
  function stateOf(r) {
    const d = decisionOf(r);
    return d ? d.action : r.status; // accept | reject | proposed | keep
  }
  const groundOf = (r) => (decisionOf(r) && decisionOf(r).ground) || r.ground;

  // one undoable change of decisions (and of manual boxes)
  function change(ids, fn) {
    const before = {};
    for (const id of ids) before[id] = S.decisions[id] ? { ...S.decisions[id] } : null;
    undoStack.push({ decisions: before, manual: JSON.stringify(S.manual) });
    if (undoStack.length > 200) undoStack.shift();
    for (const id of ids) {
      const next = fn(byId.get(id), S.decisions[id] || null);
      if (next) S.decisions[id] = next; else delete S.decisions[id];
      dirty.add(id);
    }
    save();
    refresh();
  }
  function decide(ids, action) {
    change(ids, (r, d) => ({ action, ground: (d && d.ground) || r.ground,
      motivation: (d && d.motivation) || "" }));
  }
  function clearDecision(ids) { change(ids, () => null); }
  function setGround(id, ground) {
    change([id], (r, d) => ({ action: "accept", ground, motivation: (d && d.motivation) || "" }));
  }
  function setMotivation(id, text) {
    change([id], (r, d) => ({
      action: d ? d.action : (r.status === "proposed" ? "accept" : "reject"),
      ground: (d && d.ground) || r.ground, motivation: text,
    }));
  }
  function undo() {
    const step = undoStack.pop();
    if (!step) return;
    for (const [id, d] of Object.entries(step.decisions)) {
      if (d) S.decisions[id] = d; else delete S.decisions[id];
      dirty.add(id);
    }
    S.manual = JSON.parse(step.manual);
    if (String(sel).startsWith("m:") && !manualOf(sel)) sel = null;
    save();
    refresh();
  }
  function changeManual(fn) {
    undoStack.push({ decisions: {}, manual: JSON.stringify(S.manual) });
    fn();
    save();
    refresh();
  }

  // ---- filters -------------------------------------------------------------------------
  const F = { doc: "", type: "", ground: "", status: "", recognizer: "", score: 0, q: "" };
  function matches(r) {
    if (F.doc && r.file !== F.doc) return false;
    if (F.type && r.type !== F.type) return false;
    if (F.ground && groundOf(r) !== F.ground) return false;
    if (F.recognizer && !r.recognizers.includes(F.recognizer)) return false;
    if (F.score && r.score < F.score) return false;
    if (F.status) {
      const d = decisionOf(r);
      if (F.status === "open" ? d : F.status === "proposed" || F.status === "keep"
        ? r.status !== F.status : !d || d.action !== F.status) return false;
    }
    if (F.q && !F.q.split(/\s+/).every((w) => r.hay.includes(w))) return false;
    return true;
  }
  let filtered = rows;
  let listPage = 0;
  function applyFilters() {
    filtered = rows.filter(matches);
    listPage = 0;
    const i = sel && !String(sel).startsWith("m:") ? filtered.indexOf(byId.get(sel)) : -1;
    if (i >= 0) listPage = Math.floor(i / LIST_PAGE);
  }

  function fillSelect(el, values, label) {
    el.replaceChildren(h("option", { value: "" }, "— " + t("all") + " —"),
      ...values.map(([v, text]) => h("option", { value: v }, text || label(v))));
  }
  function setupFilters() {
    const count = (key) => {
      const c = new Map();
      for (const r of rows) for (const v of [].concat(key(r))) c.set(v, (c.get(v) || 0) + 1);
      return [...c.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    };
    fillSelect($("f-doc"), count((r) => r.file).map(([v, n]) => [v, v + " (" + n + ")"]));
    fillSelect($("f-type"), count((r) => r.type).map(([v, n]) => [v, typeLabel(v) + " (" + n + ")"]));
    fillSelect($("f-ground"), D.grounds.map((g) => [g.code, g.code + " " + g.title]));
    fillSelect($("f-status"), ["open", "proposed", "keep", "accept", "reject"].map((s) => [s, t("st." + s)]));
    fillSelect($("f-recognizer"), count((r) => r.recognizers).map(([v, n]) => [v, v + " (" + n + ")"]));
    const on = (id, key, read) => $(id).addEventListener("input", () => {
      F[key] = read($(id).value);
      applyFilters();
      refresh();
    });
    on("f-doc", "doc", String);
    on("f-type", "type", String);
    on("f-ground", "ground", String);
    on("f-status", "status", String);
    on("f-recognizer", "recognizer", String);
    on("f-score", "score", (v) => Math.max(0, parseFloat(v) || 0));
    on("f-search", "q", (v) => v.trim().toLowerCase());
    $("f-clear").addEventListener("click", () => setFilters({}));
    $("filters").addEventListener("submit", (e) => e.preventDefault());
  }
  function setFilters(values) {
    Object.assign(F, { doc: "", type: "", ground: "", status: "", recognizer: "", score: 0, q: "" }, values);
    $("f-doc").value = F.doc; $("f-type").value = F.type; $("f-ground").value = F.ground;
    $("f-status").value = F.status; $("f-recognizer").value = F.recognizer;
    $("f-score").value = F.score; $("f-search").value = F.q;
    applyFilters();
    refresh();
  }

  // ---- the list --------------------------------------------------------------------------
  function contextNodes(r) {
    const c = r.context || "";
    const a = c.indexOf("\u00ab"), b = c.indexOf("\u00bb", a + 1);
    if (a < 0 || b < 0) return [r.text ? h("mark", null, r.text) : null, r.text && c ? "  " : "", c];
    return [c.slice(0, a), h("mark", null, c.slice(a + 1, b)), c.slice(b + 1)];
  }
  function stateLabel(r) {
    const s = stateOf(r);
    return t("st." + s);
  }
  function rowNode(r) {
    const s = stateOf(r);
    return h("div", { class: "row st-" + s + (sel === r.id ? " sel" : ""), role: "option",
      dataset: { id: r.id }, "aria-selected": sel === r.id ? "true" : "false" },
      h("span", { class: "num-badge", title: t("page_n", r.page) }, r.n),
      h("div", null,
        h("div", { class: "ctx" }, contextNodes(r)),
        h("div", { class: "meta-line" },
          h("span", { class: "state" }, stateLabel(r)), " · ", typeLabel(r.type), " · ",
          groundOf(r), " · ", r.score.toFixed(2), " · ", r.recognizers.join(", "),
          r.person ? " · " + r.person : "")),
      h("div", { class: "acts" },
        h("button", { type: "button", class: "acc" + (s === "accept" ? " on" : ""),
          title: t("act_accept") + " (a)", dataset: { act: "accept" } }, "\u2713"),
        h("button", { type: "button", class: "rej" + (s === "reject" ? " on" : ""),
          title: t("act_reject") + " (r)", dataset: { act: "reject" } }, "\u2717")));
  }
  // The list is rebuilt when the filtered rows or the list page change; otherwise only the rows
  // whose decision or selection changed are replaced (j/k and a decision stay cheap).
  const dirty = new Set();
  const shown = { filtered: null, page: -1, sel: null };
  function renderList() {
    const list = $("list");
    if (shown.filtered === filtered && shown.page === listPage) {
      if (shown.sel !== sel) { dirty.add(shown.sel); dirty.add(sel); }
      for (const id of dirty) {
        const r = byId.get(id);
        const old = r && list.querySelector('.row[data-id="' + CSS.escape(id) + '"]');
        if (old) old.replaceWith(rowNode(r));
      }
    } else renderListPage(list);
    dirty.clear();
    Object.assign(shown, { filtered, page: listPage, sel });
    const cur = list.querySelector(".row.sel");
    if (cur) cur.scrollIntoView({ block: "nearest" });
  }
  function renderListPage(list) {
    const start = listPage * LIST_PAGE;
    const part = filtered.slice(start, start + LIST_PAGE);
    const frag = document.createDocumentFragment();
    let group = "";
    for (const r of part) {
      const k = pageKey(r.file, r.page);
      if (k !== group) {
        group = k;
        frag.append(h("div", { class: "group" }, r.file + " \u2014 " +
          (r.page ? t("page_n", r.page) : t("side_page"))));
      }
      frag.append(rowNode(r));
    }
    if (!part.length) frag.append(h("div", { class: "empty" }, t("list_empty")));
    list.replaceChildren(frag);
    const pages = Math.max(1, Math.ceil(filtered.length / LIST_PAGE));
    $("pager").replaceChildren(
      h("button", { type: "button", disabled: listPage === 0, onclick: () => { listPage--; renderList(); list.scrollTop = 0; } }, t("prev")),
      h("span", null, t("list_range", filtered.length ? start + 1 : 0, start + part.length, filtered.length)),
      h("button", { type: "button", disabled: listPage >= pages - 1, onclick: () => { listPage++; renderList(); list.scrollTop = 0; } }, t("next")));
  }
  function renderBulkFiltered() {
    const ids = filtered.map((r) => r.id);
    $("bulk-filtered").replaceChildren(
      h("span", { class: "label" }, t("bulk_filtered", ids.length)),
      h("button", { type: "button", disabled: !ids.length, onclick: () => decide(ids, "accept") }, t("act_accept")),
      h("button", { type: "button", disabled: !ids.length, onclick: () => decide(ids, "reject") }, t("act_reject")),
      h("button", { type: "button", disabled: !ids.length, onclick: () => clearDecision(ids) }, t("act_clear")));
  }

  function renderManualList() {
    const el = $("manual-list");
    el.hidden = !S.manual.length;
    el.replaceChildren(h("span", { class: "label" }, t("manual_boxes")),
      ...S.manual.map((m) => h("button", { type: "button", class: "chip" + (sel === "m:" + m.uid ? " on" : ""),
        title: m.ground + " " + m.motivation, onclick: () => select("m:" + m.uid, { reveal: true }) },
      "H" + m.uid + " \u00b7 " + m.file + " " + t("page_n", m.page))));
  }

  // ---- selection, detail and the page viewer ---------------------------------------------
  let sel = null; // a finding id, or "m:<uid>" for a manual box
  let view = null; // {file, page}
  let zoom = 0;
  let drawing = false;
  const manualOf = (key) => S.manual.find((m) => "m:" + m.uid === key) || null;

  function select(id, opts) {
    sel = id;
    const m = String(id).startsWith("m:") ? manualOf(id) : null;
    const r = m ? null : byId.get(id);
    if (r) view = { file: r.file, page: r.page };
    else if (m) view = { file: m.file, page: m.page };
    if (r) {
      const i = filtered.indexOf(r);
      if (i >= 0) listPage = Math.floor(i / LIST_PAGE);
    }
    refresh();
    if (opts && opts.reveal) {
      const box = $("overlay").querySelector(".box.sel");
      if (box) box.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  }
  function step(delta) {
    if (!filtered.length) return;
    const r = sel && byId.get(sel);
    let i = r ? filtered.indexOf(r) : -1;
    i = i < 0 ? (delta > 0 ? 0 : filtered.length - 1) : Math.min(filtered.length - 1, Math.max(0, i + delta));
    select(filtered[i].id, { reveal: true });
  }

  function groundSelect(current, onchange) {
    const el = h("select", { id: "d-ground", onchange: () => onchange(el.value) },
      D.grounds.map((g) => h("option", { value: g.code, title: g.title },
        g.code + (g.title ? " \u2014 " + g.title : ""))));
    el.value = current;
    return el;
  }
  function motivationInput(value, onchange) {
    const el = h("input", { id: "d-motivation", type: "text", placeholder: t("d_motivation_ph") });
    el.value = value || "";
    el.addEventListener("change", () => onchange(el.value));
    el.addEventListener("keydown", (e) => { if (e.key === "Enter") el.blur(); });
    return el;
  }
  function bulkLine(label, ids) {
    return h("span", { class: "bulkitem" }, h("span", { class: "label" }, label),
      h("button", { type: "button", onclick: () => decide(ids, "accept") }, t("act_accept")),
      h("button", { type: "button", onclick: () => decide(ids, "reject") }, t("act_reject")));
  }
  const labelled = (text, control, cls) => h("label", { class: "field " + (cls || "") }, h("span", { class: "label" }, text), control);
  function renderDetail() {
    const el = $("detail");
    if (!sel) { el.replaceChildren(h("p", { class: "muted" }, t("detail_none"))); return; }
    if (String(sel).startsWith("m:")) { renderManualDetail(el, manualOf(sel)); return; }
    const r = byId.get(sel);
    const d = decisionOf(r);
    const s = stateOf(r);
    const ofType = rows.filter((x) => x.type === r.type).map((x) => x.id);
    const ofRecognizer = rows.filter((x) => x.recognizers.includes(r.recognizer)).map((x) => x.id);
    const person = r.person ? byPerson.get(r.person).map((x) => x.id) : [];
    const showPerson = (e) => { e.preventDefault(); setFilters({ q: r.person.toLowerCase() }); };
    el.replaceChildren(...[
      h("p", { class: "ctxfull st-" + s }, h("span", { class: "num-badge" }, r.n), " ", contextNodes(r)),
      h("div", { class: "actions st-" + s },
        h("strong", { class: "state" }, stateLabel(r)),
        h("button", { type: "button", id: "d-accept", title: "a", onclick: () => decide([r.id], "accept") }, "\u2713 " + t("act_accept")),
        h("button", { type: "button", id: "d-reject", title: "r", onclick: () => decide([r.id], "reject") }, "\u2717 " + t("act_reject")),
        h("button", { type: "button", title: "x", disabled: !d, onclick: () => clearDecision([r.id]) }, t("act_clear"))),
      h("div", { class: "actions" },
        labelled(t("d_ground"), groundSelect(groundOf(r), (g) => setGround(r.id, g)), "ground"),
        labelled(t("d_motivation"), motivationInput(d && d.motivation, (v) => setMotivation(r.id, v)))),
      h("p", { class: "facts" },
        typeLabel(r.type) + " (" + r.type + ") \u00b7 " + t("d_score").toLowerCase() + " " + r.score.toFixed(2) +
        " \u00b7 " + r.recognizers.join(", ") + " \u00b7 " + r.reason + " [" + r.decided_by + "]",
        r.person ? [" \u00b7 ", h("a", { href: "#", onclick: showPerson }, t("d_person").toLowerCase() + " " + r.person)] : null,
        " \u00b7 " + r.file + " \u2014 " + (r.page ? t("page_n", r.page) : t("side_page")) + " \u00b7 ",
        h("code", null, r.id)),
      h("div", { class: "bulkline" },
        person.length ? bulkLine(t("bulk_person", r.person, person.length), person) : null,
        bulkLine(t("bulk_type", typeLabel(r.type), ofType.length), ofType),
        bulkLine(t("bulk_recognizer", r.recognizer, ofRecognizer.length), ofRecognizer)),
    ].filter(Boolean));
  }
  function renderManualDetail(el, m) {
    if (!m) { sel = null; renderDetail(); return; }
    el.replaceChildren(
      h("div", { class: "actions st-manual" }, h("span", { class: "num-badge" }, "H" + m.uid),
        h("strong", null, t("manual_title", m.uid)),
        h("button", { type: "button", id: "d-delete", title: "Delete", onclick: () => deleteManual(m.uid) }, t("manual_delete"))),
      h("div", { class: "actions" },
        labelled(t("d_ground"), groundSelect(m.ground, (g) => changeManual(() => { m.ground = g; S.lastGround = g; })), "ground"),
        labelled(t("d_motivation"), motivationInput(m.motivation, (v) => changeManual(() => { m.motivation = v; })))),
      h("p", { class: "facts" }, m.file + " \u2014 " + t("page_n", m.page) + " \u00b7 " + t("manual_rect") + ": ",
        h("code", null, m.rect.join(", "))));
  }
  function deleteManual(uid) {
    changeManual(() => { S.manual = S.manual.filter((m) => m.uid !== uid); });
    if (sel === "m:" + uid) { sel = null; refresh(); }
  }

  // boxes are in unrotated page points; m maps them onto the picture as shown
  function toView(p, x, y) {
    const m = p.m || [1, 0, 0, 1, 0, 0];
    return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
  }
  function fromView(p, x, y) {
    const m = p.m || [1, 0, 0, 1, 0, 0];
    const det = m[0] * m[3] - m[1] * m[2];
    const dx = x - m[4], dy = y - m[5];
    return [(m[3] * dx - m[2] * dy) / det, (-m[1] * dx + m[0] * dy) / det];
  }
  function placeBox(p, rect, el) {
    const a = toView(p, rect[0], rect[1]), b = toView(p, rect[2], rect[3]);
    const x0 = Math.min(a[0], b[0]), x1 = Math.max(a[0], b[0]);
    const y0 = Math.min(a[1], b[1]), y1 = Math.max(a[1], b[1]);
    el.style.left = (100 * x0 / p.vw) + "%";
    el.style.top = (100 * y0 / p.vh) + "%";
    el.style.width = (100 * (x1 - x0) / p.vw) + "%";
    el.style.height = (100 * (y1 - y0) / p.vh) + "%";
    return el;
  }
  function currentPicture() {
    if (!view || !view.page) return null;
    const pics = pictures.get(view.file);
    return pics ? pics.get(view.page) || null : null;
  }
  function renderViewer() {
    const doc = view && docs.get(view.file);
    const p = currentPicture();
    const img = $("picture");
    const stage = $("stage");
    const overlay = $("overlay");
    const total = doc ? (doc.pictures.length || doc.pages) : 0;
    $("pg-label").textContent = view && view.page ? t("page_of", view.page, total) + " \u2014 " + view.file : "";
    $("pg-label").title = $("pg-label").textContent;
    $("pg-prev").disabled = !p || view.page <= 1;
    $("pg-next").disabled = !doc || !total || (!!p && view.page >= total);
    $("viewport").classList.toggle("empty", !p);
    $("draw").disabled = !p;
    $("draw").classList.toggle("on", drawing && !!p);
    stage.classList.toggle("drawing", drawing && !!p);
    $("zoom-label").textContent = Math.round(ZOOMS[zoom] * 100) + "%";
    $("view-note").textContent = !view ? "" : !view.page ? t("side_page") : !p ? t("no_picture")
      : drawing ? t("draw_hint") : p.sharp ? "" : t("preview_note");
    if (!p) {
      stage.hidden = true;
      img.removeAttribute("src");
      overlay.replaceChildren();
      return;
    }
    stage.hidden = false;
    stage.style.aspectRatio = p.vw + " / " + p.vh;
    stage.style.width = (100 * ZOOMS[zoom]) + "%";
    if (img.getAttribute("src") !== p.img) {
      img.src = p.img; // loaded when shown: only the page in view is ever fetched
      img.alt = t("page_of", p.n, total) + " \u2014 " + view.file;
    }
    const frag = document.createDocumentFragment();
    for (const r of byPage.get(pageKey(view.file, view.page)) || []) {
      const s = stateOf(r);
      const cls = "box st-" + s + (sel === r.id ? " sel" : "") + (matches(r) ? "" : " filtered-out");
      r.boxes.forEach((b, i) => {
        const el = placeBox(p, b, h("div", { class: cls, dataset: { id: r.id },
          title: r.n + ": " + r.text + " (" + typeLabel(r.type) + ", " + stateLabel(r) + ")" }));
        if (i === 0) el.append(h("span", { class: "tag" }, r.n));
        frag.append(el);
      });
    }
    for (const m of S.manual) {
      if (m.file !== view.file || m.page !== view.page) continue;
      const key = "m:" + m.uid;
      frag.append(placeBox(p, m.rect, h("div", { class: "box st-manual" + (sel === key ? " sel" : ""),
        dataset: { id: key }, title: t("manual_title", m.uid) + " \u2014 " + m.ground },
        h("span", { class: "tag" }, "H" + m.uid))));
    }
    overlay.replaceChildren(frag);
  }
  function goPage(delta) {
    const doc = view && docs.get(view.file);
    if (!doc || !doc.pictures.length) return;
    const n = Math.min(Math.max(1, view.page + delta), doc.pictures.length); // from outside the pages: p. 1
    if (n === view.page) return;
    view = { file: view.file, page: n };
    const first = (byPage.get(pageKey(view.file, n)) || [])[0];
    sel = first ? first.id : null;
    if (first) { const i = filtered.indexOf(first); if (i >= 0) listPage = Math.floor(i / LIST_PAGE); }
    refresh();
    $("viewport").scrollTop = 0;
  }

  // drawing a manual box: drag on the picture, in draw mode
  function setupDrawing() {
    const stage = $("stage");
    let start = null, rubber = null;
    const pos = (e) => {
      const b = stage.getBoundingClientRect();
      return [Math.min(Math.max(e.clientX - b.left, 0), b.width), Math.min(Math.max(e.clientY - b.top, 0), b.height), b];
    };
    stage.addEventListener("mousedown", (e) => {
      if (!drawing || e.button !== 0 || !currentPicture()) return;
      e.preventDefault();
      start = pos(e);
      rubber = h("div", { class: "rubber" });
      stage.append(rubber);
    });
    window.addEventListener("mousemove", (e) => {
      if (!start) return;
      const [x, y] = pos(e);
      Object.assign(rubber.style, { left: Math.min(x, start[0]) + "px", top: Math.min(y, start[1]) + "px",
        width: Math.abs(x - start[0]) + "px", height: Math.abs(y - start[1]) + "px" });
    });
    window.addEventListener("mouseup", (e) => {
      if (!start) return;
      const [x, y, b] = pos(e);
      const s = start;
      start = null;
      rubber.remove();
      if (Math.abs(x - s[0]) < 4 || Math.abs(y - s[1]) < 4) return;
      const p = currentPicture();
      const k = p.vw / b.width; // view points per CSS pixel (the same both ways)
      const a = fromView(p, Math.min(x, s[0]) * k, Math.min(y, s[1]) * (p.vh / b.height));
      const c = fromView(p, Math.max(x, s[0]) * k, Math.max(y, s[1]) * (p.vh / b.height));
      const round = (v) => Math.round(v * 100) / 100;
      const rect = [Math.min(a[0], c[0]), Math.min(a[1], c[1]), Math.max(a[0], c[0]), Math.max(a[1], c[1])]
        .map((v, i) => round(Math.min(Math.max(v, 0), i % 2 ? p.h : p.w)));
      const uid = (S.seq = (S.seq || 0) + 1);
      changeManual(() => {
        S.manual.push({ uid, file: view.file, page: view.page, rect,
          ground: S.lastGround || defaultGround(), motivation: "" });
      });
      drawing = false;
      select("m:" + uid);
      const mot = $("d-motivation");
      if (mot) mot.focus();
    });
  }
  function defaultGround() {
    const codes = D.grounds.map((g) => g.code);
    return codes.includes("5.1.2e") ? "5.1.2e" : codes[0] || "";
  }

  // ---- overview, persons, progress ---------------------------------------------------------
  function reviewedOf(list) { return list.filter((r) => decisionOf(r)).length; }
  function renderOverview() {
    const frag = document.createDocumentFragment();
    for (const d of D.docs) {
      const mine = byFile.get(d.file) || [];
      const proposed = mine.filter((r) => r.status === "proposed").length;
      const dl = h("dl", null,
        h("dt", null, t("by_ground")), h("dd", null, Object.entries(d.by_ground).map(([g, n]) => g + ": " + n).join(", ") || "\u2014"),
        h("dt", null, t("by_type")), h("dd", null, Object.entries(d.by_type).map(([ty, n]) => typeLabel(ty) + ": " + n[0] + " / " + n[1]).join(", ") || "\u2014"),
        h("dt", null, t("rules_fired")), h("dd", null, Object.entries(d.rules).map(([k, n]) => k + " (" + n + ")").join(", ") || "\u2014"),
        d.remarks.length ? [h("dt", null, t("remarks")), h("dd", null, d.remarks.join("; "))] : null,
        d.error ? [h("dt", null, t("error")), h("dd", null, d.error)] : null);
      frag.append(h("tr", null,
        h("td", null, mine.length ? h("a", { href: "#", onclick: (e) => { e.preventDefault(); openDoc(d.file); } }, d.file) : d.file),
        h("td", null, h("span", { class: "pill " + d.status }, t("status." + d.status))),
        h("td", { class: "num" }, d.pages),
        h("td", null, d.assessment),
        h("td", null, mine.length ? t("counts", proposed, mine.length - proposed) : t("no_findings")),
        h("td", null, mine.length ? reviewedOf(mine) + " / " + mine.length : ""),
        h("td", null, mine.length || d.remarks.length || d.error ? h("details", null, h("summary", null, t("col_details")), dl) : "")));
    }
    $("docs-body").replaceChildren(frag);
  }
  function openDoc(file) {
    setFilters({ doc: file });
    const first = filtered[0];
    if (first) sel = first.id;
    view = first && first.page ? { file, page: first.page } : view;
    showTab("findings");
  }
  let personPage = 0;
  function renderPersons() {
    const q = $("p-filter").value.trim().toLowerCase();
    const list = D.persons.filter((p) => !q || (p.id + " " + p.name).toLowerCase().includes(q));
    const part = list.slice(personPage * PERSON_PAGE, (personPage + 1) * PERSON_PAGE);
    const frag = document.createDocumentFragment();
    for (const p of part) {
      const mentions = byPerson.get(p.id) || [];
      const ids = mentions.map((r) => r.id);
      frag.append(h("tr", { id: "person-" + p.id, dataset: { person: p.id } },
        h("td", null, h("code", null, p.id), p.ambiguous ? " (" + t("p_ambiguous") + ")" : ""),
        h("td", null, h("mark", null, p.name)),
        h("td", null, t("decision." + p.status)),
        h("td", null, p.reason),
        h("td", { class: "num" }, mentions.length),
        h("td", null, reviewedOf(mentions) + " / " + mentions.length),
        h("td", null, h("details", null, h("summary", null, t("p_items", p.evidence.length)),
          h("ul", null, p.evidence.map((e) => h("li", null, e))))),
        h("td", null, h("div", { class: "acts" },
          h("button", { type: "button", disabled: !ids.length, onclick: () => decide(ids, "accept") }, t("act_accept")),
          h("button", { type: "button", disabled: !ids.length, onclick: () => decide(ids, "reject") }, t("act_reject")),
          h("button", { type: "button", disabled: !ids.length, onclick: () => { setFilters({ q: p.id.toLowerCase() }); showTab("findings"); } }, t("p_show"))))));
    }
    $("persons-body").replaceChildren(frag);
    const pages = Math.max(1, Math.ceil(list.length / PERSON_PAGE));
    $("p-pager").replaceChildren(
      h("button", { type: "button", disabled: personPage === 0, onclick: () => { personPage--; renderPersons(); } }, t("prev")),
      h("span", null, t("list_range", list.length ? personPage * PERSON_PAGE + 1 : 0, personPage * PERSON_PAGE + part.length, list.length)),
      h("button", { type: "button", disabled: personPage >= pages - 1, onclick: () => { personPage++; renderPersons(); } }, t("next")));
  }
  function renderProgress() {
    const done = rows.filter((r) => r.status === "proposed" && decisionOf(r)).length;
    $("progress").textContent = t("progress", done, proposedTotal);
    $("n-findings").textContent = "(" + rows.length + ")";
    $("n-persons").textContent = "(" + D.persons.length + ")";
    $("undo").disabled = !undoStack.length;
  }

  // ---- tabs and refresh ------------------------------------------------------------------
  let tab = "";
  function showTab(name) {
    tab = name;
    S.tab = name;
    for (const b of document.querySelectorAll(".tabs button")) b.setAttribute("aria-selected", b.dataset.tab === name ? "true" : "false");
    for (const s of document.querySelectorAll("section.tab")) s.hidden = s.id !== "tab-" + name;
    try { localStorage.setItem(STORE, JSON.stringify(S)); } catch (e) { /* shown on save */ }
    refresh();
  }
  function refresh() {
    renderProgress();
    if (tab === "findings") {
      if (F.status || F.ground) { // a decision can move a row in or out of these filters
        const keep = listPage;
        filtered = rows.filter(matches);
        listPage = Math.min(keep, Math.max(0, Math.ceil(filtered.length / LIST_PAGE) - 1));
      }
      renderBulkFiltered();
      renderManualList();
      renderList();
      renderDetail();
      renderViewer();
    } else if (tab === "overview") renderOverview();
    else if (tab === "persons") renderPersons();
  }

  // ---- export ----------------------------------------------------------------------------
  function exportPayload() {
    return {
      scan: D.scan,
      reviewer: S.reviewer,
      decisions: rows.filter((r) => S.decisions[r.id]).map((r) => {
        const d = S.decisions[r.id];
        return { id: r.id, action: d.action, ground: d.ground || r.ground, motivation: d.motivation || "" };
      }),
      manual: S.manual.map((m) => ({ file: m.file, page: m.page, rect: m.rect, ground: m.ground, motivation: m.motivation })),
    };
  }
  function exportDecisions() {
    const blob = new Blob([JSON.stringify(exportPayload(), null, 1) + "\n"], { type: "application/json" });
    const a = h("a", { href: URL.createObjectURL(blob), download: "decisions.json" });
    document.body.append(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  // ---- events ----------------------------------------------------------------------------
  function setupEvents() {
    for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => showTab(b.dataset.tab));
    $("list").addEventListener("click", (e) => {
      const row = e.target.closest(".row");
      if (!row) return;
      const act = e.target.closest("button");
      if (act && act.dataset.act) {
        const r = byId.get(row.dataset.id);
        sel = r.id;
        view = { file: r.file, page: r.page };
        decide([r.id], act.dataset.act);
        return;
      }
      select(row.dataset.id, { reveal: true });
    });
    $("overlay").addEventListener("click", (e) => {
      const box = e.target.closest(".box");
      if (box && !drawing) select(box.dataset.id);
    });
    $("pg-prev").addEventListener("click", () => goPage(-1));
    $("pg-next").addEventListener("click", () => goPage(1));
    $("draw").addEventListener("click", () => { drawing = !drawing; renderViewer(); });
    $("zoom-in").addEventListener("click", () => { zoom = Math.min(ZOOMS.length - 1, zoom + 1); renderViewer(); });
    $("zoom-out").addEventListener("click", () => { zoom = Math.max(0, zoom - 1); renderViewer(); });
    $("undo").addEventListener("click", undo);
    $("export").addEventListener("click", exportDecisions);
    const reviewer = $("reviewer");
    reviewer.value = S.reviewer || "";
    reviewer.addEventListener("input", () => { S.reviewer = reviewer.value.trim(); save(); });
    $("p-filter").addEventListener("input", () => { personPage = 0; renderPersons(); });
    document.addEventListener("keydown", onKey);
  }
  function onKey(e) {
    const tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") {
      if (e.key === "Escape") e.target.blur();
      return;
    }
    if (e.altKey || e.metaKey) return;
    if (e.ctrlKey) {
      if (e.key === "z") { e.preventDefault(); undo(); }
      return;
    }
    const r = sel && !String(sel).startsWith("m:") ? byId.get(sel) : null;
    const person = r && r.person ? byPerson.get(r.person).map((x) => x.id) : [];
    const keys = {
      j: () => step(1), ArrowDown: () => step(1), k: () => step(-1), ArrowUp: () => step(-1),
      a: () => r && decide([r.id], "accept"), r: () => r && decide([r.id], "reject"),
      x: () => r && clearDecision([r.id]),
      A: () => person.length && decide(person, "accept"), R: () => person.length && decide(person, "reject"),
      g: () => $("d-ground") && $("d-ground").focus(), m: () => $("d-motivation") && $("d-motivation").focus(),
      d: () => { drawing = !drawing; renderViewer(); },
      "[": () => goPage(-1), "]": () => goPage(1),
      "/": () => $("f-search").focus(), u: undo, e: exportDecisions,
      "+": () => $("zoom-in").click(), "=": () => $("zoom-in").click(), "-": () => $("zoom-out").click(),
      Delete: () => String(sel).startsWith("m:") && deleteManual(+String(sel).slice(2)),
      Escape: () => { if (drawing) { drawing = false; renderViewer(); } },
    };
    if (tab !== "findings" && !["/", "e", "u"].includes(e.key)) return;
    const fn = keys[e.key];
    if (!fn) return;
    e.preventDefault();
    if (e.key === "/") showTab("findings");
    fn();
  }

  // ---- start -----------------------------------------------------------------------------
  setupFilters();
  setupEvents();
  setupDrawing();
  applyFilters();
  const first = rows.find((r) => r.page);
  if (first) { sel = first.id; view = { file: first.file, page: first.page }; }
  save();
  showTab(S.tab || (rows.length ? "findings" : "overview"));
  document.documentElement.dataset.ready = "1";
  if (window.performance && performance.mark) performance.mark("woo-ready"); // bench/review_page.py
})();
