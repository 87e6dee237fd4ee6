#!/bin/sh
# run.sh: runs every test group of cux and prints one line per test, then
# "N passed, N failed, N skipped" as the last line; exit 0 iff none failed.
#
# Invoked by `make test` from the repository root after `make all`.  Groups
# (a missing one is skipped silently): unit (C and shell), driver, nvcc
# (programs built by NVIDIA's nvcc, where it is installed), toolkit (the
# CUDA-toolkit-shaped tree `make install` makes, with make and CMake),
# runtime, cuda (each test on every device kind), cuda@nvcc (each test
# again, its PTX by nvcc where installed, on cpu), ptx (round trip of the
# CUDA tests' PTX through the PTX unit test).  Logs go to tests/out/<group>/NAME.log; a
# failing test's log path is named on its FAIL line.
#
# CUX_SANITIZE=1 (make check-asan): libcux is built with ASan/UBSan, but the
# test programs are not, so the ASan runtime must be loaded first: each
# program runs with LD_PRELOAD of gcc's libasan.so.  Leak checking stays on.
# CUX_SANITIZE=thread (make check-tsan): the same with ThreadSanitizer.
# tests/sanitizer.sh says how, and why the JIT's cc runs without the preload.
# A CUDA test that needs several devices says how many in a line
# "cux-devices: 2 3" near its top (device_counts); one that uses a CUDA
# library names its link flags in a line "cux-link: -lcublas" among its
# first 15 (cuda_build), in every leg.
# A test whose kernels take the JIT long (Thrust's and CUB's) says why in
# a line "cux-heavy-jit: REASON" among its first 15: it runs with four
# times the timeout, and not again at the narrower vector widths or for
# sm_75; with
# "cux-heavy-jit-nvcc: REASON", only its nvcc leg has the longer timeout;
# "cux-heavy-jit-opencl: REASON" gives its opencl leg ten times the
# timeout, for kernels the OpenCL driver compiles for minutes the first
# time (PoCL's cache keeps them afterwards); "cux-long-jit: REASON" gives
# every leg four times the timeout and skips none, for a test whose C
# takes the JIT most of a minute with a cold cache.
# CUX_TEST_DEVICES overrides the device list; CUX_TEST_FILTER (a shell
# pattern) limits the CUDA tests run; CUX_TEST_JOBS sets build parallelism.
# CUX_STRESS_SECONDS sets how long tests/cuda/stress_streams.cu runs
# (default 2; give CUX_TEST_TIMEOUT room for a longer run).

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
OUT=tests/out
JOBS=${CUX_TEST_JOBS:-2}
TIMEOUT=${CUX_TEST_TIMEOUT:-60}
FILTER=${CUX_TEST_FILTER:-*}
CC=${CC:-gcc}
WARN="-std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE"
NPASS=0
NFAIL=0
NSKIP=0
mkdir -p "$OUT"

pass() { NPASS=$((NPASS + 1)); echo "PASS $1"; }
fail() { NFAIL=$((NFAIL + 1)); echo "FAIL $1${2:+ ($2)}"; }
skip() { NSKIP=$((NSKIP + 1)); echo "SKIP $1${2:+ ($2)}"; }

# Programs run with the just-built libcux (and ASan's runtime if asked).
LD_LIBRARY_PATH="$ROOT/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
. "$ROOT/tests/sanitizer.sh"

# run_prog LOG CMD...: runs CMD with the timeout (and the sanitizer's
# preload), stdout+stderr to LOG; returns its status (124 on timeout).
# LIMIT, where set, replaces TIMEOUT.
run_prog() {
    log=$1
    shift
    if [ -n "$SAN_LIB" ]; then
        LD_PRELOAD="$SAN_LIB" timeout "${LIMIT:-$TIMEOUT}" "$@" >"$log" 2>&1
    else
        timeout "${LIMIT:-$TIMEOUT}" "$@" >"$log" 2>&1
    fi
}

# why STATUS: a short reason for a failing exit status.
why() {
    case $1 in
    124) echo "timeout after ${LIMIT:-$TIMEOUT}s" ;;
    139) echo "segmentation fault" ;;
    134) echo "aborted" ;;
    136) echo "floating point exception" ;;
    135) echo "bus error" ;;
    *) if [ "$1" -gt 128 ]; then echo "killed by signal $(($1 - 128))";
       else echo "exit $1"; fi ;;
    esac
}

# count_lines LOG GROUP: adds a script's own PASS/FAIL/SKIP lines.
count_lines() {
    p=$(grep -c '^PASS' "$1")
    f=$(grep -c '^FAIL' "$1")
    s=$(grep -c '^SKIP' "$1")
    grep -E '^(PASS|FAIL|SKIP)' "$1" | sed "s|^\([A-Z]*\) |\1 $2/|"
    NPASS=$((NPASS + p))
    NFAIL=$((NFAIL + f))
    NSKIP=$((NSKIP + s))
}

# --- (a) unit tests: C programs and shell scripts --------------------------

# A unit test links libcux if its name starts with test_rt, if its header
# says "link: libcux", or if it includes cuda_runtime.h.
unit_links_cux() {
    case $(basename "$1") in test_rt*) return 0 ;; esac
    head -n 5 "$1" | grep -q 'link: *libcux' && return 0
    grep -q '^#include *<cuda_runtime' "$1"
}

# Extra sources a unit test's "Build:" comment names besides the compiler
# core (util, ptx, analysis, codegen), which every unit test links.
unit_extra_src() {
    head -n 15 "$1" | grep -o 'src/[A-Za-z0-9_/]*\.c' |
        grep -v '^src/util/\|^src/ptx/\|^src/analysis/\|^src/codegen/' |
        while read -r s; do
            [ -f "$s" ] && echo "$s"
        done
}

unit_c() {
    f=$1
    n=$(basename "$f" .c)
    exe=$OUT/unit/$n
    log=$OUT/unit/$n.log
    libs=""
    unit_links_cux "$f" && libs="-Llib -lcux -Wl,-rpath,$ROOT/lib"
    # shellcheck disable=SC2086
    if ! $CC $WARN -g -Isrc -Iinclude -Ibuild/gen -o "$exe" "$f" \
            src/util/*.c src/ptx/*.c src/analysis/*.c src/codegen/common/*.c \
            src/codegen/c/*.c src/codegen/opencl/*.c \
            $(unit_extra_src "$f") $libs -lm \
            -lpthread \
            >"$OUT/unit/$n.build.log" 2>&1; then
        fail "unit/$n" "build failed, see $OUT/unit/$n.build.log"
        return
    fi
    run_prog "$log" "$exe"
    st=$?
    if [ $st -eq 0 ]; then pass "unit/$n"
    else fail "unit/$n" "$(why $st), see $log"; fi
}

unit_sh() {
    n=$(basename "$1" .sh)
    log=$OUT/unit/$n.log
    timeout 600 sh "$1" >"$log" 2>&1
    st=$?
    if [ $st -ne 0 ]; then fail "unit/$n" "$(why $st), see $log"
    elif grep -q '^SKIP' "$log"; then
        skip "unit/$n" "$(grep -m1 '^SKIP' "$log")"
    else pass "unit/$n"; fi
}

group_unit() {
    ls tests/unit/*.c tests/unit/*.sh >/dev/null 2>&1 || return 0
    mkdir -p "$OUT/unit"
    for f in tests/unit/*.c; do [ -f "$f" ] && unit_c "$f"; done
    for f in tests/unit/*.sh; do [ -f "$f" ] && unit_sh "$f"; done
}

# --- (b) script groups: one script with its own PASS/FAIL/SKIP lines -----
# driver (cuxcc's command line), nvcc (programs built by NVIDIA's nvcc,
# skipped without the toolkit) and toolkit (the CUDA-toolkit-shaped tree
# `make install` lays out, with make and CMake).

# group_script NAME: runs tests/NAME/run.sh and counts its lines.
group_script() {
    [ -f "tests/$1/run.sh" ] || return 0
    mkdir -p "$OUT/$1"
    log=$OUT/$1/run.log
    timeout 900 sh "tests/$1/run.sh" >"$log" 2>&1
    st=$?
    count_lines "$log" "$1"
    if [ $st -ne 0 ] && ! grep -q '^FAIL' "$log"; then
        fail "$1/run.sh" "$(why $st) without a FAIL line, see $log"
    fi
}

# --- (c) runtime tests: C programs against libcux --------------------------

group_runtime() {
    ls tests/runtime/*.c >/dev/null 2>&1 || return 0
    # The runtime tests may bring their own runner (shared header, fakes).
    if [ -f tests/runtime/run.sh ]; then
        mkdir -p "$OUT/runtime"
        timeout 900 sh tests/runtime/run.sh >"$OUT/runtime/run.log" 2>&1
        st=$?
        count_lines "$OUT/runtime/run.log" runtime
        if [ $st -ne 0 ] && ! grep -q '^FAIL' "$OUT/runtime/run.log"; then
            fail "runtime/run.sh" "$(why $st) without a FAIL line"
        fi
        return
    fi
    mkdir -p "$OUT/runtime"
    for f in tests/runtime/*.c; do
        n=$(basename "$f" .c)
        exe=$OUT/runtime/$n
        if ! $CC $WARN -g -Iinclude -o "$exe" "$f" -Llib -lcux \
                -Wl,-rpath,"$ROOT/lib" -lm -lpthread \
                >"$OUT/runtime/$n.build.log" 2>&1; then
            fail "runtime/$n" "build failed, see $OUT/runtime/$n.build.log"
            continue
        fi
        run_prog "$OUT/runtime/$n.log" "$exe"
        st=$?
        if [ $st -eq 0 ]; then pass "runtime/$n"
        else fail "runtime/$n" "$(why $st), see $OUT/runtime/$n.log"; fi
    done
}

# --- (d) CUDA tests on every device ----------------------------------------

# devices: the device kinds to run the CUDA tests on.  cpu always, also
# held to narrower machine vectors (cpu:wN is CUX_VECTOR_WIDTH=N, see
# docs/environment.md) where the C compiler can be, except in the
# sanitizer build; opencl where cuxinfo --list-kinds names it (an OpenCL
# platform with a device, PoCL's from mk/deps.sh), every test but those
# tests/cuda/opencl.skip lists.  The 8-lane run also turns off the
# builds specialised for a block shape (:general is CUX_SPECIALIZE=0), so
# the general code runs every shape too.
devices() {
    if [ -n "${CUX_TEST_DEVICES:-}" ]; then
        echo "$CUX_TEST_DEVICES"
        return
    fi
    echo cpu
    # The sanitizer build checks libcux, which the width does not change.
    # The last leg is the tests built for sm_75 (cuxcc -arch=sm_75), the
    # older of cuxcc's two device targets.
    if [ -z "${CUX_SANITIZE:-}" ] || [ "$CUX_SANITIZE" = 0 ]; then
        case $(uname -m) in
        x86_64|i?86) echo cpu:w8:general; echo cpu:w4:sm75 ;;
        *) echo cpu:sm75 ;;
        esac
    fi
    # Not in the sanitizer builds either: PoCL (LLVM inside) keeps
    # allocations to exit that LeakSanitizer would charge to the tests.
    if [ -x bin/cuxinfo ] && { [ -z "${CUX_SANITIZE:-}" ] ||
                               [ "$CUX_SANITIZE" = 0 ]; } &&
       bin/cuxinfo --list-kinds 2>/dev/null | grep -qx opencl; then
        echo opencl
    fi
}

# opencl_excluded NAME: why tests/cuda/opencl.skip leaves NAME out of the
# opencl leg (one "NAME reason" line each), or nothing.
opencl_excluded() {
    grep -m1 "^$1 " tests/cuda/opencl.skip 2>/dev/null | sed "s/^$1 *//"
}

cuda_tests() {
    for f in tests/cuda/$FILTER.cu; do [ -f "$f" ] && echo "$f"; done
}

# light_cuda_tests: the CUDA tests but the cux-heavy-jit ones.
light_cuda_tests() {
    for f in $(cuda_tests); do [ -n "$(heavy_jit "$f")" ] || echo "$f"; done
}

# cuda_build DIR [CUXCC FLAGS...]: builds every CUDA test (JOBS at a
# time; those LIST names, default cuda_tests) into DIR; a failed build
# leaves a NAME.build.log and no executable.
cuda_build() {
    dir=$1
    shift
    ${LIST:-cuda_tests} | xargs -P "$JOBS" -I{} sh -c '
        f=$1 dir=$2
        n=$(basename "$f" .cu)
        shift 2
        rm -f "$dir/$n"
        link=$(head -n 15 "$f" | sed -n "s/.*cux-link: *//p" | head -n 1)
        # shellcheck disable=SC2086
        bin/cuxcc -O2 "$@" -o "$dir/$n" "$f" $link >"$dir/$n.build.log" 2>&1 ||
            rm -f "$dir/$n"' sh {} "$dir" "$@"
}

# expected_missing EXP LOG: prints the expected lines the log lacks,
# counting repeated lines (a multiset check; order is free).
expected_missing() {
    sort "$1" | uniq -c | while read -r cnt line; do
        have=$(grep -cxF -- "$line" "$2")
        [ "$have" -ge "$cnt" ] || echo "$line"
    done
}

# device_counts FILE: the device counts a CUDA test asks for in a
# "cux-devices: 2 3" line among its first 15: on the CPU kinds it runs
# once per count with CUX_CPU_DEVICES=N (named NAME@cpu:dN, NAME@cpu:w4:sm75:dN)
# instead of on one device.  Other kinds run it as any test.
device_counts() {
    head -n 15 "$1" | sed -n 's/.*cux-devices: *\([0-9 ]*\).*/\1/p' |
        head -n 1
}

# heavy_jit FILE [MARKER]: the reason in its "cux-heavy-jit:" line (or
# MARKER's), if any.
heavy_jit() {
    head -n 15 "$1" | sed -n "s/.*${2:-cux-heavy-jit}: *//p" | head -n 1
}

# cuda_run NAME DEVICE [COUNT [DIR [LEG]]]: runs DIR/NAME (default
# $OUT/cuda) on DEVICE; COUNT sets CUX_CPU_DEVICES; LEG names a build
# other than the default one (cuda/NAME@LEG).
cuda_run() {
    n=$1
    count=${3:-}
    dev=$2${count:+:d$count}
    dir=${4:-$OUT/cuda}
    name="cuda/$n"
    [ "$dev" = cpu ] || name="cuda/$n@$dev"
    [ -z "${5:-}" ] || name="cuda/$n@$5"
    log=$dir/$n.$dev.log
    width= specialize=
    case $dev in *:w*) width=${dev#*:w}; width=${width%%:*} ;; esac
    case $dev in *:general) specialize=0 ;; esac
    if [ ! -x "$dir/$n" ]; then
        fail "$name" "build failed, see $dir/$n.build.log"
        return
    fi
    LIMIT=
    [ -z "$(heavy_jit "tests/cuda/$n.cu")" ] || LIMIT=$((TIMEOUT * 4))
    [ -z "$(heavy_jit "tests/cuda/$n.cu" cux-long-jit)" ] ||
        LIMIT=$((TIMEOUT * 4))
    [ "${5:-}" != nvcc ] ||
        [ -z "$(heavy_jit "tests/cuda/$n.cu" cux-heavy-jit-nvcc)" ] ||
        LIMIT=$((TIMEOUT * 4))
    [ "${dev%%:*}" != opencl ] ||
        [ -z "$(heavy_jit "tests/cuda/$n.cu" cux-heavy-jit-opencl)" ] ||
        LIMIT=$((TIMEOUT * 10))
    CUX_DEVICE=${dev%%:*} CUX_VECTOR_WIDTH=$width CUX_SPECIALIZE=$specialize \
        CUX_CPU_DEVICES=$count run_prog "$log" "$dir/$n"
    st=$?
    reason=$(why $st)
    LIMIT=
    if [ $st -ne 0 ]; then
        fail "$name" "$reason, see $log"
    elif ! grep -q "^PASS" "$log"; then
        fail "$name" "no PASS line, see $log"
    elif [ -f "tests/cuda/$n.expected" ] &&
         [ -n "$(expected_missing "tests/cuda/$n.expected" "$log")" ]; then
        fail "$name" "expected output missing, see $log"
    else
        pass "$name"
    fi
}

group_cuda() {
    ls tests/cuda/*.cu >/dev/null 2>&1 || return 0
    if [ ! -x bin/cuxcc ]; then
        fail "cuda" "bin/cuxcc missing: run make all"
        return
    fi
    mkdir -p "$OUT/cuda"
    cuda_build "$OUT/cuda"
    if devices | grep -q ':sm75$'; then
        mkdir -p "$OUT/cuda-sm75"
        LIST=light_cuda_tests
        cuda_build "$OUT/cuda-sm75" -arch=sm_75
        LIST=
    fi
    # kind, not dev: sh functions share variables, and cuda_run sets dev
    for kind in $(devices); do
        case $kind in
        *:sm75) dir=$OUT/cuda-sm75 ;;
        *) dir=$OUT/cuda ;;
        esac
        for f in $(cuda_tests); do
            case $kind in
            opencl)
                why=$(opencl_excluded "$(basename "$f" .cu)")
                if [ -n "$why" ]; then
                    skip "cuda/$(basename "$f" .cu)@opencl" "$why"
                    continue
                fi ;;
            *:w*|*:sm75)
                if [ -n "$(heavy_jit "$f")" ]; then
                    skip "cuda/$(basename "$f" .cu)@$kind" \
                         "heavy JIT: native vector width and sm_80 only"
                    continue
                fi ;;
            esac
            counts=$(device_counts "$f")
            case $kind in cpu|cpu:*) ;; *) counts= ;; esac
            if [ -z "$counts" ]; then
                cuda_run "$(basename "$f" .cu)" "$kind" "" "$dir"
                continue
            fi
            for c in $counts; do
                cuda_run "$(basename "$f" .cu)" "$kind" "$c" "$dir"
            done
        done
    done
}

# --- (d2) CUDA tests with the device pass from NVIDIA's nvcc --------------

# Every CUDA test again, its PTX written by nvcc (cuxcc --device-compiler=
# nvcc, docs/cuxcc.md) for sm_80, on the cpu device only: nvcc's PTX
# differs from clang's (math inlined, 32-bit shared addresses,
# predication, ...) and cux must run both.  Skipped as a whole without
# nvcc (NVCC, default /usr/local/cuda/bin/nvcc).  tests/cuda/nvcc.skip
# lists the tests that cannot work with nvcc's PTX, one "NAME reason"
# line each; CUX_TEST_NVCC=0 leaves the leg out.
nvcc_excluded() {
    grep -m1 "^$1 " tests/cuda/nvcc.skip 2>/dev/null | sed "s/^$1 *//"
}

group_cuda_nvcc() {
    ls tests/cuda/*.cu >/dev/null 2>&1 || return 0
    [ "${CUX_TEST_NVCC:-1}" != 0 ] || return 0
    nvcc=${NVCC:-/usr/local/cuda/bin/nvcc}
    if [ ! -x "$nvcc" ]; then
        skip "cuda@nvcc" "no nvcc at $nvcc: leg skipped"
        return
    fi
    [ -x bin/cuxcc ] || return 0
    mkdir -p "$OUT/cuda-nvcc"
    CUX_NVCC=$nvcc
    export CUX_NVCC
    cuda_build "$OUT/cuda-nvcc" --device-compiler=nvcc \
        -arch=sm_80
    for f in $(cuda_tests); do
        n=$(basename "$f" .cu)
        reason=$(nvcc_excluded "$n")
        if [ -n "$reason" ]; then skip "cuda/$n@nvcc" "$reason"
        else
            # a test that needs several devices gets the first count it asks
            cuda_run "$n" cpu "$(device_counts "$f" | cut -d' ' -f1)" \
                "$OUT/cuda-nvcc" nvcc
        fi
    done
}

# --- (e) PTX round trip through the PTX unit test --------------------------

group_ptx() {
    [ -f tests/unit/test_ptx.c ] && [ -x "$OUT/unit/test_ptx" ] || return 0
    ls tests/cuda/*.cu >/dev/null 2>&1 || return 0
    [ -x bin/cuxcc ] || return 0
    mkdir -p "$OUT/ptx"
    cuda_tests | xargs -P "$JOBS" -I{} sh -c '
        n=$(basename "$1" .cu)
        bin/cuxcc -ptx -o "$2/$n.ptx" "$1" >"$2/$n.build.log" 2>&1 ||
            rm -f "$2/$n.ptx"' sh {} "$OUT/ptx"
    for f in $(cuda_tests); do
        n=$(basename "$f" .cu)
        [ -f "$OUT/ptx/$n.ptx" ] ||
            fail "ptx/$n" "cuxcc -ptx failed, see $OUT/ptx/$n.build.log"
    done
    if ls "$OUT"/ptx/*.ptx >/dev/null 2>&1; then
        # with the hand-written PTX of tests/ptx (nvcc's forms among them)
        run_prog "$OUT/ptx/roundtrip.log" "$OUT/unit/test_ptx" "$OUT"/ptx/*.ptx \
            tests/ptx/*.ptx
        st=$?
        if [ $st -eq 0 ]; then pass "ptx/roundtrip"
        else fail "ptx/roundtrip" "$(why $st), see $OUT/ptx/roundtrip.log"; fi
    fi
    if ls tests/malformed/*.ptx >/dev/null 2>&1; then
        run_prog "$OUT/ptx/malformed.log" "$OUT/unit/test_ptx" --malformed \
            tests/malformed/*.ptx
        st=$?
        if [ $st -eq 0 ]; then pass "ptx/malformed"
        else fail "ptx/malformed" "$(why $st), see $OUT/ptx/malformed.log"; fi
    fi
}

# tests/fuzz is not part of `make test`: fuzzing runs on its own.

group_unit
group_script driver
group_script nvcc
group_script toolkit
group_runtime
group_cuda
group_cuda_nvcc
group_ptx
echo "$NPASS passed, $NFAIL failed, $NSKIP skipped"
[ "$NFAIL" -eq 0 ]
