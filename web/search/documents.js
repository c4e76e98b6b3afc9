// Documents (docs/index-format.md, "Documents"): their chunks, found
// through the directory tree, and the hits of a page with their excerpts,
// cut from the passage that holds the query's rarer words.

import * as fmt from "./format.js";
import { lookup } from "./dictionary.js";
import { choosePassage, excerpt, highlightTerms } from "./excerpt.js";
import { list, positions } from "./postings.js";
import { memo, payload, prefetchDicts } from "./store.js";

// The names a document directory lists.
function dir(ix, name) {
  ix.docDirs ??= {};
  return memo(ix.docDirs, name, () => payload(ix, name).then(fmt.decodeNames));
}

/** Document d, from its chunk: named by a rare term's entry, or found down the directory tree. */
export async function doc(ix, d) {
  return chunkDoc(ix, await chunkOf(ix, d), d);
}

// The name of document d's chunk: where a rare term or a head said, else
// from the directory tree.
async function chunkOf(ix, d) {
  const at = ix.where.get(d);
  if (at) return at.chunk;
  const { chunk, dirChunks, dirs, levels } = ix.entry.docs;
  // An entry at a level covers span chunks.
  let rel = Math.floor(d / chunk);
  let names = dirs; // the root, in the entry
  for (let span = dirChunks ** levels; span > 1; span /= dirChunks) {
    const j = Math.floor(rel / span);
    names = await dir(ix, names[j]);
    rel -= j * span;
  }
  return names[rel];
}

/**
 * Starts finding the chunks of docs, the likely hits of a ranking that
 * still loads postings, so that the directories load beside those.
 */
export function prefetchChunks(ix, docs) {
  for (const d of docs) chunkOf(ix, d).catch(() => {}); // looked up again when needed
}

/**
 * Starts loading the chunks of docs that a rare term or a head named, the
 * likely hits of a ranking already done, so that they load beside the
 * facet blocks that group the hits by matter; and the text packs their
 * excerpts for the parsed query pq likely come from.
 */
export function prefetchNamedChunks(ix, docs, pq) {
  const terms = highlightTerms(pq).terms;
  for (const d of docs) {
    const at = ix.where.get(d);
    if (!at) continue;
    payload(ix, at.chunk).catch(() => {}); // fetched again when needed
    prefetchPacks(ix, d, terms);
  }
}

// prefetchPacks starts loading the text packs that hold the first passage
// of each of terms in document d, where rare terms' entries said it is a
// later one: an excerpt of rare words comes from a passage that holds
// them.
function prefetchPacks(ix, d, terms) {
  const at = ix.where.get(d);
  if (!at) return;
  for (const t of terms) {
    const j = at.packs.get(t) ?? -1;
    if (j >= 0) payload(ix, fmt.textPackName(at.chunk, d % ix.entry.docs.chunk, j)).catch(() => {}); // fetched again when needed
  }
}

/**
 * Loads the directories the root (in the entry) lists when there are at
 * most most of them (about 0.5 KiB each): every hit goes down through
 * them, a round trip per level. Beside them the preset dictionary of the
 * chunks and text packs, which every hit needs.
 */
export async function prefetchDirs(ix, most) {
  const { dirs, levels } = ix.entry.docs;
  const load = levels >= 1 && dirs.length <= most ? dirs.map((n) => dir(ix, n)) : [];
  await Promise.all([prefetchDicts(ix), ...load]);
}

/** Document d from the chunk named chunk, which holds it (its name as chunkName). */
export async function chunkDoc(ix, chunk, d) {
  const dc = fmt.decodeDocChunk(await payload(ix, chunk))[d % ix.entry.docs.chunk];
  dc.chunkName = chunk;
  return dc;
}

// laterPassage is the text of later passage k (from 1) of document d,
// dc, from its text pack.
async function laterPassage(ix, dc, d, k) {
  const per = ix.entry.docs.packPassages;
  const j = Math.floor((k - 1) / per);
  const p = await payload(ix, fmt.textPackName(dc.chunkName, d % ix.entry.docs.chunk, j));
  return fmt.decodePassages(p, Math.min(per, dc.starts.length - j * per))[k - 1 - j * per];
}

/**
 * The file and page passage k comes from, and the link that opens the file
 * there (searchindex.Sources.Of); none for text of no file.
 */
function fileOf(sources, k) {
  const [f, page] = sources?.passages[k] ?? [0, 0];
  if (f === 0) return {};
  const { name, url } = sources.files[f - 1];
  const out = { file: name };
  if (page > 0) out.page = page;
  if (url) out.fileUrl = page > 0 ? `${url}#page=${page}` : url;
  return out;
}

// pathStep is a station of a paper's path as Go's JSON has it (empty
// date, committee and result left out).
function pathStep(s) {
  const out = { meeting: s.meeting };
  if (s.date) out.date = s.date;
  if (s.committee) out.committee = s.committee;
  if (s.result) out.result = s.result;
  out.url = s.url;
  return out;
}

/**
 * The hits of a page of [score, document] for the parsed query pq, a hit
 * per document's matter (matterOf(d), the document standing for it): the
 * matter's identity and path, the document's score, excerpt and date. docOf(d)
 * fetches a document.
 */
export async function hits(ix, pq, page, docOf, matterOf) {
  const marks = highlightTerms(pq);
  // The words whose positions choose the passage of an excerpt: the
  // query's rarer words.
  const chooseBy = (await Promise.all(marks.terms.map(async (t) => {
    const e = await lookup(ix, t);
    const df = e?.fields.text?.df ?? 0;
    return df > 0 && df <= ix.entry.excerptTermsMaxDF ? list(ix, t, "text", e) : null;
  }))).filter(Boolean);
  return Promise.all(page.map(async ([score, d]) => {
    // The positions that may choose the passage load beside the document
    // (a rare word's are one small blob), not after it.
    const pos = Promise.all(chooseBy.map((pl) => (pl.bits.has(d) ? positions(ix, pl, [d]) : null)));
    pos.catch(() => {}); // awaited below, or not needed
    // So do the text packs of the passages that rare terms' entries
    // named: the passage chosen is likely among them.
    if (chooseBy.length > 0) prefetchPacks(ix, d, marks.terms);
    const dc = await docOf(d);
    let src = dc.excerpt, k = 0;
    if (dc.starts.length > 0 && chooseBy.length > 0) {
      const ps = (await pos).map((m) => (m ? [...m.get(d)] : []));
      k = choosePassage(ps, dc.starts);
      if (k > 0) src = await laterPassage(ix, dc, d, k);
    }
    // The document of its matter, which the document carries (an item's
    // paper).
    const md = matterOf(d) === d ? dc : dc.matter;
    const hit = {
      id: md.id, url: md.url, kind: ix.entry.kinds[md.kind], title: md.title, date: dc.date,
      committee: md.committee ? ix.entry.committees[md.committee - 1] : "",
      result: md.result,
      resultCategory: md.category ? ix.entry.resultCategories[md.category - 1] : "",
      closedSession: (md.flags & fmt.FLAG_CLOSED_SESSION) !== 0,
      score, excerpt: excerpt(src, marks, k > 0),
      ...fileOf(dc.sources, k),
    };
    if (md.path) hit.path = md.path.map(pathStep);
    return hit;
  }));
}
