#!/bin/sh
# ocl_program_cache.sh: the OpenCL device keeps each program's binary in
# the compile cache (<cache>/opencl/<key>.bin), a second run builds from
# it (the module's source is the same in every run, module variables and
# the clock included, so no second binary appears), and a binary the
# driver cannot use (garbage, or empty) is rebuilt from source and
# written again, never a failed launch.  SKIP where
# cuxinfo lists no OpenCL device, and in sanitizer builds, whose leak
# check would count the driver's own allocations (as tests/run.sh's
# opencl leg).  CUX_OPENCL_BINARY_CACHE=1, as PoCL (this machine's
# driver) keeps no binaries by default (ocl_program_cache.c says why).
#
# Usage: sh tests/unit/ocl_program_cache.sh   (after make)

cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
. "$ROOT/tests/sanitizer.sh"
if [ -n "$SAN_LIB" ]; then
    echo "SKIP ocl_program_cache: sanitizer build"; exit 0
fi
if ! bin/cuxinfo --list-kinds 2>/dev/null | grep -qx opencl; then
    echo "SKIP ocl_program_cache: no OpenCL device"; exit 0
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cux_oclcache.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
FAIL=0
check() { # NAME STATUS
    if [ "$2" -eq 0 ]; then echo "PASS ocl_program_cache $1"
    else echo "FAIL ocl_program_cache $1"; FAIL=1; fi
}

cat > "$TMP/t.cu" <<'CU'
#include <cstdio>
__device__ int bias = 1;
__device__ long long ticks;
__global__ void twice(int *v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] = 2 * i + bias;
    if (i == 0)
        ticks = clock64();
}
int main()
{
    const int n = 1000;
    int *d, h[n];
    if (cudaMalloc(&d, sizeof h) != cudaSuccess) return 1;
    twice<<<(n + 127) / 128, 128>>>(d, n);
    if (cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost) != cudaSuccess)
        return 1;
    for (int i = 0; i < n; i++)
        if (h[i] != 2 * i + 1) { printf("v[%d] = %d\n", i, h[i]); return 1; }
    printf("PASS\n");
    return 0;
}
CU
bin/cuxcc -o "$TMP/t" "$TMP/t.cu" > "$TMP/log" 2>&1
check build $?
# run: the program on the OpenCL device with the test's own cache.
run() {
    CUX_DEVICE=opencl CUX_OPENCL_BINARY_CACHE=1 CUX_CACHE_DIR="$TMP/cache" \
        timeout 120 "$TMP/t" \
        > "$TMP/out" 2>&1 && grep -q '^PASS$' "$TMP/out"
}
run
check first_run $?
BIN=$(ls "$TMP"/cache/opencl/*.bin 2>/dev/null | head -n 1)
[ -s "$BIN" ]
check binary_written $?
run && [ "$(ls "$TMP"/cache/opencl/*.bin | wc -l)" -eq 1 ]
check runs_from_binary $?
head -c 4096 /dev/urandom > "$TMP/garbage" && cp "$TMP/garbage" "$BIN" &&
    run && [ -s "$BIN" ] && ! cmp -s "$BIN" "$TMP/garbage"
check garbage_rebuilt $?
: > "$BIN" && run && [ -s "$BIN" ]
check empty_rebuilt $?
exit $FAIL
