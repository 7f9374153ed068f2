#!/usr/bin/env bash
# Fuzzes every parser that takes user input, for a fixed time each (default 10 minutes):
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET…]
# Targets: assessment (assessment files), json (the JSON reader), overlay (custom catalog
# overlays, then the merged catalog), share (share links). All of them without a TARGET.
# Needs the nightly toolchain and cargo-fuzz (installed here when missing). Not part of CI.
# New inputs that reach new code are added to tests/fuzz/corpus/<target>/; commit the useful ones.
# Before committing a corpus that has grown (beyond some 300 files), keep the fewest inputs that
# still reach every edge (then add back the seeds from examples/ that it dropped):
#   cd tests/fuzz && cargo +nightly fuzz cmin --fuzz-dir . TARGET corpus/TARGET -- -set_cover_merge=1 -use_counters=0
set -euo pipefail
cd "$(dirname "$0")/../tests/fuzz"
seconds="${1:-600}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(assessment json overlay share)
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz
for target in "${targets[@]}"; do
  echo "[fuzz] $target for ${seconds}s"
  cargo +nightly fuzz run --fuzz-dir . "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -print_final_stats=1
done
