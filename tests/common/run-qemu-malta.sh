#!/bin/sh
# Boot a cross-built test image on QEMU's Malta board and check its output.
# Usage: run-qemu-malta.sh QEMU IMAGE
set -eu
qemu=$1 image=$2
out=$(timeout 30 "$qemu" -M malta -cpu MIPS64R2-generic -m 64 -nographic \
        -nic none -vga none -no-reboot -kernel "$image" </dev/null)
printf '%s\n' "$out"
printf '%s' "$out" | grep -q 'Wirelab console test image' || { echo 'banner missing' >&2; exit 1; }
printf '%s' "$out" | grep -q 'tick 2' || { echo 'ticks missing' >&2; exit 1; }
printf '%s' "$out" | grep -q 'bye' || { echo 'did not reach the end' >&2; exit 1; }
