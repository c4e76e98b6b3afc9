// node --test: the client guesses a compound's parts from the parts filter.
import assert from "node:assert/strict";
import { test } from "node:test";
import { prefetchParts } from "./dictionary.js";
import * as fmt from "./format.js";

// bloom is a filter of one hash (as decodePartsFilter gives it) holding
// terms: each sets the one bit fmt.mayHold reads for it.
function bloom(terms) {
  const bits = new Uint8Array(256);
  for (const t of terms) {
    for (let b = 0; b < bits.length * 8; b++) {
      const one = new Uint8Array(bits.length);
      one[b >> 3] = 1 << (b & 7);
      if (fmt.mayHold(one, 1, t)) {
        bits[b >> 3] |= one[b >> 3];
        break;
      }
    }
  }
  return bits;
}

// guess is prefetchParts on an index of no words (its lookups find
// nothing) with a filter holding parts.
function guess(parts, term) {
  const ix = { entry: { dict: [] }, partsFilter: { hashes: 1, parts: bloom(parts), summarized: bloom(["-"]) } };
  return prefetchParts(ix, term).sort();
}

test("a compound's guessed parts include its split where the longest beginning's first end is not", () => {
  // "srat" may be a part (a filter's false positive, or a compound's):
  // after the longest beginning, the end behind the link "s" is guessed too.
  assert.deepEqual(guess(["ortschaft", "srat", "rat"], "ortschaftsrat"), ["ortschaft", "rat", "srat"]);
  // The split is at the second longest beginning.
  assert.ok(guess(["wald", "waldbrand", "brandgefahr", "gefahr"], "waldbrandgefahr").includes("brandgefahr"));
  assert.ok(guess(["sich", "erstellung", "stellung"], "sicherstellung").includes("stellung"));
  // A word of no parts in the filter guesses none.
  assert.deepEqual(guess(["ortschaft", "rat"], "verwaltung"), []);
});
