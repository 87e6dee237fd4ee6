#!/bin/sh
# run.sh: builds and runs the runtime tests, one process each with a
# timeout, against lib/libcux.so (or the library folder in CUX_RT_LIBDIR),
# then once more against the runtime core over tests/runtime/fake_device.c
# (names ending in @fake), which shows the runtime reaches a device only
# through the device interface.  Last line: N passed, N failed.  With
# CUX_SANITIZE (make check-asan, check-tsan: libcux under ASan and UBSan,
# or TSan) the tests are built with the same sanitizer, so that its
# runtime is loaded first.
cd "$(dirname "$0")/../.." || exit 1
ROOT=$(pwd)
. tests/sanitizer.sh
san=$SAN_CFLAGS
out=${CUX_RT_OUT:-tests/out/runtime}
mkdir -p "$out"
pass=0
fail=0

# run_all LIBDIR SUFFIX: every test against the libcux in LIBDIR.
run_all() {
    for src in tests/runtime/*.c; do
        name=$(basename "$src" .c)
        [ "$name" = fake_device ] && continue
        bin=$out/$name$2
        if ! ${CC:-gcc} -std=c11 -Wall -Wextra -Werror -Wno-unused \
            -D_GNU_SOURCE -g $san -Iinclude "$src" -o "$bin" -L"$1" -lcux \
            -lpthread -Wl,-rpath,"$1" 2> "$bin.build"; then
            echo "FAIL $name$2 (build)"; cat "$bin.build"; fail=$((fail + 1))
            continue
        fi
        if timeout 60 "$bin" > "$bin.out" 2> "$bin.err" &&
            grep -q "^PASS $name" "$bin.out"; then
            echo "PASS $name$2"; pass=$((pass + 1))
        else
            echo "FAIL $name$2"; cat "$bin.out" "$bin.err" | head -20
            fail=$((fail + 1))
        fi
    done
}

# The objects of the normal build outside src/dev/cpu whose source still
# exists (a removed file leaves its object in build/).
neutral_objs() {
    for o in build/pic/src/util/*.o build/pic/src/ptx/*.o \
        build/pic/src/analysis/*.o build/pic/src/codegen/*/*.o \
        build/pic/src/rt/*.o build/pic/src/dev/*.o \
        build/pic/src/dev/opencl/*.o; do
        src=${o#build/pic/}
        [ -f "${src%.o}.c" ] && echo "$o"
    done
    # the registry names the OpenCL device too, which needs its prelude
    echo build/pic/gen/ocl_prelude.o
}

# The runtime core and the device-neutral objects, with the fake in place
# of the CPU device: it defines cux_cpu_device_count and
# cux_cpu_device_create, so the device registry (src/dev/registry.c)
# offers it as kind "cpu".
build_fake() {
    ${CC:-gcc} -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -g $san \
        -Iinclude -Isrc -fPIC -fvisibility=hidden \
        -c tests/runtime/fake_device.c -o "$out/fake/fake_device.o" &&
    ${CC:-gcc} -shared $san -o "$out/fake/libcux.so" $(neutral_objs) \
        "$out/fake/fake_device.o" -ldl -lpthread -lm
}

run_all "${CUX_RT_LIBDIR:-$PWD/lib}" ""
if [ -z "${CUX_RT_LIBDIR:-}" ]; then
    mkdir -p "$out/fake"
    if build_fake > "$out/fake/build.log" 2>&1; then
        case $out in /*) fake=$out/fake ;; *) fake=$PWD/$out/fake ;; esac
        run_all "$fake" "@fake"
    else
        echo "FAIL fake_device (build)"; cat "$out/fake/build.log"
        fail=$((fail + 1))
    fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
