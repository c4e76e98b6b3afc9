// German analysis, exactly as the index (internal/searchindex) does it:
// Bleve's "de" analyzer — UAX#29 words, lower case, German stop words,
// normalize_de, stemmer_de_light — with ratsarchiv's lower-case fix, and the
// decompounder used at index time. Parity tests hold the two together.

/** Bleve's German stop words (Snowball list, 231 words). */
export const STOP_WORDS = new Set(("aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann das dasselbe dazu daß dein deine deinem deinen deiner deines dem demselben den denn denselben der derer derselbe derselben des desselben dessen dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure eurem euren eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches mein meine meinem meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche solchem solchen solcher solches soll sollte sondern sonst um und uns unse unsem unsen unser unses unter viel vom von vor war waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen wollte während würde würden zu zum zur zwar zwischen über").split(" "));

/** The shortest part a compound is split into (searchindex.MinPart). */
export const MIN_PART = 4;
const MAX_COMPOUND = 64;
const LINKERS = ["", "s", "es", "n", "en", "e"];

let segmenter;
// Han and Hiragana: ICU groups them by dictionary, Bleve's UAX#29 segmenter
// makes every character a word.
const IDEO = /[\p{Script=Han}\p{Script=Hiragana}]/u;

/**
 * Splits text into words like Bleve's unicode tokenizer.
 * @returns {{text: string, start: number, end: number, position: number}[]}
 *   start/end are UTF-16 offsets; positions count from 1.
 */
export function tokenize(text) {
  segmenter ??= new Intl.Segmenter("de", { granularity: "word" });
  const out = [];
  let pos = 1;
  for (const s of segmenter.segment(text)) {
    if (!s.isWordLike) continue;
    if (!IDEO.test(s.segment)) {
      out.push({ text: s.segment, start: s.index, end: s.index + s.segment.length, position: pos++ });
      continue;
    }
    let run = -1;
    let i = 0;
    for (const ch of s.segment) {
      const at = s.index + i;
      if (IDEO.test(ch)) {
        if (run >= 0) out.push({ text: text.slice(run, at), start: run, end: at, position: pos++ });
        run = -1;
        out.push({ text: ch, start: at, end: at + ch.length, position: pos++ });
      } else if (run < 0) {
        run = at;
      }
      i += ch.length;
    }
    const end = s.index + s.segment.length;
    if (run >= 0) out.push({ text: text.slice(run, end), start: run, end, position: pos++ });
  }
  return out;
}

const lowerCache = new Map();

// Go's unicode.ToLower for one code point: the simple mapping, which
// String.toLowerCase matches but for İ (full mapping "i̇").
function lowerCP(ch) {
  let l = lowerCache.get(ch);
  if (l === undefined) {
    l = ch.toLowerCase();
    if (ch === "\u0130") l = "i";
    else if ([...l].length !== 1) l = ch;
    lowerCache.set(ch, l);
  }
  return l;
}

/** Lower-cases a word rune by rune; a capital sigma at the end becomes ς. */
export function lower(word) {
  if (/^[a-z0-9]*$/.test(word)) return word;
  const cps = [...word];
  let out = "";
  for (let i = 0; i < cps.length; i++) {
    let l = cps[i] < "\u0080" ? cps[i].toLowerCase() : lowerCP(cps[i]);
    if (l === "σ" && cps[i] !== l && i === cps.length - 1) l = "ς";
    out += l;
  }
  return out;
}

/** Bleve's normalize_de: ä→a, ö→o, ü→u, ß→ss, e of ae/oe/ue dropped. */
export function normalize(term) {
  const N = 0, V = 1, U = 2;
  let state = N;
  const r = [...term];
  for (let i = 0; i < r.length; i++) {
    switch (r[i]) {
      case "a": case "o": state = U; break;
      case "u": state = state === N ? U : V; break;
      case "e":
        if (state === U) { r.splice(i, 1); i--; }
        state = V;
        break;
      case "i": case "q": case "y": state = V; break;
      case "ä": r[i] = "a"; state = V; break;
      case "ö": r[i] = "o"; state = V; break;
      case "ü": r[i] = "u"; state = V; break;
      case "ß": r[i] = "s"; i++; r.splice(i, 0, "s"); state = N; break;
      default: state = N;
    }
  }
  return r.join("");
}

const ST_ENDING = new Set(["b", "d", "f", "g", "h", "k", "l", "m", "n", "t"]);
const ACCENTS = { "ä": "a", "à": "a", "á": "a", "â": "a", "ö": "o", "ò": "o", "ó": "o", "ô": "o", "ï": "i", "ì": "i", "í": "i", "î": "i", "ü": "u", "ù": "u", "ú": "u", "û": "u" };

/** Bleve's stemmer_de_light (Savoy). */
export function stem(term) {
  let s = [...term].map((c) => ACCENTS[c] ?? c);
  let l = s.length;
  // step 1
  if (l > 5 && s[l - 3] === "e" && s[l - 2] === "r" && s[l - 1] === "n") l -= 3;
  else if (l > 4 && s[l - 2] === "e" && "mnrs".includes(s[l - 1])) l -= 2;
  else if (l > 3 && s[l - 1] === "e") l -= 1;
  else if (l > 3 && s[l - 1] === "s" && ST_ENDING.has(s[l - 2])) l -= 1;
  s = s.slice(0, l);
  // step 2
  if (l > 5 && s[l - 3] === "e" && s[l - 2] === "s" && s[l - 1] === "t") l -= 3;
  else if (l > 4 && s[l - 2] === "e" && (s[l - 1] === "r" || s[l - 1] === "n")) l -= 2;
  else if (l > 4 && s[l - 2] === "s" && s[l - 1] === "t" && ST_ENDING.has(s[l - 3])) l -= 2;
  return s.slice(0, l).join("");
}

/** The stemmer for words of a–z letters (as the decompounder uses it). */
function stemASCII(w) {
  let l = w.length;
  const c = (i) => w[i];
  if (l > 5 && w.slice(l - 3, l) === "ern") l -= 3;
  else if (l > 4 && c(l - 2) === "e" && "mnrs".includes(c(l - 1))) l -= 2;
  else if (l > 3 && c(l - 1) === "e") l -= 1;
  else if (l > 3 && c(l - 1) === "s" && ST_ENDING.has(c(l - 2))) l -= 1;
  if (l > 5 && w.slice(l - 3, l) === "est") l -= 3;
  else if (l > 4 && c(l - 2) === "e" && (c(l - 1) === "r" || c(l - 1) === "n")) l -= 2;
  else if (l > 4 && c(l - 2) === "s" && c(l - 1) === "t" && ST_ENDING.has(c(l - 3))) l -= 2;
  return w.slice(0, l);
}

const isLowerASCII = (w) => w.length > 0 && /^[a-z]+$/.test(w);

let normalizedStops;

/**
 * The decompounding dictionary: stems of the archive's words and their
 * frequencies (searchindex.Dictionary). See docs/search.md for the rules.
 */
export class Dictionary {
  /** @param {Map<string, number> | Record<string, number>} freq */
  constructor(freq) {
    this.freq = freq instanceof Map ? freq : new Map(Object.entries(freq));
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
    const seen = new Set([stemASCII(word)]);
    const add = (p) => {
      const s = stemASCII(p);
      if (!seen.has(s)) {
        seen.add(s);
        out.push(p);
      }
      for (const q of this.split(p) ?? []) add(q);
    };
    for (const p of pieces) add(p);
    return out.length ? out : null;
  }

  #partFreq(p) {
    if (normalizedStops.has(p)) return 0;
    return this.freq.get(stemASCII(p)) ?? 0;
  }

  #segment(word) {
    const n = word.length;
    if (n < 2 * MIN_PART || n > MAX_COMPOUND || !isLowerASCII(word)) return null;
    const best = new Array(n + 1).fill(null);
    for (let i = n - MIN_PART; i >= 0; i--) {
      let b = null;
      const consider = (c) => {
        if (b === null || c.parts < b.parts || (c.parts === b.parts && c.prod > b.prod)) b = c;
      };
      for (let j = n; j >= i + MIN_PART; j--) {
        if (i === 0 && j === n) continue;
        const f = this.#partFreq(word.slice(i, j));
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
    const whole = this.freq.get(stemASCII(word)) ?? 0;
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

/**
 * Analyses text into terms.
 * @param {string} text
 * @param {{dictionary?: Dictionary}} [opts] with a dictionary: index-time
 *   analysis (compound parts added at the compound's position)
 * @returns {{term: string, position: number, start: number, end: number}[]}
 */
export function analyze(text, opts = {}) {
  const out = [];
  for (const t of tokenize(text)) {
    const l = lower(t.text);
    if (STOP_WORDS.has(l)) continue;
    const n = normalize(l);
    out.push({ term: stem(n), position: t.position, start: t.start, end: t.end });
    const parts = opts.dictionary?.split(n);
    if (parts) {
      for (const p of parts) out.push({ term: stem(p), position: t.position, start: t.start, end: t.end });
    }
  }
  return out;
}

/** The words of text as prefixes see them: lower-cased and normalized, not stemmed. */
export function normalizeWord(text) {
  return normalize(lower(text));
}
