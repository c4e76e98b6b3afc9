// Bleve's BM25 (search/scorer/scorer_term.go), computed with the same
// operations in the same order, so that scores are bit-for-bit Bleve's.

export const K1 = 1.2;
export const B = 0.75;

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;

/**
 * Go's math.Log on amd64 (FreeBSD's e_log.c, as Go's assembly computes it),
 * for positive finite normal x. Math.log may differ in the last bit.
 */
export function goLog(x) {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  const Ln2Hi = 6.93147180369123816490e-01;
  const Ln2Lo = 1.90821492927058770002e-10;
  const L1 = 6.666666666666735130e-01;
  const L2 = 3.999999999940941908e-01;
  const L3 = 2.857142874366239149e-01;
  const L4 = 2.222219843214978396e-01;
  const L5 = 1.818357216161805012e-01;
  const L6 = 1.531383769920937332e-01;
  const L7 = 1.479819860511658591e-01;
  // frexp: x = f1 · 2^k, f1 in [0.5, 1)
  f64[0] = x;
  let k = ((u32[HI] >>> 20) & 0x7ff) - 0x3fe;
  u32[HI] = (u32[HI] & 0x800fffff) | 0x3fe00000;
  let f1 = f64[0];
  // Go's assembly tests f1 <= √2/2 (the portable code f1 < √2/2).
  if (f1 <= 7.07106781186547524401e-01) {
    f1 *= 2;
    k--;
  }
  const f = f1 - 1;
  const s = f / (2 + f);
  const s2 = s * s;
  const s4 = s2 * s2;
  const t1 = s2 * (L1 + s4 * (L3 + s4 * (L5 + s4 * L7)));
  const t2 = s4 * (L2 + s4 * (L4 + s4 * L6));
  const R = t1 + t2;
  const hfsq = 0.5 * f * f;
  return k * Ln2Hi - ((hfsq - (s * (hfsq + R) + k * Ln2Lo)) - f);
}

/** BM25 inverse document frequency of a term in docs documents. */
export function idf(docs, df) {
  return goLog(1 + (docs - df + 0.5) / (df + 0.5));
}

/** Bleve's stored norm of a field length: float32(1/√length). */
export function norm(length) {
  return Math.fround(1 / Math.sqrt(length));
}

/** The field score of a posting before the query weight. */
export function docScore(termIDF, avgdl, freq, length) {
  const tf = Math.sqrt(freq);
  const n = norm(length);
  const fieldLength = 1 / (n * n);
  return termIDF * (tf * K1) / (tf + K1 * (0.25 + (B * fieldLength / avgdl)));
}

/** A leaf's score: its field score times the query weight unless that is 1. */
export function leafScore(termIDF, avgdl, freq, length, queryWeight) {
  const s = docScore(termIDF, avgdl, freq, length);
  return queryWeight !== 1 ? s * queryWeight : s;
}
