// node --test: unit tests of the client's German analysis. The parity suite
// (internal/search/searchindex TestAnalyzerParity) compares it with Go on whole
// corpora; these pin the single steps.
import assert from "node:assert/strict";
import { test } from "node:test";
import { analyze, lower, normalize, stem, tokenize } from "./analysis.js";

test("tokenize follows UAX#29 as Bleve does", () => {
  const words = (s) => tokenize(s).map((t) => t.text);
  assert.deepEqual(words("Teilnehmer:innen und Bürger*innen"), ["Teilnehmer:innen", "und", "Bürger", "innen"]);
  assert.deepEqual(words("1.000,50 € § 34 Abs. 2"), ["1.000,50", "34", "Abs", "2"]);
  assert.deepEqual(words("a _ b"), ["a", "_", "b"]); // a lone connector is a word for Bleve
  assert.deepEqual(words("55\u202fMio"), ["55", "Mio"]); // U+202F separates (Unicode 8)
  assert.deepEqual(words("日本語テキスト"), ["日", "本", "語", "テキスト"]);
  assert.deepEqual(words("ไทย 12"), ["12"]);
  // marks and format characters stay with the ideograph before them (WB4)
  assert.deepEqual(words("日本\ufeff語\u0301 か\u3099"), ["日", "本\ufeff", "語\u0301", "か\u3099"]);
});

test("tokenize numbers positions from 1 and keeps UTF-16 offsets", () => {
  assert.deepEqual(tokenize("Die Straße"), [
    { text: "Die", start: 0, end: 3, position: 1 },
    { text: "Straße", start: 4, end: 10, position: 2 },
  ]);
});

test("tokenize cuts long texts without changing the words", () => {
  const text = "Wort ".repeat(2000) + "Ende";
  const toks = tokenize(text);
  assert.equal(toks.length, 2001);
  assert.equal(toks[2000].text, "Ende");
  assert.equal(toks[2000].position, 2001);
  assert.equal(toks[2000].start, 10000);
  // without ASCII space near the cut, at the next White_Space: U+FEFF is none
  assert.deepEqual(tokenize("x".repeat(1030) + "\ufeffy z").map((t) => t.text.length), [1032, 1]);
});

test("lower is rune by rune, with a final sigma and İ as Go", () => {
  assert.equal(lower("STRAẞE"), "straße");
  assert.equal(lower("Straẞe"), "straße");
  assert.equal(lower("ΣΟΦΟΣ"), "σοφος".slice(0, 4) + "ς");
  assert.equal(lower("İstanbul"), "istanbul");
});

test("normalize is Bleve's normalize_de", () => {
  assert.equal(normalize("fördermittel"), "fordermittel");
  assert.equal(normalize("foerdermittel"), "fordermittel");
  assert.equal(normalize("straße"), "strasse");
  assert.equal(normalize("quelle"), "quelle"); // u after q does not start an umlaut
  assert.equal(normalize("bauer"), "bauer"); // e after au is kept
});

test("stem is Bleve's stemmer_de_light", () => {
  assert.equal(stem("integrationsmanagements"), "integrationsmanagement");
  assert.equal(stem("gebuhren"), "gebuhr");
  assert.equal(stem("kinder"), "kind");
  assert.equal(stem("strasse"), "strass");
  assert.equal(stem("teilnehmer"), "teilnehm");
});

test("analyze drops stop words and leaves their positions", () => {
  assert.deepEqual(analyze("Antrag der Fraktion").map((t) => [t.term, t.position]), [["antrag", 1], ["fraktion", 3]]);
});
