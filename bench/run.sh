#!/bin/sh
# run.sh: builds each CUDA benchmark with cuxcc, its C/OpenMP twin with gcc
# and its OpenCL twin (NAME_ocl.c with gcc; it builds NAME.cl on PoCL's CPU
# device at run time), runs them on this machine and prints the ratio
# table twice: with all threads, then with one thread on every side.
# Usage: sh bench/run.sh [name...]   (default: all; `make bench`)
# CUXCC=/path/to/compiler picks another CUDA compiler (default bin/cuxcc).
# OpenCL is optional: without its headers or a CPU device the PoCL column
# shows `-` and does not fail the run (`sh mk/deps.sh` installs it).  The
# cux-OCL column runs the CUDA program again on cux's OpenCL device where
# cuxinfo lists one; `-` there is a kernel that device does not run yet.
# A pair that compares a CUDA library with the CPU library under it
# (fft_lib: cuFFT with FFTW; blas_lib: cuBLAS with OpenBLAS) has no
# OpenCL twin, and shows `-` there too;
# a `bench-link:` line in its first 10 lines names what each side links.

cd "$(dirname "$0")/.." || exit 1
CUXCC=${CUXCC:-bin/cuxcc}
OMPCC=${OMPCC:-gcc}
OCLCC=${OCLCC:-gcc}
OUT=bench/out
LIMIT=${BENCH_TIMEOUT:-120}
PAIRS=${*:-copy triad reduce reduce_smem histogram scan transpose stencil \
    sgemm nbody blackscholes spmv softmax mandel fft_lib blas_lib}
mkdir -p "$OUT"

# The OpenCL side is built only where the headers are; the library and a
# CPU device are then needed at link and run time as usual.
have_ocl=0
echo '#include <CL/cl.h>' | $OCLCC -E -x c - >/dev/null 2>&1 && have_ocl=1
# cux's own OpenCL device (CUX_DEVICE=opencl, PoCL here) runs the same
# CUDA programs: a column of its own, beside the CPU device's.
have_ocl_dev=0
bin/cuxinfo --list-kinds 2>/dev/null | grep -qx opencl && have_ocl_dev=1

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "machine: ${cpu:-unknown CPU}, $(nproc) cores"
echo "cuda: $CUXCC -O3 -arch=sm_75;" \
     "openmp: $OMPCC -O3 -march=native -fno-math-errno -fopenmp"
if [ $have_ocl -eq 1 ]; then
    echo "opencl: $OCLCC -std=c11 -O2 -lOpenCL, kernels built at run time" \
         "for the first CPU device (PoCL)"
else
    echo "opencl: no CL/cl.h, PoCL column skipped" \
         "(sh mk/deps.sh bench installs it)"
fi
echo "times are the best of up to 5 runs after a warm-up run"

# Prints the value of KEY= from the BENCH line of the program's output,
# or a word saying why there is none; `-` where OpenCL has no CPU device.
measure() { # key program
    if [ ! -x "$2" ]; then echo "no-build"; return; fi
    echo "== $2" >>"$OUT/errors.log"
    timeout "$LIMIT" "$2" >"$OUT/last.txt" 2>>"$OUT/errors.log"
    status=$?
    line=$(grep '^BENCH ' "$OUT/last.txt")
    case "$line" in
    *"$1="*) echo "$line" | sed "s/.*$1=\([^ ]*\).*/\1/" ;;
    *error=no-opencl*) echo "-" ;;
    *error=no-build*) echo "no-build" ;; # NAME.cl did not build
    *error=*) echo "wrong" ;;
    *) [ $status -eq 124 ] && echo "timeout" || echo "crash" ;;
    esac
}

# The libraries a benchmark's FILE links, from its `bench-link:` line.
links() { # file
    head -n 10 "$1" | sed -n 's/.*bench-link: *//p' | head -n 1
}

build() { # name
    echo "== build $1" >>"$OUT/errors.log"
    rm -f "$OUT/$1" "$OUT/$1_omp" "$OUT/$1_ocl"
    # shellcheck disable=SC2046
    $CUXCC -O3 -arch=sm_75 -o "$OUT/$1" "bench/$1.cu" \
        $(links "bench/$1.cu") >>"$OUT/errors.log" 2>&1
    # -fno-math-errno: cux's generated C has it too, and without it gcc
    # keeps sqrtf scalar in case it must set errno.
    # shellcheck disable=SC2046
    $OMPCC -std=c11 -O3 -march=native -fno-math-errno -fopenmp \
        -o "$OUT/$1_omp" \
        "bench/$1_omp.c" $(links "bench/$1_omp.c") -lm \
        >>"$OUT/errors.log" 2>&1
    # The host side only enqueues; PoCL compiles NAME.cl itself, found by
    # its absolute path so the program runs from anywhere.
    [ $have_ocl -eq 1 ] && [ -f "bench/$1_ocl.c" ] &&
        $OCLCC -std=c11 -O2 -DBENCH_CL_DIR="\"$PWD/bench\"" \
            -o "$OUT/$1_ocl" "bench/$1_ocl.c" -lOpenCL -lm \
            >>"$OUT/errors.log" 2>&1
}

# Prints a / b with two decimals, or `-` unless both are times.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'
}

# The value of macro KEY in bench/NAME.h, through the preprocessor and the
# shell's arithmetic (it may be `(1 << 24)`), so the rates below use the
# programs' own sizes.
size_of() { # name key
    v=$(printf '#include "%s.h"\nBENCH_SIZE %s\n' "$1" "$2" |
        $OMPCC -E -P -Ibench -x c - 2>/dev/null |
        sed -n 's/^BENCH_SIZE //p')
    echo $(($v))
}

# cux's throughput where it has a usual unit: bytes moved (read and
# written) for the STREAM kernels; 2n^3 flops for sgemm; for nbody 20
# flops per pair, the customary count (the kernel has 19 and a reciprocal
# square root).  Empty for the others or without a time.
rate() { # name ms
    case $1 in
    copy) n=$(size_of copy N) work=$((2 * 4 * n)) unit=GB/s ;;
    triad) n=$(size_of triad N) work=$((3 * 4 * n)) unit=GB/s ;;
    sgemm) n=$(size_of sgemm DEFAULT_N) work=$((2 * n * n * n)) unit=GFLOP/s ;;
    nbody) n=$(size_of nbody N) work=$((20 * n * n)) unit=GFLOP/s ;;
    *) return ;;
    esac
    awk -v w="$work" -v ms="$2" -v u="$unit" 'BEGIN {
        if (ms + 0 > 0) printf "%.1f %s", w / (ms * 1e6), u }'
}

# Prints the geometric mean of the numbers given, or `-` for none.
geomean() {
    echo "$*" | awk '{ s = 0; for (i = 1; i <= NF; i++) s += log($i);
        if (NF) printf "%.2f", exp(s / NF); else print "-" }'
}

ROW='%-12s %10s %10s %10s %10s %9s %11s %9s  %s\n'

# One table with the thread settings of the environment; a benchmark that
# does not give a time sets fail, except a `-` for PoCL (no OpenCL here).
table() {
    echo
    echo "threads: CUX_CPU_THREADS=${CUX_CPU_THREADS:-all}" \
         "OMP_NUM_THREADS=${OMP_NUM_THREADS:-all}" \
         "POCL_MAX_PTHREAD_COUNT=${POCL_MAX_PTHREAD_COUNT:-all}"
    printf "$ROW" name "cux ms" "OpenMP ms" "PoCL ms" "cux/OpenMP" \
        "cux/PoCL" "cux-OCL ms" "cux/OCL" "cux rate"
    omp_ratios="" ocl_ratios="" dev_ratios=""
    for name in $PAIRS; do
        cux=$(measure cuda_ms "$OUT/$name")
        omp=$(measure omp_ms "$OUT/${name}_omp")
        ocl=-
        [ $have_ocl -eq 1 ] && [ -f "bench/${name}_ocl.c" ] &&
            ocl=$(measure ocl_ms "$OUT/${name}_ocl")
        # The same CUDA program on cux's OpenCL device; a kernel that
        # device refuses yet (docs/opencl.md) shows `-`, not a failure.
        dev=-
        [ $have_ocl_dev -eq 1 ] &&
            dev=$(export CUX_DEVICE=opencl; measure cuda_ms "$OUT/$name")
        case $dev in *[a-z]*) dev=- ;; esac
        r_omp=$(ratio "$cux" "$omp")
        r_ocl=$(ratio "$cux" "$ocl")
        r_dev=$(ratio "$cux" "$dev")
        [ "$r_omp" = "-" ] && fail=1
        case $cux$ocl in *[a-z]*) fail=1 ;; esac # a word, not - or a time
        printf "$ROW" "$name" "$cux" "$omp" "$ocl" "$r_omp" "$r_ocl" \
            "$dev" "$r_dev" "$(rate "$name" "$cux")"
        [ "$r_omp" != "-" ] && omp_ratios="$omp_ratios $r_omp"
        [ "$r_ocl" != "-" ] && ocl_ratios="$ocl_ratios $r_ocl"
        [ "$r_dev" != "-" ] && dev_ratios="$dev_ratios $r_dev"
    done
    printf "$ROW" geomean "" "" "" "$(geomean $omp_ratios)" \
        "$(geomean $ocl_ratios)" "" "$(geomean $dev_ratios)" ""
}

: >"$OUT/errors.log"
fail=0
for name in $PAIRS; do
    build "$name"
done
table
# One thread on every side, to compare the code generated per core
# without the runtimes' scheduling.  PoCL 3.1's pthread device reads
# POCL_MAX_PTHREAD_COUNT (it shows one compute unit then, and one worker
# thread runs the kernels); later PoCL versions renamed it
# POCL_CPU_MAX_CU_COUNT, set too so the table stays right after an upgrade.
export CUX_CPU_THREADS=1 OMP_NUM_THREADS=1 POCL_MAX_PTHREAD_COUNT=1 \
    POCL_CPU_MAX_CU_COUNT=1
table
echo
echo "cux/OpenMP and cux/PoCL below 1 mean the CUDA code on cux beat the" \
     "OpenMP code or the same kernels in OpenCL on PoCL; cux-OCL is the" \
     "same CUDA program on cux's OpenCL device (CUX_DEVICE=opencl), and" \
     "cux/OCL below 1 means cux's CPU device ran it faster"
if [ $fail -ne 0 ]; then
    echo
    echo "some benchmarks did not run; see $OUT/errors.log"
fi
exit $fail
