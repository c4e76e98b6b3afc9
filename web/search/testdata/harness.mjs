// Runs queries through the client against an exported index on disk and
// prints one JSON result per line. Used by the Go parity tests:
//
//   node harness.mjs INDEXDIR QUERIES.json [--cold]
//
// QUERIES.json is [{q, options}]; with --cold every query opens the index
// afresh, so that "bytes" is what that query alone fetches. The client is
// the one exported with the index (the modules bundled and minified), as
// a site serves it.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, queriesFile, ...flags] = process.argv.slice(2);
const { openIndex } = await import(pathToFileURL(join(dir, "ratsarchiv-search.js")).href);
const cold = flags.includes("--cold");
const trace = flags.includes("--trace");
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

const queries = JSON.parse(await readFile(queriesFile, "utf8"));
// An index is used once what it prefetches has loaded: "bytes" is then
// what the query itself fetched.
const open = async () => {
  const idx = await openIndex(base, { fetch: fetchFile });
  await idx.ready;
  return idx;
};
let idx = await open();
const out = [];
for (const { q, options } of queries) {
  if (cold) idx = await open();
  if (trace) process.stderr.write(`# ${q}\n`);
  const before = { ...idx.stats };
  try {
    const r = await idx.search(q, options ?? {});
    out.push(JSON.stringify({
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
