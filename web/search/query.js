// The query language of DESIGN §4, exactly as internal/search/query parses
// it (testdata/queries.json holds the shared expectations). Its words and
// limits come with the vocabulary, from the index's entry file
// (query.Spec in Go): this file keeps no copy of them.

import { analyze, lowerRunes, normalizeWord, tokenize } from "./analysis.js";

/** A malformed query; code is stable, message is English, pos 0-based or -1. */
export class QueryError extends Error {
  constructor(code, pos, message) {
    super(message);
    this.name = "QueryError";
    this.code = code;
    this.pos = pos;
  }
}

// The meaning — a key of groups — of word w in a group of the vocabulary's
// words (words.filters, words.results or words.kinds), or undefined.
function meaning(groups, w) {
  return Object.keys(groups).find((k) => groups[k].includes(w));
}

/** Unicode White_Space, as Go's unicode.IsSpace. */
export function isSpace(ch) {
  const c = ch.codePointAt(0);
  switch (c) {
    case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x20: case 0x85: case 0xa0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000:
      return true;
  }
  return c >= 0x2000 && c <= 0x200a;
}

// The words of s, split at isSpace.
function fields(s) {
  let w = "";
  for (const ch of s) w += isSpace(ch) ? " " : ch;
  return w.split(" ").filter(Boolean);
}

// The loose form filter values are compared in, as Go's query.fold: words
// split at isSpace and joined by one space, lower-cased code point by code
// point, umlauts without dots, ß as ss.
function fold(s) {
  return lowerRunes(fields(s).join(" "))
    .replaceAll("ä", "a").replaceAll("ö", "o").replaceAll("ü", "u").replaceAll("ß", "ss");
}

function emptyFilters() {
  return { committee: [], year: [], resultCategory: [], kind: [] };
}

function appendNew(list, ...vs) {
  for (const v of vs) if (!list.includes(v)) list.push(v);
  return list;
}

/**
 * @typedef {object} Vocabulary what a query is parsed with: the entry
 *   file's committees, resultCategories, words and limits
 *   (docs/index-format.md)
 * @property {string[]} committees
 * @property {string[]} resultCategories
 * @property {{filters: Object<string, string[]>, results: Object<string, string[]>, kinds: Object<string, string[]>}} words
 * @property {{maxClauses: number, minPrefix: number, maxPrefixTerms: number}} limits
 */

/**
 * Parses and analyses a query.
 * @param {string} q
 * @param {Vocabulary} vocabulary
 * @returns {{clauses: object[], exclude: object[][], filters: object}}
 * @throws {QueryError}
 */
export function parseQuery(q, vocabulary) {
  const r = [...q];
  let i = 0;
  const out = { clauses: [], exclude: [], filters: emptyFilters() };
  const add = (neg, cs) => {
    if (cs.length === 0) return;
    if (neg) out.exclude.push(cs);
    else out.clauses.push(...cs);
  };
  const quoted = () => {
    const open = i;
    for (let j = open + 1; j < r.length; j++) {
      if (r[j] === '"') {
        i = j + 1;
        return r.slice(open + 1, j).join("");
      }
    }
    throw new QueryError("unbalanced-quote", open, `quote at character ${open + 1} is not closed`);
  };
  for (;;) {
    while (i < r.length && isSpace(r[i])) i++;
    if (i >= r.length) break;
    const start = i;
    let neg = false;
    if (r[i] === "-") {
      neg = true;
      i++;
      if (i >= r.length || isSpace(r[i])) {
        throw new QueryError("lone-minus", start, "a minus must be followed by the word to exclude");
      }
    }
    if (r[i] === '"') {
      add(neg, phraseClauses(quoted()));
      continue;
    }
    const tokStart = i;
    while (i < r.length && !isSpace(r[i]) && r[i] !== '"') i++;
    const tok = r.slice(tokStart, i).join("");
    const colon = tok.indexOf(":");
    if (colon >= 0) {
      const key = tok.slice(0, colon);
      const kind = meaning(vocabulary.words.filters, lowerRunes(key));
      if (kind) {
        if (neg) throw new QueryError("exclude-filter", start, `filters cannot be excluded: ${tok}`);
        let value = tok.slice(colon + 1);
        if (value === "" && i < r.length && r[i] === '"') value = quoted();
        if (fields(value).length === 0) throw new QueryError("empty-filter", tokStart, `${key}: needs a value`);
        filter(out.filters, kind, value, tokStart, vocabulary);
        continue;
      }
    }
    add(neg, wordClauses(tok, tokStart, vocabulary.limits.minPrefix));
  }
  const max = vocabulary.limits.maxClauses;
  if (out.clauses.length > max) {
    throw new QueryError("too-many-words", -1, `too many words (${out.clauses.length}, at most ${max})`);
  }
  return out;
}

function termClauses(tokens) {
  return tokens.map((t) => ({ kind: "term", term: t.term }));
}

function wordClauses(tok, pos, minPrefix) {
  const base = tok.replace(/\*+$/, "");
  if (base === tok) return termClauses(analyze(tok));
  const words = tokenize(base);
  if (words.length === 0) throw new QueryError("lone-star", pos, `* must end a word: ${tok}`);
  const out = [];
  for (const w of words.slice(0, -1)) out.push(...termClauses(analyze(w.text)));
  const prefix = normalizeWord(words[words.length - 1].text);
  if ([...prefix].length < minPrefix) {
    throw new QueryError("prefix-too-short", pos, `${tok}: a prefix needs at least ${minPrefix} letters`);
  }
  out.push({ kind: "prefix", prefix });
  return out;
}

function phraseClauses(content) {
  const ts = analyze(content);
  if (ts.length === 0) return [];
  if (ts.length === 1) return termClauses(ts);
  const terms = new Array(ts[ts.length - 1].position - ts[0].position + 1).fill("");
  for (const t of ts) terms[t.position - ts[0].position] = t.term;
  return [{ kind: "phrase", terms }];
}

function filter(f, kind, value, pos, vocabulary) {
  const at = (e) => { e.pos = pos; return e; };
  switch (kind) {
    case "committee":
      try { appendNew(f.committee, ...resolveCommittee(value, vocabulary.committees)); } catch (e) { throw at(e); }
      break;
    case "year":
      try { appendNew(f.year, ...parseYears(value)); } catch (e) { throw at(e); }
      break;
    case "result":
      try { appendNew(f.resultCategory, resolveResultCategory(value, vocabulary)); } catch (e) { throw at(e); }
      break;
    case "kind":
      try { appendNew(f.kind, resolveKind(value, vocabulary)); } catch (e) { throw at(e); }
      break;
  }
}

// Levenshtein distance in code points, ignoring ASCII case (record.Closest).
function editDistance(a, b) {
  const ra = [...a], rb = [...b];
  const low = (c) => (c >= "A" && c <= "Z" ? c.toLowerCase() : c);
  let prev = rb.map((_, j) => j).concat([rb.length]);
  let cur = new Array(rb.length + 1);
  for (let i = 1; i <= ra.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= rb.length; j++) {
      const cost = low(ra[i - 1]) === low(rb[j - 1]) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[rb.length];
}

function closest(s, candidates) {
  const sorted = [...candidates].sort(compareBytes);
  let best = "", bestDist = -1;
  const limit = Math.max(1, Math.floor([...s].length / 3));
  for (const c of sorted) {
    const d = editDistance(s, c);
    if (d <= limit && (bestDist < 0 || d < bestDist)) {
      best = c;
      bestDist = d;
    }
  }
  return best;
}

const utf8 = new TextEncoder();

/** s in double quotes as Go's %q writes it, so that messages match Go's. */
export function quote(s) {
  // Escaped: quotes, backslashes and what Go's strconv.IsPrint refuses
  // (not a letter, mark, number, punctuation, symbol or ASCII space); a
  // lone surrogate is U+FFFD, as Go decodes it.
  return `"${s.replace(/["\\]|[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/gu, (ch) => {
    const c = ch.codePointAt(0);
    if (c >= 0xd800 && c < 0xe000) return "\ufffd";
    if (ESCAPES[ch]) return "\\" + ESCAPES[ch];
    const [x, n] = c < 0x20 || c === 0x7f ? ["x", 2] : c < 0x10000 ? ["u", 4] : ["U", 8];
    return "\\" + x + c.toString(16).padStart(n, "0");
  })}"`;
}

const ESCAPES = { '"': '"', "\\": "\\", "\x07": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v" };

/** Compares strings by their UTF-8 bytes, as Go does. */
export function compareBytes(a, b) {
  if (a === b) return 0;
  const x = utf8.encode(a), y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** The committees a filter value means (searchindex.ResolveCommittee). */
export function resolveCommittee(value, names) {
  const v = fold(value);
  const exact = [], partial = [];
  for (const n of names) {
    const fn = fold(n);
    if (fn === v) exact.push(n);
    else if (fn.includes(v)) partial.push(n);
  }
  if (exact.length) return exact;
  if (partial.length) return partial;
  let msg = `no committee ${quote(value)}`;
  const c = closest(value, names);
  if (c !== "") msg += ` (did you mean ${quote(c)}?)`;
  throw new QueryError("unknown-committee", -1, msg);
}

/** Years of "2022", "2020-2022" or "2020..2022". */
export function parseYears(v) {
  let lo, hi;
  let k = v.indexOf("-");
  if (k >= 0) { lo = v.slice(0, k); hi = v.slice(k + 1); }
  else if ((k = v.indexOf("..")) >= 0) { lo = v.slice(0, k); hi = v.slice(k + 2); }
  else { lo = hi = v; }
  const year = (s) => (/^[0-9]{4}$/.test(s) ? Number(s) : NaN);
  const a = year(lo), b = year(hi);
  if (Number.isNaN(a) || Number.isNaN(b) || b < a || b - a > 200) {
    throw new QueryError("bad-year", -1, `year ${quote(v)}: want a year like 2022 or a range like 2020-2022`);
  }
  const out = [];
  for (let y = a; y <= b; y++) out.push(String(y).padStart(4, "0"));
  return out;
}

/** A result category from its name or German word (in vocabulary). */
export function resolveResultCategory(v, vocabulary) {
  const f = fold(v);
  if (vocabulary.resultCategories.includes(f)) return f;
  const c = meaning(vocabulary.words.results, f);
  if (c !== undefined) return c;
  throw new QueryError("unknown-result", -1,
    `result ${quote(v)}: want one of ${vocabulary.resultCategories.join(", ")} (or beschlossen, abgelehnt, kenntnis, vertagt …)`);
}

/** A document kind from its name or German word (in vocabulary). */
export function resolveKind(v, vocabulary) {
  const k = meaning(vocabulary.words.kinds, fold(v));
  if (k !== undefined) return k;
  throw new QueryError("unknown-kind", -1, `kind ${quote(v)}: want item (top), paper (vorlage) or meeting (sitzung)`);
}

/**
 * Completes a date bound: "2022" is 2022-01-01 as from, 2022-12-31 as to.
 * @returns {string} YYYY-MM-DD or "" when s is empty
 */
export function completeDate(s, end) {
  if (!s) return "";
  const p = s.split("-");
  const ok = (part, lo, hi) => /^[0-9]+$/.test(part) && Number(part) >= lo && Number(part) <= hi;
  if (p.length === 1 && p[0].length === 4 && ok(p[0], 1, 9999)) return s + (end ? "-12-31" : "-01-01");
  if (p.length === 2 && p[0].length === 4 && p[1].length === 2 && ok(p[0], 1, 9999) && ok(p[1], 1, 12)) return s + (end ? "-31" : "-01");
  if (p.length === 3 && p[0].length === 4 && p[1].length === 2 && p[2].length === 2 && ok(p[0], 1, 9999) && ok(p[1], 1, 12) && ok(p[2], 1, 31)) return s;
  throw new QueryError("bad-date", -1, `date ${quote(s)}: want YYYY-MM-DD, YYYY-MM or YYYY`);
}
