#!/bin/sh
# run.sh: builds each CUDA benchmark with cuxcc and its C/OpenMP twin with
# gcc, runs every pair on this machine, and prints the ratio table.
# Usage: sh bench/run.sh [name...]   (default: all pairs; `make bench`)
# CUXCC=/path/to/compiler picks another CUDA compiler (default bin/cuxcc).

cd "$(dirname "$0")/.." || exit 1
CUXCC=${CUXCC:-bin/cuxcc}
OMPCC=${OMPCC:-gcc}
OUT=bench/out
LIMIT=${BENCH_TIMEOUT:-120}
PAIRS=${*:-copy triad reduce reduce_smem histogram scan transpose stencil \
    sgemm nbody blackscholes spmv softmax mandel}
mkdir -p "$OUT"

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "machine: ${cpu:-unknown CPU}, $(nproc) cores" \
     "(CUX_CPU_THREADS=${CUX_CPU_THREADS:-all}," \
     "OMP_NUM_THREADS=${OMP_NUM_THREADS:-all})"
echo "cuda: $CUXCC -O3 -arch=sm_75;" \
     "openmp: $OMPCC -O3 -march=native -fno-math-errno -fopenmp"
echo "times are the best of up to 5 runs after a warm-up run"
echo

# Prints the value of KEY= from the BENCH line of the program's output,
# or a word saying why there is none.
measure() { # key program
    if [ ! -x "$2" ]; then echo "no-build"; return; fi
    echo "== $2" >>"$OUT/errors.log"
    timeout "$LIMIT" "$2" >"$OUT/last.txt" 2>>"$OUT/errors.log"
    status=$?
    line=$(grep '^BENCH ' "$OUT/last.txt")
    case "$line" in
    *"$1="*) echo "$line" | sed "s/.*$1=\([^ ]*\).*/\1/" ;;
    *error=*) echo "wrong" ;;
    *) [ $status -eq 124 ] && echo "timeout" || echo "crash" ;;
    esac
}

build() { # name
    echo "== build $1" >>"$OUT/errors.log"
    rm -f "$OUT/$1" "$OUT/$1_omp"
    $CUXCC -O3 -arch=sm_75 -o "$OUT/$1" "bench/$1.cu" \
        >>"$OUT/errors.log" 2>&1
    # -fno-math-errno: cux's generated C has it too, and without it gcc
    # keeps sqrtf scalar in case it must set errno.
    $OMPCC -std=c11 -O3 -march=native -fno-math-errno -fopenmp \
        -o "$OUT/$1_omp" \
        "bench/$1_omp.c" -lm >>"$OUT/errors.log" 2>&1
}

: >"$OUT/errors.log"
ratios=""
printf '%-12s %12s %12s %10s\n' name "cux ms" "OpenMP ms" "cux/OpenMP"
fail=0
for name in $PAIRS; do
    build "$name"
    cux=$(measure cuda_ms "$OUT/$name")
    omp=$(measure omp_ms "$OUT/${name}_omp")
    ratio=$(awk -v a="$cux" -v b="$omp" 'BEGIN {
        if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }')
    [ "$ratio" = "-" ] && fail=1
    printf '%-12s %12s %12s %10s\n' "$name" "$cux" "$omp" "$ratio"
    [ "$ratio" != "-" ] && ratios="$ratios $ratio"
done
echo "$ratios" | awk '{ s = 0; for (i = 1; i <= NF; i++) s += log($i);
    if (NF) printf "%-12s %12s %12s %10.2f\n", "geomean", "", "", exp(s / NF) }'
echo
echo "cux/OpenMP below 1 means the CUDA code on cux beat the OpenMP code"
if [ $fail -ne 0 ]; then
    echo
    echo "some benchmarks did not run; see $OUT/errors.log"
fi
exit $fail
