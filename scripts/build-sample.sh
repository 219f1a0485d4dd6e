#!/usr/bin/env bash
# Sets up (idempotently) and builds the sample book into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/briefing build content/2009-05-12-japan-russia -o build
