// Quality evaluation side of `ratsarchiv-bench eval`: runs every query of
// CONFIG through Pagefind's client on the served site, in one headless
// Chromium page, and prints the top-10 URLs of each.
//
// Usage: node eval.mjs CONFIG.json > tops.json
// CONFIG: {base, chromium, page, queries: [string]}
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const cfg = JSON.parse(readFileSync(process.argv[2], "utf8"));
const browser = await chromium.launch({ executablePath: cfg.chromium, args: ["--headless", "--no-sandbox", "--disable-gpu"] });
try {
  const page = await browser.newPage();
  await page.goto(new URL(cfg.page, cfg.base).href, { waitUntil: "load" });
  await page.waitForFunction(() => window.bench !== undefined);
  await page.evaluate(() => window.bench.start());
  const tops = [];
  for (const q of cfg.queries) {
    tops.push((await page.evaluate((q) => window.bench.query(q, ""), q)).top);
  }
  process.stdout.write(JSON.stringify(tops));
} finally {
  await browser.close();
}
