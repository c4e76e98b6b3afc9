// Documents (docs/index-format.md, "Documents"): their chunks, found
// through the directory tree, and the hits of a page with their excerpts,
// cut from the passage that holds the query's rarer words.

import * as fmt from "./format.js";
import { lookup } from "./dictionary.js";
import { choosePassage, excerpt, highlightTerms } from "./excerpt.js";
import { list, positions } from "./postings.js";
import { blob, memo, payload } from "./store.js";

/** Document d, from its chunk found down the directory tree. */
export async function doc(ix, d) {
  const { chunk, dirChunks, dirs, levels } = ix.entry.docs;
  // An entry at a level covers span chunks.
  ix.docDirs ??= {};
  const dir = (name) => memo(ix.docDirs, name, () => payload(ix, name).then(fmt.decodeNames));
  let rel = Math.floor(d / chunk);
  let names = await dir(dirs);
  for (let span = dirChunks ** levels; span > 1; span /= dirChunks) {
    const j = Math.floor(rel / span);
    names = await dir(names[j]);
    rel -= j * span;
  }
  return chunkDoc(ix, names[rel], d);
}

/** Document d from the chunk named chunk, which holds it. */
export async function chunkDoc(ix, chunk, d) {
  return fmt.decodeDocChunk(await payload(ix, chunk))[d % ix.entry.docs.chunk];
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

/** The hits of a page of [score, document] for the parsed query pq; docOf(d) fetches a document. */
export async function hits(ix, pq, page, docOf) {
  const marks = highlightTerms(pq);
  // The words whose positions choose the passage of an excerpt: the
  // query's rarer words.
  const chooseBy = [];
  for (const t of marks.terms) {
    const e = await lookup(ix, t);
    const df = e?.fields.text?.df ?? 0;
    if (df > 0 && df <= ix.entry.excerptTermsMaxDF) chooseBy.push(await list(ix, t, "text", e));
  }
  return Promise.all(page.map(async ([score, d]) => {
    const dc = await docOf(d);
    let src = dc.excerpt, k = 0;
    if (dc.starts.length > 0 && chooseBy.length > 0) {
      const ps = [];
      for (const pl of chooseBy) ps.push(pl.bits.has(d) ? [...(await positions(ix, pl, [d])).get(d)] : []);
      k = choosePassage(ps, dc.starts);
      if (k > 0) src = fmt.decodePassages(await blob(ix, dc.passagesRef), dc.starts.length)[k - 1];
    }
    return {
      id: dc.id, url: dc.url, kind: ix.entry.kinds[dc.kind], title: dc.title, date: dc.date,
      committee: dc.committee ? ix.entry.committees[dc.committee - 1] : "",
      result: dc.result,
      resultCategory: dc.category ? ix.entry.resultCategories[dc.category - 1] : "",
      closedSession: (dc.flags & fmt.FLAG_CLOSED_SESSION) !== 0,
      score, excerpt: excerpt(src, marks, k > 0),
      ...fileOf(dc.sources, k),
    };
  }));
}
