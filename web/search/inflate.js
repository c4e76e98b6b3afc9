// A raw deflate decoder (RFC 1951), synchronous. The index's shards are a
// few KiB each and a query loads up to a hundred: in Chromium each
// DecompressionStream behind a Blob and a Response costs about a
// millisecond of the page's one thread, most of it outside the
// decompression, and a chain of promise steps; decoding them here costs a
// fraction of that, at once.
//
// Its input is whatever a static host serves, so it is bounded: the
// output by the caller's max (an Error past it, the buffer never bigger),
// the work by the input and the output — a symbol is at least a bit and
// yields at least a byte, a block is at least 10 bits and builds its
// tables in at most 2 × (2**ROOT + 320) steps, a code longer than ROOT
// bits is read a bit at a time (15 steps at most). Anything RFC 1951 does
// not allow throws an Error "static index: …", as zlib refuses it
// (over-subscribed or incomplete codes but a single one of 1 bit, too
// many symbols, no end-of-block code, a stored block's length not
// matching its complement, a distance before the window, a truncated
// stream). inflate.test.mjs fuzzes it against zlib.

// The lengths and distances of codes 257… and 0…: bases and extra bits.
const LEN_BASE = Uint16Array.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258);
const LEN_EXTRA = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0);
const DIST_BASE = Uint16Array.of(1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577);
const DIST_EXTRA = Uint8Array.of(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13);
// The order in which a dynamic block lists its code length code lengths.
const CL_ORDER = Uint8Array.of(16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15);

/** The output of inflate when the caller names no maximum: 64 MiB. */
export const MAX_OUTPUT = 64 << 20;

// A code's table covers codes of up to ROOT bits; longer ones (rare: a
// symbol of less than a 1,024th of a block) are decoded bit by bit.
const ROOT = 10;

/** The steps table has taken, in all (the tests' measure of its work). */
export let tableSteps = 0;

// A canonical Huffman code: t, a table of 2**bits entries indexed by the
// next bits (least significant first), symbol << 4 | code length, or -1
// for a code longer than bits (or none); count, the codes of each length;
// sym, the symbols by code. Throws for a code that is over-subscribed, or
// incomplete but for a single code of 1 bit (no code at all is taken: it
// fails when used).
function table(lengths) {
  const count = new Uint16Array(16);
  let max = 0;
  for (const l of lengths) {
    count[l]++;
    if (l > max) max = l;
  }
  count[0] = 0;
  let left = 1, codes = 0;
  for (let l = 1; l < 16; l++) {
    left = (left << 1) - count[l];
    if (left < 0) throw new Error("static index: over-subscribed deflate code");
    codes += count[l];
  }
  if (left > 0 && codes > 0 && !(codes === 1 && max === 1)) throw new Error("static index: incomplete deflate code");
  const bits = Math.min(Math.max(max, 1), ROOT);
  const t = new Int32Array(1 << bits).fill(-1);
  const next = new Uint16Array(16), offs = new Uint16Array(16);
  for (let code = 0, l = 1; l < 16; l++) {
    code = (code + count[l - 1]) << 1;
    next[l] = code;
    offs[l] = offs[l - 1] + count[l - 1];
  }
  const sym = new Uint16Array(codes);
  for (let s = 0; s < lengths.length; s++) {
    const l = lengths[s];
    if (l === 0) continue;
    sym[offs[l]++] = s;
    if (l > bits) continue;
    // The code's bits reversed: the stream holds codes most significant bit first.
    let c = next[l]++, r = 0;
    for (let i = 0; i < l; i++, c >>= 1) r = (r << 1) | (c & 1);
    for (let i = r; i < t.length; i += 1 << l) t[i] = (s << 4) | l;
  }
  tableSteps += t.length + lengths.length;
  return { t, bits, count, sym };
}

// slow decodes the symbol that starts the cnt bits of buf (least
// significant first) with code h bit by bit: symbol << 4 | code length.
function slow(h, buf, cnt) {
  const { count, sym } = h;
  for (let l = 1, code = 0, first = 0, index = 0; l < 16 && l <= cnt; l++) {
    code |= (buf >>> (l - 1)) & 1;
    if (code < first + count[l]) return (sym[index + code - first] << 4) | l;
    index += count[l];
    first = (first + count[l]) << 1;
    code <<= 1;
  }
  throw new Error(cnt < 15 ? "static index: truncated deflate stream" : "static index: bad deflate code");
}

let fixed = null;
function fixedTables() {
  if (!fixed) {
    const l = new Uint8Array(288);
    l.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    // Distances 30 and 31 complete the code but are not allowed.
    fixed = [table(l), table(new Uint8Array(32).fill(5))];
  }
  return fixed;
}

/**
 * Decodes the raw deflate stream data, its back references reaching into
 * window (a preset dictionary, or empty), and returns what it decodes to:
 * at most max bytes, or it throws.
 * The loop keeps its state in locals and reads bits inline: a cold query
 * runs it before the engine has compiled it, where each call costs.
 */
export function inflate(data, window = new Uint8Array(0), max = MAX_OUTPUT) {
  const limit = window.length + max;
  let out = new Uint8Array(Math.min(limit, window.length + Math.max(1024, data.length * 4)));
  out.set(window);
  let n = window.length;
  let pos = 0, buf = 0, cnt = 0;
  const end = data.length;
  const truncated = () => new Error("static index: truncated deflate stream");
  // bits reads k ≤ 13 bits.
  const bits = (k) => {
    while (cnt < k) {
      if (pos >= end) throw truncated();
      buf |= data[pos++] << cnt;
      cnt += 8;
    }
    const v = buf & ((1 << k) - 1);
    buf >>>= k;
    cnt -= k;
    return v;
  };
  // grow makes room for k more bytes of output, up to max.
  const grow = (k) => {
    if (n + k > limit) throw new Error(`static index: deflate stream decodes to more than ${max} bytes`);
    const grown = new Uint8Array(Math.min(limit, Math.max(out.length * 2, n + k)));
    grown.set(out.subarray(0, n));
    out = grown;
  };
  for (let last = 0; !last;) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // A stored block starts at a byte: whole bytes read ahead go back.
      pos -= cnt >> 3;
      buf = 0;
      cnt = 0;
      if (pos + 4 > end) throw truncated();
      const len = data[pos] | (data[pos + 1] << 8);
      if ((data[pos + 2] | (data[pos + 3] << 8)) !== (~len & 0xffff)) throw new Error("static index: bad stored block length");
      pos += 4;
      if (pos + len > end) throw truncated();
      if (n + len > out.length) grow(len);
      out.set(data.subarray(pos, pos + len), n);
      n += len;
      pos += len;
      continue;
    }
    let lit, dist;
    if (type === 1) [lit, dist] = fixedTables();
    else if (type === 2) [lit, dist] = dynamicTables(bits);
    else throw new Error("static index: bad deflate block type");
    const lt = lit.t, lmask = (1 << lit.bits) - 1, dt = dist.t, dmask = (1 << dist.bits) - 1;
    for (;;) {
      while (cnt < 15 && pos < end) {
        buf |= data[pos++] << cnt;
        cnt += 8;
      }
      let e = lt[buf & lmask];
      if (e < 0) e = slow(lit, buf, cnt);
      else if ((e & 15) > cnt) throw truncated();
      buf >>>= e & 15;
      cnt -= e & 15;
      const s = e >> 4;
      if (s < 256) {
        if (n >= out.length) grow(1);
        out[n++] = s;
        continue;
      }
      if (s === 256) break;
      if (s > 285) throw new Error("static index: bad deflate length");
      const len = LEN_BASE[s - 257] + (LEN_EXTRA[s - 257] ? bits(LEN_EXTRA[s - 257]) : 0);
      while (cnt < 15 && pos < end) {
        buf |= data[pos++] << cnt;
        cnt += 8;
      }
      e = dt[buf & dmask];
      if (e < 0) e = slow(dist, buf, cnt);
      else if ((e & 15) > cnt) throw truncated();
      buf >>>= e & 15;
      cnt -= e & 15;
      const ds = e >> 4;
      if (ds > 29) throw new Error("static index: bad deflate distance");
      const d = DIST_BASE[ds] + (DIST_EXTRA[ds] ? bits(DIST_EXTRA[ds]) : 0);
      if (d > n) throw new Error("static index: deflate distance too far back");
      if (n + len > out.length) grow(len);
      for (let i = n - d, stop = n + len; n < stop;) out[n++] = out[i++];
    }
  }
  return out.subarray(window.length, n);
}

// dynamicTables reads the code lengths of a dynamic block (with bits, the
// stream's reader) and returns its literal/length and distance tables.
function dynamicTables(bits) {
  const hlit = bits(5) + 257, hdist = bits(5) + 1, hclen = bits(4) + 4;
  if (hlit > 286 || hdist > 30) throw new Error("static index: too many deflate codes");
  const cl = new Uint8Array(19);
  for (let i = 0; i < hclen; i++) cl[CL_ORDER[i]] = bits(3);
  const { count, sym } = table(cl);
  const lens = new Uint8Array(hlit + hdist);
  for (let i = 0; i < lens.length;) {
    // Code length codes are at most 7 bits: read one bit at a time.
    let s = -1;
    for (let l = 1, code = 0, first = 0, index = 0; l < 8; l++) {
      code |= bits(1);
      if (code < first + count[l]) {
        s = sym[index + code - first];
        break;
      }
      index += count[l];
      first = (first + count[l]) << 1;
      code <<= 1;
    }
    if (s < 0) throw new Error("static index: bad deflate code");
    if (s < 16) {
      lens[i++] = s;
      continue;
    }
    let rep, v = 0;
    if (s === 16) {
      if (i === 0) throw new Error("static index: bad deflate lengths");
      v = lens[i - 1];
      rep = 3 + bits(2);
    } else rep = s === 17 ? 3 + bits(3) : 11 + bits(7);
    if (i + rep > lens.length) throw new Error("static index: bad deflate lengths");
    lens.fill(v, i, i + rep);
    i += rep;
  }
  if (lens[256] === 0) throw new Error("static index: deflate block without an end code");
  return [table(lens.subarray(0, hlit)), table(lens.subarray(hlit))];
}
