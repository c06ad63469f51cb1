#!/usr/bin/env bash
# Runs every test: set-up if needed, native unit tests (ctest), the web build, the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/setup.sh

echo "== native unit tests"
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-native -j2
(cd build-native && ctest --output-on-failure)

echo "== web build"
bash scripts/build-web.sh

echo "== browser tests (Debian's Chromium, headless)"
node --test --test-reporter=spec --test-concurrency=1 tests/browser/
