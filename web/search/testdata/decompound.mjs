// The decompounder of index-time analysis (internal/search/analysis,
// decompound.go), ported for the parity tests: the client splits query
// words with the splits the index ships (docs/index-format.md), so this
// module is no part of the client's modules (embed.go leaves testdata out)
// and the browser never downloads it.

import { MIN_PART, normalize, stem, STOP_WORDS } from "../analysis.js";

/** A first or last part may have this many letters when it is a noun (analysis.ShortPart). */
const SHORT_PART = 3;
const MIN_SHORT_FREQ = 3;
const MIN_PRODUCTIVE = 2;
const MAX_COMPOUND = 64;
const MIN_FREQUENT = 100;
const MIN_SHORT_MODIFIER = 10;
const MAX_WEAK = 3;
const MIN_WEAK_HEAD = 8;
const LINKERS = ["", "s", "es", "n", "en", "e"];
const words = (s) => new Set(s.split(" "));
// Endings that make participles and derivations, never parts.
const SUFFIX_HEADS = words("ende enden endem ender endes schaft schaften lichen liche licher liches lichem " +
  "heit heiten keit keiten igkeit igkeiten ungen ungs isch ische ischen ischer isches tung tungen " +
  "lich tlich innen erin erinnen endung endungen ige igen igem iger iges " +
  "tliche tlichen tlicher tliches tlichem bare baren barer bares barem hafte haften hafter haftes haftem tat taten " +
  "ation ationen ations able ablen abler ables ablem " +
  "samtliche samtlichen samtlicher samtliches");
// Derivational suffixes that, after one to three consonants, are what is
// left of a derived word.
const SUFFIX_RESTS = words("ung ungen ungs isch ische ischen ischer isches ischem ig ige igen iger iges igem igt igte igten " +
  "ion ionen ions ichen ing ingen aften");
// Never parts: remains of verb prefixes, "samt", and three-letter verb
// prefixes and abbreviations.
const NON_PARTS = words("unbe unge umbe aufge vorbe vorge abge ausge einge zuge ange mitge nachge samt ver ent zer emp ges geb sch ung unb gen tel wider");
const VERB_PREFIXES = "ab an auf aus be bei durch ein ent er ge her hin mit nach uber um unter ver vor wieder zer zu zuruck".split(" ");
const VOWELS = /[aeiou]/;

/** Stop words that make inseparable verbs too (analysis.inseparablePrefixes). */
const INSEPARABLE_PREFIXES = words("durch uber unter hinter");
/** A stop word that may be a modifier of a noun (analysis.stopModifier). */
const stopModifier = (p) => p.length >= MIN_PART && !INSEPARABLE_PREFIXES.has(p);
const hasVowel = (p) => /[aeiouy]/.test(p);

const CLASS_UNKNOWN = 0, CLASS_NOUN = 1, CLASS_OTHER = 2;

/** The class of a word that occurs f times, c of them capitalized (analysis.classOf). */
const classOf = (f, c) => (f === 0 ? CLASS_UNKNOWN : 2 * c >= f ? CLASS_NOUN : CLASS_OTHER);

/** Nouns that head adjectives and adverbs (analysis.adverbHeads). */
const ADVERB_HEADS = words("wert werte werten werter wertes weise");
/** A present participle of at least 7 letters (analysis.participle). */
const participle = (p) => p.length >= 7 && ["ende", "enden", "ender", "endes", "endem"].some((e) => p.endsWith(e));

const isLowerASCII = (w) => w.length > 0 && /^[a-z]+$/.test(w);

function suffixFragment(p) {
  let i = 0;
  while (i < p.length && i < 3 && !"aeiou".includes(p[i])) i++;
  const rest = p.slice(i);
  return SUFFIX_RESTS.has(rest) && (rest !== "aften" || i === 0 || p.slice(0, i) === "sch");
}

function prefixFragment(p) {
  for (const v of VERB_PREFIXES) {
    if (p.length > v.length && p.startsWith(v) && (p.length <= v.length + 2 || !/[aeiouy]/.test(p.slice(v.length)))) return true;
  }
  return false;
}

function codaFragment(p) {
  if (p.length < 2) return false;
  const a = p[p.length - 2], b = p[p.length - 1];
  if ("aeiouylrh".includes(a)) return false;
  return b === "r" || b === "l" || ("stkp".includes(a) && "gbd".includes(b));
}

let normalizedStops;

/**
 * The decompounding dictionary (analysis.Dictionary): the archive's words
 * and their frequencies. See docs/search.md for the rules.
 */
export class Dictionary {
  /** @param {Map<string, number> | Record<string, number>} all */
  constructor(all) {
    const entries = all instanceof Map ? all : new Map(Object.entries(all));
    // Capitalized keys count how often a word was written so.
    this.words = new Map();
    this.nouns = new Map();
    this.freq = new Map();
    this.caps = new Map();
    for (const [w, n] of entries) {
      if (/^[A-Z]/.test(w)) {
        const l = w.toLowerCase();
        this.nouns.set(l, n);
        const s = stem(l);
        this.caps.set(s, (this.caps.get(s) ?? 0) + n);
        continue;
      }
      this.words.set(w, n);
      const s = stem(w);
      this.freq.set(s, (this.freq.get(s) ?? 0) + n);
    }
    this.pre4 = new Set();
    for (const w of this.words.keys()) if (w.length >= 4) this.pre4.add(w.slice(0, 4));
    this.cache = new Map();
    normalizedStops ??= new Set([...STOP_WORDS].map(normalize));
    this.mods = this.#productiveModifiers();
  }

  #productiveModifiers() {
    const heads = new Map();
    for (const w of this.words.keys()) {
      if (this.#class(w) !== CLASS_NOUN) continue;
      for (let i = MIN_PART; i + MIN_PART <= w.length; i++) {
        const p = w.slice(0, i);
        const stop = normalizedStops.has(p);
        if ((stop && !stopModifier(p)) || (!stop && (this.words.get(p) ?? 0) > 0) || NON_PARTS.has(p)) continue;
        for (const l of LINKERS) {
          const k = i + l.length;
          if (k + MIN_PART > w.length || w.slice(i, k) !== l || (l !== "" && (this.words.get(p + l) ?? 0) > 0)) continue;
          const r = w.slice(k);
          if (this.#partFreq(r, true) > 0 && this.#class(r) === CLASS_NOUN) {
            if (!heads.has(p)) heads.set(p, new Set());
            heads.get(p).add(stem(r));
          }
        }
      }
    }
    const mods = new Map();
    for (const [p, hs] of heads) {
      if (hs.size < MIN_PRODUCTIVE || this.#endsInPrefix(p)) continue;
      const initials = new Set([...hs].map((h) => h[0]));
      if (initials.size >= MIN_PRODUCTIVE) mods.set(p, hs.size);
    }
    return mods;
  }

  #endsInPrefix(p) {
    for (const v of VERB_PREFIXES) {
      if (v === "er" || !p.endsWith(v)) continue;
      const x = p.slice(0, p.length - v.length);
      if (x.length >= SHORT_PART && ((this.words.get(x) ?? 0) > 0 || normalizedStops.has(x))) return true;
    }
    return false;
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
      pieces = this.segment(word);
      if (word.endsWith("innen")) {
        const base = word.slice(0, word.length - 5);
        if (this.#writtenNoun(base) && this.segment(base) !== null) pieces = [base];
      }
    }
    if (pieces === null) return null;
    const out = [];
    const seen = new Set([stem(word)]);
    const add = (p) => {
      const s = stem(p);
      if (!seen.has(s) && !normalizedStops.has(p)) {
        seen.add(s);
        out.push(p);
      }
      for (const q of this.split(p) ?? []) add(q);
    };
    for (const p of pieces) add(p);
    return out.length ? out : null;
  }

  #partFreq(p, last) {
    if (normalizedStops.has(p)) return last || !stopModifier(p) ? 0 : (this.mods.get(p) ?? 0);
    if (NON_PARTS.has(p) || SUFFIX_HEADS.has(p) || suffixFragment(p) || !hasVowel(p)) return 0;
    if (last) return this.freq.get(stem(p)) ?? 0;
    if (codaFragment(p)) return 0;
    const f = this.words.get(p) ?? 0;
    return f > 0 ? f : (this.mods.get(p) ?? 0);
  }

  #elidedFreq(p) {
    if (normalizedStops.has(p) || NON_PARTS.has(p) || suffixFragment(p) || !hasVowel(p)) return 0;
    const e = p + "e";
    return (this.nouns.get(e) ?? 0) >= MIN_SHORT_FREQ && this.#writtenNoun(e) ? this.words.get(e) : 0;
  }

  #shortFreq(p, last) {
    if ((normalizedStops.has(p) && !last) || NON_PARTS.has(p) || suffixFragment(p) || !hasVowel(p)) return 0;
    const c = this.nouns.get(p) ?? 0;
    const w = this.words.get(p) ?? 0;
    return c >= MIN_SHORT_FREQ && 2 * c > w ? w : 0;
  }

  #class(w) {
    const f = this.words.get(w) ?? 0;
    return f > 0 ? classOf(f, this.nouns.get(w) ?? 0) : this.#stemClass(w);
  }

  #stemClass(w) {
    const s = stem(w);
    return classOf(this.freq.get(s) ?? 0, this.caps.get(s) ?? 0);
  }

  #writtenNoun(w) {
    const f = this.words.get(w) ?? 0;
    return f > 0 && 2 * (this.nouns.get(w) ?? 0) > f;
  }

  /** A last part that is the genitive of a noun also written small (analysis.genitive). */
  #genitive(part) {
    if (!part.endsWith("s")) return false;
    const base = part.slice(0, -1);
    return this.#writtenNoun(base) && (this.nouns.get(base) ?? 0) >= MIN_SHORT_FREQ;
  }

  #adjective(w) {
    return (this.words.get(w) ?? 0) > 0 && (this.words.get(w + "e") ?? 0) > 0 && (this.words.get(w + "en") ?? 0) > 0;
  }

  #prefixAtEnd(part) {
    for (const v of VERB_PREFIXES) {
      if (v.length >= 3 && part.length >= v.length + 4 && part.endsWith(v) && (this.words.get(part.slice(0, part.length - v.length)) ?? 0) > 0) return true;
    }
    return false;
  }

  #fits(cls, part, last) {
    if (normalizedStops.has(part)) return cls === CLASS_NOUN;
    if (cls === CLASS_UNKNOWN) return true;
    if (last && cls === CLASS_NOUN) {
      const w = this.words.get(part) ?? 0;
      return this.#class(part) === CLASS_NOUN || (4 * (this.nouns.get(part) ?? 0) >= w && w > 0 && this.#stemClass(part) === CLASS_NOUN) ||
        this.#genitive(part);
    }
    if (last) {
      return (part.length >= 5 && (this.#class(part) === CLASS_OTHER || this.#stemClass(part) === CLASS_OTHER)) ||
        ADVERB_HEADS.has(part) || participle(part);
    }
    if (cls === CLASS_NOUN) {
      const w = this.words.get(part) ?? 0;
      return !this.#prefixAtEnd(part) && (w === 0 || this.#class(part) === CLASS_NOUN || this.#adjective(part) || w >= MIN_FREQUENT);
    }
    return this.#writtenNoun(part) || this.#adjective(part) || (this.words.get(part) ?? 0) >= MIN_FREQUENT;
  }

  /** The best split of word into at least two parts (before parts are split again), or null. */
  segment(word) {
    const n = word.length;
    if (n < SHORT_PART + MIN_PART || n > MAX_COMPOUND || !isLowerASCII(word) || normalizedStops.has(word)) return null;
    let stopEnd = 0;
    for (let k = MIN_PART; k < n; k++) if (normalizedStops.has(word.slice(0, k))) stopEnd = k;
    const cls = this.#class(word);
    const weakNoun = cls === CLASS_NOUN && (this.words.get(word) ?? 0) <= MAX_WEAK;
    const best = new Array(n + 1).fill(null);
    for (let i = n - SHORT_PART; i >= 0; i--) {
      let b = null;
      const consider = (c) => {
        if (b === null || c.parts < b.parts || (c.parts === b.parts && c.prod > b.prod)) b = c;
      };
      const inner = this.pre4.has(word.slice(i, i + 4));
      let minEnd = i + MIN_PART;
      if (i === 0) minEnd = SHORT_PART;
      if (i > n - MIN_PART) minEnd = n;
      for (let j = n; j >= minEnd; j--) {
        if (i === 0 && (j === n || j < stopEnd)) continue;
        if (i === 0 && prefixFragment(word.slice(0, j)) && (this.words.get(word.slice(0, j)) ?? 0) < MIN_FREQUENT) continue;
        const p = word.slice(i, j);
        let f = 0;
        if (j - i < MIN_PART && j < n) f = this.#shortFreq(p, false) || this.#elidedFreq(p);
        else if (j - i < MIN_PART) f = this.#shortFreq(p, true);
        else if (j === n) f = this.#partFreq(p, true);
        else if (inner) f = this.#partFreq(p, false);
        if (f === 0) continue;
        const fits = this.#fits(cls, p, j === n) ||
          (weakNoun && j === n && j - i >= MIN_WEAK_HEAD && this.#fits(CLASS_OTHER, p, true));
        if (j === n) {
          if (fits) consider({ parts: 1, prod: f, end: j, next: 0 });
          continue;
        }
        for (const l of LINKERS) {
          const k = j + l.length;
          if (k >= n || word.slice(j, k) !== l || best[k] === null) continue;
          if (!fits && !(cls === CLASS_OTHER && (l === "s" || l === "es"))) continue;
          if (i === 0 && j === SHORT_PART && l !== "" && (this.words.get(word.slice(0, k)) ?? 0) > 0) continue;
          if (best[k].parts === 1 && n - k === SHORT_PART && !(this.#writtenNoun(p) && (this.words.get(p) ?? 0) >= MIN_SHORT_MODIFIER) && !normalizedStops.has(p)) continue;
          consider({ parts: 1 + best[k].parts, prod: f * best[k].prod, end: j, next: k });
        }
      }
      best[i] = b;
    }
    const s = best[0];
    if (s === null) return null;
    const parts = [];
    for (let i = 0, c = s; ; c = best[i]) {
      parts.push(word.slice(i, c.end));
      if (c.next === 0) return parts;
      i = c.next;
    }
  }
}
