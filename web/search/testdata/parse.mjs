// Parses queries with the client's parser, for the Go parity test:
//   node parse.mjs QUERIES.json   (QUERIES.json: {vocabulary, queries}, the
//   vocabulary as the entry file has it)
// prints one JSON line per query: the parsed query or {error}.
import { readFile } from "node:fs/promises";
import { parseQuery } from "../query.js";

const { vocabulary, queries } = JSON.parse(await readFile(process.argv[2], "utf8"));
const out = [];
for (const q of queries) {
  try {
    out.push(JSON.stringify({ want: parseQuery(q, vocabulary) }));
  } catch (e) {
    if (e.name !== "QueryError") throw new Error(`${JSON.stringify(q)}: ${e.stack}`);
    out.push(JSON.stringify({ error: { code: e.code, message: e.message, pos: e.pos } }));
  }
}
process.stdout.write(out.join("\n") + "\n");
