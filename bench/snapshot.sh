#!/bin/sh
# Freeze the working tree into DIR (default: a temp dir) and build it there,
# so a long benchmark run measures one version even while others edit src/.
# Usage: sh bench/snapshot.sh [DIR]; then BENCH_ROOT=DIR npm run bench
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$(mktemp -d "${TMPDIR:-/tmp}/crisis-bench-snapshot-XXXXXX")}
mkdir -p "$dir"
for p in bin src scripts playbooks package.json tsconfig.json tsconfig.build.json; do cp -R "$here/$p" "$dir/"; done
mkdir -p "$dir/bench" && cp -R "$here/bench/." "$dir/bench/"
cp -R "$here/node_modules" "$dir/"
(cd "$dir" && npm run --silent build >/dev/null)
echo "$dir"
