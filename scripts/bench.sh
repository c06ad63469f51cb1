#!/usr/bin/env bash
# Benchmarks the playground against its budgets and alternatives; prints one table, rewrites docs/performance.md, exits 1 on a broken budget.
#   scripts/bench.sh           the full run (about 10 minutes on 2 cores)
#   scripts/bench.sh --quick   tiny repetition counts, writes build-bench/performance-quick.md instead of the docs
#   (both include the slow-phone profile of issue 14, bench/phone.mjs: 3 loads each, 1 with --quick;
#   alone: node bench/run.mjs --site DIR --dist DIR --out FILE --only phone [--quick])
#   scripts/bench.sh --flags   also rebuilds the page with other optimisation flags and records bench/flags-study.json
#   scripts/bench.sh --head    measures the last commit (a clean copy of it) instead of the working tree
# Not part of scripts/test.sh: timings need a quiet machine, tests must not.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
QUICK=0
FLAGS=0
HEAD=0
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    --flags) FLAGS=1 ;;
    --head) HEAD=1 ;;
    *) echo "bench: unknown argument $a" >&2; exit 2 ;;
  esac
done
B=$ROOT/build-bench   # everything the bench builds lives here (never the shared dist/ or build-web/)
SRC=$ROOT             # the sources measured
if [ "$HEAD" = 1 ]; then
  # Others may be half-way through an edit in a shared tree: a copy of the last commit builds.
  B=$ROOT/build-bench/head
  SRC=$B/src
  # Only files whose content changed are rewritten, so the builds below stay incremental (git
  # archive stamps every file with the commit time, which would fool make both ways).
  rm -rf "$B/snapshot"
  mkdir -p "$B/snapshot" "$SRC"
  git archive HEAD | tar -x -C "$B/snapshot"
  (cd "$B/snapshot" && find . -type f) | while read -r f; do
    if ! cmp -s "$B/snapshot/$f" "$SRC/$f"; then mkdir -p "$SRC/$(dirname "$f")"; cp "$B/snapshot/$f" "$SRC/$f"; touch "$SRC/$f"; fi
  done
  (cd "$SRC" && find . -path ./third_party -prune -o -type f -print) | while read -r f; do
    [ -e "$B/snapshot/$f" ] || rm -f "$SRC/$f"   # deleted in the commit
  done
  [ -e "$SRC/third_party" ] || ln -s "$ROOT/third_party" "$SRC/third_party"
  if compgen -G "models/*.bin" >/dev/null; then cp models/*.bin "$SRC/models/"; fi
fi
mkdir -p "$B"

# Tools: the project's setup installs them (a second run of setup does nothing).
if ! command -v emcc >/dev/null || ! command -v brotli >/dev/null || [ ! -x /usr/bin/chromium ] ||
   [ ! -d node_modules/playwright-core ] || [ ! -f third_party/imgui/imgui.cpp ]; then
  bash scripts/setup.sh
fi
# The bench's own npm dev dependencies (TensorFlow.js), pinned by bench/package-lock.json.
if [ ! -f bench/node_modules/.package-lock.json ] || [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  npm ci --prefix bench --no-audit --no-fund >/dev/null
fi

if [ -n "$(pgrep -f train_model || true)" ]; then
  echo "bench: note: a model training run is using the CPU; the numbers will be slower than on a quiet machine" >&2
fi

# The page, built from the current tree into a private folder.
echo "bench: building the web page" >&2
BUILD_WEB_DIR=$B/web DIST_DIR=$B/dist bash "$SRC/scripts/build-web.sh" >&2

# The same core natively: -O3 with the default x86-64 target (SSE2, 128-bit vectors like WASM
# SIMD), and -O3 -march=native (AVX-512 here) for what this machine can do at most.
build_native() {  # dir extra-cxx-flags
  if [ ! -f "$1/CMakeCache.txt" ]; then
    cmake -S "$SRC" -B "$1" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS="$2" >/dev/null
  fi
  cmake --build "$1" -j2 --target bench_native >&2
}
echo "bench: building the native bench" >&2
build_native "$B/native" ""
build_native "$B/native-march" "-march=native"

# The site the browser sees: the page as built, plus the bench's scripts and TensorFlow.js under /bench/.
stage_site() {  # dist site
  rm -rf "$2"
  mkdir -p "$2/bench/tfjs"
  cp "$1"/* "$2/"
  cp bench/www/*.js "$2/bench/"
  local T=bench/node_modules/@tensorflow
  cp $T/tfjs-core/dist/tf-core.min.js $T/tfjs-backend-wasm/dist/tf-backend-wasm.min.js \
     $T/tfjs-backend-wasm/dist/*.wasm "$2/bench/tfjs/"
}
stage_site "$B/dist-hooks" "$B/site"   # the page plus the bench entry points (src/app/hooks/)

RUN_ARGS=()
[ "$QUICK" = 1 ] && RUN_ARGS+=(--quick)

if [ "$FLAGS" = 1 ]; then
  # Same sources, only the optimisation flags differ (compile and link); timed in the page.
  # (Eigen's SSE path through Emscripten's SSE headers was tried too: Eigen 3.4 does not compile
  # for wasm that way, see docs/performance.md.)
  variants=("O3|-O3" "O2|-O2" "Os|-Os" "Oz|-Oz")
  study=()
  for v in "${variants[@]}"; do
    name=${v%%|*}
    fl=${v#*|}
    dir=$B/flags-$name
    if [ ! -f "$dir/web/CMakeCache.txt" ]; then
      mkdir -p "$dir/web"
      NODE_PATH=/usr/share/nodejs emcmake cmake -S "$SRC" -B "$dir/web" -DCMAKE_BUILD_TYPE=Release \
        "-DCMAKE_CXX_FLAGS_RELEASE=$fl -DNDEBUG" >/dev/null
    fi
    echo "bench: flags variant $name ($fl)" >&2
    BUILD_WEB_DIR=$dir/web DIST_DIR=$dir/dist bash "$SRC/scripts/build-web.sh" >&2
    stage_site "$dir/dist-hooks" "$dir/site"
    node bench/run.mjs --site "$dir/site" --dist "$dir/dist" --out "$dir/results.json" --only compute --sizes 128,512 "${RUN_ARGS[@]}"
    study+=("$name|$fl|$dir")
  done
  node bench/flags-study.mjs "${study[@]}" > bench/flags-study.json
fi

echo "bench: measuring" >&2
node bench/run.mjs --site "$B/site" --dist "$B/dist" --out "$B/results.json" --models "$SRC/models" \
  --native "o3=$B/native/bench_native" --native "march-native=$B/native-march/bench_native" "${RUN_ARGS[@]}"

MD=docs/performance.md
[ "$QUICK" = 1 ] && MD=$B/performance-quick.md
set +e
node bench/report.mjs "$B/results.json" --md "$MD" --flags bench/flags-study.json --notes bench/notes.md
rc=$?
set -e
echo "bench: wrote $MD" >&2
exit $rc
