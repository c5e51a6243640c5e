#!/usr/bin/env bash
# Fuzzes one parser with AFL++ through SharpFuzz (docs/fuzzing.md).
#   scripts/fuzz/run.sh <target> <seconds> [max-execs]
# Builds tests/Registry.Fuzzing (Release), instruments Registry.Formats.dll and Registry.Core.dll with the sharpfuzz tool,
# runs afl-fuzz (niced) from the corpus tests/Registry.Fuzzing/Corpus/<target>/ for <seconds> (or until max-execs),
# then prints execs done, execs/s and crashes. Findings go to $FUZZ_OUT/<target> (default /tmp/registry-fuzz).
# FUZZ_OUT_OF_PROCESS=1 runs inputs in a restartable child process (catches stack overflows and timeouts; slower).
# Needs afl-fuzz (Debian: apt-get install afl++) and `dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0`.
set -euo pipefail

target=${1:?usage: run.sh <target> <seconds> [max-execs]}
seconds=${2:?usage: run.sh <target> <seconds> [max-execs]}
max_execs=${3:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
project="$root/tests/Registry.Fuzzing"
corpus="$project/Corpus/$target"
out_root=${FUZZ_OUT:-/tmp/registry-fuzz}
bin="$out_root/bin"
findings="$out_root/$target"
export PATH="$PATH:$HOME/.dotnet/tools"

command -v afl-fuzz >/dev/null || { echo "afl-fuzz is not installed (apt-get install afl++)" >&2; exit 1; }
command -v sharpfuzz >/dev/null || { echo "sharpfuzz is not installed (dotnet tool install --global SharpFuzz.CommandLine --version 2.3.0)" >&2; exit 1; }
[ -d "$corpus" ] || { echo "no corpus for target '$target' at $corpus" >&2; exit 1; }

# A fresh publish each run: instrumenting rewrites the assemblies in place, and an instrumented assembly cannot be
# instrumented twice. FUZZ_SKIP_BUILD=1 reuses the last one (all.sh builds once).
if [ "${FUZZ_SKIP_BUILD:-}" != 1 ] || [ ! -f "$bin/Registry.Fuzzing.dll" ]; then
  rm -rf "$bin"
  nice -n 10 dotnet publish "$project" -c Release -o "$bin" -m:1 -warnaserror --nologo -v quiet >&2
  for assembly in Registry.Formats.dll Registry.Core.dll; do
    sharpfuzz "$bin/$assembly" >&2
  done
fi

rm -rf "$findings"
mkdir -p "$findings"
afl_args=(-i "$corpus" -o "$findings" -t 10000 -m none -V "$seconds")
[ -n "$max_execs" ] && afl_args+=(-E "$max_execs")

# AFL_SKIP_BIN_CHECK: the target is dotnet, not an afl-instrumented binary. The rest let afl run unprivileged on a shared
# machine: no core_pattern or CPU governor changes, no pinning to a core another job uses.
fuzz() {
  AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_NO_UI=1 AFL_QUIET=1 AFL_SKIP_CRASHES=0 \
    nice -n 10 afl-fuzz "${afl_args[@]}" -- dotnet "$bin/Registry.Fuzzing.dll" "$target" > "$findings/afl.log" 2>&1
}
# On a loaded machine the dry run of the multipart target sometimes sees no coverage and afl aborts with "No
# instrumentation detected" (it passes on a quiet machine); that abort is retried, any other failure is not.
for attempt in 1 2 3; do
  if fuzz; then break; fi
  if [ $attempt -lt 3 ] && grep -q "No instrumentation detected" "$findings/afl.log"; then
    echo "afl-fuzz saw no instrumentation in its dry run of $target (attempt $attempt); trying again" >&2
    rm -rf "$findings"; mkdir -p "$findings"
    continue
  fi
  echo "afl-fuzz failed; the end of $findings/afl.log:" >&2
  tail -20 "$findings/afl.log" >&2
  exit 1
done

stats="$findings/default/fuzzer_stats"
value() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$stats"; }
crashes=$(find "$findings/default/crashes" -type f -name 'id:*' 2>/dev/null | wc -l)
echo "target=$target execs_done=$(value execs_done) execs_per_sec=$(value execs_per_sec) run_time=$(value run_time)s corpus_count=$(value corpus_count) saved_crashes=$crashes saved_hangs=$(value saved_hangs)"
[ "$crashes" -eq 0 ] || echo "crashes in $findings/default/crashes (replay without instrumentation: dotnet run --project tests/Registry.Fuzzing -c Release -- $target <file>)"
