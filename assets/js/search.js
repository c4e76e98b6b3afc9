// The search page: results as you type, facets, period, order, pages, and
// the state in the address (?q=…&committee=…), so a search can be shared.
// Searches can be saved in the browser (localStorage; see "Saved searches"
// below). It drives the static index client (search/ratsarchiv-search.js).

const cfg = JSON.parse(document.getElementById("search-config").textContent);
const L = cfg.labels;
const base = new URL(cfg.index, location.href);

const form = document.getElementById("search-form");
const input = document.getElementById("q");
const statusEl = document.getElementById("search-status");
const results = document.getElementById("search-results");
const pages = document.getElementById("search-pages");
const filters = document.querySelector(".search-filters");
const sortEl = document.getElementById("search-sort");
const fromEl = document.getElementById("search-from");
const toEl = document.getElementById("search-to");
const resetEl = document.getElementById("search-reset");
const saveEl = document.getElementById("search-save");
const savedEl = document.getElementById("saved-searches");
const savedList = document.getElementById("saved-list");
const toggleEl = document.getElementById("filters-toggle");
const activeEl = document.getElementById("filters-active");

const PER_PAGE = 10;
const FACETS = ["kind", "committee", "year", "resultCategory"];
// URL parameter of each filter
const PARAM = { committee: "committee", year: "year", resultCategory: "result", kind: "kind" };
const CATEGORY_ORDER = ["approved", "approved-amended", "rejected", "noted", "postponed", "withdrawn", "other"];
const KIND_ORDER = ["meeting", "item", "paper"];

let state = readURL();
let run = 0;
let idx;

const dateFormat = new Intl.DateTimeFormat(document.documentElement.lang || "de", { dateStyle: "medium", timeZone: "UTC" });

function readURL() {
  const p = new URLSearchParams(location.search);
  const s = { q: p.get("q") ?? "", from: p.get("from") ?? "", to: p.get("to") ?? "", sort: p.get("sort") ?? "relevance", page: Math.max(1, Number(p.get("page")) || 1) };
  for (const [f, name] of Object.entries(PARAM)) s[f] = p.getAll(name);
  if (!["relevance", "newest", "oldest"].includes(s.sort)) s.sort = "relevance";
  return s;
}

// searchParams are what a search asks (query, filters, period), without
// its order and page: the key of a saved search.
function searchParams(s) {
  const p = new URLSearchParams();
  if (s.q) p.set("q", s.q);
  for (const [f, name] of Object.entries(PARAM)) for (const v of s[f]) p.append(name, v);
  if (s.from) p.set("from", s.from);
  if (s.to) p.set("to", s.to);
  return p;
}

function writeURL(push) {
  const p = searchParams(state);
  if (state.sort !== "relevance") p.set("sort", state.sort);
  if (state.page > 1) p.set("page", String(state.page));
  const url = location.pathname + (p.size ? "?" + p : "");
  if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
}

function hasFilters(s) {
  return Object.keys(PARAM).some((f) => s[f].length) || s.from || s.to;
}

function options(s) {
  return {
    filters: { committee: [...s.committee], year: [...s.year], resultCategory: [...s.resultCategory], kind: [...s.kind] },
    from: s.from, to: s.to, sort: s.sort, limit: PER_PAGE, offset: (s.page - 1) * PER_PAGE,
  };
}

function showState() {
  input.value = state.q;
  sortEl.value = state.sort;
  fromEl.value = state.from;
  toEl.value = state.to;
}

async function search(push = false) {
  const id = ++run;
  writeURL(push);
  if (!state.q.trim() && !hasFilters(state)) {
    results.replaceChildren();
    pages.hidden = true;
    filters.hidden = true;
    saveEl.hidden = true;
    statusEl.textContent = L.hint;
    return;
  }
  results.setAttribute("aria-busy", "true");
  try {
    idx ??= await import(new URL("ratsarchiv-search.js", base).href).then((m) => m.openIndex(base, { fetch }));
    // A saved search opened marks the hits new since it was last opened;
    // the mark moves once per visit.
    const saved = savedSearch(state);
    const mark = saved && (opened.get(saved.params) ?? saved);
    // The hits show as soon as they are known; the count, facets and
    // pages once the matches are counted, a moment later on a slow link.
    const r = await idx.search(state.q, { ...options(state), onHits: (h) => id === run && renderHits(h, mark) });
    // Facets of a filtered kind count as if that filter were off, so that
    // more values of it can be chosen.
    const facets = { ...r.facets };
    await Promise.all(FACETS.filter((f) => state[f].length).map(async (f) => {
      const o = options(state);
      o.filters[f] = [];
      o.limit = 0;
      facets[f] = (await idx.search(state.q, o)).facets[f];
    }));
    if (id !== run) return;
    // Saved or not as now: the reader may have saved it while it counted.
    render(r, facets, !!savedSearch(state));
    if (saved && !opened.has(saved.params)) {
      opened.set(saved.params, saved);
      await seen(saved, id);
    }
  } catch (e) {
    if (id !== run) return;
    // A query being typed is often malformed for a moment ("Kenntnis …):
    // the last results stay, dimmed, under the message.
    results.classList.add("stale");
    statusEl.textContent = e.name === "QueryError" ? (L.errors[e.code] ?? e.message) : L.failed;
    if (e.name !== "QueryError") console.error(e);
  } finally {
    if (id === run) results.setAttribute("aria-busy", "false");
  }
}

// renderHits shows a page's hits, no longer dimmed, and that they are
// being counted: the last search's facets and pages stay, dimmed, until
// render replaces them. The filters show now (on a phone their button,
// in place of the query help), so that the hits do not move when the
// counts come; a facet without values yet stays hidden.
function renderHits(hits, mark) {
  results.classList.remove("stale");
  results.setAttribute("aria-busy", "false");
  filters.classList.add("counting");
  pages.classList.add("counting");
  for (const fs of filters.querySelectorAll("fieldset.facet")) fs.hidden ||= !fs.querySelector("li");
  filters.hidden = false;
  saveEl.hidden = !storage;
  statusEl.textContent = L.loading;
  results.start = (state.page - 1) * PER_PAGE + 1;
  results.replaceChildren(...hits.map((h) => hit(h, mark && h.date > mark.newest)));
}

// render shows the count, facets and pages of a search whose hits show.
function render(r, facets, isSaved) {
  filters.classList.remove("counting");
  pages.classList.remove("counting");
  statusEl.textContent = r.total === 0 ? L.none : r.total === 1 ? L.count_one : L.count.replace("{n}", r.total.toLocaleString(document.documentElement.lang || "de"));
  saveEl.setAttribute("aria-pressed", String(isSaved));
  renderFacets(facets);
  renderPages(r.total);
  filters.hidden = false;
  resetEl.hidden = !hasFilters(state);
  const active = Object.keys(PARAM).reduce((n, f) => n + state[f].length, 0) + (state.from || state.to ? 1 : 0);
  activeEl.textContent = active ? " · " + L.active_filters.replace("{n}", active) : "";
}

// facetLabel is how the page names a facet's value.
function facetLabel(f, v) {
  if (f === "resultCategory") return L[v] ?? v;
  if (f === "kind") return L["kind_" + v] ?? v;
  return v;
}

// facetOrder breaks ties of counts: years newest first, result categories
// and kinds in their usual order, committees by name.
function facetOrder(f, a, b) {
  if (f === "year") return b.localeCompare(a);
  if (f === "resultCategory") return CATEGORY_ORDER.indexOf(a) - CATEGORY_ORDER.indexOf(b);
  if (f === "kind") return KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b);
  return a.localeCompare(b);
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children.filter((c) => c !== null && c !== undefined && c !== ""));
  return e;
}

function hit(h, isNew) {
  const meta = el("p", { class: "meta" });
  if (isNew) meta.append(el("span", { class: "badge badge--new" }, L.saved.badge), " ");
  const parts = [L["kind_" + h.kind] ?? h.kind];
  if (h.date) parts.push(dateFormat.format(new Date(h.date + "T00:00:00Z")));
  if (h.committee) parts.push(h.committee);
  meta.append(parts.join(" · "));
  if (h.closedSession) {
    meta.append(" ", el("span", { class: "badge badge--closed" }, L.closed_session));
  } else if (h.resultCategory) {
    meta.append(" ", el("span", { class: `badge badge--${h.resultCategory}` }, L[h.resultCategory] ?? h.resultCategory));
  }
  const excerpt = el("p", { class: "excerpt" });
  excerpt.innerHTML = h.excerpt; // the client escapes all text; only <mark> is markup
  // The file and page the excerpt is from ("Anlage 2, S. 14"), opening there.
  let file = null;
  if (h.file) {
    const name = h.page ? L.file_page.replace("{n}", h.page).replace("{file}", () => h.file) : h.file;
    file = el("p", { class: "hit-file" }, h.fileUrl ? el("a", { href: h.fileUrl }, name) : name);
  }
  return el("li", { class: "hit" }, el("article", {}, el("h2", { class: "hit-title" }, el("a", { href: h.url }, h.title)), meta, h.excerpt ? excerpt : null, file, path(h)));
}

// path is a paper's way through the committees, one station per agenda
// item that deliberated it: date, committee (or meeting) and result.
function path(h) {
  if (!h.path?.length) return null;
  const ol = el("ol", { class: "hit-path", "aria-label": L.path });
  for (const s of h.path) {
    const parts = [];
    if (s.date) parts.push(dateFormat.format(new Date(s.date + "T00:00:00Z")));
    parts.push(s.committee || s.meeting);
    const li = el("li", {}, el("a", { href: s.url }, parts.join(" · ")));
    if (s.result) li.append(": ", s.result);
    ol.append(li);
  }
  return ol;
}

function renderFacets(facets) {
  for (const f of FACETS) {
    const ul = filters.querySelector(`[data-facet="${f}"] ul`);
    const counts = { ...facets[f] };
    for (const v of state[f]) counts[v] ??= 0;
    // Values by count, the most frequent first.
    const values = Object.keys(counts).sort((a, b) => counts[b] - counts[a] || facetOrder(f, a, b));
    ul.closest("fieldset").hidden = values.length === 0;
    ul.replaceChildren(...values.map((v, i) => {
      const id = `facet-${f}-${i}`;
      const box = el("input", { type: "checkbox", id, value: v, "data-facet": f });
      box.checked = state[f].includes(v);
      const label = el("label", { for: id }, facetLabel(f, v), " ", el("span", { class: "count" }, String(counts[v])));
      return el("li", {}, box, label);
    }));
  }
}

function renderPages(total) {
  const n = Math.ceil(total / PER_PAGE);
  pages.hidden = n <= 1;
  if (n <= 1) return pages.replaceChildren();
  const cur = Math.min(state.page, n);
  const button = (page, text, label, current) => {
    const b = el("button", { type: "button", "data-page": String(page), "aria-label": label }, text);
    if (current) b.setAttribute("aria-current", "page");
    return el("li", {}, b);
  };
  const list = el("ul");
  if (cur > 1) list.append(button(cur - 1, "‹", L.prev));
  const first = Math.max(1, Math.min(cur - 3, n - 6));
  for (let p = first; p <= Math.min(n, first + 6); p++) list.append(button(p, String(p), L.page.replace("{n}", p), p === cur));
  if (cur < n) list.append(button(cur + 1, "›", L.next));
  pages.replaceChildren(list);
}

let timer;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => {
    state.q = input.value;
    state.page = 1;
    search();
  }, 200);
});

form.addEventListener("submit", (e) => {
  e.preventDefault();
  clearTimeout(timer);
  state.q = input.value;
  state.page = 1;
  search(true);
});

filters.addEventListener("change", (e) => {
  const t = e.target;
  if (t.dataset.facet) {
    const f = t.dataset.facet;
    state[f] = t.checked ? [...state[f], t.value] : state[f].filter((v) => v !== t.value);
  } else if (t === sortEl) {
    state.sort = sortEl.value;
  } else if (t === fromEl || t === toEl) {
    state.from = fromEl.value;
    state.to = toEl.value;
  } else {
    return;
  }
  state.page = 1;
  search(true);
});

// The filters' button (shown on narrow screens only) opens and closes them.
toggleEl.addEventListener("click", () => {
  toggleEl.setAttribute("aria-expanded", String(toggleEl.getAttribute("aria-expanded") !== "true"));
});

resetEl.addEventListener("click", () => {
  state = { ...state, committee: [], year: [], resultCategory: [], kind: [], from: "", to: "", page: 1 };
  showState();
  search(true);
  input.focus();
});

pages.addEventListener("click", (e) => {
  const b = e.target.closest("button[data-page]");
  if (!b) return;
  state.page = Number(b.dataset.page);
  search(true).then(() => {
    statusEl.setAttribute("tabindex", "-1");
    statusEl.focus();
  });
});

addEventListener("popstate", () => {
  state = readURL();
  showState();
  search();
});

// "/" jumps to the search field, as on many sites.
addEventListener("keydown", (e) => {
  if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement?.tagName ?? "")) {
    e.preventDefault();
    input.focus();
  }
});

// Saved searches. They are kept in localStorage under a key of the site's
// search index, and never leave the browser. Each holds the search (its
// parameters), the newest date among its hits and their number when it was
// saved or last opened. "New" hits are those dated after that newest date:
// the count is the total of the same search from the next day on (limit 0,
// so no document is fetched). A record added later but dated earlier is not
// counted. Opening a saved search marks its new hits and moves the mark.
const STORE = "ratsarchiv.saved:" + base.pathname;
const opened = new Map(); // saved searches opened on this visit, as they were before
const storage = (() => {
  try {
    localStorage.setItem(STORE + ":probe", "1");
    localStorage.removeItem(STORE + ":probe");
    return localStorage;
  } catch {
    return null; // storage disabled: no saving
  }
})();

function loadSaved() {
  try {
    const v = JSON.parse(storage?.getItem(STORE) ?? "[]");
    return Array.isArray(v) ? v.filter((s) => typeof s?.params === "string") : [];
  } catch {
    return [];
  }
}

function storeSaved(list) {
  if (list.length) storage.setItem(STORE, JSON.stringify(list));
  else storage.removeItem(STORE);
}

function savedSearch(s) {
  const key = searchParams(s).toString();
  return loadSaved().find((x) => x.params === key);
}

function stateOf(params) {
  const p = new URLSearchParams(params);
  const s = { q: p.get("q") ?? "", from: p.get("from") ?? "", to: p.get("to") ?? "" };
  for (const [f, name] of Object.entries(PARAM)) s[f] = p.getAll(name);
  return s;
}

function label(s) {
  const parts = s.q ? [document.documentElement.lang === "de" ? `„${s.q}“` : `“${s.q}”`] : [];
  for (const f of Object.keys(PARAM)) for (const v of s[f]) parts.push(facetLabel(f, v));
  if (s.from || s.to) parts.push(`${s.from}–${s.to}`);
  return parts.join(" · ") || L.saved.all;
}

// baseline is the newest date among the hits of s and their number.
async function baseline(s) {
  const r = await idx.search(s.q, { ...options(s), sort: "newest", limit: 1, offset: 0 });
  return { newest: r.hits[0]?.date ?? "", total: r.total };
}

function nextDay(d) {
  const t = new Date(d + "T00:00:00Z");
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

// fresh counts the hits of a saved search dated after its baseline.
async function fresh(saved) {
  const s = stateOf(saved.params);
  const o = { ...options(s), limit: 0, offset: 0 };
  if (saved.newest) {
    const from = nextDay(saved.newest);
    if (!o.from || from > o.from) o.from = from;
    if (o.to && o.from > o.to) return 0;
  }
  return (await idx.search(s.q, o)).total;
}

// seen moves the baseline of a saved search that is open now.
async function seen(saved, id) {
  const b = await baseline(state);
  if (id !== run) return;
  const list = loadSaved();
  const x = list.find((y) => y.params === saved.params);
  if (!x) return;
  Object.assign(x, b);
  storeSaved(list);
  renderSaved();
}

async function renderSaved() {
  const list = storage ? loadSaved() : [];
  if (!list.length) {
    savedEl.hidden = true;
    return savedList.replaceChildren();
  }
  idx ??= await import(new URL("ratsarchiv-search.js", base).href).then((m) => m.openIndex(base, { fetch }));
  const items = await Promise.all(list.map(async (saved) => {
    const text = label(stateOf(saved.params));
    let n = 0;
    try {
      n = await fresh(saved);
    } catch (e) {
      console.error(e); // a search the index no longer understands: shown without a count
    }
    const count = el("span", { class: n ? "badge badge--new" : "meta" }, n === 0 ? L.saved.none : n === 1 ? L.saved.new_one : L.saved.new.replace("{n}", n.toLocaleString(document.documentElement.lang || "de")));
    const remove = el("button", { type: "button", class: "saved-remove", "data-params": saved.params, "aria-label": L.saved.remove_label.replace("{label}", text) }, L.saved.remove);
    return el("li", { "data-params": saved.params }, el("a", { href: location.pathname + "?" + saved.params }, text), " ", count, " ", remove);
  }));
  savedList.replaceChildren(...items);
  savedEl.hidden = false;
}

saveEl.addEventListener("click", async () => {
  const key = searchParams(state).toString();
  let list = loadSaved();
  if (list.some((x) => x.params === key)) {
    list = list.filter((x) => x.params !== key);
  } else {
    list.push({ params: key, ...(await baseline(state)) });
  }
  storeSaved(list);
  saveEl.setAttribute("aria-pressed", String(list.some((x) => x.params === key)));
  renderSaved();
});

savedList.addEventListener("click", (e) => {
  const b = e.target.closest("button.saved-remove");
  if (!b) return;
  storeSaved(loadSaved().filter((x) => x.params !== b.dataset.params));
  if (b.dataset.params === searchParams(state).toString()) saveEl.setAttribute("aria-pressed", "false");
  renderSaved().then(() => (savedList.querySelector("button") ?? input).focus());
});

showState();
search().then(renderSaved);
