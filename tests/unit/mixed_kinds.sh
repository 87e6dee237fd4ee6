#!/bin/sh
# mixed_kinds.sh: CUX_DEVICE naming two kinds (cpu,opencl and the other
# order) gives a process the devices of both, numbered in that order;
# tests/unit/mixed_kinds.cu runs kernels on each and copies between their
# memories.  A kind named twice, or one the build lacks, is refused with
# one line and leaves no device.  SKIP where cuxinfo lists no OpenCL
# device, and in sanitizer builds (PoCL's own allocations would count as
# leaks, as in tests/run.sh's opencl leg).
#
# Usage: sh tests/unit/mixed_kinds.sh   (after make)

cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
. "$ROOT/tests/sanitizer.sh"
if [ -n "$SAN_LIB" ]; then
    echo "SKIP mixed_kinds: sanitizer build"; exit 0
fi
if ! bin/cuxinfo --list-kinds 2>/dev/null | grep -qx opencl; then
    echo "SKIP mixed_kinds: no OpenCL device"; exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cux_mixed.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
FAIL=0
check() { # NAME STATUS
    if [ "$2" -eq 0 ]; then echo "PASS mixed_kinds $1"
    else echo "FAIL mixed_kinds $1"; FAIL=1; sed 's/^/    /' "$TMP/out"; fi
}
# run KINDS: the test program with CUX_DEVICE=KINDS.
run() {
    CUX_DEVICE=$1 timeout 300 "$TMP/t" > "$TMP/out" 2>&1 &&
        grep -q '^PASS$' "$TMP/out"
}

bin/cuxcc -o "$TMP/t" tests/unit/mixed_kinds.cu > "$TMP/out" 2>&1
check build $?
run cpu,opencl
check cpu_then_opencl $?
run opencl,cpu
check opencl_then_cpu $?
CUX_DEVICE=cpu,cpu "$TMP/t" > "$TMP/out" 2>&1
[ $? -ne 0 ] && grep -q "CUX_DEVICE=cpu,cpu: the kind 'cpu' is named twice" \
    "$TMP/out" && grep -q 'no CUDA-capable device\|line .*cudaGetDeviceCount' \
    "$TMP/out"
check kind_named_twice $?
CUX_DEVICE=cpu,gpu "$TMP/t" > "$TMP/out" 2>&1
[ $? -ne 0 ] && grep -q 'CUX_DEVICE=cpu,gpu: no such device kind' "$TMP/out"
check unknown_kind $?
exit $FAIL
