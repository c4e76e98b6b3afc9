// node --test: unit tests of the index-time decompounder's port
// (testdata/decompound.mjs). internal/search/analysis TestAnalyzerParity
// compares it with Go on whole corpora; these pin its rules.
import assert from "node:assert/strict";
import { test } from "node:test";
import { analyzeTokens, tokenize } from "./analysis.js";
import { Dictionary } from "./testdata/decompound.mjs";

// nouns gives words written capitalized every time (a capitalized key
// counts how often a word was written so).
const nouns = (m) => Object.fromEntries(Object.entries(m).flatMap(([w, n]) => [[w, n], [w[0].toUpperCase() + w.slice(1), n]]));

test("Dictionary splits compounds into the archive's words", () => {
  const d = new Dictionary({
    ...nouns({
      ausschuss: 5, kita: 5, gebuhren: 5, integration: 5, management: 5, sitzung: 5,
      sozialausschuss: 1, kitagebuhren: 1, integrationsmanagements: 1, sozialausschusssitzung: 1,
      haushalt: 20, haus: 1, halt: 1, teilnehmer: 1, ehren: 3, amt: 3, ehrenamt: 1, tag: 3, freitag: 1,
      breitbandausbau: 1, breitbandversorgung: 1, breitbandinitiative: 1, ausbau: 1, versorgung: 1, initiative: 1,
    }),
    sozial: 5, soziale: 5, beratende: 1, berat: 1, ende: 9, frei: 4,
  });
  assert.deepEqual(d.split("sozialausschuss"), ["sozial", "ausschuss"]);
  assert.deepEqual(d.split("kitagebuhren"), ["kita", "gebuhren"]);
  assert.deepEqual(d.split("integrationsmanagements"), ["integration", "managements"]);
  assert.deepEqual(d.split("sozialausschusssitzung"), ["sozialausschuss", "sozial", "ausschuss", "sitzung"]);
  assert.deepEqual(d.split("haushalt"), ["haus", "halt"]); // frequency does not veto
  assert.equal(d.split("beratende"), null); // "ende" is no head
  assert.deepEqual(d.split("breitbandausbau"), ["breitband", "ausbau"]); // a productive modifier
  assert.deepEqual(d.split("ehrenamt"), ["ehren", "amt"]); // a short noun after a noun
  assert.equal(d.split("freitag"), null); // not after an adjective
  assert.deepEqual(d.split("teilnehmer:innen"), ["teilnehmer", "innen"]);
  const idx = analyzeTokens(tokenize("Der Sozialausschuss"), (w) => d.split(w));
  assert.deepEqual(idx.map((t) => [t.term, t.position]), [["sozialausschuss", 2], ["sozial", 2], ["ausschuss", 2]]);
});
