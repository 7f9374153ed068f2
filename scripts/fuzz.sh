#!/usr/bin/env bash
# Fuzzes every parser that takes user input, for a fixed time each (default 10 minutes):
#   scripts/fuzz.sh [SECONDS_PER_TARGET]
# Needs the nightly toolchain and cargo-fuzz (installed here when missing). Not part of CI.
# New inputs that reach new code are added to tests/fuzz/corpus/<target>/; commit the useful ones.
set -euo pipefail
cd "$(dirname "$0")/../tests/fuzz"
seconds="${1:-600}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz
for target in assessment json; do
  echo "[fuzz] $target for ${seconds}s"
  cargo +nightly fuzz run --fuzz-dir . "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1
done
