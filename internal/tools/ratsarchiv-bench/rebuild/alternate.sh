#!/bin/sh
# Rebuilds of Karlsruhe by several binaries in turns (issue 14, target 5),
# for changes too small to tell apart across rebuild.sh's runs on a noisy
# machine (docs/benchmarks.md, round 10). Each binary gets a work folder of
# its own: a full build of the imported records, then meeting-a.toml added
# and a rebuild. Then, ROUNDS times, each binary in turn adds
# meeting-b.toml, or removes it when there, and rebuilds: every such
# rebuild is a week's, one meeting of 10 items changed.
#
#   alternate.sh RECORDS DIR ROUNDS BIN...
#
# RECORDS are the imported Karlsruhe records (ratsarchiv import oparl
# …/karlsruhe-oparl --out RECORDS), DIR a new folder. It prints a line per
# rebuild: the binary's number, the round, +b or -b, wall seconds, user and
# system CPU seconds and peak KiB; each rebuild's log, with its stages'
# times, is DIR/BINNO/step-ROUND.log.
set -eu
[ $# -ge 4 ] || { echo "usage: alternate.sh RECORDS DIR ROUNDS BIN..." >&2; exit 2; }
RECORDS=$(realpath "$1") D=$2 ROUNDS=$3
shift 3
KIT=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$KIT/../../../.." && pwd)
export SOURCE_DATE_EPOCH=1796000000
[ ! -e "$D" ] || { echo "alternate.sh: $D exists" >&2; exit 2; }
mkdir -p "$D"
D=$(realpath "$D")

n=0
for bin in "$@"; do
	n=$((n + 1))
	w=$D/$n
	mkdir -p "$w/site"
	cp "$(realpath "$bin")" "$w/bin" # the binary is part of the build record's key
	cp "$REPO/config.toml" "$w/site/"
	cp -al "$RECORDS" "$w/records" # the builds only read them
	mkdir -p "$w/records/meetings/2026"
	"$w/bin" build -q --config "$w/site/config.toml" --records "$w/records" --out "$w/public" --workdir "$w/work"
	cp "$KIT/meeting-a.toml" "$w/records/meetings/2026/"
	"$w/bin" build -q --config "$w/site/config.toml" --records "$w/records" --out "$w/public" --workdir "$w/work"
done

for r in $(seq "$ROUNDS"); do
	for i in $(seq "$n"); do
		w=$D/$i
		if [ -e "$w/records/meetings/2026/meeting-b.toml" ]; then
			rm "$w/records/meetings/2026/meeting-b.toml"
			what=-b
		else
			cp "$KIT/meeting-b.toml" "$w/records/meetings/2026/"
			what=+b
		fi
		/usr/bin/time -o "$w/step-$r.time" -f "%e %U %S %M" \
			"$w/bin" build --config "$w/site/config.toml" --records "$w/records" --out "$w/public" --workdir "$w/work" >"$w/step-$r.log" 2>&1
		echo "$i $r $what $(cat "$w/step-$r.time")"
	done
done
