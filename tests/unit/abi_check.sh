#!/bin/sh
# abi_check.sh: compares cux's CUDA headers with NVIDIA's, value by value.
# Enum values, flag macros, struct layouts, vector types, API signatures.
#
# Names come from NVIDIA's headers; one generated C++ program prints each
# fact; it is built once against each header set and the outputs diffed.
# A name cux lacks fails to compile: that line is dropped and reported.

CUDA_INC=${CUDA_INC:-/usr/local/cuda/include}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CXX=${CXX:-g++}

if [ ! -f "$CUDA_INC/cuda_runtime_api.h" ]; then
    echo "SKIP abi_check (no /usr/local/cuda)"
    exit 0
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/cux_abi.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM

# The cux header set is compiled at the toolkit's version, so that the
# version-dependent layouts (cudaDeviceProp) are the ones compared.
VER=$(sed -n 's/^#define CUDART_VERSION *\([0-9]*\).*/\1/p' \
      "$CUDA_INC/cuda_runtime_api.h" | head -n 1)
[ -n "$VER" ] || VER=12040

ENUMS="cudaError cudaMemcpyKind cudaDeviceAttr cudaLimit cudaFuncCache
cudaSharedMemConfig cudaSharedCarveout cudaFuncAttribute cudaMemoryType
cudaComputeMode cudaMemoryAdvise cudaDeviceP2PAttr cudaStreamCaptureStatus
cudaStreamCaptureMode cudaResourceType cudaResourceViewFormat cudaGraphNodeType
cudaGraphExecUpdateResult cudaGraphDependencyType_enum
cudaGraphInstantiateResult cudaGraphDebugDotFlags cudaAccessProperty
cudaSynchronizationPolicy cudaClusterSchedulingPolicy cudaLaunchMemSyncDomain
cudaLaunchAttributeID cudaMemPoolAttr cudaMemAllocationType
cudaMemAllocationHandleType"
TEX_ENUMS="cudaTextureAddressMode cudaTextureFilterMode cudaTextureReadMode"
SURF_ENUMS="cudaSurfaceBoundaryMode cudaSurfaceFormatMode"
STRUCTS="cudaDeviceProp cudaPointerAttributes cudaFuncAttributes cudaExtent
cudaPitchedPtr cudaPos cudaMemcpy3DParms cudaMemcpy3DPeerParms
cudaChannelFormatDesc CUuuid_st cudaIpcMemHandle_st cudaIpcEventHandle_st
cudaResourceDesc cudaResourceViewDesc cudaKernelNodeParams cudaMemsetParams
cudaHostNodeParams cudaGraphEdgeData_st cudaGraphExecUpdateResultInfo_st
cudaAccessPolicyWindow cudaLaunchMemSyncDomainMap_st cudaMemPoolProps
cudaLaunchAttribute_st cudaLaunchConfig_st"
TEX_STRUCTS="cudaTextureDesc"
# Members of unions inside structs, which the field scan cannot see.
NESTED="cudaResourceDesc:res.array.array cudaResourceDesc:res.mipmap.mipmap
cudaResourceDesc:res.linear.devPtr cudaResourceDesc:res.linear.desc
cudaResourceDesc:res.linear.sizeInBytes cudaResourceDesc:res.pitch2D.devPtr
cudaResourceDesc:res.pitch2D.desc cudaResourceDesc:res.pitch2D.width
cudaResourceDesc:res.pitch2D.height cudaResourceDesc:res.pitch2D.pitchInBytes
cudaResourceDesc:res"
VECS="char uchar short ushort int uint long ulong longlong ulonglong float
double"

# body_of FILE KIND NAME: the text between "KIND ... NAME {" and "};",
# comments removed.
body_of() {
    awk -v kind="$2" -v name="$3" '
        BEGIN { on = 0 }
        on == 0 && $0 ~ "^[ \t]*" kind "[ \t].*[ \t]" name "[ \t]*({.*)?$" {
            on = 1; next }
        on == 1 && /^[ \t]*};/ { exit }
        on == 1 { print }' "$1" |
    sed 's://.*$::' | tr '\n' ' ' | sed 's:/\*[^*]*\*\+\([^/*][^*]*\*\+\)*/: :g'
}

# emit KIND [TYPE]: one printf statement per name read from stdin, on
# one line each, so that a compile error names exactly one fact.
emit() {
    while read -r n; do
        case $1 in
        E) printf '%s\n' "std::printf(\"enum %s %lld\\n\", \"$n\", (long long)($n));" ;;
        M) printf '%s\n' "std::printf(\"macro %s %lld\\n\", \"$n\", (long long)($n));" ;;
        S) printf '%s\n' "std::printf(\"size %s %zu %zu\\n\", \"$n\", sizeof($n), alignof($n));" ;;
        F) printf '%s\n' "std::printf(\"field %s %zu %zu\\n\", \"$3.$n\", offsetof($2 $3, $n), sizeof((($2 $3 *)0)->$n));" ;;
        P) printf '%s\n' "std::printf(\"proto %s %s\\n\", \"$n\", typeid(&$n).name());" ;;
        esac
    done
}

# enums_of HEADER NAME, fields_of HEADER NAME: facts of one enum or
# struct of NVIDIA's HEADER.
enums_of() {
    body_of "$CUDA_INC/$1" enum "$2" | tr ',' '\n' |
    sed -n 's/^[ \t]*\(cuda[A-Za-z0-9_]*\).*/\1/p' | emit E
    echo
}

fields_of() {
    echo "struct $2" | emit S
    body_of "$CUDA_INC/$1" struct "$2" | tr ';' '\n' |
    sed -n 's/.*[ \t*]\([A-Za-z_][A-Za-z0-9_]*\)\(\[[^]]*\]\)*[ \t]*$/\1/p' |
    grep -v 'reserved' | emit F struct "$2"
}

gen() {
    cat <<'END'
#include <cuda_runtime_api.h>
#include <cstdio>
#include <cstddef>
#include <typeinfo>
int main() {
END
    for e in $ENUMS; do enums_of driver_types.h "$e"; done
    for e in $TEX_ENUMS; do enums_of texture_types.h "$e"; done
    for e in $SURF_ENUMS; do enums_of surface_types.h "$e"; done
    for h in driver_types.h texture_types.h surface_types.h; do
        sed -n 's/^#define[ \t]\+\(cuda[A-Za-z0-9_]*\)[ \t]\+\(0x[0-9a-fA-F]\+\|[0-9]\+\|((int)-[0-9])\)[ \t]*\(\/\*.*\)\?$/\1/p' \
            "$CUDA_INC/$h" | emit M
    done
    for s in $STRUCTS; do fields_of driver_types.h "$s"; done
    for s in $TEX_STRUCTS; do fields_of texture_types.h "$s"; done
    for f in $NESTED; do
        echo "${f#*:}" | emit F struct "${f%%:*}"
    done
    for v in $VECS; do
        for n in 1 2 3 4; do echo "$v$n"; done | emit S
    done
    echo dim3 | emit S
    sed -n 's/^\(cudaError_t\|const char \*\|unsigned\|struct cudaChannelFormatDesc\) *\(cuda[A-Za-z0-9_]*\)(.*/\2/p' \
        "$ROOT/include/cuda_runtime_api.h" \
        "$ROOT/include/cuda_profiler_api.h" | emit P
    echo 'return 0;'
    echo '}'
}

gen > "$TMP/t.cpp"
CUXFLAGS="-I$ROOT/include -DCUX_CUDART_VERSION=$VER"

# Drop the lines that do not compile on one side, reporting them.
prune() {
    # $1: flags, $2: label
    $CXX -std=c++11 -w -fsyntax-only $1 "$TMP/t.cpp" 2> "$TMP/err.$2"
    sed -n 's/^[^:]*t\.cpp:\([0-9]\+\):[0-9]*: error:.*/\1/p' "$TMP/err.$2" |
        sort -un > "$TMP/bad.$2"
}
prune "-I$CUDA_INC" nv
prune "$CUXFLAGS" cux
FAIL=0
for l in $(cat "$TMP/bad.cux"); do
    if ! grep -qx "$l" "$TMP/bad.nv"; then
        echo "FAIL missing in cux: $(sed -n "${l}p" "$TMP/t.cpp")"
        FAIL=1
    fi
done
cat "$TMP/bad.nv" "$TMP/bad.cux" | sort -un |
    sed 's/$/s:^.*$::/' > "$TMP/del.sed"
sed -f "$TMP/del.sed" "$TMP/t.cpp" > "$TMP/u.cpp"

$CXX -std=c++11 -w -I"$CUDA_INC" -o "$TMP/nv" "$TMP/u.cpp" || exit 1
$CXX -std=c++11 -w $CUXFLAGS -o "$TMP/cux" "$TMP/u.cpp" || exit 1
"$TMP/nv" > "$TMP/nv.out" && "$TMP/cux" > "$TMP/cux.out" || exit 1
if ! diff "$TMP/nv.out" "$TMP/cux.out" > "$TMP/diff"; then
    sed -n 's/^< /FAIL nvidia: /p; s/^> /FAIL cux:    /p' "$TMP/diff"
    FAIL=1
fi
N=$(wc -l < "$TMP/nv.out")
if [ "$N" -lt 300 ]; then
    echo "FAIL abi_check: only $N facts compared (generator broken?)"
    FAIL=1
fi
if [ $FAIL = 0 ]; then
    echo "PASS abi_check ($N facts, CUDA $VER)"
    exit 0
fi
exit 1
