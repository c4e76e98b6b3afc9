// Package faithful has no code of its own. Its tests hold the archive to
// its sources on the real councils of the shared corpus
// (internal/testkit/testcorpus): each is imported with the OParl importer
// and built, and then every published meeting, agenda item, paper and
// person must have its page — closed-session items as title pages — while
// nothing withheld and nothing of a closed session's deliberation reaches
// any output file.
package faithful
