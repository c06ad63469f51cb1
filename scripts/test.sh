#!/usr/bin/env bash
# Runs every test: set-up if needed, native unit tests (ctest), the web build, the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/setup.sh

echo "== C++ style (.clang-format, Debian's clang-format-14)"
bash scripts/format.sh --check

echo "== native unit tests"
cmake -S . -B build-native -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-native -j2
(cd build-native && ctest --output-on-failure)

# clang's UBSan also checks pointer arithmetic on null (Eigen blocks of empty matrices), which
# g++ 12's does not; its LeakSanitizer runtime comes from libclang-rt-14-dev.
echo "== native unit tests under AddressSanitizer + UndefinedBehaviorSanitizer (clang++-14, -O1)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++-14 \
      -DATTN_SANITIZE=ON -DATTN_BUILD_TOOLS=OFF >/dev/null
cmake --build build-asan -j2
(cd build-asan && ctest --output-on-failure)

echo "== fuzzers (libFuzzer): every corpus file, then 30 s each"
bash scripts/fuzz.sh 30

echo "== web build"
bash scripts/build-web.sh

echo "== browser tests (Debian's Chromium, headless)"
node --test --test-reporter=spec --test-concurrency=1 tests/browser/
