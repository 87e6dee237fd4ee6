#!/bin/sh
# abi_headers.sh: builds programs against cux's include/ with every
# supported compiler and standard, and checks the PTX of the built-ins.
#
# Device code is compiled as cuxcc does (-nocudainc -nocudalib). clang
# picks its kernel-launch ABI and PTX version from the CUDA installation
# it finds, so --cuda-path names a stand-in root: cux's include/ (whose
# cuda.h says 12.4), empty bin/ and lib64/, and for clang-14 a version.txt
# and an empty libdevice. Results then never depend on a toolkit.

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
T=$ROOT/tests/unit
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cux_hdr.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
FAIL=0
FAKE=$TMP/cuda
mkdir -p "$FAKE/bin" "$FAKE/lib64" "$FAKE/nvvm/libdevice" && ln -s "$ROOT/include" \
    "$FAKE/include" && : > "$FAKE/nvvm/libdevice/libdevice.10.bc" &&
    echo "CUDA Version 12.4.0" > "$FAKE/version.txt" || exit 1
CUFLAGS="-x cuda -nocudainc -nocudalib --cuda-path=$FAKE
 --cuda-gpu-arch=sm_80 -I$ROOT/include -Wall -Wextra -Werror
 -Wno-unknown-cuda-version"

fail() { echo "FAIL abi_headers: $*"; FAIL=1; }

for cc in clang-16 clang-14; do
    command -v $cc > /dev/null || continue
    # clang-14 derives no PTX version under -nocudalib: name one.
    PTXV=
    [ $cc = clang-14 ] && PTXV="-Xclang -target-feature -Xclang +ptx70"
    for std in c++11 c++14 c++17 c++20; do
        $cc $CUFLAGS -std=$std --cuda-device-only $PTXV -S \
            -o "$TMP/$cc.$std.ptx" "$T/abi_builtins.cu" 2> "$TMP/err" ||
            { fail "$cc -std=$std device"; head -5 "$TMP/err"; }
        $cc $CUFLAGS -std=$std --cuda-host-only -c \
            -o "$TMP/$cc.$std.o" "$T/abi_builtins.cu" 2> "$TMP/err" ||
            { fail "$cc -std=$std host"; head -5 "$TMP/err"; }
    done
done

# <<<>>> must use the launch ABI of CUDA 9.2 and later.
for o in "$TMP"/*.o; do
    nm "$o" | grep -q ' U __cudaPushCallConfiguration' &&
        nm "$o" | grep -q ' U cudaLaunchKernel' ||
        fail "$(basename "$o"): old launch ABI (cudaConfigureCall)"
done

# Every built-in must reach PTX as the instruction CUDA uses for it.
PTX=$TMP/clang-16.c++17.ptx
[ -f "$PTX" ] || PTX=$TMP/clang-14.c++17.ptx
for want in 'atom.add.f32' 'atom.add.f64' 'atom.add.u64' 'atom.cas.b32' \
    'atom.cas.b64' 'atom.exch.b32' 'atom.inc.u32' 'atom.dec.u32' \
    'atom.min.s64' 'atom.max.u64' 'atom.min.u32' 'atom.and.b32' \
    'atom.or.b32' 'atom.xor.b64' 'atom.cta.add.f32' 'atom.sys.add' \
    'atom.sys.max.u32' 'atom.cta.cas.b32' \
    'shfl.sync.down.b32' 'shfl.sync.up.b32' 'shfl.sync.bfly.b32' \
    'shfl.sync.idx.b32' 'vote.sync.ballot.b32' 'vote.sync.all.pred' \
    'vote.sync.any.pred' 'activemask.b32' 'match.any.sync.b32' \
    'bar.red.popc.u32' 'bar.red.and.pred' 'bar.red.or.pred' 'bar.sync' \
    'bar.warp.sync' 'membar.gl' 'membar.cta' 'membar.sys' \
    'ld.global.nc' '%clock64' '%clock;' 'nanosleep.u32' 'dp4a.s32.s32' \
    'cvta.to.shared.u64' 'isspacep.shared' 'vprintf' '__assertfail' \
    'malloc' 'free' '__nv_sinf' '__nv_popc' '__nv_fast_expf' \
    '.const .align 4 .b8 c_scale' '.global .align 4 .u32 d_counter' \
    'suld.b.2d.v4.b8.zero' 'sust.b.3d.b32.trap' 'suld.b.a2d.v2.b64.clamp' \
    'sust.b.a1d.b64.trap'; do
    grep -qF -- "$want" "$PTX" || fail "PTX lacks '$want'"
done

# Host-only translation units, as a CUDA program's .c/.cpp files are.
for c in "gcc -std=c99" "gcc -std=c11" "g++ -x c++ -std=c++98" \
    "g++ -x c++ -std=c++11" "g++ -x c++ -std=c++17" "clang-16 -std=c11" \
    "clang++-16 -x c++ -std=c++20" "clang-14 -std=c99"; do
    set -- $c
    command -v $1 > /dev/null || continue
    $c -Wall -Wextra -Werror -pedantic -I"$ROOT/include" -fsyntax-only \
        "$T/abi_host.c" 2> "$TMP/err" ||
        { fail "$c host file"; head -5 "$TMP/err"; }
done

# Nothing may come from an NVIDIA installation on the default paths.
clang-16 $CUFLAGS --cuda-host-only -M "$T/abi_builtins.cu" 2> /dev/null |
    tr ' ' '\n' | grep -E '/usr/local/(cuda|include)' > "$TMP/leak"
[ -s "$TMP/leak" ] && fail "headers leaked in: $(head -3 "$TMP/leak")"

[ $FAIL = 0 ] && echo "PASS abi_headers"
exit $FAIL
