// The term dictionary (docs/index-format.md, "Dictionary"): terms sorted
// by their bytes in shards, found through a two-level index — the root
// lists pages by their first term, a page lists shards — so that a lookup
// fetches a small part of it however big the vocabulary.

import * as fmt from "./format.js";
import { QueryError } from "./query.js";
import { memo, payload } from "./store.js";

const utf8 = new TextEncoder();
// Dictionary shards a prefix fetches at a time.
const PREFIX_BATCH = 16;

// The root of the dictionary index, from the entry: its pages by first
// term (UTF-8 bytes); with pairs, the word pairs' (a dictionary of their
// own, docs/index-format.md "Word pairs").
function root(ix, pairs = false) {
  const key = pairs ? "pairRoot" : "dictRoot";
  ix[key] ??= ((pairs ? ix.entry.pairDict : ix.entry.dict) ?? []).map((p) => ({ first: utf8.encode(p.first), file: p.page }));
  return ix[key];
}

/**
 * Takes in the pages of the dictionary index when the entry carries them
 * inline (when they are small enough): every query needs a page per word,
 * so a query then starts with its words' shards.
 */
export async function prefetchDictionary(ix) {
  const r = root(ix);
  const inline = ix.entry.inline ?? {};
  if (!r.every((pg) => Object.hasOwn(inline, pg.file))) return;
  await Promise.all(r.map((_, p) => page(ix, p)));
}

/**
 * Loads the parts filter (docs/index-format.md, "Parts filter"), which
 * prefetchParts reads; settles when it has loaded or failed.
 */
export async function loadPartsFilter(ix) {
  const name = ix.entry.partsFilter;
  if (!name) return;
  try {
    ix.partsFilter = fmt.decodePartsFilter(await payload(ix, name));
  } catch {
    // a query then looks its compounds' parts up after their entries
  }
}

// The shortest part of a compound the filter is asked about, in
// characters (the splitter's shortest, as "rat" in Ortschaftsrat), and
// the linking elements between a first and a last part (on Karlsruhe
// those of 48,697 of its 49,463 splits; "mitt" + "eil" + "ung" is no
// compound).
const MIN_PART = 3;
const LINKS = ["", "s", "e", "n", "en", "er", "es", "em", "st", "ens", "ers", "est", "ern"];
// The beginnings a guess takes, longest first, each with every end that
// follows a linking element: the longest alone was wrong for 4 of 41
// compounds of typed queries on Karlsruhe (ortschaft + srat, not rat;
// waldbrand + gefahr, not wald + brandgefahr).
const GUESS_BEGINNINGS = 2;

/**
 * Looks up the likely parts of term beside it, once the parts filter has
 * loaded, and returns them (none when it guessed none): a compound's parts
 * are known only from its entry, a round trip after it. Its first part
 * is a beginning of it and its last an end, with at most a linking
 * element between them: the GUESS_BEGINNINGS longest beginnings (of
 * MIN_PART characters or more) that the filter may hold as a part with
 * a linking element and an end that it may hold too, each with every
 * such end — and, unless lists is set (a query that needs the term's
 * lists: another word beside it), only when the term has no summary,
 * which answers a query of it alone.
 */
export function prefetchParts(ix, term, lists = false) {
  const f = ix.partsFilter;
  if (!f || (!lists && fmt.mayHold(f.summarized, f.hashes, term))) return [];
  const cs = [...term];
  const part = (a, b) => {
    const p = cs.slice(a, b).join("");
    return fmt.mayHold(f.parts, f.hashes, p) ? p : "";
  };
  const guess = new Set();
  let beginnings = 0;
  for (let i = cs.length - MIN_PART; i >= MIN_PART && beginnings < GUESS_BEGINNINGS; i--) {
    const first = part(0, i);
    if (!first) continue;
    let found = false;
    for (const link of LINKS) {
      const j = i + link.length;
      if (j > cs.length - MIN_PART || cs.slice(i, j).join("") !== link) continue;
      const last = part(j, cs.length);
      if (!last) continue;
      guess.add(first).add(last);
      found = true;
    }
    if (found) beginnings++;
  }
  for (const p of guess) {
    lookup(ix, p).catch(() => {}); // looked up again when needed
    prefetchLists(ix, p);
  }
  return [...guess];
}

/** The number of the word pairs' dictionary pages. */
export function pairPages(ix) {
  return root(ix, true).length;
}

/**
 * Loads the word pairs' pages, which only a phrase of two words looks up
 * (and which say whether its pair has a summary); settles when they have
 * loaded or failed (a failed one loads again when needed).
 */
export function prefetchPairPages(ix) {
  return Promise.allSettled(root(ix, true).map((_, p) => page(ix, p, true)));
}

async function page(ix, p, pairs = false) {
  const pg = root(ix, pairs)[p];
  return memo(pg, "shards", () => payload(ix, pg.file).then((p) => fmt.decodeDictPage(p, pg.file)));
}

async function shard(ix, p, i, pairs = false) {
  const s = (await page(ix, p, pairs))[i];
  return memo(s, "decoded", () => payload(ix, s.file).then(fmt.decodeDictShard));
}

// The place of the last of list (pages or shards, by their first term
// bytes) that is not after term bytes t: the one that would hold t.
function last(list, t) {
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
}

// The page and shard that would hold term bytes t: [-1, 0] when the
// dictionary (of pairs, with pairs) is empty.
async function locate(ix, t, pairs = false) {
  const r = root(ix, pairs);
  if (r.length === 0) return [-1, 0];
  const p = last(r, t);
  return [p, last(await page(ix, p, pairs), t)];
}

/**
 * Whether the word pair key has a summary, as its dictionary page says:
 * null when the page is neither loaded nor loading (the pairs' pages
 * load when the index opens, or when they are many once it is idle), so
 * that a query does not wait a round trip for it.
 */
export async function pairSummarized(ix, key) {
  const t = utf8.encode(key);
  const r = root(ix, true);
  if (r.length === 0) return false;
  const pg = r[last(r, t)];
  if (!pg.shards) return null;
  const shards = await pg.shards;
  return shards[last(shards, t)].summarized?.has(fmt.keyHash(key)) ?? false;
}

/**
 * Starts loading the files of term's own lists that are too big for its
 * dictionary shard (a frequent word's heads), which its page names, so
 * that they load beside the shard when a query needs the lists.
 */
export function prefetchLists(ix, term, pairs = false) {
  const t = utf8.encode(term);
  locate(ix, t, pairs).then(async ([p, i]) => {
    if (p < 0) return;
    for (const h of (await page(ix, p, pairs))[i].heads) if (h.term === term) payload(ix, h.file).catch(() => {}); // fetched again when needed
  }).catch(() => {});
}

/** The dictionary entry of a term (with pairs, of a word pair's key), or null. */
export async function lookup(ix, term, pairs = false) {
  const t = utf8.encode(term);
  const [p, i] = await locate(ix, t, pairs);
  if (p < 0) return null;
  const terms = await shard(ix, p, i, pairs);
  let lo = 0, hi = terms.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = fmt.compareU8(terms[mid].bytes, t);
    if (c === 0) return located(ix, terms[mid]);
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

// located notes the matters of a rare term e's documents, and the text
// pack of the passage of their text that first holds it, so that their
// excerpts' text packs load beside their chunks; returns e.
function located(ix, e) {
  for (const l of e.located ?? []) {
    let packs = ix.packs.get(l.doc);
    if (!packs) ix.packs.set(l.doc, (packs = new Map()));
    packs.set(e.term, l.pack);
    ix.matters.set(l.doc, l.matter);
  }
  return e;
}

/**
 * The entries of the text terms starting with prefix, by count then bytes
 * (as Go expands them).
 * @throws {QueryError} when more than the entry's limits.maxPrefixTerms do
 */
export async function expand(ix, prefix) {
  const pfx = utf8.encode(prefix);
  const max = ix.entry.limits.maxPrefixTerms;
  const out = [];
  const startsWith = (b) => b.length >= pfx.length && fmt.compareU8(b.subarray(0, pfx.length), pfx) === 0;
  // The shards that may hold such terms, from the pages (loaded when the
  // index opened), then fetched side by side, a batch at a time.
  const r = root(ix);
  const shards = [];
  let [p, i] = await locate(ix, pfx);
  pages: for (; p >= 0 && p < r.length; p++, i = 0) {
    const pg = await page(ix, p);
    for (; i < pg.length; i++) {
      if (fmt.compareU8(pg[i].first, pfx) > 0 && !startsWith(pg[i].first)) break pages;
      shards.push([p, i]);
    }
  }
  for (let b = 0; b < shards.length; b += PREFIX_BATCH) {
    const batch = await Promise.all(shards.slice(b, b + PREFIX_BATCH).map(([p, i]) => shard(ix, p, i)));
    for (const terms of batch) {
      for (const t of terms) {
        if (!startsWith(t.bytes)) continue;
        if (t.fields.text) out.push(t);
        if (out.length > max) {
          throw new QueryError("too-many-prefix-terms", -1, `${prefix}*: more than ${max} words start with it; make the prefix longer`);
        }
      }
    }
  }
  // Array.prototype.sort is stable: terms of one count stay in byte order.
  return out.sort((a, b) => a.fields.text.df - b.fields.text.df);
}
