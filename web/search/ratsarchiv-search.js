// ratsarchiv-search.js — the browser (and Node ≥ 20) client of ratsarchiv's
// static search index. Dependency-free ES module:
//
//   import { openIndex } from "./ratsarchiv-search.js";
//   const idx = await openIndex(new URL("/search/", location.href), { fetch });
//   const r = await idx.search("Kenntnis genommen Integration", {
//     filters: { committee: ["Sozialausschuss"], year: ["2022"], resultCategory: ["noted"] },
//     from: "2022-01-01", to: "2022-12-31", sort: "relevance", limit: 10, offset: 0,
//     onHits(hits) { /* the page's hits, before the total and facets */ } });
//
// Results equal `ratsarchiv search --json` on the same index: the same
// analysis, query language and BM25 as Bleve computes it, ties by date
// then id. The index is fetched piecemeal (docs/index-format.md): a query
// loads the dictionary shards and posting data of its terms; for frequent
// terms only the top-scoring postings and the blocks that can still reach
// the requested page.
//
// This module runs a search; its steps live in modules of their own:
// store.js (files), dictionary.js (terms), postings.js (posting lists and
// phrases), filters.js, facets.js, ranking.js and documents.js (hits and
// excerpts), on top of format.js (decoding), query.js, analysis.js,
// score.js and excerpt.js.

import * as fmt from "./format.js";
import { lookup, expand, loadPartsFilter, pairPages, pairSummarized, prefetchDictionary, prefetchLists, prefetchPairPages, prefetchParts } from "./dictionary.js";
import { hits, matterKey, prefetchChunks, prefetchDirs } from "./documents.js";
import { countFacets, emptyFacets, facetBlocks, summaryFacets } from "./facets.js";
import { applyFilters, loadFilters, mergeFilters } from "./filters.js";
import { list, pairDocs, phrase, termLists } from "./postings.js";
import { completeDate, parseQuery, QueryError } from "./query.js";
import { Scorer, splitClause, stableSort, termClause, top } from "./ranking.js";
import { seedInline } from "./store.js";
import { tokenize } from "./analysis.js";

export { QueryError };
export { analyze, tokenize } from "./analysis.js";
export { parseQuery } from "./query.js";

/** The index format version this client reads. */
export const VERSION = fmt.VERSION;

// Prefetched at most when an index opens, besides the dictionary's pages
// that the entry carries inline (staticindex inlinePagesBytes): the word
// pairs' pages (about 0.7 KiB each; 5 on the Karlsruhe corpus, 48 at
// 100,000 generated items), which say whether a phrase's pair has a
// summary, and document directories (about 1 KiB each; 5 at the top of
// Karlsruhe's, 19 at 100,000 generated items, which name every chunk).
// More pairs' pages load once the index is idle for IDLE_MS: at 100,000
// items their 32 KB, loading at start-up, took a query asked then (a
// shared link) 1.6–1.7 times as long on Slow 4G. So does the parts
// filter (15.1 KB on Karlsruhe), which only a compound's query reads.
const PREFETCH_PAIR_PAGES = 24;
const PREFETCH_DIRS = 32;
const IDLE_MS = 1000;

/**
 * Opens the static index at baseURL (the folder holding index.json).
 * @param {string | URL} baseURL
 * @param {{fetch?: typeof fetch, idleMs?: number}} [options] fetch is
 * injectable (tests, Node); idleMs is how long the index waits, idle,
 * before it loads in the background (IDLE_MS; the test harness, which
 * models a visitor who types once it has, waits for nothing)
 * The index's ready promise settles when what every query needs first has
 * loaded (measurements wait for it; a search need not); its background
 * promise when what it loads besides, for some queries, has loaded too
 * (the word pairs' pages: when they are many, once the index is idle;
 * the parts filter, once the index is idle).
 */
export async function openIndex(baseURL, options = {}) {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const base = new URL(String(baseURL));
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  const fetched = fetchFn(new URL("index.json", base));
  // The word segmenter loads its data when first used (some 20 ms in
  // Chromium): now, while the entry is on its way, not in the first query.
  tokenize("a");
  const res = await fetched;
  if (!res.ok) throw new Error(`search index: ${res.status} for index.json`);
  const buf = new Uint8Array(await res.arrayBuffer());
  const entry = JSON.parse(new TextDecoder().decode(buf));
  if (entry.format !== fmt.FORMAT || entry.version !== fmt.VERSION) {
    throw new Error(`search index: format ${entry.format} version ${entry.version}; this client reads ${fmt.FORMAT} version ${fmt.VERSION}`);
  }
  const idx = new SearchIndex(base, fetchFn, entry);
  idx.stats.requests++;
  idx.stats.bytes += buf.length;
  seedInline(idx);
  // What every query needs first, when it is small, loads now, while the
  // reader types: the dictionary's root and pages. What only a query's
  // hits need — the documents' top directories and the preset dictionary
  // of their chunks — starts loading too, and start-up does not wait for
  // it: a query's words are looked up before its hits need it. A query
  // does not wait for either to be asked; what failed loads again when a
  // query needs it.
  prefetchDirs(idx, PREFETCH_DIRS).catch(() => {});
  idx.ready = prefetchDictionary(idx).then(() => {}, () => {});
  const idle = idx.ready.then(() => idx.idle(options.idleMs ?? IDLE_MS));
  const pairsNow = pairPages(idx) <= PREFETCH_PAIR_PAGES;
  idx.background = Promise.all([
    (pairsNow ? Promise.resolve() : idle).then(() => prefetchPairPages(idx)),
    idle.then(() => loadPartsFilter(idx)),
  ]).then(() => {});
  return idx;
}

const SORTS = ["relevance", "newest", "oldest"];

// distinctMatters returns the documents of docs (in rank order) but those
// whose matter, known (matters: document → its matter's document), an
// earlier one's is: a page shows one hit per matter.
function distinctMatters(docs, matters) {
  const seen = new Set();
  return docs.filter((d) => {
    const m = matters.get(d);
    if (m === undefined) return true;
    if (seen.has(m)) return false;
    seen.add(m);
    return true;
  });
}

// MatterCount estimates the matters of the documents added, to tell
// whether a page of one hit per matter reaches beyond them: the known
// ones (matters: document → its matter's document) counted, a document
// whose matter is not known as half of one — a title word's documents
// are often a paper and its agenda items (on Karlsruhe's 80 sampled
// queries, counting such a document as a whole matter started a tier's
// ranking too late for 3 of them, counting a third cost 1.6 % more bytes
// to the hits of two words and took none of them a round trip fewer).
class MatterCount {
  constructor(matters) {
    this.matters = matters;
    this.seen = new Set();
    this.unknown = 0;
  }

  add(docs) {
    for (const d of docs) {
      const m = this.matters.get(d);
      if (m === undefined) this.unknown++;
      else this.seen.add(m);
    }
  }

  estimate() {
    return this.seen.size + Math.ceil(this.unknown / 2);
  }
}

// firstOfMatters returns the first entries [score, document] of ranked
// whose matters are not in seen, one per matter, at most n; it adds
// their matters to seen.
function firstOfMatters(ranked, matterOf, seen, n) {
  const out = [];
  for (const e of ranked) {
    if (out.length >= n) break;
    const m = matterOf(e[1]);
    if (seen.has(m)) continue;
    seen.add(m);
    out.push(e);
  }
  return out;
}
// The shortest word the archive lacks that a query searches as the
// beginning of words, in UTF-8 bytes (searchindex minModifier).
const MIN_MODIFIER = 5;

// The key of the word pair of a phrase of two words (no gap) in the
// pairs' dictionary (staticindex.PairKey), when the index has pairs, else
// null (a longer phrase reads positions anyway, which its pairs' lists
// would add bytes to for documents they seldom rule out).
function pairKey(ix, terms) {
  return ix.entry.pairMinDocs > 0 && terms.length === 2 && terms[0] !== "" && terms[1] !== "" ? ` ${terms[0]} ${terms[1]}` : null;
}
const utf8 = new TextEncoder();
const FIELDS = ["title", "text", "parts"];

/**
 * An open index: what the modules share (they take it as ix) — the
 * entry file, the fetched files and the posting lists loaded so far.
 */
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
    /** Per document, term → the text pack of the term's first passage in its text (-1: the first passage, in the chunk), as the entries of rare terms say. */
    this.packs = new Map();
    /** The length of a document's text, as far as its postings are known. */
    this.textLen = new Map();
    /** A document's matter (the number of the document standing for it), where an entry or a head named it. */
    this.matters = new Map();
  }

  // Searches running, and what waits for none to run (idle).
  #running = 0;
  #idleWaiters = [];

  /**
   * Resolves once ms have passed and no search runs: for what may load
   * in the background without slowing a query down.
   */
  async idle(ms) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    while (this.#running > 0) await new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Committee names, for filters and the search page. */
  get committees() {
    return this.entry.committees;
  }

  /**
   * Searches. Options: filters {committee, year, resultCategory, kind}
   * (lists, OR within a list), from/to (YYYY[-MM[-DD]]), sort (relevance,
   * newest, oldest), limit (default the entry's defaultLimit, 10; 0: the
   * total and facets only), offset, onHits.
   *
   * onHits(hits), when given, is called once with the page's hits as soon
   * as they are known, before the search resolves with the same hits and
   * the total and facets. For the first page of a ranking (and a word's
   * page with filters) the facet blocks that count those then load after
   * the hits' files instead of beside them, so that the hits come sooner
   * on a slow link, and the counts a round trip later. An exception from
   * onHits, or a failure to count, rejects the search.
   * @throws {QueryError} for a malformed query
   */
  async search(q, options = {}) {
    const { onHits } = options;
    if (onHits !== undefined && typeof onHits !== "function") throw new Error("search: onHits must be a function");
    // tell calls onHits once: where the hits are known first, else with
    // the result.
    let told = false;
    const tell = onHits && ((h) => {
      if (!told) {
        told = true;
        onHits(h);
      }
    });
    this.#running++;
    try {
      const r = await this.#search(q, options, tell);
      tell?.(r.hits);
      return r;
    } finally {
      if (--this.#running === 0) for (const w of this.#idleWaiters.splice(0)) w();
    }
  }

  // #search runs a search; tell, when given (onHits), takes the page's
  // hits before the total and facets are counted.
  async #search(q, options, tell) {
    const pq = parseQuery(q ?? "", this.entry);
    const filters = mergeFilters(this.entry, pq.filters, options.filters ?? {});
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
    if (pq.clauses.length === 0 && pq.exclude.length === 0 && !hasFilters) return { total: 0, hits: [], facets: emptyFacets() };

    // A query of one word, or of a phrase of two (its pair), may have its
    // page in the summary.
    const c0 = pq.clauses.length === 1 ? pq.clauses[0] : null;
    if ((c0?.kind === "term" || c0?.kind === "phrase" && pairKey(this, c0.terms)) && pq.exclude.length === 0 && sort === "relevance") {
      const r = await this.#fromSummary(pq, offset, limit, hasFilters ? loadFilters(this, filters, from, to) : null, filters, from !== "" || to !== "", tell);
      if (r) return r;
    }

    // The filters' documents load beside the words.
    const filtersLoaded = loadFilters(this, filters, from, to);
    const clauses = await this.#resolve(pq.clauses, true);
    const excluded = await Promise.all(pq.exclude.map((g) => this.#resolve(g, false)));

    // Candidates: clause sets without phrases, the filters, then phrases
    // and exclusions checked within.
    let cand = fmt.Bits.all(this.n);
    for (const c of clauses) if (c.kind !== "phrase") cand.and(await this.#matches(c, cand));
    cand = await applyFilters(this, cand, filters, filtersLoaded);
    const want = offset + limit;
    const ranking = sort === "relevance" && clauses.length > 0 && limit > 0;
    // The facet blocks count the matches and give an unranked page (by
    // date, filters only) or a later one its documents' matters. Unless
    // the hits of a ranking's first page are told first, they load beside
    // the phrases' positions, for these candidates: they hold those of
    // every document left after the phrases and exclusions.
    let blocks = null;
    if (!tell || !ranking || offset > 0) {
      blocks = facetBlocks(this, cand.docs());
      blocks.catch(() => {}); // awaited below
    }
    // The likely hits of a phrase load their chunks beside its
    // positions, so that its hits need no round trip after its ranking
    // (a phrase whose pair's lists give its matches and their postings
    // has no positions to wait for: its likely hits are its best).
    if (sort === "relevance" && limit > 0 && clauses.some((c) => c.kind === "phrase")) this.#prefetchLikely(pq, clauses, cand, 3 * (offset + limit));
    for (const c of clauses) if (c.kind === "phrase") cand.and(await this.#matches(c, cand));
    for (const g of excluded) {
      let gs = cand.clone();
      for (const c of g) gs.and(await this.#matches(c, gs));
      cand.andNot(gs);
    }

    const docs = cand.docs();
    // A page holds one hit per matter, where its best document ranks. The
    // first ranking of every tier the page may reach (by its matters)
    // starts at once.
    const tiers = ranking ? this.#tiers(clauses, docs) : [];
    const firstTop = [];
    const reach = new MatterCount(this.matters);
    for (const tier of tiers) {
      // It ranks twice the page: where the page's best documents repeat
      // a matter (a paper and its agenda items), the next ones are
      // ranked already, and where their matters are not known, their
      // chunks load beside the page's.
      const p = reach.estimate() < want ? top(this, clauses, tier, Math.min(2 * want, tier.length), pq, want) : null;
      // The chunks of its best documents (named by the directories loaded
      // at start-up, a rare term or a head) load beside its other tiers',
      // but for those whose matter an earlier one shows.
      p?.then((got) => {
        const ds = distinctMatters(got.map(([, d]) => d), this.matters);
        prefetchChunks(this, got.every(([, d]) => this.matters.has(d)) ? ds.slice(0, want) : ds, pq);
      }, () => {}); // awaited below, unless the page is full before
      firstTop.push(p);
      reach.add(tier);
    }
    let best = [];
    if (limit === 0) {
      best = [];
    } else if (!ranking) {
      const get = await blocks;
      const ordered = sort === "oldest" ? docs : docs.slice().reverse();
      best = firstOfMatters(Array.from(ordered, (d) => [sort === "relevance" ? 1 : 0, d]), (d) => get(d).matter, new Set(), want);
    } else {
      // The matters of the documents ranked come from the facet blocks
      // when they load anyway, else from the documents' chunks, which the
      // hits need (those of the first rankings load at once): a page that
      // needs documents beyond those loads theirs in a round trip of its
      // own, where the facet blocks would have held their matters; beyond
      // twice the page, the facet blocks (which the counts need too).
      // Where the entries named every document's matter (a rare term's
      // documents, a head's best), they are known before the chunks, so
      // that a page whose best documents repeat matters loads only its
      // hits' chunks, at once. A matter from a chunk is the key of its
      // document (kind and id), not its number: a round that needs one
      // chunk's takes every document's from its chunk.
      let get = blocks && (await blocks);
      const keys = new Map();
      for (const [i, tier] of tiers.entries()) {
        if (best.length >= want) break;
        // The tier's best documents, more at a time until the page is
        // full of matters or the tier is exhausted (searchindex
        // bestOfMatters).
        for (let k = want; ; k *= 2) {
          // The first ranking's, whose chunks load already.
          const first = k <= 2 * want && firstTop[i];
          const got = first ? (await firstTop[i]).slice(0, k) : await top(this, clauses, tier, Math.min(k, tier.length), pq);
          if (!get && k > 2 * want) get = await (blocks = facetBlocks(this, docs));
          let matterOf;
          if (get) matterOf = (d) => get(d).matter;
          else if (got.every(([, d]) => this.matters.has(d)) && best.every(([, d]) => this.matters.has(d))) {
            matterOf = (d) => this.matters.get(d);
          } else {
            const unknown = [...best, ...got].map(([, d]) => d).filter((d) => !keys.has(d));
            if (!first) prefetchChunks(this, unknown, pq);
            await Promise.all(unknown.map(async (d) => keys.set(d, await matterKey(this, d))));
            matterOf = (d) => keys.get(d);
          }
          const more = firstOfMatters(got, matterOf, new Set(best.map(([, d]) => matterOf(d))), want - best.length);
          if (best.length + more.length >= want || k >= tier.length) {
            prefetchChunks(this, more.map(([, d]) => d), pq); // loading already, unless their matters were known
            best.push(...more);
            break;
          }
        }
      }
    }
    const page = await hits(this, pq, best.slice(offset));
    blocks ??= facetBlocks(this, docs);
    blocks.catch(() => {}); // awaited below
    tell?.(page);
    const { total, facets } = countFacets(this, docs, await blocks);
    return { total, hits: page, facets };
  }

  /**
   * A query of one frequent word (with its split), or of a frequent
   * phrase of two words (its pair's summary), its page answered from
   * its summary's best documents with their scores, without its posting
   * lists; null when the page's matters lie beyond them. Without filters
   * the summary's total and facet counts are the query's; with filters
   * (filtersLoaded, as loadFilters started it) the page is the best
   * documents that pass them — in one committee, followed by the
   * committee's next documents, which the summary carries when the best
   * do not hold its page — and the total and facets count the word's
   * documents that do, with the facet blocks of the documents that pass
   * loaded beside the word's lists: two round trips, where a ranking on
   * the lists needs their block files first. With tell (the hits told
   * first), those load after the page's hits. In one committee alone
   * (no other filter, no period), the summary counts too.
   */
  async #fromSummary(pq, offset, limit, filtersLoaded, filters, period, tell) {
    // only: the one committee filtered by (1-based), else 0. In it alone
    // the summary counts, and holds the first page; with other filters,
    // the total and facets need the word's lists (but when the summary
    // knows all the documents that pass).
    const only = filters.committee.length === 1 ? this.entry.committees.indexOf(filters.committee[0]) + 1 : 0;
    const committeeAlone = only > 0 && !period && filters.kind.length + filters.year.length + filters.resultCategory.length === 0;
    const c = pq.clauses[0];
    let e;
    if (c.kind === "phrase") {
      // What the phrase needs without its summary loads beside its
      // pair's entry, as #resolve would load it — the words' entries and
      // lists and the pair's lists — unless the pairs' page says the
      // summary answers (a pair with a summary keeps a big list in a file
      // its page does not name).
      const key = pairKey(this, c.terms);
      const answers = (!filtersLoaded || committeeAlone && offset + limit <= this.entry.defaultLimit) && await pairSummarized(this, key);
      if (!answers) {
        prefetchLists(this, key, true);
        for (const t of c.terms) {
          prefetchLists(this, t);
          lookup(this, t).catch(() => {}); // looked up again when needed
        }
      }
      e = await lookup(this, key, true);
    } else {
      if (filtersLoaded && !tell && !(committeeAlone && offset + limit <= this.entry.defaultLimit)) prefetchLists(this, c.term);
      // A compound without a summary needs its parts' entries.
      prefetchParts(this, c.term);
      e = await lookup(this, c.term);
    }
    if (!e?.summary) return null;
    const sm = fmt.decodeSummary(e.summary);
    const pass = filtersLoaded ? await applyFilters(this, fmt.Bits.all(this.n), filters, filtersLoaded) : null;
    let top = pass ? sm.top.filter((t) => pass.has(t.doc)) : sm.top;
    // complete: top holds every document of the word that passes.
    let complete = false;
    if (only > 0) {
      // The committee's documents among the best, then its next ones:
      // the first of its documents in rank order, all of them unless
      // more. Without next ones, the best hold its page or all of them.
      const next = sm.next.get(only);
      if (next) {
        top = top.concat(next.docs.filter((t) => pass.has(t.doc)));
        complete = !next.more;
      } else {
        const [inCommittee] = await filtersLoaded;
        complete = new Set(sm.top.filter((t) => inCommittee.has(t.doc)).map((t) => t.matter)).size < this.entry.defaultLimit;
      }
    }
    const matter = new Map(top.map((t) => [t.doc, t.matter]));
    const matterOf = (d) => matter.get(d);
    const best = firstOfMatters(top.map((t) => [t.score, t.doc]), matterOf, new Set(), offset + limit);
    // The page must be the matters' best documents over all documents
    // (that pass the filters), which the best documents show only when
    // they hold it.
    if (best.length < offset + limit && !complete) return null;
    // A phrase's pair knows whether its words choose the excerpts'
    // passages (their document counts in the text).
    const textDF = e.textDF ? new Map(c.terms.map((t, i) => [t, e.textDF[i]])) : null;
    const page = hits(this, pq, best.slice(offset), textDF);
    if (!pass) return { total: sm.total, hits: await page, facets: summaryFacets(this.entry, sm) };
    if (committeeAlone) {
      const total = sm.committee.find(([v]) => v === only)?.[1] ?? 0;
      return { total, hits: await page, facets: summaryFacets(this.entry, sm, only) };
    }
    page.catch(() => {}); // awaited below
    if (tell) await page;
    if (complete) {
      // The word's documents that pass are all known: the counts need
      // only their facet blocks (none when there are none).
      const docs = Int32Array.from(top, (t) => t.doc).sort();
      const blocks = facetBlocks(this, docs);
      blocks.catch(() => {}); // awaited below
      tell?.(await page);
      const { total, facets } = countFacets(this, docs, await blocks);
      return { total, hits: await page, facets };
    }
    // The word's documents that pass the filters are among those that
    // pass: their facet blocks hold the ones the counts need.
    const blocks = facetBlocks(this, pass.docs());
    blocks.catch(() => {}); // awaited below
    const resolved = this.#resolve(pq.clauses, true);
    resolved.catch(() => {}); // awaited below
    tell?.(await page);
    const [rc] = await resolved;
    const docs = (await this.#matches(rc, pass)).and(pass);
    const { total, facets } = countFacets(this, docs.docs(), await blocks);
    return { total, hits: await page, facets };
  }

  /**
   * Starts loading the chunks of the n likeliest hits among cand of
   * clauses with phrases of the parsed query pq (and the text packs of
   * their excerpts), before the phrases' positions load: the
   * documents where every phrase's words are in the title first, then by
   * their upper bounds as if each phrase were in every field that has all
   * its words (and its pair's documents, where it has a pair's list: there
   * the documents and their scores are the phrase's own).
   */
  #prefetchLikely(pq, clauses, cand, n) {
    const phrases = clauses.filter((c) => c.kind === "phrase");
    // Only the documents with each phrase's words in one of its fields
    // can match: those are ranked, not every candidate (of a phrase alone,
    // every document).
    const may = cand.clone();
    for (const c of phrases) {
      c.matched = {};
      const some = new fmt.Bits(this.n);
      for (const f of c.fields) {
        const b = cand.clone();
        for (const pl of f.lists) if (pl) b.and(pl.bits);
        if (f.pair) b.and(f.pair);
        c.matched[f.field] = b;
        some.or(b);
      }
      may.and(some);
    }
    const docs = may.docs();
    if (docs.length === 0) {
      for (const c of phrases) delete c.matched;
      return;
    }
    const sc = new Scorer(clauses, docs, this.n);
    const ranked = Array.from(docs, (d, i) => [phrases.every((c) => c.matched.title.has(d)) ? 1 : 0, sc.score(i, true), d]);
    for (const c of phrases) delete c.matched; // #matches sets the real ones
    ranked.sort((a, b) => (b[0] - a[0]) || (b[1] - a[1]) || (b[2] - a[2]));
    prefetchChunks(this, ranked.slice(0, n).map((x) => x[2]), pq);
  }

  /**
   * The documents of docs (ascending) in rank tiers, as searchindex
   * rankTiers orders them: the exact words before a compound's parts found
   * as words of their own, and within those every word and phrase in the
   * title first; each tier ascending.
   */
  #tiers(clauses, docs) {
    let title = null, exact = null;
    const and = (acc, b) => {
      if (acc === null) return b.clone();
      acc.and(b);
      return acc;
    };
    for (const c of clauses) {
      if (c.kind === "term") title = and(title, c.title.bits);
      else if (c.kind === "phrase") title = and(title, c.matched.title);
      else if (c.kind === "split") {
        const t = c.exact.title.bits.clone();
        let parts = null;
        for (const p of c.parts) parts = and(parts, p.title.bits);
        t.or(parts);
        title = and(title, t);
        const e = new fmt.Bits(this.n);
        for (const pl of c.exact.children) e.or(pl.bits);
        exact = and(exact, e);
      }
    }
    const split = (bits) => (bits === null ? [() => true] : [(d) => bits.has(d), (d) => !bits.has(d)]);
    const tiers = [];
    for (const e of split(exact)) {
      for (const t of split(title)) tiers.push(docs.filter((d) => e(d) && t(d)));
    }
    return tiers;
  }

  /**
   * Resolves the clauses of a parsed query into scoring structures, sorted
   * the way Bleve sorts the searchers (by posting count, stable). With
   * split, a compound also matches its parts (queryBuilder.clause).
   */
  async #resolve(clauses, split) {
    // The words' lists that are files of their own load beside their
    // entries (termLists starts them for a phrase's words, and for a
    // word only once its entry says whether it has parts).
    // With another clause beside it, a compound with a summary needs its
    // parts' lists too: guessed, their entries load beside its own, and
    // their lists come from them rather than from its entry's files.
    const guessed = new Map();
    for (const c of clauses) {
      if (c.kind === "term") {
        prefetchLists(this, c.term);
        if (split) guessed.set(c.term, prefetchParts(this, c.term, clauses.length > 1));
      } else if (c.kind === "phrase") {
        const key = pairKey(this, c.terms);
        if (key) prefetchLists(this, key, true);
      }
    }
    const out = await Promise.all(clauses.map(async (c) => {
      if (c.kind === "term") {
        // The compound's parts load beside its own lists.
        const e = await lookup(this, c.term);
        const parts = split ? e?.split : null;
        // A compound with a summary carries its parts' lists.
        const [lists, partLists] = await Promise.all([
          termLists(this, c.term),
          Promise.all((parts?.length >= 2 ? parts : []).map((p, i) => (e.partFields && !guessed.get(c.term)?.includes(p)
            ? Promise.all(FIELDS.map((f) => list(this, p, f, { fields: e.partFields[i] })))
            : termLists(this, p)))),
        ]);
        const exact = termClause(lists, this.entry.partsWeight);
        if (split && exact.count === 0 && !parts && utf8.encode(c.term).length >= MIN_MODIFIER) {
          // A word the archive never has on its own may be the modifier of
          // its compounds (Windkraft in Windkraftanlagen): it is searched
          // as the beginning of words (searchindex, queryBuilder.clause).
          try {
            return await this.#prefix(c.term);
          } catch (e) {
            if (!(e instanceof QueryError)) throw e;
            return exact; // too many words begin with it
          }
        }
        if (!parts || parts.length < 2) return exact;
        return splitClause(exact, partLists.map((pl) => termClause(pl, this.entry.partsWeight, this.entry.splitWeight)));
      }
      if (c.kind === "phrase") {
        // The pair of a phrase of two words is looked up beside the
        // words: a pair of two large lists has a list of its own in a
        // field where it is frequent enough (docs/index-format.md, "Word
        // pairs").
        const key = pairKey(this, c.terms);
        const [per, pair] = await Promise.all([
          Promise.all(c.terms.map((t) => (t === "" ? [null, null] : termLists(this, t)))),
          key && lookup(this, key, true),
        ]);
        const fields = await Promise.all(["title", "text"].map(async (f, fi) => {
          const lists = per.map((p) => p[fi]);
          const present = lists.filter(Boolean);
          // Both words' lists large: the pair's documents in the field
          // (none without its list there: positions decide).
          const d = pair?.pairs[f];
          const large = key && lists[0].desc?.mode === 2 && lists[1].desc?.mode === 2;
          return {
            field: f, lists, pair: large && d ? await pairDocs(this, lists[0], lists[1], d) : null,
            sorted: stableSort(present, (a, b) => a.df - b.df),
            count: present.reduce((s, pl) => s + pl.df, 0),
          };
        }));
        return {
          kind: "phrase", terms: c.terms, fields: stableSort(fields, (a, b) => a.count - b.count),
          count: fields[0].count + fields[1].count,
        };
      }
      return this.#prefix(c.prefix);
    }));
    return stableSort(out, (a, b) => a.count - b.count);
  }

  /** The clause of a prefix: a disjunction of the text terms it begins. */
  async #prefix(prefix) {
    const exp = await expand(this, prefix);
    const lists = await Promise.all(exp.map((e) => list(this, e.term, "text", e)));
    return { kind: "prefix", children: lists, count: lists.reduce((s, pl) => s + pl.df, 0) };
  }

  // The documents matching a resolved clause, within cand (phrases are
  // checked only there).
  async #matches(c, cand) {
    if (c.kind === "phrase") {
      c.matched = {};
      const all = new fmt.Bits(this.n);
      // The fields' positions load at the same time.
      const matched = await Promise.all(c.fields.map((f) => (f.lists.some((pl, k) => c.terms[k] !== "" && pl.df === 0)
        ? new fmt.Bits(this.n)
        : phrase(this, f.lists, c.terms, cand, f.pair))));
      c.fields.forEach((f, i) => {
        c.matched[f.field] = matched[i];
        all.or(matched[i]);
      });
      return all;
    }
    const all = new fmt.Bits(this.n);
    if (c.kind === "split") {
      for (const pl of c.exact.children) all.or(pl.bits);
      let parts = null;
      for (const p of c.parts) {
        const b = new fmt.Bits(this.n);
        for (const pl of p.children) b.or(pl.bits);
        if (parts === null) parts = b;
        else parts.and(b);
      }
      all.or(parts);
      return all;
    }
    for (const pl of c.children) all.or(pl.bits);
    return all;
  }
}
