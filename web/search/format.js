// Decoders of the static index format (docs/index-format.md).
// internal/search/staticindex is the only writer.

export const FORMAT = "ratsarchiv-search-index";
export const VERSION = 22;

import { inflate, MAX_OUTPUT } from "./inflate.js";

const HASH_LEN = 8;

/** The bit of a document's flags for an agenda item treated in closed session. */
export const FLAG_CLOSED_SESSION = 1;
/** The bit of a document's flags saying the files and pages of its passages follow. */
export const FLAG_SOURCES = 2;
/** The bit of a document's flags saying a paper's path follows. */
export const FLAG_PATH = 4;
/** The bit of a document's flags saying the document of its matter follows. */
export const FLAG_MATTER = 8;
const textDecoder = new TextDecoder();
const textEncoder = new TextEncoder();

/** Reads the format's primitives from a Uint8Array. */
export class Reader {
  constructor(bytes) {
    this.b = bytes;
    this.i = 0;
  }
  uvarint() {
    let x = 0;
    let s = 1;
    for (;;) {
      if (this.i >= this.b.length) throw new Error("static index: truncated varint");
      const c = this.b[this.i++];
      x += (c & 0x7f) * s;
      if (c < 0x80) return x;
      s *= 128;
    }
  }
  byte() {
    if (this.i >= this.b.length) throw new Error("static index: truncated");
    return this.b[this.i++];
  }
  raw(n) {
    if (this.i + n > this.b.length) throw new Error("static index: truncated");
    const v = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return v;
  }
  bytes() {
    return this.raw(this.uvarint());
  }
  string() {
    return textDecoder.decode(this.bytes());
  }
  name() {
    return shardName(this.raw(HASH_LEN));
  }
  float64() {
    const b = this.raw(8);
    return new DataView(b.buffer, b.byteOffset, 8).getFloat64(0, true);
  }
}

function shardName(h) {
  let s = "s/";
  for (const b of h) s += b.toString(16).padStart(2, "0");
  return s + ".bin";
}

/**
 * The payload of a shard file: byte 0 says raw (0), deflate-raw (1) or
 * deflate-raw with a preset dictionary (2, then a uvarint: the place of
 * the dictionary in the entry's dicts). dict(i) gives the payload of
 * dictionary i. A compressed payload of more than 64 MiB (MAX_OUTPUT;
 * Karlsruhe's largest is 32 KiB) or a broken stream throws.
 */
export async function shardPayload(data, dict) {
  if (data.length === 0) throw new Error("static index: empty shard");
  if (data[0] === 0) return data.subarray(1);
  if (data[0] === 1) return inflate(data.subarray(1), undefined, MAX_OUTPUT);
  if (data[0] !== 2) throw new Error(`static index: unknown shard encoding ${data[0]}`);
  const r = new Reader(data);
  r.i = 1;
  const i = r.uvarint();
  return inflate(data.subarray(r.i), await dict(i), MAX_OUTPUT);
}

/** The c-th chunk (from 0) of the group whose chunks are named group (as a shard). */
export function chunkName(group, c) {
  return `${group.slice(0, -".bin".length)}-${c}.bin`;
}

/** The j-th text pack (from 0) of the later passages of the m-th document of the group whose text packs are named texts (as a shard). */
export function textPackName(texts, m, j) {
  return `${texts.slice(0, -".bin".length)}-${m}-${j}.bin`;
}

/** A set of document numbers. */
export class Bits {
  constructor(n) {
    this.n = n;
    this.w = new Uint32Array((n + 31) >>> 5);
  }
  static of(n, docs) {
    const b = new Bits(n);
    for (const d of docs) b.w[d >>> 5] |= 1 << (d & 31);
    return b;
  }
  static all(n) {
    const b = new Bits(n);
    b.w.fill(0xffffffff);
    if (n & 31) b.w[b.w.length - 1] = (1 << (n & 31)) - 1;
    return b;
  }
  static range(n, lo, hi) {
    const b = new Bits(n);
    for (let d = Math.max(0, lo); d < Math.min(n, hi); d++) b.w[d >>> 5] |= 1 << (d & 31);
    return b;
  }
  has(d) {
    return (this.w[d >>> 5] & (1 << (d & 31))) !== 0;
  }
  clone() {
    const b = new Bits(this.n);
    b.w.set(this.w);
    return b;
  }
  and(o) {
    for (let i = 0; i < this.w.length; i++) this.w[i] &= o.w[i];
    return this;
  }
  or(o) {
    for (let i = 0; i < this.w.length; i++) this.w[i] |= o.w[i];
    return this;
  }
  andNot(o) {
    for (let i = 0; i < this.w.length; i++) this.w[i] &= ~o.w[i];
    return this;
  }
  count() {
    let c = 0;
    for (let v of this.w) {
      v -= (v >>> 1) & 0x55555555;
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      c += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return c;
  }
  countRange(lo, hi) {
    let c = 0;
    for (let d = lo; d < hi; d++) if (this.has(d)) c++;
    return c;
  }
  /** The members in ascending order. */
  docs() {
    const out = [];
    for (let i = 0; i < this.w.length; i++) {
      let v = this.w[i];
      while (v !== 0) {
        const t = v & -v;
        out.push((i << 5) + (31 - Math.clz32(t)));
        v ^= t;
      }
    }
    return Int32Array.from(out);
  }
}

// readFrontCoded reads bytes written as the number shared with prev
// and the rest (the number read by the caller when it carries more).
function readFrontCoded(r, prev, shared = r.uvarint()) {
  const rest = r.bytes();
  const out = new Uint8Array(shared + rest.length);
  out.set(prev.subarray(0, shared));
  out.set(rest, shared);
  return out;
}

/**
 * A page of the dictionary index, named name: shards by their separator
 * (first, the shortest beginning of their first term after the terms
 * before), each named after the page as a group's chunks are.
 */
export function decodeDictPage(p, name) {
  const r = new Reader(p);
  const n = r.uvarint();
  r.raw(HASH_LEN); // the shards' digest, which names the page
  const shards = [];
  let prev = new Uint8Array(0);
  for (let i = 0; i < n; i++) {
    // The bytes shared with the separator before, × 4, + 1 when the
    // files of its terms' lists too big for it follow (by term), + 2
    // when the key hashes of its word pairs with a summary follow.
    const x = r.uvarint();
    prev = readFrontCoded(r, prev, x >>> 2);
    const s = { first: prev, file: chunkName(name, i), heads: [], summarized: null };
    if (x & 1) for (let k = r.uvarint(); k > 0; k--) s.heads.push({ term: r.string(), file: r.name() });
    if (x & 2) {
      s.summarized = new Set();
      for (let k = r.uvarint(); k > 0; k--) {
        const b = r.raw(2);
        s.summarized.add(b[0] | b[1] << 8);
      }
    }
    shards.push(s);
  }
  return shards;
}

// The 32-bit FNV-1a hash of s's UTF-8 bytes, unsigned.
function fnv1a(s) {
  let h = 0x811c9dc5;
  for (const b of textEncoder.encode(s)) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}

/** The low 16 bits of the 32-bit FNV-1a hash of a word pair's key (its UTF-8 bytes), by which a dictionary page lists the pairs with a summary. */
export function keyHash(key) {
  return fnv1a(key) & 0xffff;
}

/**
 * The parts filter (the entry's partsFilter): two Bloom filters, each
 * setting hashes bits per term, {hashes, parts, summarized} — the terms
 * that are parts of compounds, and the terms with a summary.
 */
export function decodePartsFilter(p) {
  const r = new Reader(p);
  const hashes = r.uvarint();
  const parts = r.bytes(), summarized = r.bytes();
  if (hashes === 0 || hashes > 32 || parts.length === 0 || summarized.length === 0 || r.i !== p.length) {
    throw new Error("search index: a malformed parts filter");
  }
  return { hashes, parts, summarized };
}

/**
 * Whether a Bloom filter (bits, as decodePartsFilter gives them) may
 * hold term (staticindex.bloomPlaces): its bits h1 + i·h2 modulo the
 * filter's size (h1 the FNV-1a of its UTF-8 bytes, h2 its halves
 * swapped, odd), for i below hashes, are all set.
 */
export function mayHold(bits, hashes, term) {
  const m = bits.length * 8;
  const h1 = fnv1a(term);
  const h2 = ((h1 << 16) | (h1 >>> 16) | 1) >>> 0;
  for (let i = 0; i < hashes; i++) {
    const b = ((h1 + Math.imul(i, h2)) >>> 0) % m;
    if ((bits[b >> 3] & (1 << (b & 7))) === 0) return false;
  }
  return true;
}

export function compareU8(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

// A term's mask bit saying its entry ends with its summary.
const MASK_SUMMARY = 1 << 3;
const MASK_SPLIT = 1 << 4;
const MASK_LOCATE = 1 << 5;
const MASK_PART_LISTS = 1 << 6;
// An entry's mask bit saying it is a word pair's (its key a space, the
// first word, a space, the second): its fields carry pair lists.
const MASK_PAIR = 1 << 7;

/**
 * A frequent term's summary: the total and facet counts as [value,
 * count] (1-based values) of matters, the best documents of a query
 * of the word, in rank order, with their matter, group (the name of its
 * chunks) and score, by committee (1-based) the next documents of
 * each committee whose page the best do not hold ({docs, more}: more,
 * when it has others beyond them), and by committee the counts of the
 * matters in it ({category, year, kind}).
 */
export function decodeSummary(p) {
  const r = new Reader(p);
  const total = r.uvarint();
  const read = () => {
    const n = r.uvarint();
    const out = [];
    for (let i = 0; i < n; i++) out.push([r.uvarint(), r.uvarint()]);
    return out;
  };
  const committee = read(), category = read(), year = read(), kind = read();
  const n = r.uvarint();
  const top = [];
  for (let i = 0; i < n; i++) top.push({ doc: r.uvarint(), matter: r.uvarint(), score: r.float64() });
  const next = new Map();
  for (let i = 0, c = r.uvarint(); i < c; i++) {
    const value = r.uvarint(), flag = r.uvarint();
    const docs = [];
    for (let j = 0; j < Math.floor(flag / 2); j++) {
      const doc = r.uvarint(), z = r.uvarint();
      docs.push({ doc, matter: doc - unzigzag(z), score: r.float64() });
    }
    next.set(value, { docs, more: flag % 2 === 1 });
  }
  // The facets of the matters in each committee with some.
  const inCommittee = new Map(committee.map(([v]) => [v, { category: read(), year: read(), kind: read() }]));
  return { total, committee, category, year, kind, top, next, inCommittee };
}

const FIELDS = ["title", "text", "parts"];

// readRef reads a blob reference: into the shard's own blobs (file 0),
// which arrived with it, or into a file of its table (its place plus 1).
function readRef(r, files, own) {
  const f = r.uvarint(), off = r.uvarint(), len = r.uvarint();
  if (f === 0) return { own: own.subarray(off, off + len) };
  return { file: files[f - 1], off, len };
}

/**
 * A dictionary shard: its terms in byte order with, per field, the
 * posting list descriptor {df, mode, …}, and for a rare term the group
 * of each of its documents (the names of its chunks and, when it names a
 * text pack, of its text packs) and the text pack of the first passage of
 * its text that holds the term.
 */
export function decodeDictShard(p) {
  const r = new Reader(p);
  const nfiles = r.uvarint();
  const files = [];
  for (let i = 0; i < nfiles; i++) files.push(r.name());
  const own = r.bytes();
  const n = r.uvarint();
  const terms = [];
  let prev = new Uint8Array(0);
  for (let i = 0; i < n; i++) {
    const bytes = readFrontCoded(r, prev);
    prev = bytes;
    const mask = r.byte();
    if (mask & MASK_PAIR) {
      if (mask & ~(MASK_PAIR | MASK_SUMMARY | 3)) throw new Error(`static index: a word pair's mask ${mask}`);
      const pairs = {};
      for (const [fi, f] of ["title", "text"].entries()) {
        if ((mask & (1 << fi)) === 0) continue;
        const df = r.uvarint();
        const mode = r.byte();
        if (mode === 0) pairs[f] = { df, post: r.bytes() };
        else if (mode === 1) pairs[f] = { df, postRef: readRef(r, files, own) };
        else throw new Error(`static index: unknown pair list mode ${mode}`);
      }
      // A frequent phrase's summary, as a word's, and its words'
      // document counts in the text (since version 19).
      const summary = mask & MASK_SUMMARY ? r.bytes() : null;
      const textDF = summary ? [r.uvarint(), r.uvarint()] : null;
      terms.push({ bytes, term: textDecoder.decode(bytes), pairs, summary, textDF });
      continue;
    }
    const fields = readLists(r, files, own, mask);
    const summary = mask & MASK_SUMMARY ? r.bytes() : null;
    let split = null;
    if (mask & MASK_SPLIT) {
      split = [];
      for (let k = r.uvarint(); k > 0; k--) split.push(textDecoder.decode(r.bytes()));
    }
    // A compound with a summary: its parts' lists, as their entries have
    // them.
    const partFields = mask & MASK_PART_LISTS ? split.map(() => readLists(r, files, own, r.byte())) : null;
    // A rare term's documents with the text pack of the first passage of
    // their text that holds the term (-1: the first passage, in the
    // chunk); their groups are the directories'.
    let located = null;
    if (mask & MASK_LOCATE) {
      located = [];
      let doc = 0;
      for (let k = r.uvarint(); k > 0; k--) {
        doc += r.uvarint();
        const v = r.uvarint(), where = Math.floor(v / 2);
        if (where > 2) throw new Error("search index: a located document's passage " + where);
        const l = { doc, pack: where - 1, matter: doc };
        if (where === 2) l.pack = r.uvarint();
        // and its matter: another document's, or its own
        if (v % 2 === 1) l.matter = doc - unzigzag(r.uvarint());
        located.push(l);
      }
    }
    terms.push({ bytes, term: textDecoder.decode(bytes), fields, summary, split, partFields, located });
  }
  return terms;
}

// readLists reads the posting list descriptors {df, mode, …} of the
// fields in mask.
function readLists(r, files, own, mask) {
  const fields = {};
  FIELDS.forEach((f, fi) => {
    if ((mask & (1 << fi)) === 0) return;
    const df = r.uvarint();
    const mode = r.byte();
    const d = { df, mode };
    if (mode === 0) {
      d.post = r.bytes();
      d.pos = r.bytes();
    } else if (mode === 1) {
      d.postRef = readRef(r, files, own);
      d.posRef = readRef(r, files, own);
    } else if (mode === 2) {
      d.headRef = readRef(r, files, own);
    } else {
      throw new Error(`static index: unknown posting list mode ${mode}`);
    }
    fields[f] = d;
  });
  return fields;
}

/** Doc-ordered postings: documents, frequencies, field lengths. */
export function decodePostings(p, n) {
  return readPostings(new Reader(p), n);
}

/**
 * A word pair's list of n documents in a field (docs/index-format.md,
 * "Word pairs"): the documents where the second word directly follows
 * the first, each word's frequency there and the field's length.
 */
export function decodePairPostings(p, n) {
  const r = new Reader(p);
  const docs = new Int32Array(n), freqsA = new Int32Array(n), freqsB = new Int32Array(n), lens = new Int32Array(n);
  let d = 0;
  for (let i = 0; i < n; i++) docs[i] = d += r.uvarint();
  for (let i = 0; i < n; i++) freqsA[i] = r.uvarint();
  for (let i = 0; i < n; i++) freqsB[i] = r.uvarint();
  for (let i = 0; i < n; i++) lens[i] = r.uvarint();
  if (r.i !== p.length) throw new Error("static index: bytes after a word pair's list");
  return { docs, freqsA, freqsB, lens };
}

/** Positions of n postings: each a count, then gaps. */
export function decodePositions(p, n) {
  const r = new Reader(p);
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = r.uvarint();
    const a = new Int32Array(k);
    let x = 0;
    for (let j = 0; j < k; j++) {
      x += r.uvarint();
      a[j] = x;
    }
    out[i] = a;
  }
  return out;
}

// readDocset reads a docset of n documents: gaps or a bitmap.
function readDocset(r, n) {
  const mode = r.byte();
  const docs = new Int32Array(n);
  if (mode === 0) {
    let d = 0;
    for (let i = 0; i < n; i++) {
      d += r.uvarint();
      docs[i] = d;
    }
  } else if (mode === 1) {
    const bm = r.bytes();
    let k = 0;
    for (let i = 0; i < bm.length; i++) {
      let v = bm[i];
      for (let bit = 0; v !== 0; bit++, v >>>= 1) if (v & 1) docs[k++] = i * 8 + bit;
    }
    if (k !== n) throw new Error("static index: docset size mismatch");
  } else {
    throw new Error(`static index: unknown docset mode ${mode}`);
  }
  return docs;
}

/** The documents of a facet value (a facet set shard), ascending. */
export function decodeFacetSet(p) {
  const r = new Reader(p);
  return readDocset(r, r.uvarint());
}

/** The head of a large posting list. */
export function decodeHead(p, df) {
  const r = new Reader(p);
  const docs = readDocset(r, df);
  const maxFreq = r.uvarint();
  const t = r.uvarint();
  const tier = { docs: new Int32Array(t), freqs: new Int32Array(t), lens: new Int32Array(t) };
  let d = 0;
  for (let i = 0; i < t; i++) {
    d = i === 0 ? r.uvarint() : d + r.uvarint();
    tier.docs[i] = d;
  }
  for (let i = 0; i < t; i++) tier.freqs[i] = r.uvarint();
  for (let i = 0; i < t; i++) tier.lens[i] = r.uvarint();
  const blockSize = r.uvarint();
  const nblocks = Math.ceil(df / blockSize);
  const blockMax = { freqs: new Int32Array(nblocks), lens: new Int32Array(nblocks) };
  for (let b = 0; b < nblocks; b++) {
    blockMax.freqs[b] = r.uvarint();
    blockMax.lens[b] = r.uvarint();
  }
  // Blocks per block file and per position file, each the list's own.
  const perFile = r.uvarint();
  const posPerFile = r.uvarint();
  if (perFile === 0 || posPerFile === 0) throw new Error("search index: a head of no blocks per file");
  const freqFiles = [], posFiles = [];
  for (let i = Math.ceil(nblocks / perFile); i > 0; i--) freqFiles.push(r.name());
  for (let i = Math.ceil(nblocks / posPerFile); i > 0; i--) posFiles.push(r.name());
  // The list's best documents, and their matters.
  const located = [];
  let doc = 0;
  for (let k = r.uvarint(); k > 0; k--) {
    const v = r.uvarint();
    doc += Math.floor(v / 2);
    // its matter: another document's, or its own
    located.push({ doc, matter: v % 2 === 1 ? doc - unzigzag(r.uvarint()) : doc });
  }
  return { docs, maxFreq, tier, blockSize, blockMax, perFile, posPerFile, freqFiles, posFiles, located };
}

/** A block file: per block, the frequencies then the field lengths. */
export function decodeBlockFile(p, counts) {
  const r = new Reader(p);
  const freqs = [], lens = [];
  for (const k of counts) {
    const f = new Int32Array(k), l = new Int32Array(k);
    for (let i = 0; i < k; i++) f[i] = r.uvarint();
    for (let i = 0; i < k; i++) l[i] = r.uvarint();
    freqs.push(f);
    lens.push(l);
  }
  return { freqs, lens };
}


function readPostings(r, n) {
  const docs = new Int32Array(n), freqs = new Int32Array(n), lens = new Int32Array(n);
  let d = 0;
  for (let i = 0; i < n; i++) {
    d = i === 0 ? r.uvarint() : d + r.uvarint();
    docs[i] = d;
  }
  for (let i = 0; i < n; i++) freqs[i] = r.uvarint();
  for (let i = 0; i < n; i++) lens[i] = r.uvarint();
  return { docs, freqs, lens };
}

/** A chunk of documents. */
export function decodeDocChunk(p) {
  const r = new Reader(p);
  const n = r.uvarint();
  const docs = [];
  for (let i = 0; i < n; i++) {
    docs.push({
      id: r.string(), url: r.string(), kind: r.byte(), flags: r.byte(), title: r.string(), date: r.string(),
      committee: r.uvarint(), result: r.string(), category: r.byte(), excerpt: r.string(),
    });
    // the first positions of the later passages, and where they are
    const d = docs[docs.length - 1];
    const n = r.uvarint();
    d.starts = new Int32Array(n);
    for (let k = 0, pos = 0; k < n; k++) {
      pos += r.uvarint();
      d.starts[k] = pos;
    }
    if (d.flags & FLAG_SOURCES) {
      // the files of its record (name, link) and each passage's file (from 1; 0 none) and page
      const files = [];
      for (let k = r.uvarint(); k > 0; k--) files.push({ name: r.string(), url: r.string() });
      const passages = [];
      for (let k = 0; k <= n; k++) passages.push([r.uvarint(), r.uvarint()]);
      d.sources = { files, passages };
    }
    if (d.flags & FLAG_PATH) d.path = readPath(r);
    if (d.flags & FLAG_MATTER) {
      // the document of its matter (an item's paper), as the hit shows it
      d.matter = {
        kind: r.byte(), flags: 0, id: r.string(), url: r.string(), title: r.string(),
        committee: r.uvarint(), result: r.string(), category: r.byte(),
      };
      const path = readPath(r);
      if (path.length > 0) d.matter.path = path;
    }
  }
  return docs;
}

// readPath reads a paper's path: meeting, date, committee, result, link
// per station.
function readPath(r) {
  const path = [];
  for (let k = r.uvarint(); k > 0; k--) {
    path.push({ meeting: r.string(), date: r.string(), committee: r.string(), result: r.string(), url: r.string() });
  }
  return path;
}

/** The later passages of a document (n strings). */
export function decodePassages(p, n) {
  const r = new Reader(p);
  const out = [];
  for (let i = 0; i < n; i++) out.push(r.string());
  return out;
}

/** A list of shard names (a directory of document directories). */
export function decodeNames(p) {
  const r = new Reader(p);
  const out = [];
  while (r.i < p.length) out.push(r.name());
  return out;
}

/** A directory of groups of document chunks: per group the names of its chunks and of its text packs, {chunks, texts}. */
export function decodeGroups(p) {
  const r = new Reader(p);
  const out = [];
  while (r.i < p.length) out.push({ chunks: r.name(), texts: r.name() });
  return out;
}

/** The signed difference that staticindex.zigzag wrote as z. */
export function unzigzag(z) {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/**
 * A facet block, whose first document is first: committee (1-based, 0
 * none), kind of its matter<<4|category and matter (the document standing
 * for it) per document.
 */
export function decodeFacetBlock(p, first) {
  const r = new Reader(p);
  const n = r.uvarint();
  const committee = new Int32Array(n);
  for (let i = 0; i < n; i++) committee[i] = r.uvarint();
  const kc = r.raw(n).slice();
  // matters as differences to the document's number, zigzagged
  const matter = new Int32Array(n);
  for (let i = 0; i < n; i++) matter[i] = first + i - unzigzag(r.uvarint());
  return { committee, kc, matter };
}

/** The date index: first document of each date (dates as YYYYMMDD). */
export function decodeDateIndex(p) {
  const r = new Reader(p);
  const n = r.uvarint();
  const dates = new Int32Array(n), first = new Int32Array(n);
  let d = 0, f = 0;
  for (let i = 0; i < n; i++) {
    d += r.uvarint();
    f += r.uvarint();
    dates[i] = d;
    first[i] = f;
  }
  return { dates, first };
}
