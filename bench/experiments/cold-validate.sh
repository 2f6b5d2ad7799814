#!/bin/sh
# One cold `crisis validate` of a generated library, as `scale` runs it: a fresh cache directory (written to),
# log directory and HOME each run. For compare.mjs, which gives every child CRISIS_CACHE_DIR=off:
#   node -e "import('./bench/generate.mjs').then((g) => g.writeLibrary('/tmp/lib1000', 1000))"
#   node bench/compare.mjs 8 "node=node -e 0" "old=sh bench/experiments/cold-validate.sh /tmp/old /tmp/lib1000" \
#     "new=sh bench/experiments/cold-validate.sh /tmp/new /tmp/lib1000"     (each ROOT built by bench/snapshot.sh)
# Usage: sh bench/experiments/cold-validate.sh ROOT LIBRARY
set -u
root=$1
lib=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/crisis-cold-XXXXXX")
HOME=$tmp CRISIS_LOG_DIR=$tmp/logs CRISIS_CACHE_DIR=$tmp/cache NO_COLOR=1 LANG=C.UTF-8 \
  node "$root/bin/crisis.js" validate "$lib" --playbooks "$lib" >/dev/null
rc=$?
rm -rf "$tmp"
exit $rc
