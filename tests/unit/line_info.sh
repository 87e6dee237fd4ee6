#!/bin/sh
# line_info.sh: a program built with -lineinfo runs, and the CPU device's
# JIT maps the generated C to its CUDA lines: the C holds #line for the
# marked line of line_info.cu, the shared object's line table names it,
# and CUX_KEEP_C keeps <hash>.c and <hash>.ptx (the PTX the line numbers
# in comments refer to) beside <hash>.so, also on a cache hit.  Without
# -lineinfo the C has no #line.
#
# Usage: sh tests/unit/line_info.sh   (after make)

cd "$(dirname "$0")/../.." || exit 1
CUXCC=$(pwd)/bin/cuxcc
SRC=$(pwd)/tests/unit/line_info.cu
LD_LIBRARY_PATH="$(pwd)/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cux_lines.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
ROOT=$(pwd)
. "$ROOT/tests/sanitizer.sh" # as in tests/run.sh
FAIL=0
MARK=$(grep -n '// MARK' "$SRC" | cut -d: -f1)

check() { # NAME CONDITION-STATUS
    if [ "$2" -eq 0 ]; then echo "PASS line_info $1"
    else echo "FAIL line_info $1"; FAIL=1; fi
}

# run PROGRAM CACHE [KEEP]: runs it on the CPU device with its own cache.
run() {
    env CUX_CACHE_DIR="$2" ${3:+CUX_KEEP_C=1} \
        ${SAN_LIB:+LD_PRELOAD=$SAN_LIB} timeout 120 "$1" > "$TMP/out" 2>&1
    grep -q '^PASS$' "$TMP/out"
}

"$CUXCC" -lineinfo -o "$TMP/t" "$SRC" > "$TMP/log" 2>&1
check build $?
run "$TMP/t" "$TMP/cache" keep
check runs $?
C=$(ls "$TMP"/cache/*.c 2>/dev/null | head -n 1)
grep -q "^#line $MARK \".*line_info.cu\"" "$C" 2>/dev/null
check c_maps_marked_line $?
PTX=${C%.c}.ptx
grep -q '^[[:space:]]*\.loc' "$PTX" 2>/dev/null
check ptx_kept_beside_c $?
if command -v objdump > /dev/null; then
    objdump --dwarf=decodedline "${C%.c}.so" 2>/dev/null |
        grep -q "line_info.cu[[:space:]]*$MARK[[:space:]]"
    check line_table_names_marked_line $?
else
    echo "SKIP line_info line table: no objdump"
fi
rm -f "$C" "$PTX"
run "$TMP/t" "$TMP/cache" keep && [ -f "$C" ] && [ -f "$PTX" ]
check kept_on_cache_hit $?

"$CUXCC" -o "$TMP/t2" "$SRC" > "$TMP/log" 2>&1 && run "$TMP/t2" "$TMP/cache2" keep
check runs_without_lineinfo $?
! grep -q '^#line' "$TMP"/cache2/*.c
check no_line_directives_without_lineinfo $?
exit $FAIL
