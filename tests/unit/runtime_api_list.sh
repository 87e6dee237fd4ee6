#!/bin/sh
# runtime_api_list.sh: keeps the "Runtime API functions" section of
# docs/compatibility.md honest against the built libraries and the headers.
#
#   (a) every function the section marks works or partial is exported by
#       lib/libcux.so (what cuxcc links) and by each lib/libcudart.so.N
#       (what programs nvcc built load); the C++ API Routines table is
#       header-only templates, so its names must be declared in include/
#       instead;
#   (b) every cuda* function cux's headers declare is listed;
#   (c) where NVIDIA's toolkit is installed (CUDA_INC, default
#       /usr/local/cuda/include), every cuda* function its runtime headers
#       declare `extern ... __host__` is listed, and so is every call its
#       generated_cudart_removed_meta.h names as removed.  Without it (c) is left out
#       with a note, and the test still passes on (a) and (b);
#   and the counts in the section's introduction match its rows.
#
# Each missing name is printed on its own FAIL line.  Needs `make` first.
# Usage: sh tests/unit/runtime_api_list.sh

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DOC=$ROOT/docs/compatibility.md
CUDA_INC=${CUDA_INC:-/usr/local/cuda/include}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cux_apilist.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
FAIL=0

[ -f "$ROOT/lib/libcux.so" ] || {
    echo "FAIL runtime_api_list: no lib/libcux.so (make)"
    exit 1
}
command -v nm >/dev/null 2>&1 || {
    echo "FAIL runtime_api_list: no nm (binutils)"
    exit 1
}

# The section's table rows as "STATUS TABLE NAME" lines, one per function
# named in a row's first cell (rows may list a family), TABLE being "cxx"
# for the C++ API Routines table and "c" otherwise.
awk '
    /^## / { on = ($0 == "## Runtime API functions"); next }
    !on { next }
    /^### / { table = ($0 ~ /^### C\+\+ API Routines/) ? "cxx" : "c"; next }
    /^\| *`cuda/ {
        n = split($0, cell, "|")
        status = cell[3]
        gsub(/^ +| +$/, "", status)
        names = cell[2]
        while (match(names, /`cuda[A-Za-z0-9_]*`/)) {
            print status, table, substr(names, RSTART + 1, RLENGTH - 2)
            names = substr(names, RSTART + RLENGTH)
        }
    }' "$DOC" > "$TMP/rows"

if [ ! -s "$TMP/rows" ]; then
    echo "FAIL runtime_api_list: no \"## Runtime API functions\" rows in $DOC"
    exit 1
fi
awk '$1 != "works" && $1 != "partial" && !($1 == "not" && $2 == "yet")' \
    "$TMP/rows" > "$TMP/badstatus"
if [ -s "$TMP/badstatus" ]; then
    sed 's/^/FAIL runtime_api_list: status not works, partial or not yet: /' \
        "$TMP/badstatus"
    FAIL=1
fi
# The counts the section's introduction gives ("**N functions, N works, N
# partial, N not yet**") against its rows; rows whose notes say "not
# counted" (the Windows-only groups) are left out of both.
awk '
    /^## / { on = ($0 == "## Runtime API functions"); next }
    !on { next }
    /\*\*[0-9]+ functions/ && !said {
        s = substr($0, index($0, "**") + 2)
        split(s, w, " ")
        said = w[1] " " w[3] " " w[5]
    }
    /^\| *`cuda/ && $0 !~ /not counted/ {
        split($0, cell, "|")
        status = cell[3]
        gsub(/^ +| +$/, "", status)
        k = gsub(/`cuda[A-Za-z0-9_]*`/, "&", cell[2])
        all += k
        if (status == "works") w_ += k
        else if (status == "partial") p_ += k
    }
    END { print said; print all " " w_ " " p_ }' "$DOC" > "$TMP/counts"
if [ "$(sed -n 1p "$TMP/counts")" != "$(sed -n 2p "$TMP/counts")" ]; then
    echo "FAIL runtime_api_list: the introduction's counts (functions, works, partial: $(sed -n 1p "$TMP/counts")) are not the rows' ($(sed -n 2p "$TMP/counts"))"
    FAIL=1
fi
# "not yet" splits into two fields; the name is always the last one.
awk '{ print $NF }' "$TMP/rows" | sort -u > "$TMP/listed"

# cux's declarations: a return type, then the cuda* name and "(".
# Comments are dropped first so that prose naming a call does not count.
for h in "$ROOT"/include/*.h "$ROOT"/include/cux/*.h; do
    sed -e 's|//.*||' "$h" | awk '
        { text = text $0 "\n" }
        END { gsub(/\/\*([^*]|\*+[^*\/])*\*+\//, "", text); printf "%s", text }'
done | grep -oE '(cudaError_t|struct cudaChannelFormatDesc|const char \*)[ 	]*(CUDARTAPI[ 	]+)?cuda[A-Za-z0-9_]*[ 	]*\(' |
    grep -oE 'cuda[A-Za-z0-9_]*[ 	]*\($' | tr -d '( 	' | sort -u > "$TMP/declared"

# (a) works/partial functions are exported.
for lib in "$ROOT"/lib/libcux.so "$ROOT"/lib/libcudart.so.*; do
    [ -f "$lib" ] || continue
    nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "W" { print $3 }' |
        sed 's/@.*//' | sort -u > "$TMP/exported"
    awk '$1 != "not" && $2 == "c" { print $3 }' "$TMP/rows" | sort -u |
        comm -23 - "$TMP/exported" > "$TMP/missing"
    while read -r f; do
        echo "FAIL runtime_api_list: $f is listed as works or partial but $(basename "$lib") does not export it"
        FAIL=1
    done < "$TMP/missing"
done
awk '$1 != "not" && $2 == "cxx" { print $3 }' "$TMP/rows" | sort -u |
    comm -23 - "$TMP/declared" > "$TMP/missing"
while read -r f; do
    echo "FAIL runtime_api_list: $f is listed as works or partial but no header in include/ declares it"
    FAIL=1
done < "$TMP/missing"

# (b) every function cux declares is listed.
comm -23 "$TMP/declared" "$TMP/listed" > "$TMP/missing"
while read -r f; do
    echo "FAIL runtime_api_list: $f is declared in include/ but not listed in docs/compatibility.md"
    FAIL=1
done < "$TMP/missing"

# (c) every function NVIDIA's runtime headers declare is listed.  A
# declaration may span lines: from "extern ... __host__" to the name's "(".
if [ -f "$CUDA_INC/cuda_runtime_api.h" ]; then
    for h in cuda_runtime_api.h cuda_profiler_api.h cuda_gl_interop.h \
             cuda_egl_interop.h cuda_vdpau_interop.h; do
        [ -f "$CUDA_INC/$h" ] || continue
        awk '
            /^[ \t]*extern[ \t]/ && /__host__/ && !/extern "C"/ { on = 1; buf = "" }
            on {
                buf = buf " " $0
                if (match(buf, /cuda[A-Za-z0-9_]*[ \t]*\(/)) {
                    name = substr(buf, RSTART, RLENGTH)
                    sub(/[ \t]*\($/, "", name)
                    print name
                    on = 0
                }
            }' "$CUDA_INC/$h"
    done > "$TMP/nvidia.all"
    # The calls CUDA removed, by the names of their parameter structs
    # (cudaLaunch_ptsz_v7000_params_st: the API version and the
    # per-thread-stream variant are not part of the name).
    if [ -f "$CUDA_INC/generated_cudart_removed_meta.h" ]; then
        grep -oE 'struct cuda[A-Za-z0-9_]*_params_st' \
            "$CUDA_INC/generated_cudart_removed_meta.h" |
            sed -e 's/^struct //' -e 's/_params_st$//' \
                -e 's/_v[0-9][0-9][0-9][0-9][0-9]*$//' -e 's/_ptsz$//' \
            >> "$TMP/nvidia.all"
    fi
    sort -u "$TMP/nvidia.all" > "$TMP/nvidia"
    comm -23 "$TMP/nvidia" "$TMP/listed" > "$TMP/missing"
    while read -r f; do
        echo "FAIL runtime_api_list: $f is named by NVIDIA's headers in $CUDA_INC but not listed in docs/compatibility.md"
        FAIL=1
    done < "$TMP/missing"
    echo "runtime_api_list: $(wc -l < "$TMP/nvidia") functions of $CUDA_INC checked"
else
    echo "runtime_api_list: no $CUDA_INC/cuda_runtime_api.h, the check against NVIDIA's headers is left out"
fi

echo "runtime_api_list: $(wc -l < "$TMP/listed") functions listed, $(wc -l < "$TMP/declared") declared by cux"
[ $FAIL -eq 0 ] && echo "PASS runtime_api_list"
exit $FAIL
