#!/usr/bin/env bash
# Installs what is missing, builds the playground and serves it on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-web.sh
exec node scripts/serve.mjs dist "${PORT:-8080}"
