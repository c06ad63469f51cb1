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
# stores in a few bytes). Phase 5 is exported to $OUT/carry/start-model.bin.
# Phase 6 carries on from that file, not from a checkpoint (train_model --init-from: the weights as
# the file decodes them, its 4-bit levels and row scales kept, fresh optimizer moments), to
# CARRY_STEPS with a warm restart (CARRY_RESTART: a cosine from 3e-4 meant to end at 129,500,
# brought nearer at step 105,000 to fit the session: from there a cosine from the rate it had
# reached, 2.12e-4, to 124,500; 96 minutes here at 8,900 pieces/s), so it also runs on a machine that has only the
# committed phase-5 file: put it at $OUT/carry/start-model.bin and phases 1-5 are skipped. The
# phase-5 file is the models/attention-model.bin of commit 7d120ad (CRC-32 260f5bdc). The export is
# of phase 6.
# Phase 7: from the phase-6 file, 6 layers made by copying layers 0,1,1,2,2,3 (DEEP_LAYERS,
# train_model --init-layers: a repeated layer's copy starts with zero output projections, so the
# deeper model first computes exactly what the file did), every matrix 4-bit and quantisation-aware
# (DEEP_QAT), levels refitted every 2,000 steps and kept from 146,000, a warm restart to 3e-4 with a
# cosine to 154,500, to 155,000 (88 minutes here, 7,500 pieces/s). Its file is committed as
# models/resume/deep-6-layers-155000.bin (RESUME), with its manifest.
# Phase 8: from RESUME (the file, not a checkpoint: fresh optimizer moments, the file's levels kept
# all along, FINAL_FREEZE_FROM), more English (FINAL_SHARES), a warm restart to 2e-4 with a cosine
# (FINAL_RESTART) to FINAL_STEPS. Its file is committed as models/resume/final-6-layers-190000.bin
# (RESUME_FINAL; the models/attention-model.bin of commit 6582af2, CRC-32 e8dc13b9). Phase 8 took
# 85 minutes (10,050 pieces/s). Measured (card protocol, the corpus of then): English top-1 23.7%
# (phase 7 23.7, phase 6 22.9), Vietnamese 43.9% (43.5, 43.7).
# Phase 9: from RESUME_FINAL (same way as phase 8) on the corpus with more English
# text (scripts/build-corpus.py's more_english(): LibreOffice's, GNOME's, GIMP's and GnuCash's English
# help and the en_GB catalogs' msgids; 1.04 M -> 1.62 M training words), English share MORE_SHARES,
# a warm restart to 1.5e-4 (MORE_RESTART; its cosine was brought nearer at step 191,785 to fit the
# session: from there a cosine from the rate it had reached, 1.35e-4, to 203,000) to MORE_STEPS.
# Its file is committed as models/resume/more-english-203500.bin (RESUME_MORE; the
# models/attention-model.bin of commit 1311cf7, CRC-32 adb69476).
# Phase 10 (only with F32_PHASE=1: measured, not shipped): from RESUME_MORE (fresh optimizer moments), English share F32_SHARES,
# in 32 bits: no step rounds the weights to 4 bits until F32_QAT_FROM (measured first over 6,000
# steps: the card's English top-1 of the unrounded weights rose from 26.6% to 27.9% where the
# 4-bit phases gained 0.2 in 12,000), then quantisation-aware on every matrix again (DEEP_QAT, levels
# refitted to the new weights every F32_REFIT_EVERY steps, kept from F32_FREEZE_FROM) so the file
# rounds what the last steps saw. Each refit cost the trainer's English top-1 7-9 points, won back
# in about 500 steps, so the levels stay fixed for the last 5,000 steps. F32_RESTART: a warm restart
# to 2e-4 with a cosine meant to end at 240,000, cut at 236,000 by one to 1e-4 for the
# quantisation-aware steps, to F32_STEPS.
# Measured on the card's protocol: English top-1 27.8% (phase 9 26.6%, count baseline 27.6%) but
# Vietnamese 42.1% (43.5%, count baseline 42.0%), so it did not ship: the 32-bit weights had reached
# 29.5% and 45.6% at step 230,000, and rounding them to 4 bits again lost most of the gain.
# Phase 11 (shipped before phase 12): from RESUME_MORE like phase 10, English share ROWS_SHARES, in 32 bits
# to ROWS_QAT_FROM (ROWS_RESTART: a warm restart to 2e-4 with a cosine ending there), then
# quantisation-aware on every matrix with the token embedding's ROWS_INT8 most frequent pieces kept in
# 8 bits (train_model --int8-rows, the Int4Int8Rows coding of docs/model-format.md: the 4-bit
# embedding rows were the largest rounding loss), levels fitted once at ROWS_QAT_FROM and kept (a
# refit cost phase 10 7-9 points each time; they are fitted by the first call's last evaluation,
# which already rounds, so over every row, the 8-bit ones too), with a warm restart
# (ROWS_QAT_RESTART) to ROWS_STEPS. The 2,000 rows are 79.7% of the English and 94.7% of the
# Vietnamese training pieces. 55 minutes in 32 bits (15,233 pieces/s), then 19 quantisation-aware
# (15,258 pieces/s), on an otherwise mostly idle machine. Measured on the card's protocol: English
# top-1 28.7% (phase 9 26.6%, count baseline 27.6%), Vietnamese 44.6% (43.5%, 42.0%); 1,495,869 B
# after brotli -q 11 (2,300 rows measured 1,490,184 B on a 32-bit checkpoint, but the trained
# weights compress worse: 2,000 leave 4 KB).
# Its file is models/resume/rows-8-bit-$ROWS_STEPS.bin (RESUME_ROWS; the models/attention-model.bin of commit 886672d, CRC-32 2bb1ab6c).
# Phase 12 (shipped by no commit): from RESUME_ROWS (train_model --init-from keeps its 2,000 8-bit rows;
# --int8-rows=ROWS_INT8 computes the same list again when a checkpoint is resumed), English share
# LONG_SHARES (Vietnamese stayed far above 30% while its share fell), in 32 bits to LONG_QAT_FROM
# (LONG_RESTART: a warm restart to 2e-4 with a cosine ending there), then quantisation-aware with the
# levels fitted once, at LONG_QAT_FROM, to the 4-bit rows only, and a warm restart to 1e-4 to
# LONG_STEPS; its file is RESUME_LONG. Card: English top-1 29.8%, Vietnamese 43.9%, but 1,500,988 B
# after brotli -q 11, 988 B over the page's budget (its weights compress worse than phase 11's).
# Phase 13 (shipped by no commit): from RESUME_LONG, quantisation-aware from its first step with the
# file's levels, the 8-bit rows cut to the NARROW_INT8 most frequent (--int8-rows wins over the
# file's list; the rows it drops start from their 8-bit values and are rounded to 4 bits from then
# on), English share NARROW_SHARES, NARROW_RESTART (a warm restart to 1e-4) to NARROW_STEPS; its file
# is RESUME_NARROW. Card: English top-1 29.9%, Vietnamese 43.2%, 1,487,304 B after brotli -q 11.
# Phase 14 (the shipped model): from RESUME_NARROW the same way (its levels and 8-bit rows kept), a
# little more Vietnamese (FINE_SHARES: phase 13's 0.15 had cost it 0.7 points), FINE_RESTART (a warm
# restart to 8e-5) to FINE_STEPS; 37 minutes at 10,542 pieces/s. Its file is models/attention-model.bin
# and RESUME_FINE. Card: English top-1 30.0%, Vietnamese 44.2%, 1,489,455 B after brotli -q 11.
# Phases 12-14 were each started after the card's held-out numbers of the phase before them.
# Phases 13 and 14 share one step (qat_phase).
# When RESUME_MORE is there (it is committed), phases 1-9 are skipped; when RESUME_ROWS is, phase 11
# is; when RESUME_LONG is, phase 12 is; when RESUME_NARROW is, phase 13 is; when RESUME_FINE is, phase 14 is.
# FROM_SCRATCH=1 runs every phase and writes RESUME, RESUME_FINAL and RESUME_MORE again; note that phases 1-8 were
# run on the corpus before more_english() (the first lines of each of today's files: the new sources
# are appended, so every earlier line keeps its place and its split), so a run from scratch on
# today's corpus reads more English in those phases than the committed files did.
# Overrides: STEPS, BATCH, THREADS, SEED, VOCAB (vocabulary size), MERGES (entries left for pair
# merges after the whole words), SHARES (English,Vietnamese share of the sequences), RESTARTS
# (step:lr:warm-up:cosine end, comma-separated), QAT_FROM (-1: no quantisation-aware steps),
# QAT_FREEZE_FROM, GROW_*, CARRY_STEPS, CARRY_RESTART, CARRY_FREEZE_FROM, DEEP_*, FINAL_*, RESUME_FINAL, MORE_*,
# RESUME_MORE, F32_*, ROWS_*, RESUME_ROWS, LONG_*, RESUME_LONG, NARROW_*, RESUME_NARROW, FINE_*, RESUME_FINE,
# FROM_SCRATCH, OUT (work folder, default
# build-train), EXPORT (where the model, manifest and held-out sample go, default models).
set -euo pipefail

# The file coding of a run folder's checkpoint: export_run RUN_DIR MODEL MANIFEST SAMPLE SETTINGS INT4
# (INT4: the 4-bit tensors, the run's quantisation-aware list; the other matrices are int8; a run
# with --int8-rows keeps those embedding rows in 8 bits, listed in RUN_DIR/int8-rows.txt; uses $B).
export_run() {
  local rows=()
  if [ -s "$1/int8-rows.txt" ]; then rows=(--int8-rows="$1/int8-rows.txt"); fi
  "$B/export_model" --ckpt="$1/checkpoint.bin" --corpus=build-corpus --loss="$1/loss.csv" \
      --train-log="$1/progress.log" --out="$2" --manifest="$3" --sample="$4" \
      --int4="$6" --int8-vectors=out_bias --levels="$1/qat-levels.txt" "${rows[@]}" --settings="$5"
}

# A phase that carries a committed file on (train_model --init-from: the weights as the file decodes
# them, its 4-bit levels and row scales kept, fresh optimizer moments): carry_on DIR PREV_DIR FILE
# FROM_STEP ARGS... continues PREV_DIR's loss curve (or the committed one, cut at FROM_STEP) in DIR
# and trains from FILE at FROM_STEP with the common flags, then ARGS (later flags win; uses $B,
# common and deep_count from main).
carry_on() {
  local dir=$1 prev=$2 file=$3 from=$4
  shift 4
  if [ ! -s "$dir/checkpoint.bin" ]; then  # the curve so far (to step FROM), continued by this phase
    if [ -s "$prev/loss.csv" ]; then cp "$prev/loss.csv" "$dir/loss.csv"
    else awk -F, -v s="$from" 'NR == 1 || $1 <= s' models/training-loss.csv > "$dir/loss.csv"; fi
    : > "$dir/progress.log"
  fi
  local elapsed
  elapsed=$(awk -F, -v s="$from" '$1 == s {print $8}' "$dir/loss.csv" | tail -1)
  if [ -z "$elapsed" ]; then  # (the curve ends before FROM: the file's manifest has the wall time)
    elapsed=$(python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['training']['wall_time_s'])" \
        "${file%.bin}-manifest.json" 2>/dev/null || true)
  fi
  "$B/train_model" "${common[@]}" --out="$dir" --init-from="$file" --init-step="$from" \
      --init-elapsed="${elapsed:-0}" --layers="$deep_count" --zero-unused "$@" | tee -a "$dir/progress.log"
}

# A run folder's file as a resume file beside its manifest: export_resume RUN_DIR FILE SETTINGS
# (the held-out sample stays in RUN_DIR/export/; uses $DEEP_QAT from main).
export_resume() {
  mkdir -p "$1/export"
  export_run "$1" "$2" "${2%.bin}-manifest.json" "$1/export/heldout-sample.txt" "$3" "$DEEP_QAT"
}

# A phase from a file, quantisation-aware from its first step with the file's levels and
# NARROW_INT8 8-bit rows, exported to RESUME: qat_phase N DIR PREV_DIR FILE FROM STEPS SHARES
# RESTARTS RESUME SETTINGS (uses $DEEP_QAT and $NARROW_INT8 from main).
qat_phase() {
  local n=$1 dir=$2 prev=$3 file=$4 from=$5 steps=$6 shares=$7 restarts=$8 resume=$9 settings=${10}
  echo "train-model: phase $n, from $file (step $from) with $NARROW_INT8 8-bit rows to $steps"
  carry_on "$dir" "$prev" "$file" "$from" --steps="$steps" --shares="$shares" --qat="$DEEP_QAT" \
      --qat-from="$from" --qat-freeze-from="$from" --int8-rows="$NARROW_INT8" --restarts="$restarts"
  echo "train-model: exporting phase $n to $resume"
  export_resume "$dir" "$resume" "$settings"
}

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
  local CARRY_STEPS=${CARRY_STEPS:-125000} CARRY_RESTART=${CARRY_RESTART:-90000:3e-4:300:129500,105000:2.12e-4:0:124500}
  local CARRY_FREEZE_FROM=${CARRY_FREEZE_FROM:-124500}
  local DEEP_LAYERS=${DEEP_LAYERS:-0,1,1,2,2,3} DEEP_STEPS=${DEEP_STEPS:-155000}
  local DEEP_RESTART=${DEEP_RESTART:-125000:3e-4:500:154500} DEEP_FREEZE_FROM=${DEEP_FREEZE_FROM:-146000}
  local DEEP_QAT=${DEEP_QAT:-tok_emb,.w2,.w1,.wq,.wk,.wv,.wo} DEEP_REFIT_EVERY=${DEEP_REFIT_EVERY:-2000}
  local RESUME=${RESUME:-models/resume/deep-6-layers-155000.bin} FINAL_STEPS=${FINAL_STEPS:-190000}
  local FINAL_SHARES=${FINAL_SHARES:-0.6,0.4} FINAL_RESTART=${FINAL_RESTART:-155000:2e-4:300:189500}
  local FINAL_FREEZE_FROM=${FINAL_FREEZE_FROM:-155000}
  local RESUME_FINAL=${RESUME_FINAL:-models/resume/final-6-layers-190000.bin} MORE_STEPS=${MORE_STEPS:-203500}
  local MORE_SHARES=${MORE_SHARES:-0.65,0.35} MORE_RESTART=${MORE_RESTART:-190000:1.5e-4:300:197500,191785:1.35e-4:0:203000}
  local MORE_FREEZE_FROM=${MORE_FREEZE_FROM:-190000}
  local RESUME_MORE=${RESUME_MORE:-models/resume/more-english-203500.bin} F32_STEPS=${F32_STEPS:-245000}
  local F32_SHARES=${F32_SHARES:-0.75,0.25} F32_QAT_FROM=${F32_QAT_FROM:-236000} F32_REFIT_EVERY=${F32_REFIT_EVERY:-1000}
  local F32_RESTART=${F32_RESTART:-203500:2e-4:300:240000,236000:1e-4:200:245000} F32_FREEZE_FROM=${F32_FREEZE_FROM:-240000}
  local ROWS_SHARES=${ROWS_SHARES:-0.75,0.25} ROWS_QAT_FROM=${ROWS_QAT_FROM:-238000} ROWS_STEPS=${ROWS_STEPS:-250000}
  local ROWS_RESTART=${ROWS_RESTART:-203500:2e-4:300:238000} ROWS_QAT_RESTART=${ROWS_QAT_RESTART:-238000:1e-4:200:250000}
  local ROWS_INT8=${ROWS_INT8:-2000} RESUME_ROWS=${RESUME_ROWS:-models/resume/rows-8-bit-250000.bin}
  local LONG_SHARES=${LONG_SHARES:-0.85,0.15} LONG_QAT_FROM=${LONG_QAT_FROM:-286000} LONG_STEPS=${LONG_STEPS:-300000}
  local LONG_RESTART=${LONG_RESTART:-250000:2e-4:300:286000,286000:1e-4:200:300000}
  local RESUME_LONG=${RESUME_LONG:-models/resume/long-english-300000.bin}
  local NARROW_INT8=${NARROW_INT8:-1800} NARROW_SHARES=${NARROW_SHARES:-0.85,0.15} NARROW_STEPS=${NARROW_STEPS:-320000}
  local NARROW_RESTART=${NARROW_RESTART:-300000:1e-4:200:320000}
  local RESUME_NARROW=${RESUME_NARROW:-models/resume/rows-1800-320000.bin}
  local FINE_SHARES=${FINE_SHARES:-0.8,0.2} FINE_STEPS=${FINE_STEPS:-336000}
  local FINE_RESTART=${FINE_RESTART:-320000:8e-5:200:336000}
  local RESUME_FINE=${RESUME_FINE:-models/resume/fine-336000.bin}
  local deep_count
  deep_count=$(echo "$DEEP_LAYERS" | tr ',' '\n' | wc -l)
  local G=$OUT/grown C=$OUT/carry D=$OUT/deep F=$OUT/final M=$OUT/more P=$OUT/float32 R=$OUT/rows L=$OUT/long N=$OUT/narrow
  local E=$OUT/fine
  mkdir -p "$OUT" "$EXPORT" "$G" "$C" "$D" "$F" "$M" "$P" "$R" "$L" "$N" "$E"

  echo "train-model: building the Release tools (-O3 -march=native) in $B"
  cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CXX_FLAGS="-O3 -march=native -Wno-maybe-uninitialized" >/dev/null
  cmake --build "$B" -j2 --target build_vocab train_model export_model >/dev/null

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
  local common=(--corpus=build-corpus --batch="$BATCH" --threads="$THREADS" --seed="$SEED" --langs=en,vi
      --shares="$SHARES" --layers=4 --heads=4 --d-model=128 --d-ff="$DFF" --max-len=128 --min-len=8
      --lr=1e-3 --warmup=600 --min-lr-frac=0.05 --wd=0.01 --clip=1.0 --emb-scale=0.3
      --qat-from="$QAT_FROM" --qat=tok_emb,.w2 --qat-refit-every=1000
      --eval-every=500 --eval-lines=600 --log-every=50 --ckpt-seconds=300)
  local base_settings="steps=$STEPS batch=$BATCH threads=$THREADS seed=$SEED vocab=$VOCAB merges=$MERGES shares=$SHARES d_ff=$DFF lr=1e-3 warmup=600 min_lr_frac=0.05 wd=0.01 clip=1.0 emb_scale=0.3 max_len=128 min_len=8 mask=0.15 restarts=$RESTARTS qat_from=$QAT_FROM qat=tok_emb,.w2 qat_refit_every=1000 qat_freeze_from=$QAT_FREEZE_FROM grow_min=$GROW_MIN grow_steps=$GROW_STEPS grow_restart=$GROW_RESTART grow_freeze_from=$GROW_FREEZE_FROM zero_unused=1"
  local carry_settings="$base_settings carry_steps=$CARRY_STEPS carry_restart=$CARRY_RESTART carry_freeze_from=$CARRY_FREEZE_FROM"
  local deep_settings="$carry_settings deep_layers=$DEEP_LAYERS deep_steps=$DEEP_STEPS deep_restart=$DEEP_RESTART deep_freeze_from=$DEEP_FREEZE_FROM deep_qat=$DEEP_QAT deep_refit_every=$DEEP_REFIT_EVERY"
  local final_settings="$deep_settings final_steps=$FINAL_STEPS final_shares=$FINAL_SHARES final_restart=$FINAL_RESTART final_freeze_from=$FINAL_FREEZE_FROM"
  if [ "${FROM_SCRATCH:-0}" = 1 ] || [ ! -s "$RESUME" ]; then
  {  # phases 1-6: 4 layers
    if [ ! -s "$C/start-model.bin" ]; then
      if [ ! -s "$OUT/vocab.txt" ]; then
        "$B/build_vocab" "$OUT/vocab.txt" "$VOCAB" "$MERGES" build-corpus/train-en.txt build-corpus/train-vi.txt \
            build-corpus/root/usr/share/hunspell/vi_VN.dic models/vocab-examples.txt
      fi

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
      echo "train-model: exporting phase 5 to $C/start-model.bin"
      export_run "$G" "$C/start-model.bin" "$C/start-manifest.json" "$C/start-sample.txt" "$base_settings" tok_emb,.w2
      cp "$G/loss.csv" "$C/start-loss.csv"
      cp "$G/progress.log" "$C/start-progress.log"
    fi

    echo "train-model: phase 6, from $C/start-model.bin (step $GROW_STEPS) on to $CARRY_STEPS"
    if [ ! -s "$C/checkpoint.bin" ]; then  # the curve and log so far, continued by phase 6
      if [ -s "$C/start-loss.csv" ]; then cp "$C/start-loss.csv" "$C/loss.csv"; else cp models/training-loss.csv "$C/loss.csv"; fi
      if [ -s "$C/start-progress.log" ]; then cp "$C/start-progress.log" "$C/progress.log"; else : > "$C/progress.log"; fi
    fi
    local start_elapsed
    start_elapsed=$(awk -F, -v s="$GROW_STEPS" '$1 == s {print $8}' "$C/loss.csv" | tail -1)
    "$B/train_model" "${common[@]}" --out="$C" --init-from="$C/start-model.bin" --init-step="$GROW_STEPS" \
        --init-elapsed="${start_elapsed:-0}" --steps="$CARRY_STEPS" --zero-unused \
        --restarts="$RESTARTS,$GROW_RESTART,$CARRY_RESTART" --qat-freeze-from="$CARRY_FREEZE_FROM" | tee -a "$C/progress.log"

    echo "train-model: exporting phase 6 into $C/export/"
    mkdir -p "$C/export"
    export_run "$C" "$C/export/attention-model.bin" "$C/export/training-manifest.json" "$C/export/heldout-sample.txt" \
        "$carry_settings" tok_emb,.w2
  }
  # phase 7: 6 layers, from the phase-6 file
  if [ ! -s "$D/start-model.bin" ]; then
    cp "$C/export/attention-model.bin" "$D/start-model.bin"
    cp "$C/loss.csv" "$D/start-loss.csv"
    cp "$C/progress.log" "$D/start-progress.log"
  fi
  mkdir -p "$D/export"

  echo "train-model: phase 7, $DEEP_LAYERS from $D/start-model.bin (step $CARRY_STEPS) on to $DEEP_STEPS"
  if [ ! -s "$D/checkpoint.bin" ]; then  # the curve and log so far, continued by phase 7
    if [ -s "$D/start-loss.csv" ]; then cp "$D/start-loss.csv" "$D/loss.csv"; else cp models/training-loss.csv "$D/loss.csv"; fi
    if [ -s "$D/start-progress.log" ]; then cp "$D/start-progress.log" "$D/progress.log"; else : > "$D/progress.log"; fi
  fi
  local deep_elapsed
  deep_elapsed=$(awk -F, -v s="$CARRY_STEPS" '$1 == s {print $8}' "$D/loss.csv" | tail -1)
  # (Later flags override earlier ones: phase 7 has more layers, rounds every matrix to 4 bits and
  # refits the levels less often.)
  "$B/train_model" "${common[@]}" --out="$D" --init-from="$D/start-model.bin" --init-step="$CARRY_STEPS" \
      --init-elapsed="${deep_elapsed:-0}" --init-layers="$DEEP_LAYERS" --layers="$deep_count" --steps="$DEEP_STEPS" \
      --zero-unused --qat="$DEEP_QAT" --qat-refit-every="$DEEP_REFIT_EVERY" \
      --restarts="$RESTARTS,$GROW_RESTART,$CARRY_RESTART,$DEEP_RESTART" --qat-freeze-from="$DEEP_FREEZE_FROM" \
      | tee -a "$D/progress.log"

  echo "train-model: exporting phase 7 to $RESUME"
  mkdir -p "$(dirname "$RESUME")"
  export_run "$D" "$RESUME" "${RESUME%.bin}-manifest.json" "$D/export/heldout-sample.txt" "$deep_settings" "$DEEP_QAT"
  fi

  if [ "${FROM_SCRATCH:-0}" = 1 ] || [ ! -s "$RESUME_FINAL" ]; then
  echo "train-model: phase 8, from $RESUME (step $DEEP_STEPS) on to $FINAL_STEPS"
  carry_on "$F" "$D" "$RESUME" "$DEEP_STEPS" --steps="$FINAL_STEPS" --shares="$FINAL_SHARES" \
      --qat="$DEEP_QAT" --qat-refit-every="$DEEP_REFIT_EVERY" --qat-freeze-from="$FINAL_FREEZE_FROM" \
      --restarts="$RESTARTS,$GROW_RESTART,$CARRY_RESTART,$DEEP_RESTART,$FINAL_RESTART"
  echo "train-model: exporting phase 8 to $RESUME_FINAL"
  export_resume "$F" "$RESUME_FINAL" "$final_settings"
  fi

  local more_settings="$final_settings more_steps=$MORE_STEPS more_shares=$MORE_SHARES more_restart=$MORE_RESTART more_freeze_from=$MORE_FREEZE_FROM"
  if [ "${FROM_SCRATCH:-0}" = 1 ] || [ ! -s "$RESUME_MORE" ]; then
  # phase 9: from RESUME_FINAL, on the corpus with more English text
  echo "train-model: phase 9, from $RESUME_FINAL (step $FINAL_STEPS) on to $MORE_STEPS"
  carry_on "$M" "$F" "$RESUME_FINAL" "$FINAL_STEPS" --steps="$MORE_STEPS" --shares="$MORE_SHARES" \
      --qat="$DEEP_QAT" --qat-refit-every="$DEEP_REFIT_EVERY" --qat-freeze-from="$MORE_FREEZE_FROM" \
      --restarts="$RESTARTS,$GROW_RESTART,$CARRY_RESTART,$DEEP_RESTART,$FINAL_RESTART,$MORE_RESTART"
  echo "train-model: exporting phase 9 to $RESUME_MORE"
  export_resume "$M" "$RESUME_MORE" "$more_settings"
  fi

  # phase 11, the shipped model: from RESUME_MORE, in 32 bits, then quantisation-aware with the
  # embedding's most frequent rows in 8 bits (two calls on one run folder: the second resumes the first)
  local rows_settings="$more_settings rows_shares=$ROWS_SHARES rows_restart=$ROWS_RESTART rows_qat_from=$ROWS_QAT_FROM rows_qat_restart=$ROWS_QAT_RESTART rows_int8=$ROWS_INT8 rows_steps=$ROWS_STEPS"
  local all_restarts="$RESTARTS,$GROW_RESTART,$CARRY_RESTART,$DEEP_RESTART,$FINAL_RESTART,$MORE_RESTART"
  if [ "${FROM_SCRATCH:-0}" = 1 ] || [ ! -s "$RESUME_ROWS" ]; then
    echo "train-model: phase 11, from $RESUME_MORE (step $MORE_STEPS) in 32 bits to $ROWS_QAT_FROM"
    carry_on "$R" "$M" "$RESUME_MORE" "$MORE_STEPS" --steps="$ROWS_QAT_FROM" --shares="$ROWS_SHARES" \
        --qat="$DEEP_QAT" --qat-from="$ROWS_QAT_FROM" --restarts="$all_restarts,$ROWS_RESTART"
    echo "train-model: phase 11, quantisation-aware with $ROWS_INT8 8-bit embedding rows to $ROWS_STEPS"
    carry_on "$R" "$M" "$RESUME_MORE" "$MORE_STEPS" --steps="$ROWS_STEPS" --shares="$ROWS_SHARES" \
        --qat="$DEEP_QAT" --qat-from="$ROWS_QAT_FROM" --qat-freeze-from="$ROWS_QAT_FROM" --int8-rows="$ROWS_INT8" \
        --restarts="$all_restarts,$ROWS_RESTART,$ROWS_QAT_RESTART"
    echo "train-model: exporting phase 11 to $RESUME_ROWS"
    export_resume "$R" "$RESUME_ROWS" "$rows_settings"
  fi

  # phase 12: from RESUME_ROWS (its 8-bit rows kept), in 32 bits with more
  # English, then quantisation-aware with levels fitted once at LONG_QAT_FROM (one call)
  local long_settings="$rows_settings long_shares=$LONG_SHARES long_restart=$LONG_RESTART long_qat_from=$LONG_QAT_FROM long_steps=$LONG_STEPS"
  if [ "${FROM_SCRATCH:-0}" = 1 ] || [ ! -s "$RESUME_LONG" ]; then
    echo "train-model: phase 12, from $RESUME_ROWS (step $ROWS_STEPS) in 32 bits to $LONG_QAT_FROM, then quantisation-aware to $LONG_STEPS"
    carry_on "$L" "$R" "$RESUME_ROWS" "$ROWS_STEPS" --steps="$LONG_STEPS" --shares="$LONG_SHARES" \
        --qat="$DEEP_QAT" --qat-from="$LONG_QAT_FROM" --qat-freeze-from="$LONG_QAT_FROM" --int8-rows="$ROWS_INT8" \
        --restarts="$all_restarts,$ROWS_RESTART,$ROWS_QAT_RESTART,$LONG_RESTART"
    echo "train-model: exporting phase 12 to $RESUME_LONG"
    export_resume "$L" "$RESUME_LONG" "$long_settings"
  fi

  # phases 13 and 14: each from the file before it, quantisation-aware from the first step with
  # that file's levels; 13 cuts the 8-bit rows so that the file fits the page's 1.5 MB budget after
  # brotli, 14 (the shipped model) keeps them with a little more Vietnamese and a lower rate
  local narrow_settings="$long_settings narrow_int8=$NARROW_INT8 narrow_shares=$NARROW_SHARES narrow_restart=$NARROW_RESTART narrow_steps=$NARROW_STEPS"
  local fine_settings="$narrow_settings fine_shares=$FINE_SHARES fine_restart=$FINE_RESTART fine_steps=$FINE_STEPS"
  local chain="$all_restarts,$ROWS_RESTART,$ROWS_QAT_RESTART,$LONG_RESTART"
  if [ "${FROM_SCRATCH:-0}" = 1 ] || [ ! -s "$RESUME_NARROW" ]; then
    qat_phase 13 "$N" "$L" "$RESUME_LONG" "$LONG_STEPS" "$NARROW_STEPS" "$NARROW_SHARES" "$chain,$NARROW_RESTART" \
        "$RESUME_NARROW" "$narrow_settings"
  fi
  if [ "${FROM_SCRATCH:-0}" = 1 ] || [ ! -s "$RESUME_FINE" ]; then
    qat_phase 14 "$E" "$N" "$RESUME_NARROW" "$NARROW_STEPS" "$FINE_STEPS" "$FINE_SHARES" \
        "$chain,$NARROW_RESTART,$FINE_RESTART" "$RESUME_FINE" "$fine_settings"
    echo "train-model: exporting phase 14, the shipped model, into $EXPORT/"
    export_run "$E" "$EXPORT/attention-model.bin" "$EXPORT/training-manifest.json" "$EXPORT/heldout-sample.txt" \
        "$fine_settings" "$DEEP_QAT"
  fi

  # phase 10 (F32_PHASE=1; measured, not shipped): from RESUME_MORE, in 32 bits, then
  # quantisation-aware again; its file goes to $P/export/, not into $EXPORT/
  [ "${F32_PHASE:-0}" = 1 ] || { echo "train-model: done (the shipped model is phase 14's)"; return; }
  echo "train-model: phase 10, from $RESUME_MORE (step $MORE_STEPS) on to $F32_STEPS"
  carry_on "$P" "$M" "$RESUME_MORE" "$MORE_STEPS" --steps="$F32_STEPS" --shares="$F32_SHARES" \
      --qat="$DEEP_QAT" --qat-from="$F32_QAT_FROM" --qat-refit-every="$F32_REFIT_EVERY" \
      --qat-freeze-from="$F32_FREEZE_FROM" \
      --restarts="$RESTARTS,$GROW_RESTART,$CARRY_RESTART,$DEEP_RESTART,$FINAL_RESTART,$MORE_RESTART,$F32_RESTART"
  echo "train-model: exporting phase 10 into $P/export/"
  mkdir -p "$P/export"
  export_run "$P" "$P/export/attention-model.bin" "$P/export/training-manifest.json" "$P/export/heldout-sample.txt" \
      "$more_settings f32_steps=$F32_STEPS f32_shares=$F32_SHARES f32_qat_from=$F32_QAT_FROM f32_refit_every=$F32_REFIT_EVERY f32_restart=$F32_RESTART f32_freeze_from=$F32_FREEZE_FROM" \
      "$DEEP_QAT"
  echo "train-model: done"
}

main "$@"
exit
