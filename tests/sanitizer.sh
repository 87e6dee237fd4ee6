# sanitizer.sh: sourced by the test scripts; says how programs linked with
# a sanitizer build of libcux are built and run.
#
# CUX_SANITIZE=1 (make check-asan): libcux is built with ASan and UBSan;
# CUX_SANITIZE=thread (make check-tsan): with ThreadSanitizer.  The test
# programs (cuxcc builds them with clang) are not instrumented, so the
# sanitizer's runtime must be the first library loaded: SAN_LIB is what
# they run with in LD_PRELOAD.  SAN_CFLAGS instruments a C test compiled
# by gcc against libcux; SAN_LINK puts the runtimes on a link line with the
# static libcux.a.  The CPU device's JIT runs cc without the preload
# (CUX_CC): under ASan LeakSanitizer would report the compiler's own leaks;
# under TSan the compiler would only run slower, and a shell it started
# would crash (dash does under a preloaded libtsan).
# Every variable is empty without CUX_SANITIZE.  The caller sets ROOT.
SAN_LIB=
SAN_CFLAGS=
SAN_LINK=
case ${CUX_SANITIZE:-0} in
1)
    SAN_LIB=$(${CC:-gcc} -print-file-name=libasan.so)
    SAN_CFLAGS="-fsanitize=address,undefined"
    SAN_LINK="-Xlinker $SAN_LIB -Xlinker $(${CC:-gcc} -print-file-name=libubsan.so)"
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    export ASAN_OPTIONS UBSAN_OPTIONS
    ;;
thread)
    SAN_LIB=$(${CC:-gcc} -print-file-name=libtsan.so)
    SAN_CFLAGS="-fsanitize=thread"
    SAN_LINK="-Xlinker $SAN_LIB"
    # A report makes the program exit 66 (TSan's default) at its end, so
    # the test fails.  tests/tsan.supp names, with a reason each, what TSan
    # cannot see; the sourcing script sets ROOT, the repository root.
    TSAN_OPTIONS=${TSAN_OPTIONS:-suppressions=$ROOT/tests/tsan.supp:second_deadlock_stack=1}
    export TSAN_OPTIONS
    ;;
esac
if [ -n "$SAN_LIB" ]; then
    CUX_CC=${CUX_CC:-env -u LD_PRELOAD cc}
    export CUX_CC
fi
