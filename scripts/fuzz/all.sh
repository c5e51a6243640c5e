#!/usr/bin/env bash
# Fuzzes every target in turn, one afl-fuzz at a time (docs/fuzzing.md):
#   scripts/fuzz/all.sh <seconds-per-target> [max-execs-per-target]
# Builds and instruments once, then prints run.sh's summary line per target; exits non-zero when any target crashed.
set -euo pipefail

seconds=${1:?usage: all.sh <seconds-per-target> [max-execs-per-target]}
max_execs=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
corpora="$here/../../tests/Registry.Fuzzing/Corpus"
status=0
first=1
for dir in "$corpora"/*/; do
  target=$(basename "$dir")
  if [ $first = 1 ]; then skip=0; first=0; else skip=1; fi
  line=$(FUZZ_SKIP_BUILD=$skip "$here/run.sh" "$target" "$seconds" $max_execs) || status=1
  echo "$line"
  case "$line" in *"saved_crashes=0 "*) ;; *) status=1 ;; esac
done
exit $status
