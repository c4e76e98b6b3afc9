// The index's files: fetched on first use, counted, cached and decoded to
// their payloads (docs/index-format.md, "Shard encoding"). The functions
// here and in the client's other modules take the open index, ix (see
// ratsarchiv-search.js), which holds what they share.

import { shardPayload } from "./format.js";

/** The payload of the shard name; a failed fetch is forgotten, so that the next search retries. */
export function payload(ix, name) {
  let p = ix.files.get(name);
  if (!p) {
    p = (async () => {
      const res = await ix.get(new URL(name, ix.base));
      if (!res.ok) throw new Error(`search index: ${res.status} for ${name}`);
      const data = new Uint8Array(await res.arrayBuffer());
      ix.stats.requests++;
      ix.stats.bytes += data.length;
      return decode(ix, data);
    })();
    p.catch(() => ix.files.delete(name));
    ix.files.set(name, p);
  }
  return p;
}

function decode(ix, data) {
  return shardPayload(data, (i) => payload(ix, ix.entry.dicts[i]));
}

/** Takes the files the entry carries inline (base64, as stored) as fetched: opening the index needs no other fetch. */
export function seedInline(ix) {
  for (const [name, b64] of Object.entries(ix.entry.inline ?? {})) {
    const bin = atob(b64);
    const data = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
    const p = decode(ix, data);
    p.catch(() => ix.files.delete(name));
    ix.files.set(name, p);
  }
}

/** Starts loading the preset dictionaries of compressed shards (the documents'), which every search's hits need. */
export function prefetchDicts(ix) {
  return Promise.all(ix.entry.dicts.map((name) => payload(ix, name)));
}

/** The bytes a blob reference points to: {own} in its dictionary shard, or {file, off, len}. */
export async function blob(ix, ref) {
  if (ref.own) return ref.own;
  const p = await payload(ix, ref.file);
  return p.subarray(ref.off, ref.off + ref.len);
}

/** Caches make() as holder[key]; a failure is forgotten, so that the next search tries again. */
export function memo(holder, key, make) {
  let p = holder[key];
  if (!p) {
    p = make();
    holder[key] = p;
    p.catch(() => {
      if (holder[key] === p) delete holder[key];
    });
  }
  return p;
}
