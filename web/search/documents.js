// Documents (docs/index-format.md, "Documents"): their chunks, named
// after their group, found through the directory tree, and the hits of a
// page with their excerpts, cut from the passage that holds the query's
// rarer words.

import * as fmt from "./format.js";
import { lookup } from "./dictionary.js";
import { choosePassage, excerpt, highlightTerms } from "./excerpt.js";
import { list, positions } from "./postings.js";
import { memo, payload, prefetchDicts } from "./store.js";

// A directory of directories: the names it lists.
function dir(ix, name) {
  ix.docDirs ??= {};
  return memo(ix.docDirs, name, () => payload(ix, name).then(fmt.decodeNames));
}

// A directory of groups: per group the names of its chunks and text packs.
function groupDir(ix, name) {
  ix.groupDirs ??= {};
  return memo(ix.groupDirs, name, () => payload(ix, name).then(fmt.decodeGroups));
}

// The group of document d, {chunks, texts}, down the directory tree from
// its root (in the entry); with the directories loaded at start-up, at
// once.
async function groupOf(ix, d) {
  const { chunk, dirChunks, dirs, levels } = ix.entry.docs;
  let g = Math.floor(d / (chunk * dirChunks));
  let names = dirs;
  // A directory at a level covers dirChunks ** level groups.
  for (let level = levels; ; level--) {
    const span = dirChunks ** level;
    const j = Math.floor(g / span);
    g -= j * span;
    if (level === 1) return (await groupDir(ix, names[j]))[g];
    names = await dir(ix, names[j]);
  }
}

// Document d, from its chunk, found down the directory tree.
async function doc(ix, d) {
  return fmt.decodeDocChunk(await payload(ix, await chunkOf(ix, d)))[d % ix.entry.docs.chunk];
}

/**
 * The matter of document d, from its chunk: the kind and id of the
 * document of its matter (an item's paper), else its own. A ranked page
 * holds one hit per matter; its hits load these chunks anyway.
 */
export async function matterKey(ix, d) {
  const dc = await doc(ix, d);
  const m = dc.matter ?? dc;
  return `${m.kind}:${m.id}`;
}

// The name of document d's chunk, after its group (the directories').
async function chunkOf(ix, d) {
  const group = (await groupOf(ix, d)).chunks;
  const { chunk, dirChunks } = ix.entry.docs;
  return fmt.chunkName(group, Math.floor(d / chunk) % dirChunks);
}

// The name of document d's j-th text pack, after its group's text.
async function textPackOf(ix, d, j) {
  const texts = (await groupOf(ix, d)).texts;
  const { chunk, dirChunks } = ix.entry.docs;
  return fmt.textPackName(texts, d % (chunk * dirChunks), j);
}

/**
 * Starts loading the chunks of docs, the likely hits of a ranking (that
 * may still load postings), so that they load beside those and the facet
 * blocks that group the hits by matter; and the text packs their
 * excerpts for the parsed query pq likely come from (pq may be null).
 */
export function prefetchChunks(ix, docs, pq = null) {
  const terms = pq ? highlightTerms(pq).terms : [];
  for (const d of docs) {
    chunkOf(ix, d).then((name) => payload(ix, name)).catch(() => {}); // fetched again when needed
    prefetchPacks(ix, d, terms);
  }
  if (terms.length > 0) prefetchPositions(ix, docs, terms);
}

// choosingLists returns the text lists of the words of terms whose
// positions choose the passage of an excerpt: the query's rarer words
// (searchindex.ExcerptTermsMaxDF). textDF, when given, holds the counts
// of some, so that a word too frequent needs no entry.
async function choosingLists(ix, terms, textDF = null) {
  return (await Promise.all(terms.map(async (t) => {
    const n = textDF?.get(t);
    if (n === 0 || n > ix.entry.excerptTermsMaxDF) return null;
    const e = await lookup(ix, t);
    const df = e?.fields.text?.df ?? 0;
    return df > 0 && df <= ix.entry.excerptTermsMaxDF ? list(ix, t, "text", e) : null;
  }))).filter(Boolean);
}

// prefetchPositions starts loading the positions that choose the
// excerpts' passages of docs, the likely hits, so that they load beside
// the documents' chunks: a hit's excerpt otherwise waits for them a
// round trip after its chunk, and the passage's text pack one more. The
// words were looked up by the query (no fetch); a list of at most
// excerptTermsMaxDF documents keeps their positions in one blob or file.
function prefetchPositions(ix, docs, terms) {
  choosingLists(ix, terms).then((lists) => {
    for (const pl of lists) {
      const held = docs.filter((d) => pl.bits.has(d));
      if (held.length > 0) positions(ix, pl, held).catch(() => {}); // loaded again when needed
    }
  }, () => {});
}

// prefetchPacks starts loading the text packs that hold the first passage
// of each of terms in document d, where rare terms' entries said it is a
// later one: an excerpt of rare words comes from a passage that holds
// them.
function prefetchPacks(ix, d, terms) {
  const packs = ix.packs.get(d);
  if (!packs) return;
  for (const t of terms) {
    const j = packs.get(t) ?? -1;
    if (j >= 0) textPackOf(ix, d, j).then((name) => payload(ix, name)).catch(() => {}); // fetched again when needed
  }
}

/**
 * Loads the directories the root (in the entry) lists when there are at
 * most most of them (about 1 KiB each; the entry carries them inline):
 * every hit goes down through them. At the lowest level they list
 * groups. Beside them the preset dictionary of the chunks and text packs,
 * which every hit needs.
 */
export async function prefetchDirs(ix, most) {
  const { dirs, levels } = ix.entry.docs;
  const open = levels === 1 ? groupDir : dir;
  const load = dirs.length <= most ? dirs.map((n) => open(ix, n)) : [];
  await Promise.all([prefetchDicts(ix), ...load]);
}

// laterPassage is the text of later passage k (from 1) of document d,
// dc, from its text pack.
async function laterPassage(ix, dc, d, k) {
  const per = ix.entry.docs.packPassages;
  const j = Math.floor((k - 1) / per);
  const p = await payload(ix, await textPackOf(ix, d, j));
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
 * per document's matter (the document standing for it): the matter's
 * identity and path, the document's score, excerpt and date. textDF, when
 * given, holds the document counts in the text of some of the query's
 * words (a phrase's pair carries its words'): a word too frequent to
 * choose the passage needs no entry.
 */
export async function hits(ix, pq, page, textDF = null) {
  const marks = highlightTerms(pq);
  const chooseBy = await choosingLists(ix, marks.terms, textDF);
  return Promise.all(page.map(async ([score, d]) => {
    // The positions that may choose the passage load beside the document
    // (a rare word's are one small blob), not after it.
    const pos = Promise.all(chooseBy.map((pl) => (pl.bits.has(d) ? positions(ix, pl, [d]) : null)));
    pos.catch(() => {}); // awaited below, or not needed
    // So do the text packs of the passages that rare terms' entries
    // named: the passage chosen is likely among them.
    if (chooseBy.length > 0) prefetchPacks(ix, d, marks.terms);
    const dc = await doc(ix, d);
    let src = dc.excerpt, k = 0;
    if (dc.starts.length > 0 && chooseBy.length > 0) {
      const ps = (await pos).map((m) => (m ? [...m.get(d)] : []));
      k = choosePassage(ps, dc.starts);
      if (k > 0) src = await laterPassage(ix, dc, d, k);
    }
    // The document of its matter, which the document carries when it is
    // another (an item's paper).
    const md = dc.matter ?? dc;
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
