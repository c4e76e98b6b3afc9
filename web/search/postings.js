// Posting lists (docs/index-format.md, "Posting list descriptor"): a
// term's documents in a field with their frequencies and lengths, loaded
// whole when small; a large list comes as its head — its documents, its
// top-scoring postings and a maximum per block — and block files are
// loaded as the ranking needs them. Positions, for phrases and excerpts,
// are loaded only for the documents asked.

import * as fmt from "./format.js";
import { lookup, prefetchLists } from "./dictionary.js";
import { docScore, idf } from "./score.js";
import { blob, memo, payload } from "./store.js";

/**
 * The posting list of term in field (its dictionary entry e, or null),
 * with its document set loaded. freqAt and lenAt hold the frequency and
 * length of each posting by rank, 0 where not loaded yet.
 */
export async function list(ix, term, field, e) {
  const key = field + "\u0000" + term;
  let pl = ix.lists.get(key);
  if (pl) return pl;
  const d = e?.fields[field];
  const st = ix.entry.fields[field];
  pl = {
    term, field, df: d?.df ?? 0, avgdl: st.avgdl, idf: idf(ix.n, d?.df ?? 0),
    desc: d, full: true, docs: new Int32Array(0),
    freqAt: new Int32Array(d?.df ?? 0), lenAt: new Int32Array(d?.df ?? 0),
    // text and parts postings carry the length of their document's text
    textLen: field === "text" || field === "parts" ? ix.textLen : null,
  };
  if (d) {
    if (d.mode === 0 || d.mode === 1) {
      const post = fmt.decodePostings(d.mode === 0 ? d.post : await blob(ix, d.postRef), d.df);
      pl.docs = post.docs;
      for (let i = 0; i < d.df; i++) learn(pl, i, post.freqs[i], post.lens[i]);
    } else {
      const h = fmt.decodeHead(await blob(ix, d.headRef), d.df);
      pl.full = false;
      pl.docs = h.docs;
      pl.head = h;
      // The matters of its best documents.
      for (const l of h.located) ix.matters.set(l.doc, l.matter);
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
  pl.bits = fmt.Bits.of(ix.n, pl.docs);
  ix.lists.set(key, pl);
  return pl;
}

/**
 * The posting lists of term in the fields title, text and parts. The
 * files its page names (heads too big for its shard) load beside the
 * shard: a compound's parts are known only from its entry, and at
 * 100,000 items a rare compound's hits come a round trip sooner.
 */
export async function termLists(ix, term) {
  prefetchLists(ix, term);
  const e = await lookup(ix, term);
  return Promise.all([list(ix, term, "title", e), list(ix, term, "text", e), list(ix, term, "parts", e)]);
}

/** Loads the block files (numbers) of a large list. */
export async function loadBlocks(ix, pl, files) {
  const h = pl.head;
  await Promise.all([...files].filter((f) => !pl.loaded.has(f)).map(async (f) => {
    const first = f * h.blockSize * h.perFile;
    const end = Math.min(pl.df, first + h.blockSize * h.perFile);
    const counts = [];
    for (let s = first; s < end; s += h.blockSize) counts.push(Math.min(h.blockSize, end - s));
    const b = fmt.decodeBlockFile(await payload(ix, h.freqFiles[f]), counts);
    let r = first;
    for (let k = 0; k < counts.length; k++) {
      for (let i = 0; i < counts[k]; i++, r++) learn(pl, r, b.freqs[k][i], b.lens[k][i]);
    }
    pl.loaded.add(f);
  }));
  if (pl.loaded.size === h.freqFiles.length) pl.full = true;
}

/** Positions of docs (all in the list) as Map doc → Int32Array. */
export async function positions(ix, pl, docs) {
  const out = new Map();
  const d = pl.desc;
  if (d.mode === 0 || d.mode === 1) {
    const pos = await memo(pl, "pos", () => (d.mode === 0 ? Promise.resolve(d.pos) : blob(ix, d.posRef)).then((b) => fmt.decodePositions(b, d.df)));
    for (const x of docs) out.set(x, pos[rankOf(pl, x)]);
    return out;
  }
  const h = pl.head;
  const per = h.blockSize * h.posPerFile;
  pl.posFiles ??= {};
  const ranks = docs.map((x) => rankOf(pl, x));
  const need = new Set(ranks.map((r) => Math.floor(r / per)));
  // The block files of the same postings load beside: the documents
  // whose positions are asked (a phrase's) are the ones to rank next.
  const blockFiles = new Set(ranks.map((r) => Math.floor(r / (h.blockSize * h.perFile))));
  loadBlocks(ix, pl, blockFiles).catch(() => {}); // loaded again when needed
  const files = new Map(await Promise.all([...need].map(async (f) => {
    const count = Math.min(pl.df, (f + 1) * per) - f * per;
    return [f, await memo(pl.posFiles, f, () => payload(ix, h.posFiles[f]).then((b) => fmt.decodePositions(b, count)))];
  })));
  docs.forEach((x, i) => {
    const f = Math.floor(ranks[i] / per);
    out.set(x, files.get(f)[ranks[i] - f * per]);
  });
  return out;
}

/**
 * The documents of a word pair's list d in a field (of its entry, or
 * null: none), where the word of list b directly follows that of list a;
 * a's and b's postings there are learnt from it, so that a phrase of the
 * two ranks its documents without their block files.
 */
export async function pairDocs(ix, a, b, d) {
  if (!d) return new fmt.Bits(ix.n);
  const p = await memo(d, "decoded", async () => fmt.decodePairPostings(d.post ?? (await blob(ix, d.postRef)), d.df));
  // Learnt on every call: two searches at once may each hold lists of
  // their own for the words.
  for (let i = 0; i < d.df; i++) {
    const ra = rankOf(a, p.docs[i]), rb = rankOf(b, p.docs[i]);
    if (ra < 0 || rb < 0) throw new Error("static index: a word pair's document lacks one of its words");
    learn(a, ra, p.freqsA[i], p.lens[i]);
    learn(b, rb, p.freqsB[i], p.lens[i]);
  }
  return fmt.Bits.of(ix.n, p.docs);
}

/**
 * Documents of cand where the phrase (terms with "" gaps; lists null
 * there) occurs in one field; pair, for a phrase of two words, the
 * documents of their pair's list there (or null), which are its matches:
 * it needs no positions then.
 */
export async function phrase(ix, lists, terms, cand, pair = null) {
  const inter = cand.clone();
  for (const pl of lists) if (pl) inter.and(pl.bits);
  if (pair) return inter.and(pair);
  const docs = [...inter.docs()];
  const matched = new fmt.Bits(ix.n);
  if (docs.length === 0) return matched;
  const pos = await Promise.all(lists.map((pl) => (pl ? positions(ix, pl, docs) : null)));
  // Positions ascend: each word's are walked once, beside the first's.
  const at = new Int32Array(terms.length);
  for (const d of docs) {
    const ps = pos.map((m) => (m ? m.get(d) : null));
    at.fill(0);
    next: for (const p0 of ps[0]) {
      for (let k = 1; k < terms.length; k++) {
        const a = ps[k];
        if (!a) continue;
        let j = at[k];
        while (j < a.length && a[j] < p0 + k) j++;
        at[k] = j;
        if (j === a.length) break next; // none left at or after p0 + k
        if (a[j] !== p0 + k) continue next;
      }
      matched.w[d >>> 5] |= 1 << (d & 31);
      break;
    }
  }
  return matched;
}

// learn records the posting at rank r of pl.
function learn(pl, r, freq, len) {
  pl.freqAt[r] = freq;
  pl.lenAt[r] = len;
  pl.textLen?.set(pl.docs[r], len);
}

/** The rank of document d in pl, -1 when it is not there. */
export function rankOf(pl, d) {
  let lo = 0, hi = pl.docs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pl.docs[mid] === d) return mid;
    if (pl.docs[mid] < d) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
