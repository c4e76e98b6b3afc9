// The filters of a search (docs/search.md, "Query language"): the query's
// own and the options', by committee, year, result category and kind, and
// a period; they narrow the candidates by year ranges, the date index and
// the documents of each facet value (facet sets).

import * as fmt from "./format.js";
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

/**
 * Starts loading what filters f and the period from..to need (the facet
 * sets of their values, the date index), so that it loads beside the
 * query's words; applyFilters awaits it.
 */
export function loadFilters(ix, f, from, to) {
  const sets = ix.entry.facetSets;
  const union = async (names) => {
    const out = new fmt.Bits(ix.n);
    for (const s of await Promise.all(names.map((name) => payload(ix, name).then(fmt.decodeFacetSet)))) out.or(fmt.Bits.of(ix.n, s));
    return out;
  };
  // The set of the i-th committee, kind or result category is names[i].
  const of = (values, table, names) => (values.length ? union(values.map((v) => names[table.indexOf(v)])) : null);
  const p = Promise.all([
    of(f.committee, ix.entry.committees, sets.committee),
    of(f.kind, ix.entry.kinds, sets.kind),
    of(f.resultCategory, ix.entry.resultCategories, sets.resultCategory),
    from !== "" || to !== "" ? dateRange(ix, from, to) : null,
  ]);
  p.catch(() => {}); // awaited by applyFilters
  return p;
}

/** The documents of cand that pass filters f and lie within from..to (YYYY-MM-DD or ""), with what loadFilters loaded. */
export async function applyFilters(ix, cand, f, loaded) {
  const [committee, kind, category, range] = await loaded;
  if (f.year.length) {
    const ys = new fmt.Bits(ix.n);
    for (const y of ix.entry.years) if (f.year.includes(y.year)) ys.or(fmt.Bits.range(ix.n, y.first, y.end));
    cand.and(ys);
  }
  if (range) cand.and(fmt.Bits.range(ix.n, range[0], range[1]));
  for (const s of [committee, kind, category]) if (s) cand.and(s);
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
