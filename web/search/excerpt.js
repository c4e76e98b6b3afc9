// Excerpts with highlighted matches, cut exactly as
// internal/search/searchindex/excerpt.go cuts them.

import { analyze, MIN_PART } from "./analysis.js";
import { isSpace } from "./query.js";

const EXCERPT_TOKENS = 30;
const EXCERPT_LEAD = 4;

/** The terms and prefixes of a parsed query that excerpts highlight. */
export function highlightTerms(pq) {
  const terms = [], prefixes = [];
  const add = (list, v) => { if (!list.includes(v)) list.push(v); };
  for (const c of pq.clauses) {
    if (c.kind === "term") add(terms, c.term);
    else if (c.kind === "phrase") for (const t of c.terms) { if (t !== "") add(terms, t); }
    else if (c.kind === "prefix") add(prefixes, c.prefix);
  }
  return { terms, prefixes };
}

function matches(m, term) {
  for (const t of m.terms) {
    if (term === t || ([...t].length >= MIN_PART && term.includes(t))) return true;
  }
  for (const p of m.prefixes) if (term.startsWith(p)) return true;
  return false;
}

const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function escapeText(s) {
  let out = "";
  let space = false;
  for (const ch of s) {
    if (isSpace(ch)) {
      if (!space) out += " ";
      space = true;
      continue;
    }
    space = false;
    out += ESC[ch] ?? ch;
  }
  return out;
}

/**
 * The passage of a document an excerpt comes from (searchindex.ChoosePassage):
 * the one holding the most of the words, each given by its ascending
 * positions; the first on ties or when none holds any. starts are the
 * first positions of the passages after the first.
 */
export function choosePassage(positions, starts) {
  const counts = new Array(starts.length + 1).fill(0);
  for (const ps of positions) {
    let seen = -1;
    for (const p of ps) {
      // passages starting at or before p
      let lo = 0, hi = starts.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid] <= p) lo = mid + 1;
        else hi = mid;
      }
      if (lo !== seen) {
        counts[lo]++;
        seen = lo;
      }
    }
  }
  let best = 0;
  for (let k = 0; k < counts.length; k++) if (counts[k] > counts[best]) best = k;
  return best;
}

/**
 * About 30 words of src around the best group of matches, as HTML:
 * matched words in <mark>, everything else escaped. A later passage
 * (not the first of its document) begins with "…".
 */
export function excerpt(src, m, later = false) {
  const toks = analyze(src);
  const hit = toks.map((t) => matches(m, t.term));
  let first = -1, best = 0;
  for (let i = 0; i < toks.length; i++) {
    if (!hit[i]) continue;
    const seen = new Set();
    for (let j = i; j < toks.length && j < i + EXCERPT_TOKENS; j++) if (hit[j]) seen.add(toks[j].term);
    if (first < 0 || seen.size > best) {
      first = i;
      best = seen.size;
    }
  }
  const s = first > 0 ? Math.max(0, first - EXCERPT_LEAD) : 0;
  const e = Math.min(toks.length, s + EXCERPT_TOKENS);
  const from = s > 0 || (later && toks.length > 0) ? toks[s].start : 0;
  const to = e < toks.length ? toks[e - 1].end : src.length;
  let out = from > 0 || later ? "… " : "";
  let at = from;
  for (let i = s; i < e; i++) {
    if (!hit[i]) continue;
    out += escapeText(src.slice(at, toks[i].start)) + "<mark>" + escapeText(src.slice(toks[i].start, toks[i].end)) + "</mark>";
    at = toks[i].end;
  }
  out += escapeText(src.slice(at, to));
  out = out.replace(/ +$/, "");
  if (out.startsWith(" ")) out = out.replace(/^ +/, "");
  if (to < src.length) out += " …";
  return out;
}
