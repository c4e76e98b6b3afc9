#!/bin/sh
# Rebuilds of Karlsruhe (issue 14, target 5), as docs/benchmarks.md's
# rounds 7 and 8 measure them: a full build of the imported records in a
# fresh work folder; meeting-a.toml added and a rebuild (the first after a
# full build); meeting-b.toml added and a second rebuild (every later
# week's), with a CPU profile; a full build of the same records in a fresh
# work folder; diff -r of the second rebuild's site against it.
#
#   rebuild.sh BIN RECORDS DIR
#
# BIN is a ratsarchiv binary, RECORDS the imported Karlsruhe records
# (ratsarchiv import oparl …/karlsruhe-oparl --out RECORDS), DIR a new
# folder for this run (records linked in, sites, work folders, logs). The
# site folder holds only the repository's config.toml, as `ratsarchiv
# init` makes one. Each build's time is in DIR/*.time, its log in
# DIR/*.log; the CPU by stage: go tool pprof -tags BIN DIR/rebuild2.prof
# It ends with each rebuild's wall time as a share of each full build's
# (issue 14's target 5 is the second rebuild's, at most 0.20).
set -eu
[ $# -eq 3 ] || { echo "usage: rebuild.sh BIN RECORDS DIR" >&2; exit 2; }
BIN=$(realpath "$1") RECORDS=$(realpath "$2") D=$3
KIT=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$KIT/../../../.." && pwd)
export SOURCE_DATE_EPOCH=1796000000
[ ! -e "$D" ] || { echo "rebuild.sh: $D exists" >&2; exit 2; }
mkdir -p "$D/site"
D=$(realpath "$D")
cp "$REPO/config.toml" "$D/site/"
cp -al "$RECORDS" "$D/records" # the builds only read them
mkdir -p "$D/records/meetings/2026"

# b NAME ARGS: one build, timed, its output in NAME.log
b() {
	name=$1
	shift
	/usr/bin/time -o "$D/$name.time" -f "%e s wall, %U+%S s CPU, %M KiB" \
		"$BIN" build --config "$D/site/config.toml" --records "$D/records" "$@" >"$D/$name.log" 2>&1
	echo "$name: $(cat "$D/$name.time")"
}

b full --out "$D/public" --workdir "$D/work"
cp "$KIT/meeting-a.toml" "$D/records/meetings/2026/"
b rebuild1 --out "$D/public" --workdir "$D/work"
cp "$KIT/meeting-b.toml" "$D/records/meetings/2026/"
b rebuild2 --out "$D/public" --workdir "$D/work" --cpuprofile "$D/rebuild2.prof"
b full2 --out "$D/full" --workdir "$D/work-full"
if diff -r "$D/public" "$D/full" >"$D/diff.txt"; then
	echo "diff -r: identical ($(find "$D/public" -type f | wc -l) files)"
else
	echo "diff -r: DIFFERENT ($(wc -l <"$D/diff.txt") lines in $D/diff.txt)"
	exit 1
fi
# Target 5's ratio: each rebuild's wall time against each full build's,
# measured in this run (the host's load moves them together).
wall() { cut -d' ' -f1 "$D/$1.time"; }
for r in rebuild1 rebuild2; do
	awk -v n="$r" -v r="$(wall $r)" -v a="$(wall full)" -v b="$(wall full2)" \
		'BEGIN { printf "%s / full builds: %.3f, %.3f\n", n, r / a, r / b }'
done
