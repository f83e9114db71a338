#!/bin/sh
# run-fuzz.sh FUZZER SEED_DIR WORK_DIR [libFuzzer options...]
# New inputs go to WORK_DIR (in the build tree), never into the seed corpus.
set -e
fuzzer=$1; seeds=$2; work=$3
shift 3
mkdir -p "$work"
# libFuzzer's leak check and ours: the I/O thread outlives a run on purpose.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1"
exec "$fuzzer" "$@" -artifact_prefix="$work/" "$work" "$seeds"
