// Browser side of `ratsarchiv-bench bench`: opens each search engine's
// harness page in headless Chromium and measures, per query, the bytes the
// page fetched (counted by the Go server that serves the site, so requests
// from Web Workers count too) and the time to a ranked top 10.
//
// Usage: node bench.mjs CONFIG.json > results.json
// CONFIG: {base, chromium, runs, engines: [{name, page}], queries: [{name, q, committee}]}
// Every measurement runs in a fresh browser context: an empty HTTP cache.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const cfg = JSON.parse(readFileSync(process.argv[2], "utf8"));
const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function counter() {
  const r = await fetch(new URL("/__bench/bytes", cfg.base));
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

function delta(a, b) {
  return { bytes: b.bytes - a.bytes, gzip: b.gzip - a.gzip, requests: b.requests - a.requests };
}

const browser = await chromium.launch({ executablePath: cfg.chromium, args: flags });
const out = [];
try {
  for (const engine of cfg.engines) {
    for (const query of cfg.queries) {
      for (let run = 0; run < cfg.runs; run++) {
        const ctx = await browser.newContext();
        const page = await ctx.newPage();
        const errors = [];
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.goto(new URL(engine.page, cfg.base).href, { waitUntil: "load" });
        await page.waitForFunction(() => window.bench !== undefined);
        const c0 = await settle();
        const startMs = await page.evaluate(() => window.bench.start());
        const c1 = await settle();
        const cold = await page.evaluate(([q, c]) => window.bench.query(q, c), [query.q, query.committee || ""]);
        const c2 = await settle();
        const warm = [];
        for (let i = 0; i < 3; i++) {
          warm.push((await page.evaluate(([q, c]) => window.bench.query(q, c), [query.q, query.committee || ""])).ms);
        }
        warm.sort((a, b) => a - b);
        out.push({
          engine: engine.name, name: query.name, run,
          startMs, startup: delta(c0, c1), fetched: delta(c1, c2),
          coldMs: cold.ms, warmMs: warm[1], total: cold.total, top: cold.top, errors,
        });
        await ctx.close();
      }
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out));
