// ratsarchiv-search.js — the browser (and Node ≥ 20) client of ratsarchiv's
// static search index. Dependency-free ES module:
//
//   import { openIndex } from "./ratsarchiv-search.js";
//   const idx = await openIndex(new URL("/search/", location.href), { fetch });
//   const r = await idx.search("Kenntnis genommen Integration", {
//     filters: { committee: ["Sozialausschuss"], year: ["2022"], resultCategory: ["noted"] },
//     from: "2022-01-01", to: "2022-12-31", sort: "relevance", limit: 10, offset: 0 });
//
// Results equal `ratsarchiv search --json` on the same index: the same
// analysis, query language and BM25 as Bleve computes it, ties by date
// then id. The index is fetched piecemeal (docs/index-format.md): a query
// loads the dictionary shards and posting data of its terms; for frequent
// terms only the top-scoring postings and the blocks that can still reach
// the requested page.

import * as fmt from "./format.js";
import { choosePassage, excerpt, highlightTerms } from "./excerpt.js";
import {
  completeDate, compareBytes, parseQuery, parseYears, QueryError,
  resolveCommittee, resolveKind, resolveResultCategory,
} from "./query.js";
import { docScore, idf } from "./score.js";

export { QueryError };
export { analyze, tokenize } from "./analysis.js";
export { parseQuery } from "./query.js";

/** The index format version this client reads. */
export const VERSION = fmt.VERSION;

const utf8 = new TextEncoder();

/**
 * Opens the static index at baseURL (the folder holding index.json).
 * @param {string | URL} baseURL
 * @param {{fetch?: typeof fetch}} [options] fetch is injectable (tests, Node)
 */
export async function openIndex(baseURL, options = {}) {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const base = new URL(String(baseURL));
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  const res = await fetchFn(new URL("index.json", base));
  if (!res.ok) throw new Error(`search index: ${res.status} for index.json`);
  const buf = new Uint8Array(await res.arrayBuffer());
  const entry = JSON.parse(new TextDecoder().decode(buf));
  if (entry.format !== fmt.FORMAT || entry.version !== fmt.VERSION) {
    throw new Error(`search index: format ${entry.format} version ${entry.version}; this client reads ${fmt.FORMAT} version ${fmt.VERSION}`);
  }
  const idx = new SearchIndex(base, fetchFn, entry);
  idx.stats.requests++;
  idx.stats.bytes += buf.length;
  return idx;
}

const SORTS = ["relevance", "newest", "oldest"];
const FIELDS = ["title", "text", "parts"];

class SearchIndex {
  constructor(base, fetchFn, entry) {
    this.base = base;
    // Called as a plain function: a browser's fetch refuses another `this`.
    this.get = (url) => fetchFn(url);
    this.entry = entry;
    this.n = entry.documents;
    /** Requests made and bytes received, for measurements. */
    this.stats = { requests: 0, bytes: 0 };
    this.files = new Map();
    this.lists = new Map();
    /** The length of a document's text, as far as its postings are known. */
    this.textLen = new Map();
  }

  /** Committee names, for filters and the search page. */
  get committees() {
    return this.entry.committees;
  }

  #payload(name) {
    let p = this.files.get(name);
    if (!p) {
      p = (async () => {
        const res = await this.get(new URL(name, this.base));
        if (!res.ok) throw new Error(`search index: ${res.status} for ${name}`);
        const data = new Uint8Array(await res.arrayBuffer());
        this.stats.requests++;
        this.stats.bytes += data.length;
        return fmt.shardPayload(data);
      })();
      p.catch(() => this.files.delete(name));
      this.files.set(name, p);
    }
    return p;
  }

  async #blob(ref) {
    const p = await this.#payload(ref.file);
    return p.subarray(ref.off, ref.off + ref.len);
  }

  // The dictionary index has two levels: the root lists pages by their
  // first term, a page lists shards.
  async #root() {
    return memo(this, "dictRoot", () => this.#payload(this.entry.dict).then(fmt.decodeDictRoot));
  }

  async #page(p) {
    const pg = (await this.#root())[p];
    return memo(pg, "shards", () => this.#payload(pg.file).then(fmt.decodeDictPage));
  }

  async #shard(p, i) {
    const s = (await this.#page(p))[i];
    return memo(s, "decoded", () => this.#payload(s.file).then(fmt.decodeDictShard));
  }

  // The page and shard that would hold term bytes t: [-1, 0] when the
  // dictionary is empty.
  async #locate(t) {
    const last = (list) => {
      let lo = 0, hi = list.length - 1, at = 0;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (fmt.compareU8(list[mid].first, t) <= 0) {
          at = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return at;
    };
    const root = await this.#root();
    if (root.length === 0) return [-1, 0];
    const p = last(root);
    return [p, last(await this.#page(p))];
  }

  /** The dictionary entry of a term, or null. */
  async #lookup(term) {
    const t = utf8.encode(term);
    const [p, i] = await this.#locate(t);
    if (p < 0) return null;
    const terms = await this.#shard(p, i);
    let lo = 0, hi = terms.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = fmt.compareU8(terms[mid].bytes, t);
      if (c === 0) return terms[mid];
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  /** Text terms starting with prefix, by count then bytes (as Go expands them). */
  async #expand(prefix) {
    const pfx = utf8.encode(prefix);
    const max = this.entry.limits.maxPrefixTerms;
    const out = [];
    const startsWith = (b) => b.length >= pfx.length && fmt.compareU8(b.subarray(0, pfx.length), pfx) === 0;
    const root = await this.#root();
    let [p, i] = await this.#locate(pfx);
    scan: for (; p >= 0 && p < root.length; p++, i = 0) {
      const shards = await this.#page(p);
      for (; i < shards.length; i++) {
        if (fmt.compareU8(shards[i].first, pfx) > 0 && !startsWith(shards[i].first)) break scan;
        for (const t of await this.#shard(p, i)) {
          const c = fmt.compareU8(t.bytes, pfx);
          if (c < 0) continue;
          if (!startsWith(t.bytes)) {
            if (c > 0) break scan;
            continue;
          }
          if (t.fields.text) out.push(t);
          if (out.length > max) {
            throw new QueryError("too-many-prefix-terms", -1, `${prefix}*: more than ${max} words start with it; make the prefix longer`);
          }
        }
      }
    }
    return stableSort(out, (a, b) => a.fields.text.df - b.fields.text.df);
  }

  /** The posting list of term in field, with its document set loaded. */
  async #list(term, field, entry) {
    const key = field + "\u0000" + term;
    let pl = this.lists.get(key);
    if (pl) return pl;
    const d = entry?.fields[field];
    const st = this.entry.fields[field];
    pl = {
      term, field, df: d?.df ?? 0, avgdl: st.avgdl, idf: idf(this.n, d?.df ?? 0),
      desc: d, full: true, docs: new Int32Array(0),
      // frequency and length of each posting by rank (0: not loaded)
      freqAt: new Int32Array(d?.df ?? 0), lenAt: new Int32Array(d?.df ?? 0),
      // text and parts postings carry the length of their document's text
      textLen: field === "text" || field === "parts" ? this.textLen : null,
    };
    if (d) {
      if (d.mode === 0 || d.mode === 1) {
        const post = fmt.decodePostings(d.mode === 0 ? d.post : await this.#blob(d.postRef), d.df);
        pl.docs = post.docs;
        for (let i = 0; i < d.df; i++) learn(pl, i, post.freqs[i], post.lens[i]);
      } else {
        const h = fmt.decodeHead(await this.#blob(d.headRef), d.df);
        pl.full = false;
        pl.docs = h.docs;
        pl.head = h;
        pl.loaded = new Set();
        let tierMin = Infinity;
        for (let i = 0; i < h.tier.docs.length; i++) {
          learn(pl, rankOf(pl, h.tier.docs[i]), h.tier.freqs[i], h.tier.lens[i]);
          tierMin = Math.min(tierMin, docScore(pl.idf, pl.avgdl, h.tier.freqs[i], h.tier.lens[i]));
        }
        pl.tierMin = tierMin;
        pl.blockMax = Float64Array.from(h.blockMax.freqs, (f, b) => docScore(pl.idf, pl.avgdl, f, h.blockMax.lens[b]));
      }
    }
    pl.bits = fmt.Bits.of(this.n, pl.docs);
    this.lists.set(key, pl);
    return pl;
  }

  async #termLists(term) {
    const e = await this.#lookup(term);
    return Promise.all([this.#list(term, "title", e), this.#list(term, "text", e), this.#list(term, "parts", e)]);
  }

  /** Loads the block files of a large list. */
  async #loadBlocks(pl, files) {
    const h = pl.head;
    await Promise.all([...files].filter((f) => !pl.loaded.has(f)).map(async (f) => {
      const first = f * h.blockSize * h.perFile;
      const end = Math.min(pl.df, first + h.blockSize * h.perFile);
      const counts = [];
      for (let s = first; s < end; s += h.blockSize) counts.push(Math.min(h.blockSize, end - s));
      const b = fmt.decodeBlockFile(await this.#payload(h.freqFiles[f]), counts);
      let r = first;
      for (let k = 0; k < counts.length; k++) {
        for (let i = 0; i < counts[k]; i++, r++) learn(pl, r, b.freqs[k][i], b.lens[k][i]);
      }
      pl.loaded.add(f);
    }));
    if (pl.loaded.size === h.freqFiles.length) pl.full = true;
  }

  /** Positions of docs (all in the list) as Map doc → Int32Array. */
  async #positions(pl, docs) {
    const out = new Map();
    const d = pl.desc;
    if (d.mode === 0 || d.mode === 1) {
      const pos = await memo(pl, "pos", () => (d.mode === 0 ? Promise.resolve(d.pos) : this.#blob(d.posRef)).then((b) => fmt.decodePositions(b, d.df)));
      for (const x of docs) out.set(x, pos[rankOf(pl, x)]);
      return out;
    }
    const h = pl.head;
    const per = h.blockSize * h.perFile;
    pl.posFiles ??= {};
    const need = new Set(docs.map((x) => Math.floor(rankOf(pl, x) / per)));
    const files = new Map(await Promise.all([...need].map(async (f) => {
      const count = Math.min(pl.df, (f + 1) * per) - f * per;
      return [f, await memo(pl.posFiles, f, () => this.#payload(h.posFiles[f]).then((b) => fmt.decodePositions(b, count)))];
    })));
    for (const x of docs) {
      const r = rankOf(pl, x);
      const f = Math.floor(r / per);
      out.set(x, files.get(f)[r - f * per]);
    }
    return out;
  }

  /** Documents of cand where the phrase (terms with "" gaps) occurs in one field. */
  async #phrase(lists, terms, cand) {
    const inter = cand.clone();
    for (const pl of lists) if (pl) inter.and(pl.bits);
    const docs = [...inter.docs()];
    const matched = new fmt.Bits(this.n);
    if (docs.length === 0) return matched;
    const pos = await Promise.all(lists.map((pl) => (pl ? this.#positions(pl, docs) : null)));
    for (const d of docs) {
      const sets = pos.map((m) => (m ? new Set(m.get(d)) : null));
      for (const p0 of pos[0].get(d)) {
        let ok = true;
        for (let k = 1; k < terms.length && ok; k++) if (sets[k] && !sets[k].has(p0 + k)) ok = false;
        if (ok) {
          matched.w[d >>> 5] |= 1 << (d & 31);
          break;
        }
      }
    }
    return matched;
  }

  /**
   * Resolves the clauses of a parsed query into scoring structures, sorted
   * the way Bleve sorts the searchers (by posting count, stable).
   */
  async #resolve(clauses) {
    const out = await Promise.all(clauses.map(async (c) => {
      if (c.kind === "term") {
        const [t, x, p] = await this.#termLists(c.term);
        // The parts clause's boost (searchindex.PartsBoost): a compound
        // part weighs partsWeight times the word.
        const r = x.idf / p.idf;
        const boosts = new Map([[p, this.entry.partsWeight * r * r]]);
        return { kind: "term", children: stableSort([t, x, p], (a, b) => a.df - b.df), boosts, count: t.df + x.df + p.df };
      }
      if (c.kind === "phrase") {
        const per = await Promise.all(c.terms.map((t) => (t === "" ? [null, null] : this.#termLists(t))));
        const fields = ["title", "text"].map((f, fi) => {
          const lists = per.map((p) => p[fi]);
          const present = lists.filter(Boolean);
          return {
            field: f, lists,
            sorted: stableSort(present, (a, b) => a.df - b.df),
            count: present.reduce((s, pl) => s + pl.df, 0),
          };
        });
        return { kind: "phrase", terms: c.terms, fields: stableSort(fields, (a, b) => a.count - b.count), count: fields[0].count + fields[1].count };
      }
      const exp = await this.#expand(c.prefix);
      const lists = await Promise.all(exp.map((e) => this.#list(e.term, "text", e)));
      return { kind: "prefix", children: lists, count: lists.reduce((s, pl) => s + pl.df, 0) };
    }));
    return stableSort(out, (a, b) => a.count - b.count);
  }

  // The documents matching a resolved clause, within cand (phrases are
  // checked only there).
  async #matches(c, cand) {
    if (c.kind === "phrase") {
      c.matched = {};
      const all = new fmt.Bits(this.n);
      for (const f of c.fields) {
        c.matched[f.field] = f.lists.some((pl, k) => c.terms[k] !== "" && pl.df === 0)
          ? new fmt.Bits(this.n)
          : await this.#phrase(f.lists, c.terms, cand);
        all.or(c.matched[f.field]);
      }
      return all;
    }
    const all = new fmt.Bits(this.n);
    for (const pl of c.children) all.or(pl.bits);
    return all;
  }

  /**
   * Searches. Options: filters {committee, year, resultCategory, kind}
   * (lists, OR within a list), from/to (YYYY[-MM[-DD]]), sort (relevance,
   * newest, oldest), limit (default the entry's defaultLimit, 10; 0: the
   * total and facets only), offset.
   * @throws {QueryError} for a malformed query
   */
  async search(q, options = {}) {
    const pq = parseQuery(q ?? "", this.entry);
    const filters = this.#mergeFilters(pq.filters, options.filters ?? {});
    let from = completeDate(options.from ?? "", false);
    const to = completeDate(options.to ?? "", true);
    if (from === "" && to !== "") from = "0001-01-01";
    const sort = options.sort || "relevance";
    if (!SORTS.includes(sort)) throw new Error(`search: unknown sort ${JSON.stringify(sort)} (want relevance, newest or oldest)`);
    // No limit gives the default, 0 no hits (the total and facets only).
    const limit = options.limit ?? this.entry.defaultLimit;
    if (!Number.isInteger(limit) || limit < 0) throw new Error(`search: limit ${JSON.stringify(limit)}: want 0 or more`);
    const offset = Math.max(0, options.offset ?? 0);
    const hasFilters = Object.values(filters).some((v) => v.length > 0) || from !== "" || to !== "";
    if (pq.clauses.length === 0 && pq.exclude.length === 0 && !hasFilters) return emptyResult();

    if (pq.clauses.length === 1 && pq.clauses[0].kind === "term" && pq.exclude.length === 0 && !hasFilters && sort === "relevance") {
      const r = await this.#fromSummary(pq, offset, limit);
      if (r) return r;
    }

    const clauses = await this.#resolve(pq.clauses);
    const excluded = await Promise.all(pq.exclude.map((g) => this.#resolve(g)));

    // Candidates: clause sets without phrases, the cheap filters, the
    // facet filters, then phrases and exclusions checked within.
    let cand = fmt.Bits.all(this.n);
    for (const c of clauses) if (c.kind !== "phrase") cand.and(await this.#matches(c, cand));
    if (filters.year.length) {
      const ys = new fmt.Bits(this.n);
      for (const y of this.entry.years) if (filters.year.includes(y.year)) ys.or(fmt.Bits.range(this.n, y.first, y.end));
      cand.and(ys);
    }
    if (from !== "" || to !== "") {
      const [lo, hi] = await this.#dateRange(from, to);
      cand.and(fmt.Bits.range(this.n, lo, hi));
    }
    if (filters.committee.length || filters.kind.length || filters.resultCategory.length) {
      cand = await this.#facetFilter(cand, filters);
    }
    for (const c of clauses) if (c.kind === "phrase") cand.and(await this.#matches(c, cand));
    for (const g of excluded) {
      let gs = cand.clone();
      for (const c of g) gs.and(await this.#matches(c, gs));
      cand.andNot(gs);
    }

    const docs = cand.docs();
    const result = { total: docs.length, hits: [], facets: await this.#facets(docs) };
    let page;
    if (limit === 0) {
      page = [];
    } else if (sort !== "relevance") {
      const ordered = sort === "newest" ? docs.slice().reverse() : docs;
      page = [...ordered.slice(offset, offset + limit)].map((d) => [0, d]);
    } else if (clauses.length === 0) {
      page = [...docs.slice().reverse().slice(offset, offset + limit)].map((d) => [1, d]);
    } else {
      page = (await this.#top(clauses, docs, offset + limit)).slice(offset);
    }
    result.hits = await this.#hits(pq, page, (d) => this.#doc(d));
    return result;
  }

  /**
   * A query of one frequent word alone, answered from its summary (total,
   * facet counts, best documents with their postings) without its posting
   * lists; null when the page lies beyond the summary's best documents.
   */
  async #fromSummary(pq, offset, limit) {
    const term = pq.clauses[0].term;
    const e = await this.#lookup(term);
    if (!e?.summaryRef) return null;
    const sm = fmt.decodeSummary(await this.#blob(e.summaryRef));
    if (offset + limit > sm.top.length) return null;
    // The clause as #resolve makes it, with lists that know the best
    // documents only: enough to score them as #top does.
    const lists = FIELDS.map((f, fi) => {
      const df = e.fields[f]?.df ?? 0;
      const have = sm.top.filter((t) => t.fields[fi]).sort((a, b) => a.doc - b.doc);
      return {
        term, field: f, df, avgdl: this.entry.fields[f].avgdl, idf: idf(this.n, df),
        docs: Int32Array.from(have, (t) => t.doc),
        freqAt: Int32Array.from(have, (t) => t.fields[fi][0]), lenAt: Int32Array.from(have, (t) => t.fields[fi][1]),
      };
    });
    const [tl, xl, pl] = lists;
    const r = xl.idf / pl.idf;
    const c = {
      kind: "term", children: stableSort(lists, (a, b) => a.df - b.df),
      boosts: new Map([[pl, this.entry.partsWeight * r * r]]), count: tl.df + xl.df + pl.df,
    };
    const pageDocs = Int32Array.from(sm.top.slice(offset, offset + limit), (t) => t.doc).sort();
    const sc = new Scorer([c], pageDocs, this.n);
    const facets = { committee: {}, year: {}, resultCategory: {} };
    for (const [v, n] of sm.committee) facets.committee[this.entry.committees[v - 1]] = n;
    for (const [v, n] of sm.year) facets.year[this.entry.years[v - 1].year] = n;
    const cats = sm.category.map(([v, n]) => [this.entry.resultCategories[v - 1], n]).sort((a, b) => compareBytes(a[0], b[0]));
    for (const [k, n] of cats) facets.resultCategory[k] = n;
    const page = sm.top.slice(offset, offset + limit).map((t) => [sc.score(sc.indexOf(t.doc), false), t.doc, t.chunk]);
    const chunkOf = new Map(page.map(([, d, chunk]) => [d, chunk]));
    const hits = await this.#hits(pq, page, async (d) => {
      const docs = fmt.decodeDocChunk(await this.#payload(chunkOf.get(d)));
      return docs[d % this.entry.docs.chunk];
    });
    return { total: sm.total, hits, facets };
  }

  /** The hits of a page of [score, document] with excerpts; doc(d) fetches a document. */
  async #hits(pq, page, doc) {
    const marks = highlightTerms(pq);
    // The words whose positions choose the passage of an excerpt: the
    // query's rarer words.
    const chooseBy = [];
    for (const t of marks.terms) {
      const e = await this.#lookup(t);
      const df = e?.fields.text?.df ?? 0;
      if (df > 0 && df <= this.entry.excerptTermsMaxDF) chooseBy.push(await this.#list(t, "text", e));
    }
    return Promise.all(page.map(async ([score, d]) => {
      const dc = await doc(d);
      let src = dc.excerpt, k = 0;
      if (dc.starts.length > 0 && chooseBy.length > 0) {
        const positions = [];
        for (const pl of chooseBy) positions.push(pl.bits.has(d) ? [...(await this.#positions(pl, [d])).get(d)] : []);
        k = choosePassage(positions, dc.starts);
        if (k > 0) src = fmt.decodePassages(await this.#blob(dc.passagesRef), dc.starts.length)[k - 1];
      }
      return {
        id: dc.id, url: dc.url, kind: this.entry.kinds[dc.kind], title: dc.title, date: dc.date,
        committee: dc.committee ? this.entry.committees[dc.committee - 1] : "",
        result: dc.result,
        resultCategory: dc.category ? this.entry.resultCategories[dc.category - 1] : "",
        score, excerpt: excerpt(src, marks, k > 0),
      };
    }));
  }

  #mergeFilters(q, o) {
    const f = { committee: [...q.committee], year: [...q.year], resultCategory: [...q.resultCategory], kind: [...q.kind] };
    const add = (list, vs) => { for (const v of vs) if (!list.includes(v)) list.push(v); };
    for (const c of o.committee ?? []) add(f.committee, resolveCommittee(c, this.entry.committees));
    for (const y of o.year ?? []) add(f.year, parseYears(String(y)));
    for (const r of o.resultCategory ?? []) add(f.resultCategory, [resolveResultCategory(r, this.entry)]);
    for (const k of o.kind ?? []) add(f.kind, [resolveKind(k, this.entry)]);
    return f;
  }

  // Document numbers [lo, hi) dated from..to (YYYY-MM-DD, inclusive).
  async #dateRange(from, to) {
    const { dates, first } = await memo(this, "dates", () => this.#payload(this.entry.dateIndex).then(fmt.decodeDateIndex));
    const num = (s) => Number(s.replaceAll("-", ""));
    const bound = (v) => {
      // the first document dated after v
      let lo = 0, hi = dates.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (dates[mid] <= v) lo = mid + 1;
        else hi = mid;
      }
      return lo < dates.length ? first[lo] : this.n;
    };
    const lo = from === "" ? 0 : bound(num(from) - 1);
    const hi = to === "" ? this.n : bound(num(to));
    return [lo, hi];
  }

  // #facetBlocks loads the facet values of docs from the tier that costs
  // less: the fine one while it fetches at most half the documents' worth
  // of the large blocks (a rare word's few matches), else the large one.
  async #facetBlocks(docs) {
    const f = this.entry.facets;
    const blocksOf = (size) => [...new Set(Array.from(docs, (d) => Math.floor(d / size)))];
    let size = f.block, files = f.files, need = blocksOf(size);
    if (f.fineFiles) {
      const fine = blocksOf(f.fineBlock);
      if (2 * fine.length * f.fineBlock <= need.length * f.block) {
        size = f.fineBlock;
        files = f.fineFiles;
        need = fine;
      }
    }
    const load = (b) => this.#payload(files[b]).then(fmt.decodeFacetBlock);
    const blocks = new Map(await Promise.all(need.map(async (b) => [b, await load(b)])));
    return (d) => {
      const blk = blocks.get(Math.floor(d / size));
      const i = d % size;
      return { committee: blk.committee[i], kind: blk.kc[i] >> 4, category: blk.kc[i] & 15 };
    };
  }

  async #facetFilter(cand, f) {
    const docs = cand.docs();
    const get = await this.#facetBlocks(docs);
    const committees = new Set(f.committee.map((c) => this.entry.committees.indexOf(c) + 1));
    const kinds = new Set(f.kind.map((k) => this.entry.kinds.indexOf(k)));
    const cats = new Set(f.resultCategory.map((c) => this.entry.resultCategories.indexOf(c) + 1));
    const out = new fmt.Bits(this.n);
    for (const d of docs) {
      const v = get(d);
      if (committees.size && !committees.has(v.committee)) continue;
      if (kinds.size && !kinds.has(v.kind)) continue;
      if (cats.size && !cats.has(v.category)) continue;
      out.w[d >>> 5] |= 1 << (d & 31);
    }
    return out;
  }

  async #facets(docs) {
    const facets = { committee: {}, year: {}, resultCategory: {} };
    if (docs.length === 0) return facets;
    const cc = new Map(), rc = new Map();
    const get = await this.#facetBlocks(docs);
    for (const d of docs) {
      const v = get(d);
      if (v.committee) cc.set(v.committee, (cc.get(v.committee) ?? 0) + 1);
      if (v.category) rc.set(v.category, (rc.get(v.category) ?? 0) + 1);
    }
    for (const [c, n] of [...cc].sort((a, b) => a[0] - b[0])) facets.committee[this.entry.committees[c - 1]] = n;
    for (const y of this.entry.years) {
      let n = 0;
      let lo = 0, hi = docs.length;
      while (lo < hi) { const m = (lo + hi) >> 1; if (docs[m] < y.first) lo = m + 1; else hi = m; }
      for (let i = lo; i < docs.length && docs[i] < y.end; i++) n++;
      if (n) facets.year[y.year] = n;
    }
    const cats = [...rc].map(([c, n]) => [this.entry.resultCategories[c - 1], n]).sort((a, b) => compareBytes(a[0], b[0]));
    for (const [c, n] of cats) facets.resultCategory[c] = n;
    return facets;
  }

  async #doc(d) {
    const { chunk, dirChunks, dirs, levels } = this.entry.docs;
    // Down the directory tree: an entry at a level covers span chunks.
    this.docDirs ??= {};
    const dir = (name) => memo(this.docDirs, name, () => this.#payload(name).then(fmt.decodeNames));
    let rel = Math.floor(d / chunk);
    let names = await dir(dirs);
    for (let span = dirChunks ** levels; span > 1; span /= dirChunks) {
      const j = Math.floor(rel / span);
      names = await dir(names[j]);
      rel -= j * span;
    }
    const docs = fmt.decodeDocChunk(await this.#payload(names[rel]));
    return docs[d % chunk];
  }

  /**
   * The k best documents by Bleve's score, ties by document number
   * descending (newest, then id). Exact scores need the frequency and
   * length of each matching term; large lists come with their top-scoring
   * postings and a maximum per block, so documents that cannot reach the
   * k-th score are never looked up.
   */
  async #top(clauses, docs, k) {
    if (k === 0) return [];
    const sc = new Scorer(clauses, docs, this.n);
    const byRank = (a, b) => (b[0] - a[0]) || (b[1] - a[1]);
    const complete = [];
    const pending = [];
    for (let i = 0; i < docs.length; i++) {
      const s = sc.score(i, false);
      if (s === null) pending.push(i);
      else complete.push([s, docs[i]]);
    }
    complete.sort(byRank);
    // Only the pending documents whose bound beats the k-th exact score
    // so far are contenders: [upper bound, document, index], best first.
    let cand = [];
    const kth0 = complete.length >= k ? complete[k - 1] : null;
    for (const i of pending) {
      const ub = sc.score(i, true);
      if (kth0 === null || ub > kth0[0] || (ub === kth0[0] && docs[i] > kth0[1])) cand.push([ub, docs[i], i]);
    }
    cand.sort(byRank);
    for (;;) {
      // Bounds only fall and the k-th score only rises: a document whose
      // bound no longer beats it never will.
      const kth = complete.length >= k ? complete[k - 1] : null;
      const beats = (x) => kth === null || x[0] > kth[0] || (x[0] === kth[0] && x[1] > kth[1]);
      let end = 0;
      while (end < cand.length && beats(cand[end])) end++;
      cand.length = end;
      if (cand.length === 0) break;
      // Fetch the block files of the best contenders, a few at a time.
      const want = new Map();
      let files = 0;
      for (const [, d, i] of cand) {
        sc.missing(i, d, (pl, r) => {
          const f = Math.floor(r / (pl.head.blockSize * pl.head.perFile));
          if (!want.has(pl)) want.set(pl, new Set());
          if (!want.get(pl).has(f)) {
            want.get(pl).add(f);
            files++;
          }
        });
        if (files >= 8) break;
      }
      await Promise.all([...want].map(([pl, fs]) => this.#loadBlocks(pl, fs)));
      const next = [];
      for (const x of cand) {
        const s = sc.score(x[2], false);
        if (s !== null) complete.push([s, x[1]]);
        else {
          x[0] = sc.score(x[2], true);
          next.push(x);
        }
      }
      complete.sort(byRank);
      next.sort(byRank);
      cand = next;
    }
    return complete.slice(0, k);
  }
}

/**
 * Scorer computes Bleve's score of the candidates of a query: the
 * conjunction's sum over its clauses, each a disjunction's sum (in its
 * children's order) times its coordination factor, each leaf its BM25
 * field score times its query weight — or, with bound, an upper bound
 * where a posting is not loaded yet. For word and prefix clauses it finds
 * at the start, for every candidate, the lists it is in and its rank there.
 */
class Scorer {
  constructor(clauses, docs, n) {
    this.clauses = clauses;
    this.docs = docs;
    // queryNorm, as Bleve's conjunction computes it
    let sumW = 0;
    for (const c of clauses) sumW += clauseWeight(c);
    const qn = 1 / Math.sqrt(sumW);
    // Query weights, for this query only: lists are shared between
    // searches, which may run at the same time.
    this.qw = new Map();
    for (const c of clauses) for (const pl of clauseLists(c)) this.qw.set(pl, boostOf(c, pl) * pl.idf * qn);
    const idxOf = new Int32Array(n).fill(-1);
    docs.forEach((d, i) => { idxOf[d] = i; });
    this.idxOf = idxOf;
    this.tables = clauses.map((c) => {
      if (c.kind === "phrase") return null;
      const m = docs.length;
      const start = new Int32Array(m + 1);
      for (const pl of c.children) for (const d of pl.docs) if (idxOf[d] >= 0) start[idxOf[d] + 1]++;
      for (let i = 0; i < m; i++) start[i + 1] += start[i];
      const fill = start.slice(0, m);
      const child = new Int32Array(start[m]), rank = new Int32Array(start[m]);
      c.children.forEach((pl, ci) => {
        for (let r = 0; r < pl.docs.length; r++) {
          const i = idxOf[pl.docs[r]];
          if (i < 0) continue;
          const at = fill[i]++;
          child[at] = ci;
          rank[at] = r;
        }
      });
      return { start, child, rank, qw: Float64Array.from(c.children, (pl) => this.qw.get(pl)) };
    });
  }

  indexOf(d) {
    return this.idxOf[d];
  }

  /** The score of candidate i, its upper bound with bound; null when a posting is missing and not bound. */
  score(i, bound) {
    const d = this.docs[i];
    let sum = 0;
    for (let ci = 0; ci < this.clauses.length; ci++) {
      const c = this.clauses[ci], t = this.tables[ci];
      let s = 0, matched = 0, total;
      if (t === null) {
        total = c.fields.length;
        for (const f of c.fields) {
          if (!c.matched[f.field].has(d)) continue;
          matched++;
          let ps = 0;
          for (const pl of f.sorted) {
            const x = leaf(pl, rankOf(pl, d), d, bound, this.qw.get(pl));
            if (x === null) return null;
            ps += x;
          }
          s += ps;
        }
      } else {
        total = c.children.length;
        const a = t.start[i], b = t.start[i + 1];
        matched = b - a;
        for (let e = a; e < b; e++) {
          const x = leaf(c.children[t.child[e]], t.rank[e], d, bound, t.qw[t.child[e]]);
          if (x === null) return null;
          s += x;
        }
      }
      sum += s * (matched / total);
    }
    return sum;
  }

  /** Calls f(list, rank) for each posting of candidate i (document d) not loaded yet. */
  missing(i, d, f) {
    for (let ci = 0; ci < this.clauses.length; ci++) {
      const c = this.clauses[ci], t = this.tables[ci];
      if (t === null) {
        for (const fl of c.fields) {
          if (!c.matched[fl.field].has(d)) continue;
          for (const pl of fl.sorted) {
            const r = rankOf(pl, d);
            if (pl.freqAt[r] === 0) f(pl, r);
          }
        }
        continue;
      }
      for (let e = t.start[i]; e < t.start[i + 1]; e++) {
        const pl = c.children[t.child[e]];
        if (pl.freqAt[t.rank[e]] === 0) f(pl, t.rank[e]);
      }
    }
  }
}

// memo caches make() as holder[key]; a failure is forgotten, so that the
// next search tries again.
function memo(holder, key, make) {
  let p = holder[key];
  if (!p) {
    p = make();
    holder[key] = p;
    p.catch(() => {
      if (holder[key] === p) delete holder[key];
    });
  }
  return p;
}

function emptyResult() {
  return { total: 0, hits: [], facets: { committee: {}, year: {}, resultCategory: {} } };
}

// Array.prototype.sort is stable; stableSort keeps ties in input order.
function stableSort(a, cmp) {
  return [...a].sort(cmp);
}

// The weight Bleve's searcher of a clause reports: the sum of its leaves'
// (boost·idf)² in searcher order.
function clauseWeight(c) {
  let w = 0;
  if (c.kind === "term") {
    for (const pl of c.children) {
      const x = boostOf(c, pl) * pl.idf;
      w += x * x;
    }
    return w;
  }
  if (c.kind === "phrase") {
    for (const f of c.fields) {
      let fw = 0;
      for (const pl of f.sorted) fw += pl.idf * pl.idf;
      w += fw;
    }
    return w;
  }
  for (const pl of c.children) w += pl.idf * pl.idf;
  return w;
}

// The boost of a list in a clause (1 but for the parts of a word).
function boostOf(c, pl) {
  return c.boosts?.get(pl) ?? 1;
}

function clauseLists(c) {
  return c.kind === "phrase" ? c.fields.flatMap((f) => f.sorted) : c.children;
}

// A leaf's score at rank r of pl (document d), or with bound its upper
// bound when the posting is not loaded yet (null without bound); w is its
// query weight.
function leaf(pl, r, d, bound, w) {
  let s;
  const f = pl.freqAt[r];
  if (f > 0) {
    s = docScore(pl.idf, pl.avgdl, f, pl.lenAt[r]);
  } else {
    if (!bound) return null;
    s = pl.tierMin;
    const b = pl.head.blockMax[Math.floor(r / pl.head.blockSize)];
    if (b < s) s = b;
    // With the document's text length known (from a posting of another
    // word), no frequency of this list scores more than its highest.
    const len = pl.textLen?.get(d);
    if (len !== undefined) {
      const m = docScore(pl.idf, pl.avgdl, pl.head.maxFreq, len);
      if (m < s) s = m;
    }
  }
  return w !== 1 ? s * w : s;
}

// learn records the posting at rank r of pl.
function learn(pl, r, freq, len) {
  pl.freqAt[r] = freq;
  pl.lenAt[r] = len;
  pl.textLen?.set(pl.docs[r], len);
}

function rankOf(pl, d) {
  let lo = 0, hi = pl.docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pl.docs[mid] === d) return mid;
    if (pl.docs[mid] < d) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
