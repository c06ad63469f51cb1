#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14) and runs each on every corpus file, then fuzzes it for N s.
#   scripts/fuzz.sh [SECONDS_PER_TARGET=600] [TARGET...]   (targets: tokenizer share_state model_file figure_pack)
# New inputs go to build-fuzz/corpus/<target> (kept between runs, never committed); a crash is saved
# under build-fuzz/crashes/: fix the bug, then add the input to tests/fuzz/corpus/<target>/.
# FUZZ_BUILD_DIR=build-fuzz-long picks another build tree (for a long run beside scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-600}
shift || true
TARGETS=("$@")
((${#TARGETS[@]})) || TARGETS=(tokenizer share_state model_file figure_pack)
B=${FUZZ_BUILD_DIR:-build-fuzz}  # another tree lets a long run go on while test.sh uses this one
JOBS=${FUZZ_BUILD_JOBS:-2}

command -v clang++-14 >/dev/null || { echo "fuzz: clang++-14 is missing (scripts/setup.sh installs it)" >&2; exit 1; }
echo "== fuzz build (clang++-14, -fsanitize=fuzzer,address,undefined) in $B/"
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-14 -DATTN_FUZZ=ON >/dev/null
cmake --build "$B" -j"$JOBS" >"$B/build.log" 2>&1 || { tail -n 40 "$B/build.log"; exit 1; }

# The model seeds are regenerated for the current format next to the committed ones.
mkdir -p "$B/seeds/model_file" "$B/seeds/figure_pack" "$B/crashes"
"$B/make_model_seeds" "$B/seeds/model_file" "$B/seeds/figure_pack" >/dev/null

# Every report is fatal; the caps make an absurd allocation a finding instead of a slow machine.
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# A smaller quarantine keeps long runs under the RSS cap while still catching use-after-free.
export ASAN_OPTIONS=quarantine_size_mb=64:detect_leaks=1
LIMITS=(-rss_limit_mb=512 -malloc_limit_mb=256 -timeout=10)

for t in "${TARGETS[@]}"; do
  exe="$B/fuzz_$t"
  [ -x "$exe" ] || { echo "fuzz: no target $t" >&2; exit 1; }
  dirs=("tests/fuzz/corpus/$t")
  [ -d "$B/seeds/$t" ] && dirs+=("$B/seeds/$t")
  extra=()
  [ -f "tests/fuzz/$t.dict" ] && extra+=("-dict=tests/fuzz/$t.dict")
  log="$B/$t.log"

  files=()
  for d in "${dirs[@]}"; do for f in "$d"/*; do [ -f "$f" ] && files+=("$f"); done; done
  echo "== fuzz $t: replaying ${#files[@]} corpus files"
  if ! "$exe" "${LIMITS[@]}" "${files[@]}" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz $t: a corpus file fails (log: $log)" >&2
    exit 1
  fi

  echo "== fuzz $t: ${SECS}s of fuzzing"
  mkdir -p "$B/corpus/$t"
  if ! "$exe" "${LIMITS[@]}" "${extra[@]}" -max_total_time="$SECS" -print_final_stats=1 \
       -artifact_prefix="$B/crashes/$t-" "$B/corpus/$t" "${dirs[@]}" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz $t: FAILED; the input is in $B/crashes/ (full log: $log)" >&2
    exit 1
  fi
  # The last status line (executions, coverage, features, corpus) and the totals.
  grep -aE '^#[0-9]+' "$log" | tail -n 1
  grep -aE '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | tr '\n' ' '
  echo
done
echo "== fuzz: every target passed"
