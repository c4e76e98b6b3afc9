// Package staticindex exports a search index (internal/search/searchindex) as a
// static, sharded index that the browser client in web/search queries
// with plain HTTP GETs: no server, no compression assumed, content-hashed
// shard names, byte-identical output for identical input. The format is
// specified in docs/index-format.md; this package is its only writer and
// the client its only reader.
package staticindex
