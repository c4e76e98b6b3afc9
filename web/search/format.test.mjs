// node --test: the client reads the golden index that internal/search/staticindex
// writes (testdata/format/vN, N its format version) and answers as Go did
// (expected.json), and it refuses an index of another format version.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import * as fmt from "./format.js";
import { openIndex, VERSION } from "./ratsarchiv-search.js";

const golden = new URL(`../../internal/search/staticindex/testdata/format/v${VERSION}/`, import.meta.url);
const base = "https://example.test/search/";

function fetchFrom(dir, patch = (name, bytes) => bytes) {
  return async (url) => {
    const name = new URL(url).pathname.slice("/search/".length);
    try {
      return new Response(patch(name, await readFile(new URL(name, dir))));
    } catch {
      return new Response("not found", { status: 404 });
    }
  };
}

test("the client answers the golden queries as Go does", async () => {
  const idx = await openIndex(base, { fetch: fetchFrom(golden) });
  const expected = JSON.parse(await readFile(new URL("expected.json", golden), "utf8"));
  assert.ok(expected.length >= 5);
  for (const { q, result } of expected) {
    const r = await idx.search(q, { limit: 5 });
    assert.deepEqual(r, result, q);
  }
});

test("no limit gives 10 hits, limit 0 none but the total and facets, as in Go", async () => {
  const idx = await openIndex(base, { fetch: fetchFrom(golden) });
  const expected = JSON.parse(await readFile(new URL("expected.json", golden), "utf8"));
  let more = 0;
  for (const { q, result } of expected) {
    const page = await idx.search(q);
    assert.equal(page.hits.length, Math.min(result.total, 10), q);
    assert.deepEqual(page.hits.slice(0, result.hits.length), result.hits, q);
    if (result.total > 10) more++;
    assert.deepEqual(await idx.search(q, { limit: 0 }), { ...result, hits: [] }, q);
  }
  assert.ok(more > 0, "a golden query with more than 10 hits");
  for (const limit of [-1, 2.5, "5"]) await assert.rejects(idx.search("Kita", { limit }), /limit/);
});

test("the client parses with the entry's words and limits, not with a copy of its own", async () => {
  const patched = (change) => fetchFrom(golden, (name, bytes) => {
    if (name !== "index.json") return bytes;
    const e = JSON.parse(new TextDecoder().decode(bytes));
    change(e);
    return JSON.stringify(e);
  });
  const open = async (change) => openIndex(base, { fetch: patched(change) });
  const plain = await openIndex(base, { fetch: fetchFrom(golden) });
  const rat = await plain.search("gremium:Rat");
  assert.ok(rat.total > 0);

  let idx = await open((e) => { e.words.filters.committee = ["kommission"]; });
  assert.deepEqual(await idx.search("kommission:Rat"), rat);
  // gremium:Rat is a word now, which can be excluded
  await assert.rejects(plain.search("-gremium:Rat"), (e) => e.code === "exclude-filter");
  assert.ok((await idx.search("-gremium:Rat")).total > rat.total);

  idx = await open((e) => { e.words.results.rejected.push("nein"); e.words.kinds.paper = ["brief"]; });
  assert.deepEqual(await idx.search("ergebnis:nein"), await plain.search("ergebnis:abgelehnt"));
  assert.deepEqual(await idx.search("", { filters: { kind: ["brief"] } }), await plain.search("art:vorlage"));
  await assert.rejects(idx.search("art:vorlage"), (e) => e.code === "unknown-kind");

  idx = await open((e) => { e.limits = { maxClauses: 1, minPrefix: 4, maxPrefixTerms: 1 }; e.defaultLimit = 2; });
  await assert.rejects(idx.search("Kita Rat"), (e) => e.code === "too-many-words");
  await assert.rejects(idx.search("Kit*"), (e) => e.code === "prefix-too-short");
  await assert.rejects(idx.search("Sitz*"), (e) => e.code === "too-many-prefix-terms");
  assert.equal((await idx.search("Kita")).hits.length, 2);
});

test("a phrase of two frequent words answers from their pair's list as from their positions", async () => {
  // pairMinDocs 0 says the index has no pairs: the client reads positions.
  const files = (noPairs) => {
    const seen = new Set();
    const inner = fetchFrom(golden, (name, bytes) => {
      seen.add(name);
      if (name !== "index.json" || !noPairs) return bytes;
      const e = JSON.parse(new TextDecoder().decode(bytes));
      e.pairMinDocs = 0;
      return JSON.stringify(e);
    });
    return { seen, fetch: inner };
  };
  const expected = JSON.parse(await readFile(new URL("expected.json", golden), "utf8"));
  const phrases = expected.filter(({ q }) => /^"[^ "]+ [^ "]+"$/.test(q));
  assert.ok(phrases.length >= 2);
  let looked = 0;
  for (const { q, result } of phrases) {
    const [withPairs, without] = [files(false), files(true)];
    for (const f of [withPairs, without]) {
      const idx = await openIndex(base, { fetch: f.fetch });
      await idx.ready;
      await Promise.allSettled([...idx.files.values()]); // the pairs' pages too
      f.seen.clear();
      assert.deepEqual(await idx.search(q, { limit: 5 }), result, q);
    }
    // The pair's shard: fetched only where the index has pairs.
    if ([...withPairs.seen].some((name) => !without.seen.has(name))) looked++;
  }
  assert.ok(looked > 0, "a golden phrase looked its pair up");
});

test("a phrase whose pair has a summary fetches neither its words' entries nor their lists", async () => {
  const entry = JSON.parse(await readFile(new URL("index.json", golden), "utf8"));
  const expected = JSON.parse(await readFile(new URL("expected.json", golden), "utf8"));
  // The words' dictionary shards are named after the words' pages.
  const wordPages = entry.dict.map((pg) => pg.page.slice(0, -".bin".length));
  const words = (seen) => [...seen].filter((name) => wordPages.some((p) => name.startsWith(p)));
  const phrases = expected.filter(({ q }) => /^"[^ "]+ [^ "]+"$/.test(q));
  // The files a search fetches, with the index opened and its pairs'
  // pages loaded. The golden index's words are in few documents, so
  // their positions choose the excerpts' passages: with an entry that
  // lets no word choose them, a phrase the summary answers needs no word.
  const fetched = async (q, options) => {
    const seen = new Set();
    const inner = fetchFrom(golden, (name, bytes) => {
      if (name !== "index.json") return bytes;
      const e = JSON.parse(new TextDecoder().decode(bytes));
      e.excerptTermsMaxDF = 0;
      return JSON.stringify(e);
    });
    const idx = await openIndex(base, { fetch: (url) => { seen.add(new URL(url).pathname.slice("/search/".length)); return inner(url); } });
    await idx.ready;
    await Promise.allSettled([...idx.files.values()]);
    seen.clear();
    return { r: await idx.search(q, options), seen };
  };
  const ranked = (r) => ({ total: r.total, facets: r.facets, hits: r.hits.map((h) => [h.id, h.score]) });
  let summarized = 0;
  for (const { q, result } of phrases) {
    // The golden summaries hold 5 best documents (of fewer matters).
    const { r, seen } = await fetched(q, { limit: 2 });
    assert.deepEqual(ranked(r), ranked({ ...result, hits: result.hits.slice(0, 2) }), q);
    if (words(seen).length > 0) continue;
    summarized++;
    // With a year, the summary does not count: the words' lists load.
    const year = await fetched(q, { filters: { year: [result.hits[0].date.slice(0, 4)] } });
    assert.ok(words(year.seen).length > 0, `${q} with a year fetched no word's entry`);
  }
  assert.ok(summarized > 0, "no golden phrase answered from its pair's summary alone");
});

test("many word pairs' pages load once the index is idle, not beside a query asked at once", async () => {
  const entry = JSON.parse(await readFile(new URL("index.json", golden), "utf8"));
  const expected = JSON.parse(await readFile(new URL("expected.json", golden), "utf8"));
  const pairPage = entry.pairDict[0].page;
  // 25 pages (one, repeated): more than start-up takes.
  const seen = [];
  const inner = fetchFrom(golden, (name, bytes) => {
    if (name !== "index.json") return bytes;
    const e = JSON.parse(new TextDecoder().decode(bytes));
    e.pairDict = Array.from({ length: 25 }, () => e.pairDict[0]);
    return JSON.stringify(e);
  });
  const idx = await openIndex(base, { fetch: (url) => { seen.push(new URL(url).pathname.slice("/search/".length)); return inner(url); } });
  await idx.ready;
  const started = Date.now();
  const phrase = expected.find(({ q }) => /^"[^ "]+ [^ "]+"$/.test(q));
  // Asked at once, a phrase looks its pair's page up itself.
  assert.deepEqual(await idx.search(phrase.q, { limit: 5 }), phrase.result);
  assert.ok(seen.includes(pairPage), "the phrase did not look its pair up");
  seen.length = 0;
  for (const { q, result } of expected.filter(({ q }) => !q.startsWith('"'))) assert.deepEqual(await idx.search(q, { limit: 5 }), result, q);
  await idx.background;
  assert.ok(Date.now() - started >= 1000, "the pairs' pages loaded before the index was idle for a second");
  assert.deepEqual(seen.filter((n) => n === pairPage), [], "the pairs' page was fetched again");
});

test("start-up waits for the entry alone; the directories and preset dictionary load beside it", async () => {
  const entry = JSON.parse(await readFile(new URL("index.json", golden), "utf8"));
  const path = (n) => "/search/" + n;
  const later = [...entry.dicts, ...entry.docs.dirs].map(path);
  const pairPages = (entry.pairDict ?? []).map((pg) => path(pg.page));
  assert.ok(entry.docs.dirs.length > 0 && entry.dicts.length > 0);
  for (const name of later) assert.ok(!(name.slice("/search/".length) in (entry.inline ?? {})), `${name} inline`);
  // Every file but the entry is held until released.
  const inner = fetchFrom(golden);
  const asked = [];
  let release;
  const gate = new Promise((r) => (release = r));
  const fetch = (url) => {
    const path = new URL(url).pathname;
    asked.push(path);
    return path === "/search/index.json" ? inner(url) : gate.then(() => inner(url));
  };
  const idx = await openIndex(base, { fetch });
  await idx.ready;
  const other = asked.filter((p) => p !== path("index.json") && !later.includes(p) && !pairPages.includes(p));
  assert.deepEqual(other, [], "start-up asked for more than its entry");
  for (const name of later) assert.ok(asked.includes(name), `${name} not asked for at start-up`);
  release();
  const expected = JSON.parse(await readFile(new URL("expected.json", golden), "utf8"));
  assert.deepEqual(await idx.search(expected[0].q, { limit: 5 }), expected[0].result);
});

test("the client refuses another format version", async () => {
  const fetch = fetchFrom(golden, (name, bytes) => {
    if (name !== "index.json") return bytes;
    const e = JSON.parse(new TextDecoder().decode(bytes));
    e.version += 1;
    return JSON.stringify(e);
  });
  await assert.rejects(openIndex(base, { fetch }), /version/);
});

test("a malformed query is a QueryError, never another exception", async () => {
  const idx = await openIndex(base, { fetch: fetchFrom(golden) });
  for (const q of ['"offen', "-", "*", "x*", "gremium:Nirgendwo"]) {
    await assert.rejects(idx.search(q), (e) => e.name === "QueryError" && typeof e.code === "string");
  }
});

test("a fetch failure is reported, and the next search retries", async () => {
  let fail = true;
  const inner = fetchFrom(golden);
  const idx = await openIndex(base, { fetch: async (url) => {
    if (fail && String(url).includes("/s/")) return new Response("", { status: 503 });
    return inner(url);
  } });
  await assert.rejects(idx.search("Kita"), /503/);
  fail = false;
  const r = await idx.search("Kita");
  assert.ok(r.total > 0);
});

test("searches at the same time give the same results as one by one", async () => {
  const idx = await openIndex(base, { fetch: fetchFrom(golden) });
  const expected = JSON.parse(await readFile(new URL("expected.json", golden), "utf8"));
  const results = await Promise.all(expected.map(({ q }) => idx.search(q, { limit: 5 })));
  expected.forEach(({ q, result }, i) => assert.deepEqual(results[i], result, q));
});

// recorded opens the golden index and waits for what it loads in the
// background; names then lists the paths it fetches from then on.
async function recorded() {
  const names = [];
  const inner = fetchFrom(golden);
  const idx = await openIndex(base, { fetch: (url) => {
    names.push(new URL(url).pathname);
    return inner(url);
  } });
  await idx.ready;
  await idx.background;
  names.length = 0;
  return { idx, names };
}

test("a rare word's hits fetch the text packs their excerpts come from, and no other", async () => {
  // Words of at most 3 documents (the golden index's located terms):
  // the first in the first passage of a document with later ones, the
  // second in a later text pack of one of its two.
  let later = 0;
  for (const q of ["Empfohlen", "Benennung"]) {
    const { idx, names } = await recorded();
    const r = await idx.search(q);
    assert.ok(r.total > 0, q);
    // An excerpt of a later passage begins with "…" (so may one cut
    // from within the first).
    const fromLater = r.hits.filter((h) => h.excerpt.startsWith("…")).length;
    const packs = names.filter((n) => /\/s\/[0-9a-f]{16}-\d+-\d+\.bin$/.test(n));
    assert.ok(packs.length <= fromLater, `${q}: ${packs.length} text packs fetched for ${fromLater} excerpts that may need one`);
    later += packs.length;
  }
  assert.ok(later > 0, "an excerpt from a text pack");
});

test("a page whose best documents repeat a matter fetches only its hits' chunks, the entries naming the matters", async () => {
  // "Jugendparlaments": its best documents include two of one matter (an
  // agenda item and its paper), so a page of 2 hits needs its third. The
  // entries and heads name each document's matter; a client that forgets
  // them learns the matters from the chunks and fetches the second's too.
  const forget = { has: () => false, get: () => undefined, set() { return this; } };
  const run = async (forgetful) => {
    const { idx, names } = await recorded();
    if (forgetful) idx.matters = forget;
    const r = await idx.search("Jugendparlaments", { limit: 2 });
    return { r, names: new Set(names) };
  };
  const known = await run(false), learned = await run(true);
  assert.deepEqual(known.r, learned.r);
  assert.equal(known.r.hits.length, 2);
  for (const n of known.names) assert.ok(learned.names.has(n), `${n}: fetched only with the matters known`);
  assert.ok(known.names.size < learned.names.size, `${known.names.size} files with the matters known, ${learned.names.size} learning them from the chunks`);
});

test("the parts filter decodes, and a truncated or padded one is refused", async () => {
  const entry = JSON.parse(await readFile(new URL("index.json", golden)));
  const p = await fmt.shardPayload(new Uint8Array(await readFile(new URL(entry.partsFilter, golden))), null);
  const f = fmt.decodePartsFilter(p);
  assert.ok(f.hashes > 0 && f.parts.length > 0 && f.summarized.length > 0);
  assert.throws(() => fmt.decodePartsFilter(p.subarray(0, p.length - 1)));
  assert.throws(() => fmt.decodePartsFilter(Uint8Array.of(...p, 0)));
  assert.throws(() => fmt.decodePartsFilter(Uint8Array.of(0, 1, 0, 1, 0)));
});

test("a located document's passage is the first, the first text pack or a later one; any other is refused", () => {
  // A shard of no files and no blobs, one term "a" (mask bit 5) in one
  // document whose first passage with it is in text pack 3 (where 2).
  const shard = (where) => Uint8Array.of(0, 0, 1, 0, 1, 0x61, 1 << 5, 1, 0, 2 * where, ...(where === 2 ? [3] : []));
  assert.deepEqual(fmt.decodeDictShard(shard(2))[0].located, [{ doc: 0, pack: 3, matter: 0 }]);
  assert.deepEqual(fmt.decodeDictShard(shard(0))[0].located, [{ doc: 0, pack: -1, matter: 0 }]);
  assert.throws(() => fmt.decodeDictShard(shard(3)), /passage 3/);
});
