#!/usr/bin/env bash
# Sets up (idempotently) and builds the sample books into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
for book in content/*/; do
  .venv/bin/briefing build "$book" -o build
done
