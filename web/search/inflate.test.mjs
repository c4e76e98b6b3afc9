// node --test: inflate decodes what zlib's raw deflate writes — stored,
// fixed and dynamic blocks, every level and strategy, with and without a
// preset dictionary — and refuses broken streams.
//
// inflate parses what any static host serves, so this file is its fuzz
// target too: "inflate survives mutated streams as zlib does" decodes a few
// thousand seeded mutations of valid streams (truncated, bits flipped,
// bytes inserted, deleted and overwritten, streams spliced) and random
// bytes, and holds each to what zlib's inflate makes of it (the same bytes,
// or an Error), to its output cap and to a budget of table building
// linear in its input. Its seeds are fixed, so a failure repeats; to fuzz
// longer, raise FUZZ_CASES (e.g. FUZZ_CASES=200000 node --test
// web/search/inflate.test.mjs) or change FUZZ_SEED; FUZZ_STATS=1 prints
// how the cases ended. Nothing is timed: that the loop ends is the test of
// time, the counts bound the work.
import assert from "node:assert/strict";
import { test } from "node:test";
import { constants, deflateRawSync, inflateRawSync } from "node:zlib";
import { inflate, MAX_OUTPUT, tableSteps } from "./inflate.js";

// rng returns a seeded generator of 32-bit integers (xorshift32).
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

// Text like the index's: German words repeating at varying distances, and
// characters that do not compress.
function sample(n, seed) {
  const words = ["Antrag", "GRÜNE", "Gemeinderat", "Karlsruhe", "Stadtmobiliar", "Kenntnis", "genommen", "der", "die", "und"];
  let x = seed, s = "";
  const next = () => (x = (x * 1103515245 + 12345) >>> 0) >>> 8;
  while (s.length < n) s += next() % 7 === 0 ? String.fromCharCode(0x20 + (next() % 0x250)) : words[next() % words.length] + " ";
  return new TextEncoder().encode(s).subarray(0, n);
}

// input returns n bytes of one of the kinds deflate treats differently.
function input(n, r) {
  switch (r() % 4) {
    case 0: return sample(n, r());
    case 1: { // random bytes: stored blocks, or codes of 8 bits and more
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = r();
      return b;
    }
    case 2: { // runs: long matches at distance 1 (Z_RLE's only kind)
      const b = new Uint8Array(n);
      for (let i = 0; i < n;) {
        const v = r() & 0xff, k = 1 + (r() % 600);
        b.fill(v, i, i + k);
        i += k;
      }
      return b;
    }
    default: { // few symbols, skewed: long and short codes in one block
      const b = new Uint8Array(n);
      for (let i = 0; i < n; i++) b[i] = 97 + Math.clz32(r() | 1);
      return b;
    }
  }
}

const STRATEGIES = [constants.Z_DEFAULT_STRATEGY, constants.Z_FILTERED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FIXED];

// stream returns a random valid case: the input, its raw deflate stream,
// and the dictionary (empty when none).
function stream(r, maxSize) {
  // Sizes up to maxSize, most of them small, as shards are.
  const u = (r() % 10001) / 10000;
  const n = Math.floor(maxSize * u * u * u);
  const data = input(n, r);
  const opts = { level: r() % 10, strategy: STRATEGIES[r() % STRATEGIES.length], memLevel: 1 + (r() % 9), windowBits: 9 + (r() % 7) };
  let dict = new Uint8Array(0);
  if (r() % 3 === 0) {
    dict = r() % 2 ? sample(1 + (r() % 32768), r()) : data.slice(0, 1 + (r() % (n + 1)));
    opts.dictionary = dict;
  }
  return { data, z: new Uint8Array(deflateRawSync(data, opts)), dict, opts };
}

test("inflate decodes zlib's raw deflate streams", () => {
  for (const n of [0, 1, 100, 5000, 70000, 300000]) {
    for (const level of [0, 1, 6, 9]) {
      for (const strategy of [0, 4]) { // default, fixed codes
        const data = sample(n, n + level);
        const got = inflate(deflateRawSync(data, { level, strategy }));
        assert.deepEqual(got, data, `${n} bytes, level ${level}, strategy ${strategy}`);
      }
    }
  }
});

test("inflate round-trips seeded inputs of every kind, level and strategy", () => {
  const r = rng(20261205);
  const seen = new Set();
  for (let i = 0; i < 400; i++) {
    const { data, z, dict, opts } = stream(r, 200000);
    seen.add(`${opts.level}/${opts.strategy}/${dict.length > 0}`);
    const got = inflate(z, dict);
    assert.ok(Buffer.from(got).equals(data), `case ${i}: ${data.length} bytes, ${JSON.stringify({ ...opts, dictionary: dict.length })}`);
  }
  if (process.env.FUZZ_STATS) console.log({ combinations: seen.size });
  // Every level with every strategy, with and without a dictionary, most of them.
  assert.ok(seen.size >= 80, `${seen.size} combinations`);
});

test("inflate reaches into a preset dictionary", () => {
  const dict = sample(30000, 7);
  for (const n of [0, 50, 3000, 40000]) {
    const data = sample(n, 11 + n);
    const z = deflateRawSync(data, { dictionary: dict, level: 9 });
    assert.ok(n < 3000 || z.length < deflateRawSync(data, { level: 9 }).length, "the dictionary is used");
    assert.deepEqual(inflate(z, dict), data, `${n} bytes`);
  }
});

test("inflate stops at its output cap", () => {
  const data = sample(5000, 1);
  const z = deflateRawSync(data);
  assert.deepEqual(inflate(z, undefined, data.length), data);
  assert.throws(() => inflate(z, undefined, data.length - 1), /^Error: static index: deflate stream decodes to more than 4999 bytes$/);
  // A bomb: a byte more than the default cap, 64 MiB, of zeros in 64 KiB.
  const bomb = deflateRawSync(Buffer.alloc(MAX_OUTPUT + 1), { level: 9 });
  assert.ok(bomb.length < 70000);
  assert.throws(() => inflate(bomb, undefined, 1 << 20), /more than 1048576 bytes/);
  assert.throws(() => inflate(bomb), /more than 67108864 bytes/);
  assert.equal(inflate(bomb, undefined, MAX_OUTPUT + 1).length, MAX_OUTPUT + 1);
  // Stored blocks too.
  assert.throws(() => inflate(deflateRawSync(data, { level: 0 }), undefined, 100), /more than 100 bytes/);
});

// A writer of deflate streams bit by bit, for the streams zlib does not
// write.
class Bits {
  constructor() {
    this.bytes = [];
    this.acc = 0;
    this.n = 0;
  }
  put(v, k) { // k bits of v, least significant first
    for (let i = 0; i < k; i++) {
      this.acc |= ((v >>> i) & 1) << this.n;
      if (++this.n === 8) {
        this.bytes.push(this.acc);
        this.acc = 0;
        this.n = 0;
      }
    }
  }
  code(c, l) { // a Huffman code, most significant bit first
    for (let i = l - 1; i >= 0; i--) this.put((c >>> i) & 1, 1);
  }
  done() {
    return Uint8Array.from(this.n ? [...this.bytes, this.acc] : this.bytes);
  }
}

// canonical returns the codes RFC 1951 (3.2.2) assigns to lengths.
function canonical(lengths) {
  const count = new Array(16).fill(0), next = new Array(16).fill(0);
  for (const l of lengths) if (l) count[l]++;
  for (let code = 0, l = 1; l < 16; l++) next[l] = code = (code + count[l - 1]) << 1;
  return lengths.map((l) => (l ? next[l]++ : -1));
}

// dynamic writes a dynamic block of the literal/length and distance code
// lengths lit and dist that holds the symbols syms, then the end code.
function dynamic(w, last, lit, dist, syms) {
  w.put(last ? 1 : 0, 1);
  w.put(2, 2);
  w.put(lit.length - 257, 5);
  w.put(dist.length - 1, 5);
  w.put(19 - 4, 4);
  // Code length code: 0…15 in 4 bits each.
  const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  for (const s of order) w.put(s < 16 ? 4 : 0, 3);
  for (const l of [...lit, ...dist]) w.code(l, 4);
  const codes = canonical(lit);
  for (const s of [...syms, 256]) w.code(codes[s], lit[s]);
}

// lengths15 is a complete literal/length code with codes of 1 to 15 bits:
// literal k (0…14) takes k + 1 bits, the end code 15.
function lengths15() {
  const lit = new Array(257).fill(0);
  for (let k = 0; k < 15; k++) lit[k] = k + 1;
  lit[256] = 15;
  return lit;
}

test("inflate reads codes up to 15 bits and builds small tables", () => {
  // 300 blocks whose codes take up to 15 bits: a table of 2**15 entries
  // for each (as inflate built them before) would be 9.8 million steps.
  const w = new Bits();
  const syms = [14, 0, 13, 9, 10, 11, 12, 1, 14, 14];
  for (let b = 0; b < 300; b++) dynamic(w, b === 299, lengths15(), [1], syms);
  const z = w.done();
  const want = new Uint8Array(inflateRawSync(z));
  assert.equal(want.length, 3000);
  const before = tableSteps;
  assert.deepEqual(inflate(z), want);
  const steps = tableSteps - before;
  assert.ok(steps <= 300 * 2 * (1024 + 320), `${steps} steps building tables for 300 blocks`);
});

// refuses asserts that inflate throws an Error "static index: …" whose
// message matches re for z, and that zlib refuses z too.
function refuses(z, re, dict) {
  assert.throws(() => inflate(z, dict), (e) => e.constructor === Error && re.test(e.message));
  assert.throws(() => inflateRawSync(z, { dictionary: dict }));
}

test("inflate refuses truncated and malformed streams", () => {
  const z = deflateRawSync(sample(5000, 3));
  refuses(z.subarray(0, z.length >> 1), /^static index: truncated/);
  refuses(Uint8Array.of(0x07), /^static index: bad deflate block type$/);
  // A back reference before the start of the output.
  const far = deflateRawSync(sample(2000, 5), { dictionary: sample(20000, 9) });
  refuses(far, /^static index: deflate distance too far back$/);
  // A stored block whose length's complement does not match.
  const stored = new Uint8Array(deflateRawSync(sample(100, 1), { level: 0 }));
  stored[3] ^= 1;
  refuses(stored, /^static index: bad stored block length$/);
  // Codes that claim more bit patterns than there are, or leave some out.
  const over = lengths15();
  over[20] = 2;
  let w = new Bits();
  dynamic(w, true, over, [1], []);
  refuses(w.done(), /^static index: over-subscribed deflate code$/);
  const noEnd = lengths15();
  noEnd[256] = 0;
  w = new Bits();
  dynamic(w, true, noEnd, [1], []);
  refuses(w.done(), /^static index: deflate block without an end code$/);
  const gap = lengths15();
  gap[14] = 0;
  w = new Bits();
  dynamic(w, true, gap, [1], []);
  refuses(w.done(), /^static index: incomplete deflate code$/);
  // More literal/length or distance codes than there are symbols.
  for (const [lit, dist] of [[[...lengths15(), ...new Array(30).fill(0)], [1]], [lengths15(), [...new Array(30).fill(0), 1]]]) {
    w = new Bits();
    dynamic(w, true, lit, dist, []);
    refuses(w.done(), /^static index: too many deflate codes$/);
  }
  // Literal/length symbol 286, which a fixed block's code has but no stream may use.
  w = new Bits();
  w.put(1, 1);
  w.put(1, 2);
  w.code(0b11000110, 8);
  refuses(w.done(), /^static index: bad deflate length$/);
  // Distance symbol 30 likewise.
  w = new Bits();
  w.put(1, 1);
  w.put(1, 2);
  w.code(1, 7); // length 3 (symbol 257)
  w.code(30, 5);
  refuses(Uint8Array.of(...w.done(), 0, 0), /^static index: bad deflate distance$/);
});

// mutate returns a broken (or, by chance, still valid) variant of z.
function mutate(z, r, others) {
  const b = Array.from(z);
  const ops = 1 + (r() % 3);
  for (let k = 0; k < ops; k++) {
    const at = b.length ? r() % b.length : 0;
    switch (r() % 6) {
      case 0: b.length = at; break; // truncate
      case 1: if (b.length) b[at] ^= 1 << (r() % 8); break; // flip a bit
      case 2: b.splice(at, 0, ...Array.from({ length: 1 + (r() % 8) }, () => r() & 0xff)); break; // insert
      case 3: b.splice(at, 1 + (r() % 8)); break; // delete
      case 4: if (b.length) b[at] = r() & 0xff; break; // overwrite
      default: { // splice in part of another stream
        const o = others[r() % others.length];
        const from = o.length ? r() % o.length : 0;
        b.splice(at, r() % 16, ...o.subarray(from, from + 1 + (r() % 64)));
      }
    }
  }
  return Uint8Array.from(b);
}

test("inflate survives mutated streams as zlib does", () => {
  const cases = Number(process.env.FUZZ_CASES || 5000);
  const r = rng(Number(process.env.FUZZ_SEED || 1796000000));
  const valid = Array.from({ length: 60 }, () => stream(r, 20000));
  const zs = valid.map((v) => v.z);
  let decoded = 0, refused = 0, capped = 0, random = 0;
  for (let i = 0; i < cases; i++) {
    let z, dict = new Uint8Array(0);
    if (r() % 10 === 0) { // pure random bytes
      z = Uint8Array.from({ length: r() % 600 }, () => r() & 0xff);
      random++;
    } else {
      const v = valid[r() % valid.length];
      z = mutate(v.z, r, zs);
      dict = v.dict;
    }
    const cap = [64, 4096, 1 << 20][r() % 3];
    let want = null;
    try {
      want = inflateRawSync(z, { dictionary: dict.length ? dict : undefined, maxOutputLength: cap });
    } catch {}
    const before = tableSteps;
    let got = null;
    try {
      got = inflate(z, dict, cap);
    } catch (e) {
      // Every refusal is one of inflate's own, not an exception of the
      // engine (a RangeError from an array, a TypeError) that would hide
      // a bug.
      assert.ok(e.constructor === Error && e.message.startsWith("static index: "), `case ${i}: ${e.stack}`);
      if (/more than/.test(e.message)) capped++;
    }
    // The work of building tables, linear in the input: a dynamic block
    // takes at least 17 bits (29, in fact), and its three tables at most
    // 2 × (2**10 + 320) steps.
    const steps = tableSteps - before;
    assert.ok(steps <= 2 * (1024 + 320) * (1 + (8 * z.length) / 17), `case ${i}: ${steps} steps for ${z.length} bytes`);
    if (got === null) {
      refused++;
      assert.equal(want, null, `case ${i}: zlib decodes what inflate refuses (${z.length} bytes)`);
      continue;
    }
    decoded++;
    assert.ok(got.length <= cap);
    assert.ok(want !== null, `case ${i}: inflate decodes what zlib refuses (${z.length} bytes)`);
    assert.ok(Buffer.from(got).equals(want), `case ${i}: inflate and zlib decode to different bytes`);
  }
  if (process.env.FUZZ_STATS) console.log({ decoded, refused, capped, random });
  // The loop reached both outcomes and the cap.
  assert.ok(decoded > cases / 50 && refused > cases / 2 && capped > 0 && random > 0, `${decoded} decoded, ${refused} refused, ${capped} over the cap`);
});
