// Package searchindex is ratsarchiv's full-text search on Bleve: the
// documents built from a public record.Archive, the index mapping, and the
// search itself (BM25, ties by date then key, facets, excerpts). The German
// analysis is internal/search/analysis, the query language
// internal/search/query.
//
// Build writes the index during `ratsarchiv build`; Open and Search serve
// `ratsarchiv search` and `ratsarchiv serve`. The static export
// (internal/search/staticindex) reads an open Index, and the browser client in
// web/search re-implements analysis, query language and scoring so that
// its results equal this package's.
package searchindex
