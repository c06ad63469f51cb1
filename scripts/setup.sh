#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian 12 machine; a second run changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

APT_PKGS=(emscripten libeigen3-dev doctest-dev cmake chromium fonts-dejavu-core fonts-noto-core
          python3-fonttools clang-14 libclang-rt-14-dev lld-14 xz-utils wordnet-base fortunes-min
          fortunes brotli manpages-vi clang-format-14)
IMGUI_VER="1.90.1+ds"
IMGUI_SHA="ecce377df0f90b292f15dcbd83d438bddc162b2388c881132bde18c787572a1c"
IMGUI_DIR="$ROOT/third_party/imgui"
did=0

missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  did=1
fi

# Dear ImGui 1.90.1 from Debian trixie's *source* package (the binary package has no sources).
if [ ! -f "$IMGUI_DIR/imgui.cpp" ]; then
  echo "setup: fetching Dear ImGui $IMGUI_VER from Debian's source package"
  D=$(mktemp -d)
  mkdir -p "$D/lists/partial" "$D/parts"
  printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' > "$D/parts/trixie-src.sources"
  O=(-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$D/parts" -o Dir::State::Lists="$D/lists")
  apt-get "${O[@]}" update -qq
  (cd "$D" && apt-get "${O[@]}" source --download-only "imgui=1.90.1+ds-1" >/dev/null 2>&1)
  TAR="$D/imgui_${IMGUI_VER}.orig.tar.xz"
  echo "$IMGUI_SHA  $TAR" | sha256sum -c --quiet - || { echo "setup: ImGui tarball checksum mismatch" >&2; exit 1; }
  rm -rf "$IMGUI_DIR"; mkdir -p "$IMGUI_DIR"
  tar -xJf "$TAR" -C "$IMGUI_DIR" --strip-components=1
  rm -rf "$D"
  did=1
fi

# playwright-core and axe-core (the accessibility audit), pinned by the committed package-lock.json
# (no browser download: Debian's Chromium is used).
if [ ! -d "$ROOT/node_modules/playwright-core" ] || [ ! -d "$ROOT/node_modules/axe-core" ]; then
  echo "setup: npm ci (playwright-core, axe-core)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --silent)
  did=1
fi

if [ "$did" = 0 ]; then echo "setup: everything already installed, nothing to do"; else echo "setup: done"; fi
