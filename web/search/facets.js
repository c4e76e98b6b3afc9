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

// facetBlocks loads the facet values of docs from the tier that costs
// less: the fine one while it fetches at most half the documents' worth
// of the large blocks (a rare word's few matches), else the large one.
async function facetBlocks(ix, docs) {
  const f = ix.entry.facets;
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
  const load = (b) => payload(ix, files[b]).then(fmt.decodeFacetBlock);
  const blocks = new Map(await Promise.all(need.map(async (b) => [b, await load(b)])));
  return (d) => {
    const blk = blocks.get(Math.floor(d / size));
    const i = d % size;
    return { committee: blk.committee[i], kind: blk.kc[i] >> 4, category: blk.kc[i] & 15 };
  };
}

/** The facet counts of docs (ascending document numbers). */
export async function countFacets(ix, docs) {
  const facets = emptyFacets();
  if (docs.length === 0) return facets;
  const cc = new Map(), rc = new Map(), kc = new Map();
  const get = await facetBlocks(ix, docs);
  for (const d of docs) {
    const v = get(d);
    if (v.committee) cc.set(v.committee, (cc.get(v.committee) ?? 0) + 1);
    if (v.category) rc.set(v.category, (rc.get(v.category) ?? 0) + 1);
    kc.set(v.kind + 1, (kc.get(v.kind + 1) ?? 0) + 1);
  }
  for (const [c, n] of [...cc].sort((a, b) => a[0] - b[0])) facets.committee[ix.entry.committees[c - 1]] = n;
  for (const y of ix.entry.years) {
    let n = 0;
    let lo = 0, hi = docs.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (docs[m] < y.first) lo = m + 1; else hi = m; }
    for (let i = lo; i < docs.length && docs[i] < y.end; i++) n++;
    if (n) facets.year[y.year] = n;
  }
  addNamed(ix.entry.resultCategories, facets.resultCategory, rc);
  addNamed(ix.entry.kinds, facets.kind, kc);
  return facets;
}

/** The facet counts of a term's summary (fmt.decodeSummary). */
export function summaryFacets(entry, sm) {
  const facets = emptyFacets();
  for (const [v, n] of sm.committee) facets.committee[entry.committees[v - 1]] = n;
  for (const [v, n] of sm.year) facets.year[entry.years[v - 1].year] = n;
  addNamed(entry.resultCategories, facets.resultCategory, sm.category);
  addNamed(entry.kinds, facets.kind, sm.kind);
  return facets;
}

// addNamed adds counts [1-based value, count] to out under the values'
// names, in the order of the names' bytes, as Go's JSON orders them.
function addNamed(names, out, counts) {
  const named = [...counts].map(([v, n]) => [names[v - 1], n]).sort((a, b) => compareBytes(a[0], b[0]));
  for (const [name, n] of named) out[name] = n;
}
