// Parses queries with the client's parser, for the Go parity test:
//   node parse.mjs QUERIES.json   (QUERIES.json: {committees, queries})
// prints one JSON line per query: the parsed query or {error}.
import { readFile } from "node:fs/promises";
import { parseQuery } from "../query.js";

const { committees, queries } = JSON.parse(await readFile(process.argv[2], "utf8"));
const out = [];
for (const q of queries) {
  try {
    out.push(JSON.stringify({ want: parseQuery(q, { committees }) }));
  } catch (e) {
    if (e.name !== "QueryError") throw new Error(`${JSON.stringify(q)}: ${e.stack}`);
    out.push(JSON.stringify({ error: { code: e.code, message: e.message, pos: e.pos } }));
  }
}
process.stdout.write(out.join("\n") + "\n");
