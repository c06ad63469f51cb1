#!/usr/bin/env bash
# Builds the web playground into dist/: one folder of static files that any web server can host.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD_WEB_DIR:-$ROOT/build-web}
OUT=${DIST_DIR:-$ROOT/dist}
export NODE_PATH=/usr/share/nodejs   # Debian's emcc needs acorn from Debian's node modules

mkdir -p "$BUILD"
# The UI font: DejaVu Sans cut down to Latin + Vietnamese + punctuation + arrows (from Debian's package).
FONT_SRC=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
if [ ! -f "$BUILD/ui-font.ttf" ] || [ "$FONT_SRC" -nt "$BUILD/ui-font.ttf" ]; then
  PY=""
  for py in /usr/bin/python3 python3; do "$py" -c 'import fontTools' 2>/dev/null && { PY=$py; break; }; done
  [ -n "$PY" ] || { echo "build-web: fontTools missing (python3-fonttools): run scripts/setup.sh" >&2; exit 1; }
  "$PY" -m fontTools.subset "$FONT_SRC" --output-file="$BUILD/ui-font.ttf" \
    --unicodes="U+0020-024F,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20AB-20AC,U+2190-21FF,U+2211,U+221A,U+2264-2265,U+25A0-25FF" \
    --layout-features='' --no-hinting --desubroutinize
fi
# Configured every time (a second or two): a build folder made before a target was added (e.g.
# playground_hooks) would otherwise not know it, since make looks for targets before regenerating.
emcmake cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD" -j2 --target playground playground_hooks figure_packs theme_css

# One folder of static files: the page around one build of the module (target name $2).
assemble() {  # out-dir target
  local out=$1 target=$2
  rm -rf "$out"
  mkdir -p "$out"
  # Under the product's names whichever build it is: the pages and hash-names.mjs know only those.
  for ext in js wasm data; do cp "$BUILD/$target.$ext" "$out/playground.$ext"; done
  cp web/*.html web/*.css web/*.js web/*.svg "$out/"
  # Both themes' page colours, from the same table the canvas draws with (src/core/theme.cpp).
  node --no-experimental-fetch "$BUILD/theme_css.js" > "$out/theme.css"
  # The trained model gets a content-hashed name (a CDN may cache it forever) and model.json names
  # it; a build without a model says so in model.json instead of leaving the page to hit a 404.
  if [ -f models/attention-model.bin ]; then
    local sum name
    sum=$(sha256sum models/attention-model.bin | cut -c1-64)
    name="attention-model.${sum:0:12}.bin"
    cp models/attention-model.bin "$out/$name"
    printf '{"file": "%s", "bytes": %d, "sha256": "%s"}\n' "$name" "$(stat -c %s models/attention-model.bin)" "$sum" > "$out/model.json"
  else
    printf '{"file": null}\n' > "$out/model.json"
  fi
  # The article figures' packs: the trained model's numbers for each figure link, shown while the
  # model downloads (computed by the page's own core under node; model.json names them).
  node scripts/figure-packs.mjs "$BUILD/figure_packs.js" "$out"
  # Content-hashed names for everything but the entry points (*.html, model.json).
  node scripts/hash-names.mjs "$out"
  # Brotli and gzip copies beside every text and binary file, for servers that send them as they are
  # (scripts/serve.mjs; nginx gzip_static / brotli_static; a CDN bucket with Content-Encoding set).
  node scripts/precompress.mjs "$out"
  echo "build-web: $(du -sh "$out" | cut -f1) in $out ($(ls "$out" | wc -l) files, module $target)"
}
# dist/: what readers get. The hooks folder: the same page with the bench and test entry points
# (src/app/hooks/), for tests/browser and scripts/bench.sh only.
assemble "$OUT" playground
assemble "${HOOKS_DIST_DIR:-$OUT-hooks}" playground_hooks
