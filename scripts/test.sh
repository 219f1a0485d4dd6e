#!/usr/bin/env bash
# Sets up (idempotently, with the tools the tests read outputs back with) and runs the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
