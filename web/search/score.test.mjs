// node --test: goLog is Go's math.Log bit for bit (testdata/golog.json is
// written by TestGoLogGolden), and the BM25 pieces follow Bleve's formulas.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { docScore, goLog, idf, norm } from "./score.js";

const bits = new BigUint64Array(1);
const f64 = new Float64Array(bits.buffer);
const fromBits = (b) => { bits[0] = BigInt(b); return f64[0]; };
const toBits = (x) => { f64[0] = x; return bits[0]; };

test("goLog equals Go's math.Log", () => {
  // JSON numbers above 2^53 lose bits: parse them as BigInt text.
  const text = readFileSync(new URL("./testdata/golog.json", import.meta.url), "utf8");
  const pairs = [...text.matchAll(/\{"X":(\d+),"Log":(\d+)\}/g)];
  assert.ok(pairs.length > 1000);
  let mathLogDiffers = 0;
  for (const [, x, l] of pairs) {
    const v = fromBits(x);
    assert.equal(toBits(goLog(v)), BigInt(l), `goLog(${v})`);
    if (toBits(Math.log(v)) !== BigInt(l)) mathLogDiffers++;
  }
  // Not asserted: how often V8's Math.log differs is why goLog exists.
  if (mathLogDiffers) console.log(`# Math.log differs from Go for ${mathLogDiffers} of ${pairs.length} values`);
});

test("idf and docScore are Bleve's BM25", () => {
  assert.equal(idf(10, 10), goLog(1 + 0.5 / 10.5));
  assert.equal(norm(4), 0.5);
  assert.equal(norm(3), Math.fround(1 / Math.sqrt(3)));
  const i = idf(100, 7);
  const tf = Math.sqrt(3), fl = 1 / (norm(12) * norm(12));
  assert.equal(docScore(i, 5, 3, 12), i * (tf * 1.2) / (tf + 1.2 * (0.25 + (0.75 * fl / 5))));
});
