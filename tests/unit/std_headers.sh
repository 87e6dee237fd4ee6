#!/bin/sh
# std_headers.sh: builds std_headers.cu (every C++17 standard header,
# cuda_runtime.h, std::shared_ptr in host code) with bin/cuxcc, as an object
# and as a program that must print PASS: with each clang Debian provides
# (16, 14) and each C++ library installed (libstdc++; libc++ when clang can
# use it, through -Xcompiler -stdlib=libc++ as a user would pass it).
#
# Usage: sh tests/unit/std_headers.sh [path/to/cuxcc]   (default: bin/cuxcc)

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CUXCC=${1:-$ROOT/bin/cuxcc}
SRC=$ROOT/tests/unit/std_headers.cu
[ -x "$CUXCC" ] || { echo "FAIL std_headers: no $CUXCC (make)"; exit 1; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cux_std.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
FAIL=0
LD_LIBRARY_PATH="$ROOT/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH
# Under make check-asan or check-tsan libcux needs the sanitizer's runtime
# loaded first, and the CPU device's JIT compiler must not inherit it.
. "$ROOT/tests/sanitizer.sh"

# check NAME FLAGS...: the object, then the program, built and run.
check() {
    name=$1
    shift
    if ! "$CUXCC" -std=c++17 "$@" -c "$SRC" -o "$TMP/t.o" \
            > "$TMP/log" 2>&1; then
        echo "FAIL std_headers $name: -c"
        head -20 "$TMP/log"
        FAIL=1
        return
    fi
    if ! "$CUXCC" -std=c++17 "$@" "$SRC" -o "$TMP/t" > "$TMP/log" 2>&1; then
        echo "FAIL std_headers $name: link"
        head -20 "$TMP/log"
        FAIL=1
        return
    fi
    if [ -n "$SAN_LIB" ]; then
        LD_PRELOAD=$SAN_LIB timeout 60 "$TMP/t" > "$TMP/out" 2>&1
    else
        timeout 60 "$TMP/t" > "$TMP/out" 2>&1
    fi
    if grep -q '^PASS$' "$TMP/out"; then
        echo "PASS std_headers $name"
    else
        echo "FAIL std_headers $name: run"
        head -20 "$TMP/out"
        FAIL=1
    fi
}

# has_libcxx CLANG: whether CLANG can build and link a libc++ program
# with its own libc++: clang's CUDA wrapper headers (<cmath>) use the
# internals of the libc++ of the same release and break with another.
has_libcxx() {
    cat > "$TMP/l.cpp" <<'EOF'
#include <vector>
#if (_LIBCPP_VERSION >= 100000 ? _LIBCPP_VERSION / 10000 \
                               : _LIBCPP_VERSION / 1000) != __clang_major__
#error "libc++ of another release"
#endif
int main() { std::vector<int> v(1); return v[0]; }
EOF
    "$1" -stdlib=libc++ "$TMP/l.cpp" -o "$TMP/l" > /dev/null 2>&1
}

clangs=0
for cc in clang++-16 clang++-14; do
    command -v $cc > /dev/null || continue
    clangs=$((clangs + 1))
    CUX_CLANG=$cc
    export CUX_CLANG
    check "$cc libstdc++"
    if has_libcxx $cc; then
        check "$cc libc++" -Xcompiler -stdlib=libc++
    else
        # Not a SKIP line: run.sh would count the whole script as skipped.
        echo "note std_headers $cc: no libc++ of its release (libc++-dev)"
    fi
done
if [ $clangs = 0 ]; then
    unset CUX_CLANG
    check "cuxcc's clang libstdc++"
fi
exit $FAIL
