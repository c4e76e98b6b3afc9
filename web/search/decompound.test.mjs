// node --test: unit tests of the index-time decompounder's port
// (testdata/decompound.mjs). internal/search/analysis TestAnalyzerParity
// compares it with Go on whole corpora; these pin its rules.
import assert from "node:assert/strict";
import { test } from "node:test";
import { analyzeTokens, tokenize } from "./analysis.js";
import { Dictionary } from "./testdata/decompound.mjs";

test("Dictionary splits compounds into the archive's words", () => {
  const words = {
    ausschuss: 5, kita: 5, gebuhren: 5, sozial: 5, soziale: 5, integration: 5, management: 5, sitzung: 5,
    sozialausschuss: 1, kitagebuhren: 1, integrationsmanagements: 1, sozialausschusssitzung: 1,
    haushalt: 20, haus: 1, halt: 1, beratende: 1, berat: 1, ende: 9, teilnehmer: 1,
  };
  const d = new Dictionary(words);
  assert.deepEqual(d.split("sozialausschuss"), ["sozial", "ausschuss"]);
  assert.deepEqual(d.split("kitagebuhren"), ["kita", "gebuhren"]);
  assert.deepEqual(d.split("integrationsmanagements"), ["integration", "managements"]);
  assert.deepEqual(d.split("sozialausschusssitzung"), ["sozialausschuss", "sozial", "ausschuss", "sitzung"]);
  assert.equal(d.split("haushalt"), null); // more frequent than its parts
  assert.equal(d.split("beratende"), null); // "ende" is no head
  assert.deepEqual(d.split("teilnehmer:innen"), ["teilnehmer", "innen"]);
  const idx = analyzeTokens(tokenize("Der Sozialausschuss"), (w) => d.split(w));
  assert.deepEqual(idx.map((t) => [t.term, t.position]), [["sozialausschuss", 2], ["sozial", 2], ["ausschuss", 2]]);
});
