// node --test: inflate decodes what zlib's raw deflate writes — stored,
// fixed and dynamic blocks, with and without a preset dictionary — and
// refuses broken streams.
import assert from "node:assert/strict";
import { test } from "node:test";
import { deflateRawSync } from "node:zlib";
import { inflate } from "./inflate.js";

// Text like the index's: German words repeating at varying distances, and
// bytes that do not compress.
function sample(n, seed) {
  const words = ["Antrag", "GRÜNE", "Gemeinderat", "Karlsruhe", "Stadtmobiliar", "Kenntnis", "genommen", "der", "die", "und"];
  let x = seed, s = "";
  const next = () => (x = (x * 1103515245 + 12345) >>> 0) >>> 8;
  while (s.length < n) s += next() % 7 === 0 ? String.fromCharCode(0x20 + (next() % 0x250)) : words[next() % words.length] + " ";
  return new TextEncoder().encode(s);
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

test("inflate reaches into a preset dictionary", () => {
  const dict = sample(30000, 7);
  for (const n of [0, 50, 3000, 40000]) {
    const data = sample(n, 11 + n);
    const z = deflateRawSync(data, { dictionary: dict, level: 9 });
    assert.ok(n < 3000 || z.length < deflateRawSync(data, { level: 9 }).length, "the dictionary is used");
    assert.deepEqual(inflate(z, dict), data, `${n} bytes`);
  }
});

test("inflate refuses truncated and malformed streams", () => {
  const z = deflateRawSync(sample(5000, 3));
  assert.throws(() => inflate(z.subarray(0, z.length >> 1)), /static index/);
  assert.throws(() => inflate(Uint8Array.of(0x07)), /static index: bad deflate block type/);
  // A back reference before the start of the output.
  const far = deflateRawSync(sample(2000, 5), { dictionary: sample(20000, 9) });
  assert.throws(() => inflate(far), /static index/);
});
