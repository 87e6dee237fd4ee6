#!/bin/sh
# run.sh: programs built by NVIDIA's nvcc with -cudart shared, run on cux
# through lib/libcudart.so.N (mk/cudart.mk); one PASS, FAIL or SKIP line
# each.  The NVIDIA toolkit is not a dependency of cux: without nvcc
# (NVCC, default /usr/local/cuda/bin/nvcc) every program is skipped.
#
# Each tests/nvcc/NAME.cu prints PASS when its results match the host's;
# NAME.expected lists lines its output must also hold.  A program's nvcc
# options are the default below unless its name has a case in flags().
# CUX_SANITIZE=1 or thread: libcux is built with a sanitizer, whose
# runtime is preloaded (tests/sanitizer.sh).

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
NVCC=${NVCC:-/usr/local/cuda/bin/nvcc}
out=$root/tests/out/nvcc
mkdir -p "$out"

passed=0 failed=0 skipped=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1${2:+ ($2)}"; failed=$((failed + 1)); }
skip() { echo "SKIP $1${2:+ ($2)}"; skipped=$((skipped + 1)); }

ROOT=$root
. "$root/tests/sanitizer.sh"
san=$SAN_LIB

# The libraries carry NVIDIA's soname and version node, which is all the
# dynamic linker checks; this needs no toolkit.
for n in 12 13; do
    lib=$root/lib/libcudart.so.$n
    if ! command -v objdump >/dev/null 2>&1; then
        skip "soname.$n" "no objdump"
    elif objdump -p "$lib" 2>/dev/null | grep -q "SONAME *libcudart.so.$n\$" &&
         objdump -T "$lib" | grep -q "libcudart.so.$n *cudaMalloc\$"; then
        pass "soname.$n"
    else
        fail "soname.$n" "$lib lacks soname or version node libcudart.so.$n"
    fi
done

# flags NAME: nvcc's device code options for a program.
flags() {
    case $1 in
    sass_only) echo "-gencode arch=compute_75,code=sm_75" ;;
    # several PTX entries (cux takes compute_80), stored uncompressed
    vector_add.multi) echo "-no-compress -gencode arch=compute_75,code=sm_75
        -gencode arch=compute_80,code=compute_80
        -gencode arch=compute_120,code=compute_120" ;;
    # nvcc's other PTX: fast math (approximate forms, .ftz), .loc lines,
    # and the unoptimised PTX of a debug build
    int_intrinsics.fast) echo "-arch=sm_75 -use_fast_math -lineinfo" ;;
    int_intrinsics.debug) echo "-arch=sm_75 -G" ;;
    # NVIDIA's cuBLAS(Lt), cuFFT and cuRAND at build time, cux's at run time
    libraries) echo "-arch=sm_75 -lcublas -lcublasLt -lcufft -lcurand" ;;
    *) echo "-arch=sm_75" ;; # SASS and zstd-compressed PTX (nvcc 13)
    esac
}

# run_one NAME SOURCE
run_one() {
    name=$1
    exe=$out/$name
    # shellcheck disable=SC2046
    if ! "$NVCC" -cudart shared $(flags "$name") -o "$exe" "$2" \
            >"$exe.build.log" 2>&1; then
        fail "$name" "nvcc failed, see $exe.build.log"
        return
    fi
    if [ -n "$san" ]; then
        LD_PRELOAD=$san LD_LIBRARY_PATH=$root/lib timeout 120 "$exe" \
            >"$exe.log" 2>&1
    else
        LD_LIBRARY_PATH=$root/lib timeout 120 "$exe" >"$exe.log" 2>&1
    fi
    st=$?
    exp=${2%.cu}.expected
    if [ $st -ne 0 ] || ! grep -q '^PASS' "$exe.log"; then
        fail "$name" "exit $st, see $exe.log"
    elif [ -f "$exp" ] && [ "$(grep -cxFf "$exp" "$exe.log")" -lt \
                             "$(wc -l <"$exp")" ]; then
        fail "$name" "expected lines missing, see $exe.log"
    else
        pass "$name"
    fi
}

# curand_host_ref: the same cuRAND host-generator calls through NVIDIA's
# libcurand and cux's (curand_dump.c; host generators need no GPU), their
# outputs compared: integers and uniforms bit for bit, normals within
# rounding (each library has its own log, sin and cos).
curand_ref() {
    cuda=$(dirname "$(dirname "$NVCC")")
    if [ ! -f "$cuda/lib64/libcurand.so" ]; then
        skip curand_host_ref "no libcurand in $cuda/lib64"
        return
    fi
    dump=$out/curand_dump
    if ! cc -O2 -I"$cuda/include" "$here/curand_dump.c" -L"$cuda/lib64" \
            -lcurand -Wl,-rpath,"$cuda/lib64" -o "$dump.nvidia" \
            >"$dump.build.log" 2>&1 ||
       ! cc -O2 -I"$root/include" "$here/curand_dump.c" -L"$root/lib" \
            -lcurand -lcux -Wl,-rpath,"$root/lib" -o "$dump.cux" \
            >>"$dump.build.log" 2>&1; then
        fail curand_host_ref "build failed, see $dump.build.log"
        return
    fi
    # The library path names cux's lib/, whose libcurand.so.10 has the
    # same soname: NVIDIA's program must find NVIDIA's.
    LD_LIBRARY_PATH=$cuda/lib64 "$dump.nvidia" >"$dump.nvidia.log" 2>&1
    LD_PRELOAD=$san LD_LIBRARY_PATH=$root/lib timeout 120 "$dump.cux" \
        >"$dump.cux.log" 2>&1
    if awk 'NR == FNR { want[FNR] = $0; n = FNR; next }
        {
            if (!(FNR in want)) exit 1
            split(want[FNR], w, " ")
            k = split($0, g, " ")
            for (i = 1; i < k; i++) if (g[i] != w[i]) exit 1
            a = w[k]; b = g[k]; c = substr(a, 1, 1)
            if (c != "n" && c != "m") { if (a != b) exit 1; next }
            x = substr(a, 2) + 0; y = substr(b, 2) + 0
            tol = (c == "n" ? 2e-6 : 1e-13) * (1 + (x < 0 ? -x : x))
            if (x - y > tol || y - x > tol) exit 1
        }
        END { if (FNR != n) exit 1 }' "$dump.nvidia.log" "$dump.cux.log"
    then
        pass curand_host_ref
    else
        fail curand_host_ref "cux's results differ from NVIDIA's, see $dump.cux.log"
    fi
}

if [ ! -x "$NVCC" ]; then
    for f in "$here"/*.cu; do
        skip "$(basename "$f" .cu)" "no nvcc at $NVCC"
    done
else
    for f in "$here"/*.cu; do
        run_one "$(basename "$f" .cu)" "$f"
    done
    run_one vector_add.multi "$here/vector_add.cu"
    run_one int_intrinsics.fast "$here/int_intrinsics.cu"
    run_one int_intrinsics.debug "$here/int_intrinsics.cu"
    # bin/cux run sets the library path itself.  A sanitizer's runtime is
    # preloaded into the program only: TSan's crashes the shell that runs
    # bin/cux.
    if env -u LD_LIBRARY_PATH "$root/bin/cux" run \
            ${san:+env LD_PRELOAD=$san} "$out/vector_add" \
            >"$out/cux_run.log" 2>&1 &&
       grep -q '^PASS' "$out/cux_run.log"; then
        pass "cux_run"
    else
        fail "cux_run" "see $out/cux_run.log"
    fi
    # The reason for a SASS-only binary is logged once, with the fix.
    if grep -q "only SASS for sm_75.*code=\[sm_75,compute_75\]" \
            "$out/sass_only.log" 2>/dev/null; then
        pass "sass_only.message"
    else
        fail "sass_only.message" "no rebuild advice in $out/sass_only.log"
    fi
fi
curand_ref
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
