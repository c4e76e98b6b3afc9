// Runs queries through the client against an exported index on disk and
// prints one JSON result per line. Used by the Go parity tests:
//
//   node harness.mjs INDEXDIR QUERIES.json [--cold] [--waves] [--hits-first] [--at-once]
//
// QUERIES.json is [{q, options}]; with --cold every query opens the index
// afresh, so that "bytes" is what that query alone fetches. With --waves
// the files are served in waves: requests are held until the client has
// nothing left to do but wait, then answered together, so that "waves" is
// the number of sequential round trips a query needs on a network where
// every request takes the same time (start-up's own counted apart, as
// "startupWaves": those of opening the index). With --hits-first every
// search is given onHits, as the search page does, and the harness checks
// that it is called once, before the search resolves, with its hits;
// "hitsWaves", "hitsRequests" and "hitsBytes" are the round trips,
// requests and bytes until then. A query is asked once what the index
// loads in the background has loaded, as a visitor who types; with
// --at-once as soon as the index is ready, as the browser bench asks it
// (and a link with a query). The client is
// the one exported with the index (the modules bundled and minified), as
// a site serves it.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, queriesFile, ...flags] = process.argv.slice(2);
const { openIndex } = await import(pathToFileURL(join(dir, "ratsarchiv-search.js")).href);
const cold = flags.includes("--cold");
const trace = flags.includes("--trace");
const waved = flags.includes("--waves");
const hitsFirst = flags.includes("--hits-first");
const atOnce = flags.includes("--at-once");
const base = "http://static.test/search/";

async function fetchFile(url) {
  const u = new URL(url);
  const rel = decodeURIComponent(u.pathname.slice(new URL(base).pathname.length));
  try {
    const data = await readFile(join(dir, rel));
    if (trace) process.stderr.write(`${rel}\t${data.length}\n`);
    return new Response(data, { status: 200 });
  } catch {
    return new Response("not found", { status: 404 });
  }
}

// Requests waiting for the next wave: each a function that answers it.
let held = [];

// fetchHeld answers in the next wave, with the file read at once (so that a
// wave's answers arrive together).
function fetchHeld(url) {
  const res = fetchFile(url);
  return new Promise((resolve) => held.push(() => {
    if (trace) process.stderr.write(`  wave: ${url}\n`);
    resolve(res);
  }));
}

// quiet resolves once no request has been made for QUIET_MS: the client
// waits for the ones held (or is done). 20 ms cut waves short on a busy
// host (a client decoding for longer between two requests of one wave
// then asked for other files, and TestPairLists failed in CI).
const QUIET_MS = 100;
async function quiet() {
  for (let n = -1; n !== held.length;) {
    n = held.length;
    await new Promise((r) => setTimeout(r, QUIET_MS));
  }
}

// Waves answered so far, for hitsWaves.
let wave = 0;

// waves answers the held requests wave by wave until p settles; it
// returns p's value and the number of waves it took.
async function waves(p) {
  wave = 0;
  let settled = false;
  const done = p.finally(() => { settled = true; });
  done.catch(() => {});
  let n = 0;
  for (;;) {
    await quiet();
    if (settled) break;
    if (held.length === 0) continue; // still working (decompressing)
    n++;
    wave = n;
    if (trace) process.stderr.write(`wave ${n}\n`);
    for (const answer of held.splice(0)) answer();
  }
  // Requests nobody waits for (fetched ahead in case) are answered outside any wave.
  for (const answer of held.splice(0)) answer();
  return [await done, n];
}

const queries = JSON.parse(await readFile(queriesFile, "utf8"));
// An index is used once what it prefetches has loaded: "bytes" is then
// what the query itself fetched. With --waves, startupWaves is the
// number of sequential round trips that took.
// What it starts loading without waiting for it (the pages of word
// pairs, the top directories, the preset dictionary) has loaded too: a
// visitor types for longer than that takes (the browser bench, which
// types at once, times it).
let startupWaves = 0;
const loaded = (idx) => Promise.allSettled([...idx.files.values()]).then(() => idx);
// A visitor who types asks once the index has been idle for a while: the
// harness waits for what loads then, not for the while itself.
const idleMs = atOnce ? undefined : 0;
const open = async () => {
  if (!waved) {
    const idx = await openIndex(base, { fetch: fetchFile, idleMs });
    await idx.ready;
    if (atOnce) return idx;
    await idx.background;
    return loaded(idx);
  }
  const [idx, n] = await waves(openIndex(base, { fetch: fetchHeld, idleMs }).then((idx) => idx.ready.then(() => idx)));
  startupWaves = n;
  if (atOnce) return idx;
  await waves(idx.background);
  return loaded(idx);
};
let idx = await open();
const out = [];
for (const { q, options } of queries) {
  if (cold) idx = await open();
  if (trace) process.stderr.write(`# ${q}\n`);
  const before = { ...idx.stats };
  try {
    let r, n = 0;
    const told = [];
    const opts = { ...options };
    if (hitsFirst) opts.onHits = (h) => told.push({ hits: h, wave, ...idx.stats });
    const searched = idx.search(q, opts).then((r) => {
      if (hitsFirst && (told.length !== 1 || told[0].hits !== r.hits)) {
        throw new Error(`${q}: onHits called ${told.length} times, ${told.length ? "not " : ""}with the result's hits`);
      }
      return r;
    });
    if (waved) [r, n] = await waves(searched);
    else r = await searched;
    out.push(JSON.stringify({
      waves: n,
      hitsWaves: hitsFirst ? told[0].wave : n,
      hitsRequests: (hitsFirst ? told[0].requests : idx.stats.requests) - before.requests,
      hitsBytes: (hitsFirst ? told[0].bytes : idx.stats.bytes) - before.bytes,
      startupWaves,
      total: r.total,
      hits: r.hits,
      facets: r.facets,
      requests: idx.stats.requests - before.requests,
      bytes: idx.stats.bytes - before.bytes,
    }));
  } catch (e) {
    if (e.name !== "QueryError") throw e;
    out.push(JSON.stringify({ error: { code: e.code, message: e.message, pos: e.pos } }));
  }
}
process.stdout.write(out.join("\n") + "\n");
