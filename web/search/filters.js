// The filters of a search (docs/search.md, "Query language"): the query's
// own and the options', by committee, year, result category and kind, and
// a period; they narrow the candidates by year ranges, the date index and
// the facet blocks.

import * as fmt from "./format.js";
import { facetFilter } from "./facets.js";
import { parseYears, resolveCommittee, resolveKind, resolveResultCategory } from "./query.js";
import { memo, payload } from "./store.js";

/** The query's filters q with the options' o added, resolved as the query language resolves them. */
export function mergeFilters(entry, q, o) {
  const f = { committee: [...q.committee], year: [...q.year], resultCategory: [...q.resultCategory], kind: [...q.kind] };
  const add = (list, vs) => { for (const v of vs) if (!list.includes(v)) list.push(v); };
  for (const c of o.committee ?? []) add(f.committee, resolveCommittee(c, entry.committees));
  for (const y of o.year ?? []) add(f.year, parseYears(String(y)));
  for (const r of o.resultCategory ?? []) add(f.resultCategory, [resolveResultCategory(r, entry)]);
  for (const k of o.kind ?? []) add(f.kind, [resolveKind(k, entry)]);
  return f;
}

/** The documents of cand that pass filters f and lie within from..to (YYYY-MM-DD or ""). */
export async function applyFilters(ix, cand, f, from, to) {
  if (f.year.length) {
    const ys = new fmt.Bits(ix.n);
    for (const y of ix.entry.years) if (f.year.includes(y.year)) ys.or(fmt.Bits.range(ix.n, y.first, y.end));
    cand.and(ys);
  }
  if (from !== "" || to !== "") {
    const [lo, hi] = await dateRange(ix, from, to);
    cand.and(fmt.Bits.range(ix.n, lo, hi));
  }
  if (f.committee.length || f.kind.length || f.resultCategory.length) cand = await facetFilter(ix, cand, f);
  return cand;
}

// Document numbers [lo, hi) dated from..to (YYYY-MM-DD, inclusive).
async function dateRange(ix, from, to) {
  const { dates, first } = await memo(ix, "dates", () => payload(ix, ix.entry.dateIndex).then(fmt.decodeDateIndex));
  const num = (s) => Number(s.replaceAll("-", ""));
  const bound = (v) => {
    // the first document dated after v
    let lo = 0, hi = dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (dates[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo < dates.length ? first[lo] : ix.n;
  };
  const lo = from === "" ? 0 : bound(num(from) - 1);
  const hi = to === "" ? ix.n : bound(num(to));
  return [lo, hi];
}
