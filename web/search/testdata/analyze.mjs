// Analyses files with the client's analyzer and prints, per file, a hash of
// the token stream, for the Go analyzer parity test:
//
//   node analyze.mjs DICT.json LIST.txt          → "path\tcount\tsha256" lines
//   node analyze.mjs DICT.json LIST.txt --dump   → the token lines themselves
//
// LIST.txt names one file per line. Each file is analysed twice: as queries
// see it (no decompounding) and as the index does (with DICT.json, the
// decompounding dictionary {stem: frequency}). A token line is
// "q|i <TAB> term <TAB> position <TAB> start <TAB> end" with UTF-8 byte
// offsets, exactly as the Go side writes it.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { analyzeTokens, tokenize } from "../analysis.js";
import { Dictionary } from "./decompound.mjs";

const [dictFile, listFile, ...flags] = process.argv.slice(2);
const dump = flags.includes("--dump");
const dict = new Dictionary(JSON.parse(await readFile(dictFile, "utf8")));
const files = (await readFile(listFile, "utf8")).split("\n").filter(Boolean);

// UTF-8 offsets of increasing UTF-16 offsets.
function byteOffsets(text) {
  let i16 = 0, i8 = 0;
  return (at) => {
    while (i16 < at) {
      const c = text.codePointAt(i16);
      i8 += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      i16 += c >= 0x10000 ? 2 : 1;
    }
    return i8;
  };
}

for (const f of files) {
  const text = await readFile(f, "utf8");
  const h = createHash("sha256");
  let n = 0;
  const lines = [];
  const words = tokenize(text);
  for (const [mode, split] of [["q", undefined], ["i", (w) => dict.split(w)]]) {
    const toks = analyzeTokens(words, split);
    // offsets increase per token except for parts at their compound's place
    const starts = byteOffsets(text), ends = byteOffsets(text);
    let lastStart = -1, lastStart8 = 0, lastEnd = -1, lastEnd8 = 0;
    for (const t of toks) {
      const s8 = t.start === lastStart ? lastStart8 : starts(t.start);
      const e8 = t.end === lastEnd ? lastEnd8 : ends(t.end);
      lastStart = t.start; lastStart8 = s8; lastEnd = t.end; lastEnd8 = e8;
      const line = `${mode}\t${t.term}\t${t.position}\t${s8}\t${e8}\n`;
      h.update(line);
      n++;
      if (dump) lines.push(line);
    }
  }
  if (dump) process.stdout.write(lines.join(""));
  else process.stdout.write(`${f}\t${n}\t${h.digest("hex")}\n`);
}
