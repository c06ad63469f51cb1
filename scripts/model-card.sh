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
  # The whole curve: phase 9's (train-model.sh, the shipped model) continues phase 8's, which
  # continues phase 7's, phase 6's, the grown run's and the first vocabulary's.
  if [ -f "$OUT/more/loss.csv" ]; then
    cp "$OUT/more/loss.csv" models/training-loss.csv
  elif [ -f "$OUT/final/loss.csv" ]; then
    cp "$OUT/final/loss.csv" models/training-loss.csv
  elif [ -f "$OUT/deep/loss.csv" ]; then
    cp "$OUT/deep/loss.csv" models/training-loss.csv
  elif [ -f "$OUT/carry/loss.csv" ]; then
    cp "$OUT/carry/loss.csv" models/training-loss.csv
  elif [ -f "$OUT/grown/loss.csv" ]; then
    cp "$OUT/grown/loss.csv" models/training-loss.csv
  elif [ -f "$OUT/loss.csv" ]; then
    cp "$OUT/loss.csv" models/training-loss.csv
  fi
  cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_FLAGS="-O3 -march=native -Wno-maybe-uninitialized" >/dev/null
  cmake --build "$B" -j2 --target model_card >/dev/null
  "$B/model_card" --model=models/attention-model.bin --corpus=build-corpus \
      --manifest=models/training-manifest.json --corpus-manifest=models/corpus-manifest.json \
      --loss=models/training-loss.csv --out=docs/model-card.md --svg=docs/model-card-loss.svg --lines=1000
}

main "$@"
exit
