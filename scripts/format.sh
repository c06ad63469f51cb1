#!/usr/bin/env bash
# Applies .clang-format to the project's C++ (src/, tools/, tests/), or with --check lists what differs and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
CF=clang-format-14   # Debian's, the version the style was written for (scripts/setup.sh installs it)
command -v "$CF" >/dev/null || { echo "format: $CF is missing (scripts/setup.sh installs it)" >&2; exit 1; }
mapfile -t files < <(git ls-files 'src/*.cpp' 'src/*.h' 'tools/*.cpp' 'tools/*.h' 'tests/*.cpp' 'tests/*.h')
if [ "${1:-}" = "--check" ]; then
  bad=()
  for f in "${files[@]}"; do "$CF" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f"); done
  if ((${#bad[@]})); then
    echo "format: ${#bad[@]} of ${#files[@]} files differ from .clang-format (run scripts/format.sh): ${bad[*]}" >&2
    exit 1
  fi
  echo "format: ${#files[@]} C++ files follow .clang-format"
else
  "$CF" -i "${files[@]}"
  echo "format: applied .clang-format to ${#files[@]} files"
fi
