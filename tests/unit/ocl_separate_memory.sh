#!/bin/sh
# ocl_separate_memory.sh: the OpenCL device's path for memory the host
# cannot address (CUX_OPENCL_SEPARATE_MEMORY=1, forced on PoCL): copies
# and a kernel work, the device reports no managed memory, and
# cudaMallocManaged says cudaErrorNotSupported, as CUDA does on such a
# device; cuBLAS, cuBLASLt, cuFFT and cuRAND refuse their handles
# there.  SKIP where cuxinfo lists no OpenCL device, and in sanitizer
# builds (as tests/run.sh's opencl leg).
#
# Usage: sh tests/unit/ocl_separate_memory.sh   (after make)

cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
. "$ROOT/tests/sanitizer.sh"
if [ -n "$SAN_LIB" ]; then
    echo "SKIP ocl_separate_memory: sanitizer build"; exit 0
fi
if ! bin/cuxinfo --list-kinds 2>/dev/null | grep -qx opencl; then
    echo "SKIP ocl_separate_memory: no OpenCL device"; exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cux_oclsep.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
bin/cuxcc -o "$TMP/t" tests/unit/ocl_separate_memory.cu -lcublas -lcublasLt \
    -lcufft -lcurand > "$TMP/out" 2>&1 &&
    CUX_DEVICE=opencl CUX_OPENCL_SEPARATE_MEMORY=1 timeout 120 "$TMP/t" \
        > "$TMP/out" 2>&1 &&
    grep -q '^managedMemory 0, cudaMallocManaged: cudaErrorNotSupported$' \
        "$TMP/out" &&
    grep -q '^integrated 0, libraries as expected$' "$TMP/out" &&
    grep -q '^PASS$' "$TMP/out"
st=$?
if [ $st -eq 0 ]; then echo "PASS ocl_separate_memory"; else
    echo "FAIL ocl_separate_memory"; sed 's/^/    /' "$TMP/out"; fi
exit $st
