#!/usr/bin/env bash
# Builds the English + Vietnamese training corpus from pinned Debian packages (downloaded, never installed).
#
# Output (never committed): build-corpus/{train,heldout}-{en,vi}.txt, one NFC-normalised line of
# prose per line, sorted into a language by scripts/build-corpus.py. The manifest
# models/corpus-manifest.json (committed) records every package's version and .deb sha256, the
# sha256 of each file, line and word counts and the rules, so anyone with the same .debs gets the
# same bytes. Usage: scripts/build-corpus.sh [out_dir]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-build-corpus}
DEBS=$OUT/debs
mkdir -p "$DEBS" models

# name=version: the versions the committed manifest was built from (Debian 12). When one is no
# longer served (a point release replaced it), the current one is taken and the manifest says so.
PKGS=(
  wordnet-base=1:3.0-37 fortunes-min=1:1.99.1-7.3 fortunes=1:1.99.1-7.3 manpages-vi=4.18.1-1
  libreoffice-help-vi=4:7.4.7-1+deb12u14 libreoffice-l10n-vi=4:7.4.7-1+deb12u14
  debian-handbook=11.20220922 maint-guide=1.2.53 maint-guide-vi=1.2.53 debian-reference-en=2.100
  hunspell-vi=1:7.5.0-1
  # more English (appended after the sources above)
  libreoffice-help-en-us=4:7.4.7-1+deb12u14 gnome-user-docs=43.0-2 gimp-help-en=2.10.34-2
  gnucash-docs=4.13-1
  # message catalogs (/usr/share/locale/vi): English msgid + Vietnamese msgstr
  adduser apt bash coreutils diffutils dpkg findutils gettext gettext-base grep libc-l10n make
  man-db procps psmisc sed tar wget login libpam-runtime libglib2.0-data libgtk-3-common
  xdg-user-dirs vlc-l10n gimp-data inkscape gnucash-common pidgin-data gnome-control-center-data
  nautilus-data hexchat-common rhythmbox-data gedit-common thunar-data totem-common evince-common
  xfce4-panel
)

for spec in "${PKGS[@]}"; do
  name=${spec%%=*}
  if ls "$DEBS/${name}_"*.deb >/dev/null 2>&1; then continue; fi
  if ! (cd "$DEBS" && apt-get download -q "$spec" >/dev/null 2>&1); then
    echo "build-corpus: $spec is not served; taking the current $name" >&2
    (cd "$DEBS" && apt-get download -q "$name" >/dev/null 2>&1) ||
      { echo "build-corpus: cannot download $name (run apt-get update)" >&2; exit 1; }
  fi
done

rm -rf "$OUT/root"
mkdir -p "$OUT/root"
for deb in "$DEBS"/*.deb; do dpkg-deb -x "$deb" "$OUT/root"; done

OUT="$OUT" python3 scripts/build-corpus.py
