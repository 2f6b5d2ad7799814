#!/bin/sh
# Issue 17, the 5 MB playbook: every command that reads a playbook, on the three shapes of big-playbook.mjs, for
# two builds, interleaved in one run (bench/compare.mjs), with `node -e 0` first.
# Usage: sh bench/experiments/big-playbook-table.sh BEFORE_DIR AFTER_DIR [ROUNDS]   (builds from bench/snapshot.sh)
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
B=$1/bin/crisis.js
A=$2/bin/crisis.js
R=${3:-5}
G=$(mktemp -d "${TMPDIR:-/tmp}/crisis-big-playbook-XXXXXX")
node "$here/bench/experiments/big-playbook.mjs" "$G" >&2
set -- "node=node -e 0"
for s in owner-less clean long-text; do
  D=$G/$s
  for build in before after; do
    X=$B
    [ $build = after ] && X=$A
    set -- "$@" "$s validate $build=node $X validate $D/big.yaml" \
      "$s validate-json $build=node $X validate --json $D/big.yaml" \
      "$s show $build=node $X show big --playbooks $D" \
      "$s checklist $build=node $X checklist big --playbooks $D" \
      "$s list $build=node $X list --playbooks $D" \
      "$s drill $build@1=node $X drill $D/drill.yaml --playbooks $D" \
      "$s start-answers $build=node $X start big --answers $G/answers.yaml --playbooks $D"
  done
done
node "$here/bench/compare.mjs" "$R" "$@"
rm -rf "$G"
