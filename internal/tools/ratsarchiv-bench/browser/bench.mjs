// Browser side of `ratsarchiv-bench bench`: opens each search engine's
// harness page in headless Chromium and measures, per query, the bytes the
// page fetched (counted by the Go server that serves the site, so requests
// from Web Workers count too), the time to a ranked top 10 and to the
// total, and the sequential round trips of the query's requests.
//
// Usage: node bench.mjs CONFIG.json > results.json
// CONFIG: {base, control, chromium, runs, engines: [{name, page}],
//   queries: [{name, q, committee}],
//   networks: [{name, latency, download, upload}]}
// base is the site over HTTPS (HTTP/2, as static hosts serve it; the
// certificate is the bench's own), control the same server over plain HTTP
// for the byte counter. A network with latency 0 is not emulated; the
// others are set with the Chrome DevTools Protocol's
// Network.emulateNetworkConditions: latency in ms is added to every
// request (its time to the response headers), download and upload in
// bytes per second are shared by the requests in flight. Every
// measurement runs in a fresh browser context: an empty HTTP cache.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const cfg = JSON.parse(readFileSync(process.argv[2], "utf8"));
const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function counter() {
  const r = await fetch(new URL("/__bench/bytes", cfg.control));
  return r.json();
}

// settle waits until no request is in flight and the byte count has not
// moved for a while, so late requests are not counted in the next phase.
async function settle() {
  let last = await counter();
  let still = 0;
  while (still < 5) {
    await new Promise((r) => setTimeout(r, 50));
    const c = await counter();
    if (c.bytes === last.bytes && c.requests === last.requests && c.inflight === 0) still++;
    else still = 0;
    last = c;
  }
  return last;
}

// A measurement that has not ended within limitMs fails the bench, naming
// what it waited for and the requests still open, instead of hanging it
// (a query once waited with nothing in flight at the server, the machine
// idle). RATSARCHIV_BENCH_TIMEOUT_MS sets the limit (default 2 minutes).
const limitMs = Number(process.env.RATSARCHIV_BENCH_TIMEOUT_MS) || 120000;

function within(promise, what, open) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const urls = [...open].slice(0, 20).join(", ") || "none";
      reject(new Error(`${what}: no result within ${limitMs} ms; requests open in the browser: ${urls}`));
    }, limitMs);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

function delta(a, b) {
  return { bytes: b.bytes - a.bytes, gzip: b.gzip - a.gzip, requests: b.requests - a.requests };
}

async function measure(browser, network, engine, query, run) {
  const ctx = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await ctx.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // Every request of the page and its workers, with the browser's timing:
  // start is when the client asked for it, end when its body had arrived
  // (ms since the epoch; the Go side counts the round trips).
  const reqs = [];
  const open = new Set();
  page.on("request", (r) => open.add(r.url()));
  const record = (r) => {
    open.delete(r.url());
    const t = r.timing();
    const end = t.responseEnd >= 0 ? t.startTime + t.responseEnd : Date.now();
    reqs.push({ url: r.url(), start: t.startTime, end });
  };
  page.on("requestfinished", record);
  page.on("requestfailed", record);
  await page.goto(new URL(engine.page, cfg.base).href, { waitUntil: "load" });
  await page.waitForFunction(() => window.bench !== undefined);
  if (network.latency > 0) {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false, latency: network.latency, downloadThroughput: network.download,
      uploadThroughput: network.upload, connectionType: "cellular4g",
    });
  }
  const what = `${engine.name}, ${network.name}, ${query.name} (run ${run + 1})`;
  const c0 = await within(settle(), `${what}: before start-up`, open);
  const t0 = Date.now();
  const startMs = await within(page.evaluate(() => window.bench.start()), `${what}: start-up`, open);
  const c1 = await within(settle(), `${what}: after start-up`, open);
  const t1 = Date.now();
  const cold = await within(page.evaluate(([q, c]) => window.bench.query(q, c), [query.q, query.committee || ""]), `${what}: the query`, open);
  const c2 = await within(settle(), `${what}: after the query`, open);
  const timed = (from, to) => reqs.filter((r) => r.start >= from && r.start < to).map((r) => [r.start - from, r.end - from]);
  const startup = timed(t0, t1);
  const queried = timed(t1, Infinity);
  const warm = [];
  if (network.latency === 0) {
    for (let i = 0; i < 3; i++) {
      warm.push((await page.evaluate(([q, c]) => window.bench.query(q, c), [query.q, query.committee || ""])).ms);
    }
    warm.sort((a, b) => a - b);
  }
  await ctx.close();
  return {
    engine: engine.name, name: query.name, network: network.name, run,
    startMs, startup: delta(c0, c1), fetched: delta(c1, c2),
    startupRequests: startup, requests: queried,
    coldMs: cold.ms, countsMs: cold.countsMs, hitsAt: cold.hitsAt - t1, warmMs: warm.length ? warm[1] : 0, total: cold.total, top: cold.top, errors,
  };
}

{
  const browser = await chromium.launch({ executablePath: cfg.chromium, args: flags });
  const out = [];
  try {
    for (const network of cfg.networks) {
      for (const engine of cfg.engines) {
        for (const query of cfg.queries) {
          for (let run = 0; run < cfg.runs; run++) out.push(await measure(browser, network, engine, query, run));
        }
      }
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(out));
}
