// node --test: the JavaScript query parser gives exactly what the Go parser
// gives on the shared cases (testdata/queries.json, written by
// internal/search/query's TestParseQueryGolden with the vocabulary — words
// and limits too — that the entry file hands the client).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { parseQuery, QueryError } from "./query.js";

const golden = JSON.parse(readFileSync(new URL("./testdata/queries.json", import.meta.url), "utf8"));

for (const c of golden.cases) {
  test(`parseQuery(${JSON.stringify(c.q)})`, () => {
    if (c.error) {
      assert.throws(() => parseQuery(c.q, golden.vocabulary), (e) => {
        assert.ok(e instanceof QueryError);
        assert.equal(e.code, c.error.code);
        assert.equal(e.message, c.error.message);
        assert.equal(e.pos, c.error.pos);
        return true;
      });
    } else {
      assert.deepEqual(parseQuery(c.q, golden.vocabulary), c.want);
    }
  });
}
