#!/bin/sh
# alloc.sh: runtime-overhead benchmarks, apart from run.sh's kernel table:
# stream-ordered allocation (bench/alloc_rate.cu: cudaMallocAsync +
# cudaFreeAsync pairs per second against malloc + free) and graph launch
# (bench/graph_launch.cu: K small kernels as one graph against one by
# one).  Usage: sh bench/alloc.sh  (also the end of `make bench`).
# CUXCC=/path/to/compiler picks another CUDA compiler (default bin/cuxcc).

cd "$(dirname "$0")/.." || exit 1
CUXCC=${CUXCC:-bin/cuxcc}
OUT=bench/out
mkdir -p "$OUT"
fail=0
echo
echo "runtime overhead (best of 5 after a warm-up; ratios below 1 favour" \
     "the first-named side)"
for name in alloc_rate graph_launch; do
    if ! $CUXCC -O3 -arch=sm_75 -o "$OUT/$name" "bench/$name.cu" \
            >"$OUT/$name.build.log" 2>&1; then
        echo "$name: build failed, see $OUT/$name.build.log"
        fail=1
        continue
    fi
    # One line per BENCH line: its name, then its key=value pairs.
    timeout "${BENCH_TIMEOUT:-120}" "$OUT/$name" >"$OUT/$name.txt" ||
        fail=1
    sed -n 's/^BENCH //p' "$OUT/$name.txt" |
        awk '{ printf "%-14s", $1; for (i = 2; i <= NF; i++) {
               split($i, kv, "="); printf " %s %s", kv[1], kv[2] }
               print "" }'
done
exit $fail
