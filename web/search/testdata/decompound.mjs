// The decompounder of index-time analysis (internal/search/analysis,
// decompound.go), ported for the parity tests: the client analyses queries,
// which are not split, so it is no part of the client's modules (embed.go
// leaves testdata out) and the browser never downloads it.

import { MIN_PART, normalize, stem, STOP_WORDS } from "../analysis.js";

/** A first part may have this many letters when it is a noun (searchindex.ShortPart). */
const SHORT_PART = 3;
const MIN_SHORT_FREQ = 3;
const MAX_COMPOUND = 64;
const LINKERS = ["", "s", "es", "n", "en", "e"];
// Endings that make participles and derivations, never a compound's head.
const SUFFIX_HEADS = new Set("ende enden endem ender endes schaft schaften lichen liche licher liches lichem heit heiten keit keiten igkeit igkeiten ungen ungs isch ische ischen ischer isches tung tungen lich tlich innen erin erinnen".split(" "));
// Never parts: remains of verb prefixes, "samt", and three-letter verb
// prefixes and abbreviations.
const NON_PARTS = new Set("unbe unge umbe aufge vorbe vorge abge ausge einge zuge ange mitge nachge samt ver ent zer emp ges geb sch ung unb gen".split(" "));


const isLowerASCII = (w) => w.length > 0 && /^[a-z]+$/.test(w);

let normalizedStops;

/**
 * The decompounding dictionary (searchindex.Dictionary): the archive's
 * words and their frequencies. See docs/search.md for the rules.
 */
export class Dictionary {
  /** @param {Map<string, number> | Record<string, number>} words */
  constructor(words) {
    const all = words instanceof Map ? words : new Map(Object.entries(words));
    // Capitalized keys count how often a three-letter word was written so.
    this.words = new Map();
    this.nouns = new Map();
    this.freq = new Map();
    for (const [w, n] of all) {
      if (/^[A-Z]/.test(w)) {
        this.nouns.set(w.toLowerCase(), n);
        continue;
      }
      this.words.set(w, n);
      const s = stem(w);
      this.freq.set(s, (this.freq.get(s) ?? 0) + n);
    }
    this.cache = new Map();
    normalizedStops ??= new Set([...STOP_WORDS].map(normalize));
  }

  /** The parts a normalized, unstemmed word splits into, or null. */
  split(word) {
    if (this.cache.has(word)) return this.cache.get(word);
    const parts = this.#split(word);
    this.cache.set(word, parts);
    return parts;
  }

  #split(word) {
    let pieces;
    if (word.includes(":")) {
      pieces = word.split(":").filter((p) => p.length >= MIN_PART && isLowerASCII(p) && !normalizedStops.has(p));
      if (pieces.length === 0) return null;
    } else {
      pieces = this.#segment(word);
    }
    if (pieces === null) return null;
    const out = [];
    const seen = new Set([stem(word)]);
    const add = (p) => {
      const s = stem(p);
      if (!seen.has(s)) {
        seen.add(s);
        out.push(p);
      }
      for (const q of this.split(p) ?? []) add(q);
    };
    for (const p of pieces) add(p);
    return out.length ? out : null;
  }

  #partFreq(p, last) {
    if (normalizedStops.has(p) || NON_PARTS.has(p)) return 0;
    if (last && SUFFIX_HEADS.has(p)) return 0;
    return (last ? this.freq.get(stem(p)) : this.words.get(p)) ?? 0;
  }

  #shortFreq(p) {
    if (normalizedStops.has(p) || NON_PARTS.has(p)) return 0;
    const c = this.nouns.get(p) ?? 0;
    const w = this.words.get(p) ?? 0;
    return c >= MIN_SHORT_FREQ && 2 * c > w ? w : 0;
  }

  #segment(word) {
    const n = word.length;
    if (n < SHORT_PART + MIN_PART || n > MAX_COMPOUND || !isLowerASCII(word)) return null;
    const best = new Array(n + 1).fill(null);
    for (let i = n - MIN_PART; i >= 0; i--) {
      let b = null;
      const consider = (c) => {
        if (b === null || c.parts < b.parts || (c.parts === b.parts && c.prod > b.prod)) b = c;
      };
      for (let j = n; j >= (i === 0 ? SHORT_PART : i + MIN_PART); j--) {
        if (i === 0 && j === n) continue;
        const f = j - i < MIN_PART ? this.#shortFreq(word.slice(i, j)) : this.#partFreq(word.slice(i, j), j === n);
        if (f === 0) continue;
        if (j === n) {
          consider({ parts: 1, prod: f, end: j, next: 0 });
          continue;
        }
        for (const l of LINKERS) {
          const k = j + l.length;
          if (k >= n || word.slice(j, k) !== l || best[k] === null) continue;
          consider({ parts: 1 + best[k].parts, prod: f * best[k].prod, end: j, next: k });
        }
      }
      best[i] = b;
    }
    const s = best[0];
    if (s === null) return null;
    const whole = this.freq.get(stem(word)) ?? 0;
    let pw = 1;
    for (let k = 0; k < s.parts; k++) pw *= whole;
    if (!(s.prod > pw)) return null;
    const parts = [];
    for (let i = 0, c = s; ; c = best[i]) {
      parts.push(word.slice(i, c.end));
      if (c.next === 0) return parts;
      i = c.next;
    }
  }
}
