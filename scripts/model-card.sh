#!/usr/bin/env bash
# Regenerates docs/model-card.md and docs/model-card-loss.svg from the shipped weights, the per-language
# corpus split and the manifests, with tools/model_card alone (C++, no Python). Needs build-corpus/
# (scripts/build-corpus.sh) and, for the loss curve, $OUT/loss.csv from the training run (copied to
# models/training-loss.csv; the committed copy is used when the run's folder is gone).
# OUT: the training run's work folder (default build-train), as given to scripts/train-model.sh.
set -euo pipefail

main() {
  cd "$(dirname "$0")/.."
  local OUT=${OUT:-build-train}
  local B=$OUT/cmake f
  for f in train-en train-vi heldout-en heldout-vi; do
    [ -f "build-corpus/$f.txt" ] || { scripts/build-corpus.sh build-corpus; break; }
  done
  # The whole curve: the newest phase's loss.csv (train-model.sh; the newest phase is the shipped model's)
  # continues every earlier phase's, back to the first vocabulary's.
  local run
  for run in fine narrow long rows more final deep carry grown .; do
    if [ -f "$OUT/$run/loss.csv" ]; then
      cp "$OUT/$run/loss.csv" models/training-loss.csv
      break
    fi
  done
  cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_FLAGS="-O3 -march=native -Wno-maybe-uninitialized" >/dev/null
  cmake --build "$B" -j2 --target model_card >/dev/null
  "$B/model_card" --model=models/attention-model.bin --corpus=build-corpus \
      --manifest=models/training-manifest.json --corpus-manifest=models/corpus-manifest.json \
      --loss=models/training-loss.csv --out=docs/model-card.md --svg=docs/model-card-loss.svg --lines=1000
}

main "$@"
exit
