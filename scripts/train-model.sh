#!/usr/bin/env bash
# Reproduces the shipped model: corpus -> WordPiece vocabulary -> masked-LM training -> export.
#
#   setsid nohup scripts/train-model.sh > build-train/train.log 2>&1 &
#
# Resumable: an interrupted run continues from build-train/checkpoint.bin when started again.
# Deterministic for a given seed, thread count and build (the tool is built with -march=native,
# so another CPU may round differently). Four phases (RESTARTS): 30000 steps of a cosine from lr 1e-3;
# a warm restart to 5e-4 with a cosine to 54000 (floor rate to 54500); a second warm restart at 54500
# to 4e-4 with a cosine to 67500 (floor rate to 68000); a third warm restart at 68000 to 3e-4 with a
# cosine to 75500 (floor rate to STEPS). Quantisation-aware from QAT_FROM (the forward
# pass sees the 4-bit tensors as the file stores them; levels refitted every 1000 steps, then from
# QAT_FREEZE_FROM fitted once more and kept for the last 500 steps at the floor rate, and the export
# stores exactly those levels). About 5 steps/s on the project's 2-core machine when it is otherwise
# idle (3-4 when shared): ~100 minutes for phase one, ~80 for each later phase; a finished checkpoint
# of an earlier phase is simply resumed (each restart keeps every step before it).
# Then the vocabulary grows (GROW_MIN): every English word of the training text seen at least
# GROW_MIN times that the first vocabulary splits is appended whole (build_vocab --grow; every old
# id stays), and training continues from the step-STEPS checkpoint in $OUT/grown to GROW_STEPS
# (train_model --grow-from: each new word's embedding row and output bias start as the mean of the
# pieces it replaces; the optimizer's moments carry over), with a warm restart (GROW_RESTART) and
# --zero-unused (the pieces no training line uses keep all-zero embedding rows, which the file
# stores in a few bytes). The export is of the grown model.
# Overrides: STEPS, BATCH, THREADS, SEED, VOCAB (vocabulary size), MERGES (entries left for pair
# merges after the whole words), SHARES (English,Vietnamese share of the sequences), RESTARTS
# (step:lr:warm-up:cosine end, comma-separated), QAT_FROM (-1: no quantisation-aware steps),
# QAT_FREEZE_FROM, OUT (work folder, default build-train), EXPORT (where the model, manifest and
# held-out sample go, default models).
set -euo pipefail

main() {
  cd "$(dirname "$0")/.."
  local OUT=${OUT:-build-train} EXPORT=${EXPORT:-models}
  local B=$OUT/cmake
  local STEPS=${STEPS:-76000} BATCH=${BATCH:-24} THREADS=${THREADS:-2} SEED=${SEED:-1} VOCAB=${VOCAB:-13000}
  local MERGES=${MERGES:-600} SHARES=${SHARES:-0.55,0.45} DFF=${DFF:-384}
  local RESTARTS=${RESTARTS:-30000:5e-4:500:54000,54500:4e-4:300:67500,68000:3e-4:300:75500}
  local QAT_FROM=${QAT_FROM:-46000} QAT_FREEZE_FROM=${QAT_FREEZE_FROM:-75500}
  local GROW_MIN=${GROW_MIN:-8} GROW_STEPS=${GROW_STEPS:-90000} GROW_RESTART=${GROW_RESTART:-76000:3e-4:300:89500}
  local GROW_FREEZE_FROM=${GROW_FREEZE_FROM:-89500}
  local G=$OUT/grown
  mkdir -p "$OUT" "$EXPORT" "$G"

  echo "train-model: building the Release tools (-O3 -march=native) in $B"
  cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_FLAGS="-O3 -march=native -Wno-maybe-uninitialized" >/dev/null
  cmake --build "$B" -j2 --target build_vocab train_model >/dev/null

  # The corpus is rebuilt only when missing or different from the committed manifest.
  local f want have stale=0
  for f in train-en train-vi heldout-en heldout-vi; do
    want=$(python3 -c "import json;print(json.load(open('models/corpus-manifest.json'))['files']['$f']['sha256'])" 2>/dev/null || true)
    have=$(sha256sum "build-corpus/$f.txt" 2>/dev/null | cut -d' ' -f1 || true)
    if [ -z "$have" ] || [ "$want" != "$have" ]; then stale=1; fi
  done
  if [ "$stale" = 1 ]; then
    scripts/build-corpus.sh build-corpus
  fi
  if [ ! -s "$OUT/vocab.txt" ]; then
    "$B/build_vocab" "$OUT/vocab.txt" "$VOCAB" "$MERGES" build-corpus/train-en.txt build-corpus/train-vi.txt \
        build-corpus/root/usr/share/hunspell/vi_VN.dic models/vocab-examples.txt
  fi

  local common=(--corpus=build-corpus --batch="$BATCH" --threads="$THREADS" --seed="$SEED" --langs=en,vi
      --shares="$SHARES" --layers=4 --heads=4 --d-model=128 --d-ff="$DFF" --max-len=128 --min-len=8
      --lr=1e-3 --warmup=600 --min-lr-frac=0.05 --wd=0.01 --clip=1.0 --emb-scale=0.3
      --qat-from="$QAT_FROM" --qat=tok_emb,.w2 --qat-refit-every=1000
      --eval-every=500 --eval-lines=600 --log-every=50 --ckpt-seconds=300)
  echo "train-model: training ($STEPS steps, batch $BATCH, $THREADS threads, seed $SEED)"
  "$B/train_model" "${common[@]}" --out="$OUT" --vocab="$OUT/vocab.txt" --steps="$STEPS" \
      --restarts="$RESTARTS" --qat-freeze-from="$QAT_FREEZE_FROM" | tee -a "$OUT/progress.log"

  echo "train-model: growing the vocabulary (words seen $GROW_MIN+ times) and training on to $GROW_STEPS"
  if [ ! -s "$G/vocab.txt" ]; then
    "$B/build_vocab" --grow "$OUT/vocab.txt" "$GROW_MIN" "$G/vocab.txt" build-corpus/train-en.txt
  fi
  if [ ! -s "$G/checkpoint.bin" ]; then  # the curve and log so far, continued by the grown run
    cp "$OUT/loss.csv" "$G/loss.csv"
    cp "$OUT/progress.log" "$G/progress.log"
  fi
  "$B/train_model" "${common[@]}" --out="$G" --vocab="$G/vocab.txt" --steps="$GROW_STEPS" \
      --grow-from="$OUT/checkpoint.bin" --zero-unused --restarts="$RESTARTS,$GROW_RESTART" \
      --qat-freeze-from="$GROW_FREEZE_FROM" | tee -a "$G/progress.log"

  echo "train-model: exporting the int8 model and its manifest into $EXPORT/"
  cmake --build "$B" -j2 --target export_model >/dev/null
  "$B/export_model" --ckpt="$G/checkpoint.bin" --corpus=build-corpus --loss="$G/loss.csv" \
      --train-log="$G/progress.log" --out="$EXPORT/attention-model.bin" \
      --manifest="$EXPORT/training-manifest.json" --sample="$EXPORT/heldout-sample.txt" \
      --int4=tok_emb,.w2 --int8-vectors=out_bias --levels="$G/qat-levels.txt" \
      --settings="steps=$STEPS batch=$BATCH threads=$THREADS seed=$SEED vocab=$VOCAB merges=$MERGES shares=$SHARES d_ff=$DFF lr=1e-3 warmup=600 min_lr_frac=0.05 wd=0.01 clip=1.0 emb_scale=0.3 max_len=128 min_len=8 mask=0.15 restarts=$RESTARTS qat_from=$QAT_FROM qat=tok_emb,.w2 qat_refit_every=1000 qat_freeze_from=$QAT_FREEZE_FROM grow_min=$GROW_MIN grow_steps=$GROW_STEPS grow_restart=$GROW_RESTART grow_freeze_from=$GROW_FREEZE_FROM zero_unused=1"
  echo "train-model: done"
}

main "$@"
exit
