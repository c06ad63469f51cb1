#!/usr/bin/env bash
# Regenerates docs/model-card.md and docs/model-card-loss.png from the shipped weights, the held-out
# split and the training manifest. Needs build-corpus/ (scripts/build-corpus.sh) and, for the loss
# curve, $OUT/loss.csv from the training run (copied to models/training-loss.csv).
# OUT: the training run's work folder (default build-train), as given to scripts/train-model.sh.
set -euo pipefail

main() {
  cd "$(dirname "$0")/.."
  local OUT=${OUT:-build-train}
  local B=$OUT/cmake
  [ -f build-corpus/heldout.txt ] || scripts/build-corpus.sh build-corpus
  if [ -f "$OUT/loss.csv" ]; then cp "$OUT/loss.csv" models/training-loss.csv; fi
  cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_FLAGS="-O3 -march=native -Wno-maybe-uninitialized" >/dev/null
  cmake --build "$B" -j2 --target model_card >/dev/null
  local sources
  sources=$(/usr/bin/python3 -c 'import json;d=json.load(open("models/corpus-manifest.json"))["lines_per_source"];print(",".join(str(d[k]) for k in ("wordnet-base","fortunes","manpages-vi")))')
  "$B/model_card" --model=models/attention-model.bin --heldout=build-corpus/heldout.txt \
      --sources="$sources" --out="$OUT/card.json" --lines=1000
  CARD_JSON="$OUT/card.json" /usr/bin/python3 scripts/model-card.py
}

main "$@"
exit
