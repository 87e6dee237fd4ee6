#!/bin/sh
# run.sh: builds and runs the runtime tests, one process each with a
# timeout, against lib/libcux.so (or the library folder in CUX_RT_LIBDIR,
# e.g. a build with tests/runtime/fake_device.c).  Last line: N passed,
# N failed.  With CUX_SANITIZE=1 (make check-asan, libcux under ASan and
# UBSan) the tests are built with the same sanitizers, so that the ASan
# runtime is loaded first.
cd "$(dirname "$0")/../.." || exit 1
san=""
[ "${CUX_SANITIZE:-0}" = 1 ] && san="-fsanitize=address,undefined"
libdir=${CUX_RT_LIBDIR:-$PWD/lib}
out=${CUX_RT_OUT:-tests/out/runtime}
mkdir -p "$out"
pass=0
fail=0
for src in tests/runtime/*.c; do
    name=$(basename "$src" .c)
    [ "$name" = fake_device ] && continue
    bin=$out/$name
    if ! ${CC:-gcc} -std=c11 -Wall -Wextra -Werror -Wno-unused -D_GNU_SOURCE \
        -g $san -Iinclude "$src" -o "$bin" -L"$libdir" -lcux -lpthread \
        -Wl,-rpath,"$libdir" 2> "$bin.build"; then
        echo "FAIL $name (build)"; cat "$bin.build"; fail=$((fail + 1))
        continue
    fi
    if timeout 60 "$bin" > "$bin.out" 2> "$bin.err" &&
        grep -q "^PASS $name" "$bin.out"; then
        echo "PASS $name"; pass=$((pass + 1))
    else
        echo "FAIL $name"; cat "$bin.out" "$bin.err" | head -20
        fail=$((fail + 1))
    fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
