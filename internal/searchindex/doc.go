// Package searchindex is ratsarchiv's full-text search on Bleve: the German
// analysis (Bleve's "de" analyzer plus decompounding), the documents built
// from a public record.Archive, the query language of DESIGN §4 and the
// search itself (BM25, ties by date then key, facets, excerpts).
//
// Build writes the index during `ratsarchiv build`; Open and Search serve
// `ratsarchiv search` and `ratsarchiv serve`. The static export
// (internal/staticindex) reads an open Index, and the browser client in
// static/search re-implements analysis, query language and scoring so that
// its results equal this package's.
package searchindex
