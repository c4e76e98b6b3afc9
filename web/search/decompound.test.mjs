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
      haushalt: 20, haus: 1, halt: 1, teilnehmer: 1, ehren: 10, amt: 3, ehrenamt: 1, tag: 3, freitag: 1,
      breitbandausbau: 1, breitbandversorgung: 1, breitbandinitiative: 1, ausbau: 1, versorgung: 1, initiative: 1,
    }),
    sozial: 5, soziale: 5, sozialen: 5, beratende: 1, berat: 1, ende: 9, frei: 4,
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

test("Dictionary reads stop words, stems and frequent words as Go does", () => {
  const d = new Dictionary({
    ...nouns({
      zwischenbericht: 1, zwischenstand: 1, bericht: 1, stand: 1, uberflutung: 1, uberprufung: 1, flutung: 1, prufung: 1,
      medikationsplanen: 1, medikation: 1, plan: 3, schlecker: 1, schlammer: 1, ecker: 1, ammer: 1,
      widerspruch: 1, spruch: 1, handwerkerinnen: 1, handwerker: 1, handwerk: 1, hand: 1, werker: 1, rinnen: 1,
      erstbezieher: 1, bezieher: 1, haupt: 10, hauptweg: 1, weg: 3, endfassung: 1, fassung: 1, ende: 3,
      maislabyrinth: 1, labyrinth: 1, mais: 1, mai: 4,
    }),
    standesamtliche: 1, standes: 1, Standes: 1, amtliche: 3, Amtliche: 2, amtlich: 1, amtlicher: 1, amtlichen: 2,
    planen: 3, Planen: 2, wider: 1, erst: 100, hoch: 100, hocheffizienter: 1, effizienter: 1,
  });
  assert.deepEqual(d.split("zwischenbericht"), ["bericht"]); // a stop word modifies, but is no part
  assert.equal(d.split("uberflutung"), null); // not a verb prefix
  assert.deepEqual(d.split("medikationsplanen"), ["medikation", "planen"]); // a noun by its stem
  assert.equal(d.split("schlecker"), null); // a part has a vowel
  assert.equal(d.split("widerspruch"), null);
  assert.deepEqual(d.split("handwerkerinnen"), ["handwerker", "hand", "werker"]);
  assert.deepEqual(d.split("erstbezieher"), ["erst", "bezieher"]);
  assert.deepEqual(d.split("hocheffizienter"), ["hoch", "effizienter"]);
  assert.deepEqual(d.split("hauptweg"), ["haupt"]); // "weg" is a stop word: a part, no term
  assert.deepEqual(d.split("endfassung"), ["end", "fassung"]);
  assert.deepEqual(d.split("maislabyrinth"), ["mais", "labyrinth"]);
  assert.deepEqual(d.split("standesamtliche"), ["standes", "amtliche"]); // an adjective by its stem
});
