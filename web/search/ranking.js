// Ranking as Bleve ranks (docs/search.md, "Ranking"): BM25 scores added in
// Bleve's order, ties by document number descending (newest, then id).
// Large posting lists are known only in part, so the k best documents are
// found with upper bounds, loading block files only for documents that can
// still reach the k-th score.

import { prefetchChunks } from "./documents.js";
import { loadBlocks, rankOf } from "./postings.js";
import { docScore } from "./score.js";

/** a sorted by cmp, ties in input order (as Go's stable sort). */
export function stableSort(a, cmp) {
  return [...a].sort(cmp);
}

/**
 * The clause of a word: a disjunction over its lists in title, text and
 * parts, sorted by document frequency as Bleve sorts them; the parts list
 * has the boost of searchindex.PartsBoost (a part weighs partsWeight times
 * the word), and every list is weighed by weight (searchindex.SplitWeight
 * for the parts of a compound).
 */
export function termClause([t, x, p], partsWeight, weight = 1) {
  const r = x.idf / p.idf;
  const boosts = new Map([[p, weight * (partsWeight * r * r)]]);
  if (weight !== 1) {
    boosts.set(t, weight);
    boosts.set(x, weight);
  }
  return {
    kind: "term", title: t, children: stableSort([t, x, p], (a, b) => a.df - b.df),
    boosts, count: t.df + x.df + p.df,
  };
}

/**
 * The clause of a compound with a split (searchindex, queryBuilder.clause):
 * a disjunction of the word's clause and the conjunction of its parts'
 * clauses, each sorted by count as Bleve sorts them.
 */
export function splitClause(exact, parts) {
  const sorted = stableSort(parts, (a, b) => a.count - b.count);
  const partsCount = parts.reduce((s, c) => s + c.count, 0);
  return {
    kind: "split", exact, parts: sorted, groups: [exact, ...sorted],
    exactFirst: exact.count <= partsCount, count: exact.count + partsCount,
  };
}

// Block files fetched side by side in a ranking's first round: more cost
// bytes (up to about 1 KiB each, 2 KiB before compression), fewer round
// trips. Each further round fetches twice as many as the one before: a
// round that leaves contenders shows that the bounds do not tell them
// apart (a frequent word's documents whose bound is its top tier's lowest
// score), and all of them load in a few rounds rather than 48 files at a
// time (at 100,000 items a frequent word in a committee loaded 258 files
// in 6 rounds). 96 rather than 48: at 100,000 items two frequent words
// took their block files in one round instead of two, and fetched fewer
// bytes — the likely hits' chunks of a round that was not needed.
const BLOCK_FILES_AT_ONCE = 96;
// The likely hits whose chunks load beside a round's block files: the k
// best so far and the documents of the LIKELY_BOUNDS·n best bounds, n the
// page's size (a first ranking ranks twice the page, for its matters; by
// its own k, Karlsruhe's bench rows fetched 37 % more bytes). 3 rather
// than 2: at 100,000 items 3 of two words' hits were beyond the 2n best
// bounds, and their chunks took a round trip of their own (Karlsruhe, 40
// two-word queries: 3 % more bytes to the hits, 7 round trips fewer).
const LIKELY_BOUNDS = 3;

/**
 * The k best documents of docs by Bleve's score, as [score, document],
 * ties by document number descending. Exact scores need the frequency and
 * length of each matching term; large lists come with their top-scoring
 * postings and a maximum per block, so documents that cannot reach the
 * k-th score are never looked up. The chunks of the likely hits (for a
 * page of likely documents) load beside the block files, and the text
 * packs of their excerpts for the parsed query pq (when given) beside
 * those.
 */
export async function top(ix, clauses, docs, k, pq = null, likely = k) {
  if (k === 0) return [];
  const sc = new Scorer(clauses, docs, ix.n);
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
  for (let most = BLOCK_FILES_AT_ONCE; ; most *= 2) {
    // Bounds only fall and the k-th score only rises: a document whose
    // bound no longer beats it never will.
    const kth = complete.length >= k ? complete[k - 1] : null;
    const beats = (x) => kth === null || x[0] > kth[0] || (x[0] === kth[0] && x[1] > kth[1]);
    let end = 0;
    while (end < cand.length && beats(cand[end])) end++;
    cand.length = end;
    if (cand.length === 0) break;
    // The chunks of the likely hits load beside the block files: those
    // of the k best so far, and of the best bounds.
    const n = Math.min(likely, k);
    prefetchChunks(ix, [...complete.slice(0, k), ...cand.slice(0, LIKELY_BOUNDS * n)].map((x) => x[1]), pq);
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
      if (files >= most) break;
    }
    await Promise.all([...want].map(([pl, fs]) => loadBlocks(ix, pl, fs)));
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

/**
 * Scorer computes Bleve's score of the candidates of a query: the
 * conjunction's sum over its clauses, each a disjunction's sum (in its
 * children's order) times its coordination factor, each leaf its BM25
 * field score times its query weight — or, with bound, an upper bound
 * where a posting is not loaded yet. For word and prefix clauses it finds
 * at the start, for every candidate, the lists it is in and its rank there.
 */
export class Scorer {
  constructor(clauses, docs, n) {
    this.clauses = clauses;
    this.docs = docs;
    // queryNorm, as Bleve's conjunction computes it
    let sumW = 0;
    for (const c of clauses) sumW += clauseWeight(c);
    const qn = 1 / Math.sqrt(sumW);
    // The query norm, for this query only: lists are shared between
    // searches, which may run at the same time, and within one query a
    // list may be weighed twice (Kita and the part kita of Kitagebühren).
    this.qn = qn;
    const idxOf = new Int32Array(n).fill(-1);
    docs.forEach((d, i) => { idxOf[d] = i; });
    this.idxOf = idxOf;
    const table = (g) => {
      const children = g.children;
      const m = docs.length;
      const start = new Int32Array(m + 1);
      for (const pl of children) for (const d of pl.docs) if (idxOf[d] >= 0) start[idxOf[d] + 1]++;
      for (let i = 0; i < m; i++) start[i + 1] += start[i];
      const fill = start.slice(0, m);
      const child = new Int32Array(start[m]), rank = new Int32Array(start[m]);
      children.forEach((pl, ci) => {
        for (let r = 0; r < pl.docs.length; r++) {
          const i = idxOf[pl.docs[r]];
          if (i < 0) continue;
          const at = fill[i]++;
          child[at] = ci;
          rank[at] = r;
        }
      });
      return { start, child, rank, qw: Float64Array.from(children, (pl) => boostOf(g, pl) * pl.idf * qn) };
    };
    this.tables = clauses.map((c) => {
      if (c.kind === "phrase") return null;
      if (c.kind === "split") return { groups: c.groups.map(table) };
      return table(c);
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
      if (t === null) {
        let s = 0, matched = 0;
        for (const f of c.fields) {
          if (!c.matched[f.field].has(d)) continue;
          matched++;
          let ps = 0;
          for (const pl of f.sorted) {
            const x = leaf(pl, rankOf(pl, d), d, bound, pl.idf * this.qn);
            if (x === null) return null;
            ps += x;
          }
          s += ps;
        }
        sum += s * (matched / c.fields.length);
        continue;
      }
      if (c.kind === "split") {
        // a disjunction of the word and the conjunction of its parts
        const g = t.groups.map((gt, gi) => groupScore(c.groups[gi], gt, i, d, bound));
        if (g.some((x) => x === null)) return null;
        const exact = g[0].matched > 0 ? g[0].s * (g[0].matched / c.exact.children.length) : null;
        let conj = 0;
        for (let k = 1; k < g.length; k++) {
          if (g[k].matched === 0) {
            conj = null;
            break;
          }
          conj += g[k].s * (g[k].matched / c.groups[k].children.length);
        }
        let s = 0, matched = 0;
        for (const x of c.exactFirst ? [exact, conj] : [conj, exact]) {
          if (x === null) continue;
          s += x;
          matched++;
        }
        sum += s * (matched / 2);
        continue;
      }
      const x = groupScore(c, t, i, d, bound);
      if (x === null) return null;
      sum += x.s * (x.matched / c.children.length);
    }
    return sum;
  }

  /** Calls f(list, rank) for each posting of candidate i (document d) not loaded yet. */
  missing(i, d, f) {
    const visit = (c, t) => {
      for (let e = t.start[i]; e < t.start[i + 1]; e++) {
        const pl = c.children[t.child[e]];
        if (pl.freqAt[t.rank[e]] === 0) f(pl, t.rank[e]);
      }
    };
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
      } else if (c.kind === "split") {
        c.groups.forEach((g, gi) => visit(g, t.groups[gi]));
      } else {
        visit(c, t);
      }
    }
  }
}

// The sum of the leaves of a disjunction of lists (a word's or a prefix's
// clause) that candidate i (document d) is in, in the children's order,
// and how many they are; null when a posting is missing and not bound.
function groupScore(c, t, i, d, bound) {
  let s = 0;
  const a = t.start[i], b = t.start[i + 1];
  for (let e = a; e < b; e++) {
    const x = leaf(c.children[t.child[e]], t.rank[e], d, bound, t.qw[t.child[e]]);
    if (x === null) return null;
    s += x;
  }
  return { s, matched: b - a };
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
  if (c.kind === "split") {
    let conj = 0;
    for (const p of c.parts) conj += clauseWeight(p);
    const exact = clauseWeight(c.exact);
    return c.exactFirst ? 0 + exact + conj : 0 + conj + exact;
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
