package tomlrec

// RecordsMarker is the file that marks a records folder an importer wrote
// and may replace as a whole (see atomicdir.Stage). Folders without it,
// records written by hand among them, are never replaced; Load skips it, as
// it skips every hidden file.
const RecordsMarker = ".ratsarchiv-records"
