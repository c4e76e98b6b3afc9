// Facets (docs/index-format.md, "Facet blocks"): the committee, kind and
// result category of every document, in blocks of two sizes. They count
// the matches of a query (its filters use the facet sets, filters.js).

import * as fmt from "./format.js";
import { compareBytes } from "./query.js";
import { payload } from "./store.js";

/** Facet counts without documents. */
export function emptyFacets() {
  return { committee: {}, year: {}, resultCategory: {}, kind: {} };
}

/**
 * The facet values of docs (ascending), loaded from the tier that costs less: the fine
 * one while it fetches at most half the documents' worth of the large
 * blocks (a rare word's few matches), else the large one. Returns the
 * function of a document d of docs to {committee, kind (its matter's),
 * category, matter}.
 */
export async function facetBlocks(ix, docs) {
  const f = ix.entry.facets;
  // docs ascend: the blocks in one pass, without a set of them all (a
  // phrase's candidates are every document).
  const blocksOf = (size) => {
    const out = [];
    for (const d of docs) {
      const b = Math.floor(d / size);
      if (b !== out[out.length - 1]) out.push(b);
    }
    return out;
  };
  let size = f.block, files = f.files, need = blocksOf(size);
  if (f.fineFiles) {
    const fine = blocksOf(f.fineBlock);
    if (2 * fine.length * f.fineBlock <= need.length * f.block) {
      size = f.fineBlock;
      files = f.fineFiles;
      need = fine;
    }
  }
  const load = (b) => payload(ix, files[b]).then((p) => fmt.decodeFacetBlock(p, b * size));
  const blocks = new Map(await Promise.all(need.map(async (b) => [b, await load(b)])));
  return (d) => {
    const blk = blocks.get(Math.floor(d / size));
    const i = d % size;
    return { committee: blk.committee[i], kind: blk.kc[i] >> 4, category: blk.kc[i] & 15, matter: blk.matter[i] };
  };
}

/**
 * The number of matters of docs (ascending document numbers) and their
 * facet counts: a value counts the matters with a document of that value
 * (of that matter kind, for kinds). get is facetBlocks(ix, docs).
 */
export function countFacets(ix, docs, get) {
  const facets = emptyFacets();
  if (docs.length === 0) return { total: 0, facets };
  const matters = new Set();
  const cc = new Counter(), rc = new Counter(), kc = new Counter(), yc = new Counter();
  const years = ix.entry.years;
  let y = 0;
  for (const d of docs) {
    const v = get(d);
    matters.add(v.matter);
    if (v.committee) cc.add(v.committee, v.matter);
    if (v.category) rc.add(v.category, v.matter);
    kc.add(v.kind + 1, v.matter);
    while (y < years.length && years[y].end <= d) y++;
    if (y < years.length && years[y].first <= d) yc.add(y + 1, v.matter);
  }
  for (const [c, n] of [...cc.counts].sort((a, b) => a[0] - b[0])) facets.committee[ix.entry.committees[c - 1]] = n;
  for (const [v, n] of [...yc.counts].sort((a, b) => a[0] - b[0])) facets.year[years[v - 1].year] = n;
  addNamed(ix.entry.resultCategories, facets.resultCategory, rc.counts);
  addNamed(ix.entry.kinds, facets.kind, kc.counts);
  return { total: matters.size, facets };
}

// Counter counts the distinct matters per value.
class Counter {
  constructor() {
    this.seen = new Set();
    this.counts = new Map();
  }

  add(value, matter) {
    const k = value * 4294967296 + matter;
    if (this.seen.has(k)) return;
    this.seen.add(k);
    this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
  }
}

/**
 * The facet counts of a term's summary (fmt.decodeSummary): of the
 * query, or with committee (1-based) of the query in that committee.
 */
export function summaryFacets(entry, sm, committee = 0) {
  const facets = emptyFacets();
  const of = committee > 0 ? sm.inCommittee.get(committee) ?? { category: [], year: [], kind: [] } : sm;
  for (const [v, n] of sm.committee) if (committee === 0 || v === committee) facets.committee[entry.committees[v - 1]] = n;
  for (const [v, n] of of.year) facets.year[entry.years[v - 1].year] = n;
  addNamed(entry.resultCategories, facets.resultCategory, of.category);
  addNamed(entry.kinds, facets.kind, of.kind);
  return facets;
}

// addNamed adds counts [1-based value, count] to out under the values'
// names, in the order of the names' bytes, as Go's JSON orders them.
function addNamed(names, out, counts) {
  const named = [...counts].map(([v, n]) => [names[v - 1], n]).sort((a, b) => compareBytes(a[0], b[0]));
  for (const [name, n] of named) out[name] = n;
}
