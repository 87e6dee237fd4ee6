#!/bin/sh
# run.sh: shell checks of cuxcc's command line, one `PASS name` or
# `FAIL name` (or `SKIP name`) each; the last line counts them.
#
# Usage: sh tests/driver/run.sh [path/to/cuxcc]   (default: bin/cuxcc)

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CUXCC=${1:-$root/bin/cuxcc}
case $CUXCC in /*) ;; *) CUXCC=$(pwd)/$CUXCC ;; esac
[ -x "$CUXCC" ] || { echo "run.sh: no $CUXCC (make bin/cuxcc)"; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/cux-driver-XXXXXX")
trap 'rm -rf "$work"' EXIT
# cuxcc's own temporary directories land here, so a leak shows.
mkdir "$work/tmp"
TMPDIR=$work/tmp
export TMPDIR
cd "$work" || exit 1

# CUX_SANITIZE (make check-asan, check-tsan): libcux is built with a
# sanitizer.  Programs linked with it run with its runtime preloaded (it
# must come first), the static library needs the runtimes on the link
# line, and the CPU device's JIT compiler must not inherit the preload.
ROOT=$root
. "$root/tests/sanitizer.sh"
san_link=$SAN_LINK
# run PROGRAM...: runs a program built with libcux.
run() {
    if [ -n "$SAN_LIB" ]; then LD_PRELOAD=$SAN_LIB "$@"; else "$@"; fi
}

passed=0
failed=0
skipped=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); }
skip() { echo "SKIP $1${2:+: $2}"; skipped=$((skipped + 1)); }
# check NAME COMMAND...: passes when the command succeeds.
check() {
    name=$1
    shift
    if "$@" >"$work/out.txt" 2>&1; then pass "$name"; else
        fail "$name"
        sed 's/^/    /' "$work/out.txt" | head -20
    fi
}
# cc_log ARGS...: runs cuxcc with stdout and stderr in log.txt, and
# leaves its exit status in $rc.
cc_log() { "$CUXCC" "$@" >log.txt 2>&1; rc=$?; }
has() { grep -q -e "$1" "${2:-log.txt}"; }
hasF() { grep -q -F -e "$1" "${2:-log.txt}"; }

# --- sources ----------------------------------------------------------

cat >a.cu <<'EOF'
__global__ void scale(float *p, float s) { p[threadIdx.x] *= s; }
EOF
cat >b.cu <<'EOF'
__global__ void add_one(int *p)
{
    p[blockIdx.x * blockDim.x + threadIdx.x] += 1;
}
EOF
echo '#define HEADER_VALUE 2.0f' >myhdr.h
cat >m.cu <<'EOF'
#include "myhdr.h"
__global__ void k(float *p) { p[0] = HEADER_VALUE; }
EOF
cat >e.cu <<'EOF'
__global__ void k(float *p)
{
    p[0] = undefined_thing;
}
EOF
cat >x.cu <<'EOF'
#if !defined(__CUDA_ARCH__) && (FROM_X != 1 || FROM_Y != 2)
#error host compiler flags did not arrive
#endif
__global__ void k(float *p) { p[0] = 1.0f; }
EOF

# --- messages and exit status ----------------------------------------

t_unknown_flag() {
    cc_log -foo a.cu
    msg="cuxcc fatal   : Unknown option '-foo'"
    [ $rc = 1 ] && [ "$(cat log.txt)" = "$msg" ]
}
check unknown_flag t_unknown_flag

t_unknown_long_flag() {
    cc_log --no-such-flag=3 a.cu
    [ $rc = 1 ] && hasF "cuxcc fatal   : Unknown option '--no-such-flag=3'"
}
check unknown_long_flag t_unknown_long_flag

t_no_input() {
    cc_log -c
    msg="cuxcc fatal   : No input files specified;"
    msg="$msg use option --help for more information"
    [ $rc = 1 ] && [ "$(cat log.txt)" = "$msg" ]
}
check no_input t_no_input

t_missing_input() {
    cc_log -c nothere.cu
    [ $rc = 1 ] && hasF "Could not open input file 'nothere.cu'"
}
check missing_input t_missing_input

t_missing_value() {
    cc_log -c a.cu -o
    [ $rc = 1 ] && hasF "cuxcc fatal   :"
}
check missing_value t_missing_value

t_version() {
    cc_log --version && [ $rc = 0 ] && has 'cux version [0-9]' &&
        hasF 'nvcc-compatible' && has 'clang version' &&
        "$CUXCC" -V | grep -q 'nvcc-compatible'
}
check version t_version

# CMake calls a compiler nvcc when --version's output matches its first
# line, and reads the version from " V<major>.<minor>.<patch>".
t_version_banner() {
    cc_log --version && [ $rc = 0 ] &&
        [ "$(head -n 1 log.txt)" = 'nvcc: NVIDIA (R) Cuda compiler driver' ] &&
        sed -n 4p log.txt | grep -q \
            '^Cuda compilation tools, release [0-9]*\.[0-9]*, V[0-9.]*$'
}
check version_nvcc_banner t_version_banner

t_help() {
    cc_log --help && [ $rc = 0 ] && has '^Usage' && hasF '-gencode' &&
        "$CUXCC" -h | grep -q '^Usage'
}
check help t_help

# --- showing commands -------------------------------------------------

t_verbose() {
    rm -f a.o
    cc_log -v -c a.cu && [ $rc = 0 ] && [ -f a.o ] &&
        hasF '#$ ' && hasF '--cuda-device-only' &&
        hasF '--cuda-host-only' && hasF 'CUXPTX01' &&
        hasF '-fcuda-include-gpubinary'
}
check verbose_shows_commands t_verbose

t_dryrun() {
    rm -f a.o prog
    cc_log -dryrun a.cu -o prog && [ $rc = 0 ] && [ ! -f prog ] &&
        [ ! -f a.o ] && hasF '--cuda-device-only' && hasF '-lcux' &&
        hasF '-o prog'
}
check dryrun t_dryrun

t_ccbin() {
    cc_log -dryrun -ccbin g++ -c a.cu && hasF '(-ccbin g++ ignored'
}
check ccbin_ignored t_ccbin

# --- the device pass from nvcc (--device-compiler) --------------------

# A stand-in nvcc: -dryrun only names it, so no toolkit is needed.
printf '#!/bin/sh\nexit 0\n' >fake-nvcc
chmod +x fake-nvcc

t_device_compiler_nvcc() {
    CUX_NVCC=$work/fake-nvcc cc_log -dryrun -c a.cu --device-compiler=nvcc \
        -I inc -isystem sys -DX=1 -std=c++17 -lineinfo --extended-lambda &&
        hasF "fake-nvcc -x cu -ptx -arch=compute_80 " &&
        hasF " --extended-lambda " &&
        hasF " -Iinc -isystem sys -DX=1 -std=c++17 " && hasF " -lineinfo " &&
        ! hasF '--cuda-device-only' && hasF '--cuda-host-only'
}
check device_compiler_nvcc t_device_compiler_nvcc

t_device_compiler_env() {
    CUX_NVCC=$work/fake-nvcc CUX_DEVICE_COMPILER=nvcc \
        cc_log -dryrun -c a.cu -arch=sm_86 &&
        hasF "fake-nvcc -x cu -ptx -arch=compute_80 " &&
        CUX_NVCC=$work/fake-nvcc CUX_DEVICE_COMPILER=nvcc \
        cc_log -dryrun -c a.cu --device-compiler clang &&
        hasF '--cuda-device-only' && ! hasF 'fake-nvcc'
}
check device_compiler_env t_device_compiler_env

t_device_compiler_value() {
    cc_log --device-compiler=gcc -c a.cu
    [ $rc = 1 ] &&
        hasF "cuxcc fatal   : Value 'gcc' is not defined for option 'device-compiler'"
}
check device_compiler_value t_device_compiler_value

# Without a toolkit the option names what is missing; cuxcc itself (as
# a toolkit tree's bin/nvcc or NVCC) never counts as nvcc.
t_device_compiler_missing() {
    CUX_NVCC=$CUXCC NVCC=/nonexistent PATH=/usr/bin:/bin \
        cc_log -c a.cu --device-compiler=nvcc
    [ $rc = 1 ] && hasF "NVIDIA's nvcc not found" && hasF 'set CUX_NVCC'
}
if [ -x /usr/local/cuda/bin/nvcc ] || [ -x /usr/bin/nvcc ]; then
    skip device_compiler_missing "an nvcc is installed"
else
    check device_compiler_missing t_device_compiler_missing
fi

# --- architectures ----------------------------------------------------

t_gencode_forms() {
    cc_log -dryrun -c a.cu -gencode arch=compute_75,code=sm_75 \
        -gencode=arch=compute_75,code=\"sm_75,compute_75\" \
        --generate-code arch=compute_80,code=[sm_80,compute_80] \
        --generate-code=arch=compute_86,code=sm_86 \
        -gencode 'arch=compute_90,code="sm_90,compute_90"' &&
        hasF '_CUX_GPU_ARCH_=-gencode=arch=compute_75,code=sm_75 ' &&
        hasF 'arch=compute_75,code=sm_75,compute_75 ' &&
        hasF 'arch=compute_80,code=sm_80,compute_80 ' &&
        hasF 'arch=compute_86,code=sm_86 ' &&
        hasF 'arch=compute_90,code=sm_90,compute_90 '
}
check gencode_forms t_gencode_forms

t_gencode_bad() {
    cc_log -c a.cu -gencode arch=compute_75
    [ $rc = 1 ] && hasF 'missing code'
}
check gencode_missing_code t_gencode_bad

t_arch_forms() {
    cc_log -dryrun -c a.cu -arch=sm_75 -arch sm_86 \
        --gpu-architecture=compute_90 --gpu-architecture native \
        -code=sm_75 --gpu-code sm_80,compute_80 &&
        hasF '=-arch=sm_75 ' && hasF '=-arch=sm_86 ' &&
        hasF '=-arch=compute_90 ' && hasF '=-arch=native ' &&
        hasF '=-code=sm_75 ' && hasF '=-code=sm_80,compute_80 '
}
check arch_forms t_arch_forms

# The device pass targets sm_80 (__CUDA_ARCH__ 800), the capability the
# CPU device reports, unless every architecture named is older: then
# sm_75, in clang's pass and nvcc's alike.
t_arch_target() {
    cc_log -dryrun -c a.cu &&
        hasF ' --cuda-gpu-arch=sm_80 ' &&
        hasF '_CUX_DEVICE_CODE_=-arch compute_80 ' &&
        cc_log -dryrun -c a.cu -arch=sm_75 &&
        hasF ' --cuda-gpu-arch=sm_75 ' && ! hasF 'sm_80' &&
        hasF '_CUX_DEVICE_CODE_=-arch compute_75 ' &&
        cc_log -dryrun -c a.cu -gencode arch=compute_70,code=sm_70 \
            -gencode arch=compute_86,code=sm_86 &&
        hasF ' --cuda-gpu-arch=sm_80 ' &&
        cc_log -dryrun -c a.cu -arch=native &&
        hasF ' --cuda-gpu-arch=sm_80 ' &&
        CUX_NVCC=$work/fake-nvcc cc_log -dryrun -c a.cu -arch=sm_70 \
            --device-compiler=nvcc &&
        hasF "fake-nvcc -x cu -ptx -arch=compute_75 "
}
check arch_target t_arch_target

# __CUDA_ARCH__ as the program sees it.
t_arch_macro() {
    cat >arch.cu <<'EOF'
#include <cstdio>
__global__ void k(int *p) {
#ifdef __CUDA_ARCH__
    *p = __CUDA_ARCH__;
#endif
}
int main() {
    int *d, h = 0;
    cudaMalloc(&d, sizeof(int));
    k<<<1, 1>>>(d);
    cudaMemcpy(&h, d, sizeof(int), cudaMemcpyDeviceToHost);
    printf("arch %d\n", h);
    return 0;
}
EOF
    cc_log -o arch arch.cu && run ./arch >out80.txt &&
        cc_log -arch=sm_75 -o arch75 arch.cu && run ./arch75 >out75.txt &&
        hasF 'arch 800' out80.txt && hasF 'arch 750' out75.txt
}
check arch_macro t_arch_macro

t_arch_compiles() {
    rm -f a.o
    cc_log -arch=sm_86 -c a.cu && [ -f a.o ]
}
check arch_compiles t_arch_compiles

# --- outputs ------------------------------------------------------------

t_c_several() {
    rm -f a.o b.o
    cc_log -c a.cu b.cu && [ -f a.o ] && [ -f b.o ] &&
        nm a.o | grep -q __cudaRegisterFunction &&
        nm b.o | grep -q __cudaRegisterFunction
}
check compile_several_inputs t_c_several

t_output() {
    mkdir -p sub && rm -f sub/x.o
    cc_log -c a.cu -o sub/x.o && [ -f sub/x.o ] && [ ! -f sub/a.d ]
}
check output_file t_output

t_output_several() {
    cc_log -c a.cu b.cu -o both.o
    [ $rc = 1 ] && hasF 'A single input file is required'
}
check output_needs_one_input t_output_several

t_ptx() {
    rm -f a.ptx
    cc_log -ptx a.cu || return 1
    grep -q '\.entry' a.ptx || return 1
    "$CUXCC" --ptx a.cu -o named.ptx && grep -q '\.entry' named.ptx &&
        grep -q '^\.target' named.ptx
}
check ptx_output t_ptx

t_lineinfo() {
    "$CUXCC" -ptx -lineinfo a.cu -o li.ptx && grep -q '\.loc' li.ptx
}
check lineinfo t_lineinfo

t_container() {
    rm -rf kept
    cc_log -keep-dir kept -c a.cu -o k.o && hasF 'kept in kept' &&
        [ "$(head -c 8 kept/*.cuxbin)" = CUXPTX01 ] &&
        [ "$(tail -c 1 kept/*.cuxbin | od -An -tx1 | tr -d ' ')" = 00 ] &&
        size=$(od -An -j8 -N8 -tu8 kept/*.cuxbin | tr -d ' ') &&
        [ "$size" = "$(cat kept/*.ptx | wc -c | tr -d ' ')" ]
}
check container_layout t_container

t_keep() {
    cc_log -keep -c a.cu -o k2.o &&
        dir=$(sed -n 's/.*kept in //p' log.txt) &&
        ls "$dir"/*.ptx >/dev/null && rm -rf "$dir"
}
check keep t_keep

t_lib() {
    rm -f libab.a
    cc_log -lib a.cu b.cu -o libab.a && [ "$(ar t libab.a | wc -l)" = 2 ]
}
check static_library t_lib

# --- dependencies -----------------------------------------------------

t_M() {
    cc_log -M m.cu && [ $rc = 0 ] && has '^m.o:' && hasF 'myhdr.h'
}
check deps_M t_M

t_MM_MF_MT() {
    rm -f deps.d
    cc_log -MM -MF deps.d -MT target.o m.cu &&
        has '^target.o:' deps.d &&
        hasF 'myhdr.h' deps.d && ! hasF '/usr/include' deps.d
}
check deps_MM_MF_MT t_MM_MF_MT

t_MD() {
    rm -f m.o m.d
    cc_log -MD -c m.cu && [ -f m.o ] && has '^m.o:' m.d &&
        hasF myhdr.h m.d && ! hasF cuxcc- m.d
}
check deps_MD t_MD

t_MD_link() {
    rm -f m.d
    cc_log -MMD -dryrun m.cu -o prog && hasF '-MF m.d' && hasF '-MT m.o'
}
check deps_MD_names_not_temporary t_MD_link

# --- flags reaching the compilers -------------------------------------

t_xcompiler() {
    rm -f x.o
    cc_log -c x.cu -Xcompiler -DFROM_X=1,-DFROM_Y=2 && [ -f x.o ] &&
        cc_log -c x.cu --compiler-options "-DFROM_X=1 -DFROM_Y=2" &&
        cc_log -c x.cu -Xcompiler=-DFROM_X=1 -Xcompiler -DFROM_Y=2 &&
        cc_log -dryrun -c a.cu -Xcompiler -fPIC,-Wall &&
        has 'cuda-host-only.* -fPIC -Wall'
}
check xcompiler t_xcompiler

t_xcompiler_host_only() {
    cc_log -dryrun -c a.cu -Xcompiler -fopenmp &&
        ! has 'cuda-device-only.*-fopenmp'
}
check xcompiler_host_only t_xcompiler_host_only

t_defines() {
    cc_log -c x.cu -DFROM_X=1 -D FROM_Y=2 -o x1.o &&
        cc_log -c x.cu --define-macro=FROM_X=1 -DFROM_Y=2 -o x2.o
}
check defines t_defines

t_fast_math() {
    cc_log -dryrun -c a.cu --use_fast_math &&
        hasF '-fcuda-approx-transcendentals' &&
        hasF '-fgpu-flush-denormals-to-zero' &&
        cc_log -dryrun -c a.cu -fmad=false && hasF '-ffp-contract=off' &&
        cc_log -dryrun -c a.cu && hasF '-ffp-contract=fast' &&
        ! hasF '-fgpu-flush-denormals-to-zero'
}
check fast_math t_fast_math

t_std_and_opt() {
    cc_log -dryrun -c a.cu -std=c++17 -O2 && hasF '-std=c++17' &&
        has 'cuda-host-only.* -O2' &&
        cc_log -c a.cu -std c++14 -O3 -o s.o &&
        cc_log -c a.cu --std=c++20 -o s2.o
}
check std_and_optimize t_std_and_opt

t_x_cu() {
    cp a.cu as_cpp.cpp
    rm -f as_cpp.o
    cc_log -x cu -c as_cpp.cpp &&
        nm as_cpp.o | grep -q __cudaRegisterFunction
}
check x_cu t_x_cu

t_accepted() {
    cc_log -c a.cu -o acc.o -Wno-deprecated-gpu-targets \
        -Wno-deprecated-declarations --expt-relaxed-constexpr \
        --extended-lambda --expt-extended-lambda -m64 -t 4 --threads=2 \
        -Xptxas -v -maxrregcount 32 -res-usage --resource-usage \
        -ftz=true -prec-div=false -prec-sqrt=true -fmad=true \
        -lcudart -lcudadevrt -lcuda --cudart=shared -cudart static \
        -rdc=false -lineinfo -G -g -w -use_fast_math \
        -default-stream per-thread &&
        [ -f acc.o ]
}
check accepted_flags t_accepted

t_rdc_flags() {
    rm -f a.o b.o r.o
    cc_log -dc a.cu && [ -f a.o ] &&
        strings a.o | grep -q CUXRDC01 || return 1
    cc_log -rdc=true -c b.cu && strings b.o | grep -q CUXRDC01 || return 1
    cc_log --relocatable-device-code true -c a.cu -o r.o &&
        strings r.o | grep -q CUXRDC01 || return 1
    cc_log -dw a.cu && ! strings a.o | grep -q CUXRDC01 || return 1
    cc_log -c a.cu -rdc=false -o r.o && ! strings r.o | grep -q CUXRDC01 ||
        return 1
    cc_log -rdc=maybe -c a.cu
    [ $rc = 1 ] && hasF "Value 'maybe' is not defined"
}
check rdc_flags t_rdc_flags

t_cubin() {
    cc_log -cubin a.cu
    [ $rc = 1 ] && hasF 'use -ptx' || return 1
    cc_log -fatbin a.cu
    [ $rc = 1 ]
}
check cubin_fatbin t_cubin

t_preprocess() {
    cc_log -E m.cu && has 'void k' && ! hasF HEADER_VALUE &&
        hasF '2.0f'
}
check preprocess t_preprocess

# --- diagnostics --------------------------------------------------------

t_compile_error() {
    cc_log -c e.cu
    [ $rc != 0 ] && hasF 'e.cu:3:' && hasF 'undefined_thing' &&
        ! hasF 'cuxcc-' && ! hasF '.ptx' && ! hasF '.cuxbin'
}
check compile_error_points_at_line t_compile_error

cat >lk.cu <<'EOF'
void missing_fn(void);
__global__ void k(int *p) { p[0] = 1; }
int main() { missing_fn(); k<<<1, 1>>>(0); return 0; }
EOF

t_link_error() {
    cc_log --cudart none lk.cu -o lk
    [ $rc != 0 ] && hasF 'missing_fn' && hasF 'lk.cu' && ! hasF 'cuxcc-'
}
check link_error_names_source t_link_error

# --- linking and running ----------------------------------------------

cat >mix_kernel.cu <<'EOF'
#include <cuda_runtime.h>
__global__ void add(const int *a, const int *b, int *c, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        c[i] = a[i] + b[i];
}
int run_add(const int *a, const int *b, int *c, int n)
{
    int *da, *db, *dc;
    size_t bytes = n * sizeof(int);
    cudaMalloc((void **)&da, bytes);
    cudaMalloc((void **)&db, bytes);
    cudaMalloc((void **)&dc, bytes);
    cudaMemcpy(da, a, bytes, cudaMemcpyHostToDevice);
    cudaMemcpy(db, b, bytes, cudaMemcpyHostToDevice);
    add<<<(n + 63) / 64, 64>>>(da, db, dc, n);
    cudaMemcpy(c, dc, bytes, cudaMemcpyDeviceToHost);
    cudaFree(da);
    cudaFree(db);
    cudaFree(dc);
    return cudaGetLastError() == cudaSuccess;
}
EOF
cat >mix_helper.c <<'EOF'
int expected_sum(int i) { return 3 * i + 7; }
EOF
cat >mix_main.cpp <<'EOF'
#include <cstdio>
extern "C" int expected_sum(int i);
int run_add(const int *a, const int *b, int *c, int n);
int main()
{
    enum { N = 1000 };
    static int a[N], b[N], c[N];
    for (int i = 0; i < N; i++) {
        a[i] = i;
        b[i] = 2 * i + 7;
    }
    if (!run_add(a, b, c, N)) {
        std::printf("FAIL launch\n");
        return 1;
    }
    for (int i = 0; i < N; i++)
        if (c[i] != expected_sum(i)) {
            std::printf("FAIL at %d: %d\n", i, c[i]);
            return 1;
        }
    std::printf("PASS\n");
    return 0;
}
EOF

t_mixed_objects() {
    rm -f mix_kernel.o mix_helper.o mix_main.o
    cc_log -c mix_kernel.cu mix_helper.c mix_main.cpp &&
        [ -f mix_kernel.o ] && [ -f mix_helper.o ] && [ -f mix_main.o ] &&
        nm mix_kernel.o | grep -q __cudaRegisterFatBinary
}
check mixed_compile t_mixed_objects

# libcux implements the launch ABI of CUDA 9.2 and later; clang picks the
# old one (cudaConfigureCall, cudaLaunch) unless told the SDK version.
t_launch_abi() {
    for c in clang++-16 clang-16 clang++-14 clang-14; do
        command -v $c >/dev/null || continue
        rm -f abi.o
        CUX_CLANG=$c "$CUXCC" -c mix_kernel.cu -o abi.o || return 1
        nm -u abi.o >abi.txt
        has cudaLaunchKernel abi.txt &&
            has __cudaPushCallConfiguration abi.txt &&
            ! has cudaConfigureCall abi.txt && ! has 'cudaLaunch$' abi.txt ||
            { echo "wrong launch ABI with $c"; return 1; }
    done
}
check launch_abi_every_clang t_launch_abi

t_mixed_run() {
    cc_log mix_kernel.cu mix_helper.c mix_main.cpp -o mix &&
        run ./mix >run.txt 2>&1 && [ "$(cat run.txt)" = PASS ] || {
        cat log.txt run.txt 2>/dev/null; return 1; }
    cc_log mix_kernel.o mix_helper.o mix_main.o -o mix2 -lcudart &&
        run ./mix2 | grep -q '^PASS$'
}

t_static_run() {
    # shellcheck disable=SC2086
    cc_log --cudart static mix_kernel.cu mix_helper.c mix_main.cpp \
        $san_link -o mix_static && run ./mix_static | grep -q '^PASS$' &&
        ! ldd mix_static | grep -q libcux
}

t_shared_run() {
    cc_log -shared -Xcompiler -fPIC mix_kernel.cu -o libmixk.so &&
        cc_log mix_main.cpp mix_helper.c -L. -lmixk -Xlinker -rpath,. \
            -o mix_shared && run ./mix_shared | grep -q '^PASS$'
}
if [ -f "$root/lib/libcux.so" ]; then
    check mixed_link_and_run t_mixed_run
    check cudart_static_run t_static_run
    check shared_library_run t_shared_run
else
    skip mixed_link_and_run "no lib/libcux.so yet"
fi

# --- separate compilation (-rdc=true) ------------------------------------

# rdc_a.cu defines a device function, variables and a static function;
# rdc_b.cu uses them from its kernel and from the host, and has a static
# function of the same name.
cat >rdc_a.cu <<'EOF'
__device__ int counter;
__constant__ float scale_c;
__device__ float helper(float x) { return x * scale_c + 1.0f; }
static __device__ __noinline__ int hidden(int x) { return x + 1; }
__global__ void ka(float *p)
{
    p[threadIdx.x] = helper(p[threadIdx.x]) + hidden(0);
    atomicAdd(&counter, 1);
}
void launch_a(float *p) { ka<<<1, 4>>>(p); }
EOF
cat >rdc_b.cu <<'EOF'
#include <cstdio>
extern __device__ int counter;
extern __constant__ float scale_c;
extern __device__ float helper(float x);
static __device__ __noinline__ int hidden(int x) { return x + 2; }
__global__ void kb(float *p)
{
    p[threadIdx.x] = helper(1.0f) + counter + hidden(0);
}
void launch_a(float *p);
int rdc_check()
{
    float s = 2.0f, h[4] = {1, 2, 3, 4};
    int c = 0;
    float *p;
    cudaMalloc(&p, sizeof h);
    cudaMemcpyToSymbol(scale_c, &s, sizeof s);
    cudaMemcpy(p, h, sizeof h, cudaMemcpyHostToDevice);
    launch_a(p);
    cudaMemcpy(h, p, sizeof h, cudaMemcpyDeviceToHost);
    cudaMemcpyFromSymbol(&c, counter, sizeof c);
    bool ok = c == 4 && h[0] == 4 && h[3] == 10;
    kb<<<1, 4>>>(p);
    cudaMemcpy(h, p, sizeof h, cudaMemcpyDeviceToHost);
    ok = ok && h[0] == 9 && h[3] == 9 && cudaGetLastError() == cudaSuccess;
    std::printf("%s\n", ok ? "PASS" : "FAIL");
    cudaFree(p);
    return !ok;
}
EOF
echo 'int rdc_check(); int main() { return rdc_check(); }' >rdc_main.cpp
# Plain host links need the sanitizer runtimes that libcux was built with.
san_libs=""
[ -n "$asan" ] && san_libs="$asan $ubsan"

t_rdc_implicit() {
    rm -f rdc_a.o rdc_b.o rdc_main.o
    cc_log -dc -Xcompiler -fPIC rdc_a.cu rdc_b.cu rdc_main.cpp &&
        cc_log rdc_a.o rdc_b.o rdc_main.o -o rdc1 &&
        run ./rdc1 >run.txt 2>&1 && [ "$(cat run.txt)" = PASS ] || {
        cat log.txt run.txt; return 1; }
    # the same, compiled and linked in one command
    cc_log -rdc=true rdc_a.cu rdc_b.cu rdc_main.cpp -o rdc1b &&
        run ./rdc1b | grep -q '^PASS$'
}

t_rdc_dlink() {
    cc_log -dlink rdc_a.o rdc_b.o -o rdc_dlink.o && [ -f rdc_dlink.o ] &&
        cc_log rdc_a.o rdc_b.o rdc_dlink.o rdc_main.o -o rdc2 &&
        run ./rdc2 | grep -q '^PASS$' || { cat log.txt; return 1; }
    # shellcheck disable=SC2086
    ${CXX:-c++} rdc_a.o rdc_b.o rdc_dlink.o rdc_main.o -o rdc3 \
        -L"$root/lib" -lcux -Wl,-rpath,"$root/lib" $san_libs &&
        run ./rdc3 | grep -q '^PASS$'
}

t_rdc_shared() {
    cc_log -shared -dlink rdc_a.o rdc_b.o -o rdc_sdlink.o &&
        cc_log -shared rdc_a.o rdc_b.o rdc_sdlink.o -o librdc.so &&
        cc_log rdc_main.o -L. -lrdc -Xlinker -rpath,. -o rdc4 &&
        run ./rdc4 | grep -q '^PASS$'
}

cat >rdc_l1.cu <<'EOF'
__device__ int lib_twice(int x) { return 2 * x; }
EOF
cat >rdc_l2.cu <<'EOF'
__device__ int lib_twice(int x);
__global__ void lib_kernel(int *p)
{
    p[threadIdx.x] = lib_twice(p[threadIdx.x]) + 1;
}
void lib_launch(int *p) { lib_kernel<<<1, 2>>>(p); }
EOF
cat >rdc_m.cu <<'EOF'
#include <cstdio>
__device__ int lib_twice(int x);
__global__ void main_kernel(int *p) { p[threadIdx.x] = lib_twice(p[threadIdx.x]); }
void lib_launch(int *p);
int main()
{
    int h[2] = {3, 5}, *p;
    cudaMalloc(&p, sizeof h);
    cudaMemcpy(p, h, sizeof h, cudaMemcpyHostToDevice);
    main_kernel<<<1, 2>>>(p);
    lib_launch(p);
    cudaMemcpy(h, p, sizeof h, cudaMemcpyDeviceToHost);
    bool ok = h[0] == 13 && h[1] == 21;
    std::printf("%s\n", ok ? "PASS" : "FAIL");
    return !ok;
}
EOF

# lib_twice lives alone in a member no host symbol pulls in: the device
# link must bring its device code.
t_rdc_static_lib() {
    rm -f librdcdev.a
    cc_log -lib -rdc=true rdc_l1.cu rdc_l2.cu -o librdcdev.a &&
        cc_log -dc rdc_m.cu && cc_log rdc_m.o -L. -lrdcdev -o rdc5 &&
        run ./rdc5 | grep -q '^PASS$' || { cat log.txt; return 1; }
    cc_log rdc_m.o librdcdev.a -o rdc6 && run ./rdc6 | grep -q '^PASS$'
}

cat >rdc_u.cu <<'EOF'
#include <cstdio>
extern __device__ float not_defined_anywhere(float);
__global__ void ku(float *p) { p[0] = not_defined_anywhere(p[0]); }
int main()
{
    float *p;
    cudaMalloc(&p, 4);
    ku<<<1, 1>>>(p);
    cudaError_t e = cudaGetLastError();
    std::printf("%s\n", cudaGetErrorName(e));
    return e == cudaSuccess;
}
EOF
echo '__device__ float helper(float x) { return x; }' >rdc_d.cu

t_rdc_undefined() {
    cc_log -dc rdc_u.cu && cc_log rdc_u.o -o rdc7
    [ $rc = 1 ] && [ ! -f rdc7 ] && hasF rdc_u.cu &&
        hasF "undefined device symbol '_Z20not_defined_anywheref'" ||
        return 1
    cc_log -dlink rdc_u.o -o rdc_u_dlink.o
    [ $rc = 1 ] && hasF not_defined_anywhere || return 1
    # Linked without the device link, it fails when it loads, naming it.
    # shellcheck disable=SC2086
    ${CXX:-c++} rdc_u.o -o rdc8 -L"$root/lib" -lcux \
        -Wl,-rpath,"$root/lib" $san_libs && run ./rdc8 >run.txt 2>&1 &&
        hasF not_defined_anywhere run.txt && hasF cudaErrorInvalidPtx run.txt
}

t_rdc_duplicate() {
    cc_log -dc rdc_d.cu && cc_log rdc_a.o rdc_b.o rdc_d.o rdc_main.o -o rdc9
    [ $rc = 1 ] && hasF "device symbol '_Z6helperf' is defined twice" &&
        hasF rdc_a.cu && hasF rdc_d.cu
}

# __managed__ variables across files: defined in one, extern in the
# other; the host sees both initial values before any CUDA call, and the
# kernels of either file change what the host reads, in either link order.
cat >rdc_m1.cu <<'EOF'
__managed__ int shared_counter = 3;
__global__ void bump() { atomicAdd(&shared_counter, 10); }
void launch_bump() { bump<<<1, 2>>>(); }
EOF
cat >rdc_m2.cu <<'EOF'
#include <cstdio>
extern __managed__ int shared_counter;
__managed__ int other = 7;
void launch_bump();
__global__ void twice() { shared_counter *= 2; other += shared_counter; }
int main()
{
    bool ok = shared_counter == 3 && other == 7;
    shared_counter += 1;
    launch_bump();
    cudaDeviceSynchronize();
    twice<<<1, 1>>>();
    cudaDeviceSynchronize();
    ok = ok && shared_counter == 48 && other == 55;
    std::printf("%s\n", ok ? "PASS" : "FAIL");
    return !ok;
}
EOF

t_rdc_managed() {
    cc_log -rdc=true rdc_m1.cu rdc_m2.cu -o rdc_m12 &&
        run ./rdc_m12 | grep -q '^PASS$' || { cat log.txt; return 1; }
    cc_log -rdc=true rdc_m2.cu rdc_m1.cu -o rdc_m21 &&
        run ./rdc_m21 | grep -q '^PASS$'
}

if [ -f "$root/lib/libcux.so" ]; then
    check rdc_implicit_device_link t_rdc_implicit
    check rdc_managed_variables t_rdc_managed
    check rdc_explicit_dlink t_rdc_dlink
    check rdc_shared_dlink t_rdc_shared
    check rdc_static_library t_rdc_static_lib
    check rdc_undefined_symbol t_rdc_undefined
    check rdc_duplicate_symbol t_rdc_duplicate
else
    skip rdc_link_and_run "no lib/libcux.so yet"
fi

# --- CUDA headers cux does not have -------------------------------------

# Every header name of NVIDIA's toolkit is cux's own or a stand-in that
# stops with one error naming it and its feature.  nvidia/ holds decoys of
# NVIDIA's copies, put on the user's -I and -isystem as a Makefile would:
# they must never be reached, nor anything in an installed toolkit.
mkdir -p nvidia/cuda/std nvidia/thrust nvidia/cub
for h in cuda_fp8.h cuda/std/atomic thrust/sort.h cub/cub.cuh cusolverDn.h \
    cublasXt.h nvrtc.h; do
    echo '#error "NVIDIA decoy reached"' >nvidia/$h
done
# no_nvidia [LOG]: nothing of NVIDIA's in the output.
no_nvidia() {
    ! has 'decoy' "$@" && ! has '/usr/local/cuda' "$@" &&
        ! has '/usr/local/include' "$@" && ! has 'cuda-[0-9][0-9]*\.' "$@"
}
# unshipped FILE HEADER FEATURE [CUXCC...]: FILE includes HEADER and then
# uses what it would declare; the build stops with one error, naming the
# header and the feature.
unshipped() {
    unshipped_as "$1" "$2" "cux does not support $3" "${4:-$CUXCC}"
}
# unshipped_as FILE HEADER MESSAGE [CUXCC]: the same, with the message.
unshipped_as() {
    file=$1 header=$2 message=$3 cc=${4:-$CUXCC}
    printf '#include <%s>\n' "$header" >"$file"
    case $file in
    *.cu) echo '__global__ void k(half *p) { p[0] = __float2half(1.0f); }' ;;
    *) echo 'int f(void) { return missing_symbol(CUBLAS_STATUS_SUCCESS); }' ;;
    esac >>"$file"
    echo 'int main(void) { return also_undeclared; }' >>"$file"
    "$cc" -c "$file" -Invidia -isystem nvidia >log.txt 2>&1
    rc=$?
    [ $rc != 0 ] && [ "$(grep -c 'error' log.txt)" = 2 ] &&
        [ "$(grep -c 'error:' log.txt)" = 1 ] && has '^1 error generated' &&
        hasF "$header: $message" && no_nvidia
}
t_fp8() { unshipped u1.cu cuda_fp8.h "8-bit floating point"; }
check unshipped_cuda_fp8 t_fp8
t_std_atomic() { unshipped u2.cu cuda/std/atomic "libcu++"; }
check unshipped_cuda_std_atomic t_std_atomic
# Thrust and CUB are Debian's (mk/cuda_headers.txt): with the packages,
# their headers and never the decoys; without them, the stand-ins.
debian_cccl() { # FILE HEADER
    if [ ! -f "/usr/include/$2" ]; then
        unshipped_as "$1" "$2" "cux compiles Debian's Thrust and CUB"
        return
    fi
    printf '#include <%s>\nint main(void) { return 0; }\n' "$2" >"$1"
    "$CUXCC" -c "$1" -Invidia -isystem nvidia >log.txt 2>&1 &&
        ! has 'error' && no_nvidia
}
t_thrust() { debian_cccl u3.cu thrust/sort.h; }
check debian_thrust_sort t_thrust
t_cub() { debian_cccl u4.cu cub/cub.cuh; }
check debian_cub t_cub
t_cccl() { unshipped_as u5.cu cccl/thrust/sort.h "cux compiles Debian's Thrust and CUB"; }
check unshipped_cccl_layout t_cccl
t_cusolver() { unshipped u6.cu cusolverDn.h "cuSOLVER"; }
check unshipped_cusolverDn t_cusolver
t_cublas_cpp() { unshipped u7.cpp cublasXt.h "cuBLASXt"; }
check unshipped_in_cpp_file t_cublas_cpp

# Where no fatal warning is possible (gcc; clang under -w or -M), the
# error comes as #error, and a missing include stops the rest.
t_unshipped_c() {
    printf '#include <nvrtc.h>\nint f(void) { return x; }\n' >u8.c
    cc_log -c u8.c -Invidia
    [ $rc != 0 ] && hasF 'nvrtc.h: cux does not support NVRTC yet' &&
        hasF 'cux stops here' && [ "$(grep -c 'error:' log.txt)" = 2 ] &&
        ! has "'x'" && no_nvidia
}
check unshipped_in_c_file t_unshipped_c

t_unshipped_w() {
    printf '#include <cuda_fp8.h>\nint f() { return x; }\n' >u9.cu
    cc_log -w -c u9.cu
    [ $rc != 0 ] && has '^2 errors generated' && ! has "'x'" &&
        hasF 'cuda_fp8.h: cux does not support 8-bit floating point' &&
        no_nvidia
}
check unshipped_under_w t_unshipped_w

# An installed cux carries the stand-ins (make -o all: use what is built).
t_unshipped_installed() {
    make -s -C "$root" -o all install PREFIX="$work/inst" >log.txt 2>&1 &&
        [ -x "$work/inst/bin/cuxcc" ] &&
        unshipped u10.cu cuda_fp8.h "8-bit floating point" \
            "$work/inst/bin/cuxcc" &&
        hasF "$work/inst/share/cux/unsupported/cuda_fp8.h"
}
if [ -f "$root/Makefile" ] && [ -f "$root/lib/libcux.so" ]; then
    check unshipped_in_installed_cux t_unshipped_installed
else
    skip unshipped_in_installed_cux "no built tree at $root"
fi

# Where a toolkit is installed, each of its header names must be covered
# (CL/ is Khronos's OpenCL, deliberately left to the system's copy).
toolkit=/usr/local/cuda/include
t_toolkit_names() {
    missing=$(cd "$toolkit" && find . -type f -o -type l | sed 's|^\./||' |
        grep -v '^CL/' | while read -r h; do
            [ -e "$root/include/$h" ] ||
                [ -e "$root/build/unsupported/$h" ] || echo "$h"
        done)
    [ -z "$missing" ] || { echo "not covered: $missing" | head -20; false; }
}
if [ -d "$toolkit" ] && [ -d "$root/build/unsupported" ]; then
    check toolkit_header_names_covered t_toolkit_names
else
    skip toolkit_header_names_covered "no $toolkit"
fi

t_deps_stay_home() {
    cc_log -M a.cu -Invidia -isystem /usr/local/include && [ $rc = 0 ] &&
        has 'cuda_runtime.h' && no_nvidia
}
check deps_name_no_nvidia_header t_deps_stay_home

# Texture references (removed in CUDA 12) compile as nvcc 11 compiled
# them: the device code holds a .texref and the host code registers it; a
# program may still call something else `texture`.
cat >texref.cu <<'EOF2'
texture<float, 1, cudaReadModeElementType> tex;
__global__ void k(float *o) { o[0] = tex1Dfetch(tex, 3); }
void bind(float *p) { cudaBindTexture(0, tex, p, 64); }
EOF2
cat >texname.cu <<'EOF2'
int texture = 3;
__global__ void k(int *o) { o[0] = 1; }
EOF2
t_texture_reference() {
    cc_log -c texref.cu && [ $rc = 0 ] &&
        cc_log --ptx texref.cu -o texref.ptx && [ $rc = 0 ] &&
        grep -q '^\.visible \.global \.texref tex;' texref.ptx &&
        cc_log -c -DCUX_NO_TEXTURE_REFERENCE texname.cu && [ $rc = 0 ]
}
check texture_reference t_texture_reference

# --- what build tools read (CMake's compiler identification) ---------

# nvcc -v prints its environment lines first, even for an input that does
# not exist: CMake asks `nvcc -v __cmake_determine_cuda` to find TOP=.
t_env_lines() {
    cc_log -v __cmake_determine_cuda
    [ $rc = 1 ] && hasF "#\$ TOP=$root" && hasF '#$ _NVVM_BRANCH_=nvvm' &&
        hasF '#$ _CUDART_=cudart' && hasF "#\$ _HERE_=$root/bin" &&
        hasF "#\$ NVVMIR_LIBRARY_DIR=$root/nvvm/libdevice" &&
        hasF "#\$ INCLUDES=-I$root/include" &&
        hasF "#\$ LIBRARIES=-L$root/lib" && hasF '#$ PTXAS_FLAGS=' &&
        hasF '#$ CUDAFE_FLAGS=' && has '^#\$ PATH=' &&
        has '^#\$ LD_LIBRARY_PATH=' && hasF 'Could not open input file'
}
check verbose_env_lines t_env_lines

# CMake takes the link step to be the line holding LIBRARIES='s text, and
# the default architecture from "-arch compute_NN".
t_link_line() {
    cc_log -dryrun a.cu -o prog && [ $rc = 0 ] &&
        libs=$(sed -n 's/^#\$ LIBRARIES=//p' log.txt) && [ -n "$libs" ] &&
        grep -v '^#\$ [^= ]*=' log.txt | grep -F -e "$libs" |
        grep -q -e '-o prog' && has '-arch compute_[0-9][0-9]'
}
check verbose_link_line t_link_line

cat >ver.cu <<'EOF'
#if !defined(__NVCC__) || !defined(__CUDACC_VER_BUILD__)
#error nvcc macros missing
#endif
#if __CUDACC_VER_MAJOR__ * 1000 + __CUDACC_VER_MINOR__ * 10 != CUDART_VERSION
#error nvcc version and CUDART_VERSION disagree
#endif
__global__ void k(float *p) { p[0] = 1.0f; }
EOF
cat >ver.cpp <<'EOF'
#ifndef __NVCC__
#error no __NVCC__
#endif
int f() { return 1; }
EOF
echo 'v __CUDACC_VER_MAJOR__ __CUDACC_VER_MINOR__ __CUDACC_VER_BUILD__' >vm.cu
# The macros carry the version --version reports, for CUDA and C++ files.
t_nvcc_macros() {
    v=$("$CUXCC" --version |
        sed -n 's/^Cuda compilation tools.* V\([0-9.]*\)$/\1/p' | tr . ' ')
    [ -n "$v" ] && "$CUXCC" -E vm.cu >vm.i && grep -qx "v $v" vm.i &&
        "$CUXCC" -c ver.cu -o ver.o && "$CUXCC" -c ver.cpp -o ver2.o
}
check nvcc_version_macros t_nvcc_macros

# CMake passes -forward-unknown-to-host-compiler first on every line.
t_forward_unknown() {
    cc_log -c a.cu -fno-such-thing
    [ $rc = 1 ] || return 1
    cc_log -dryrun -forward-unknown-to-host-compiler -c x.cu -DFROM_X=1 \
        -fvisibility=hidden -DFROM_Y=2 && [ $rc = 0 ] &&
        grep -e '--cuda-host-only' log.txt | grep -q -e '-fvisibility=hidden' &&
        ! grep -e '--cuda-device-only' log.txt | grep -q -e '-fvisibility'
}
check forward_unknown_to_host t_forward_unknown

# nvcc removes double quotes inside option values; what they enclose stays
# one item (its commas and blanks included).
t_quoted_values() {
    mkdir -p "q dir" && echo '#define QDIR 1' >"q dir/qd.h" &&
        printf '#include "qd.h"\n__global__ void k(int *p) { p[0] = QDIR; }\n' >q.cu &&
        cc_log -c '-Xcompiler="-Wall"' '-I"q dir"' q.cu -o q.o && [ $rc = 0 ] &&
        cc_log -dryrun -c '-Xcompiler="-Wall,-fPIC"' q.cu -o q.o && [ $rc = 0 ] &&
        grep -e '--cuda-host-only' log.txt | grep -qF -e '-Wall,-fPIC' &&
        ! grep -qF -e '"-Wall' log.txt
}
check quoted_option_values t_quoted_values

# ... and its include directories in an --options-file.
t_options_file() {
    printf '%s\n' '-DFROM_X=1 "-DFROM_Y=2"' '  -c' >opts.rsp
    rm -f x.o
    cc_log --options-file opts.rsp x.cu && [ $rc = 0 ] && [ -f x.o ] &&
        ! "$CUXCC" -optf nothere.rsp x.cu 2>log.txt &&
        hasF "Could not open options file 'nothere.rsp'"
}
check options_file t_options_file

# A C++ file that includes curand_kernel.h for its state types (the host
# sets up the states, as cuda-samples' MonteCarloMultiGPU does) compiles
# without the device functions that sync a block.
t_curand_kernel_host() {
    printf '%s\n' '#include <curand_kernel.h>' \
        'int main() { curandStateMtgp32_t m; curandState_t x; (void)m; (void)x; return 0; }' \
        >host_curand.cpp
    cc_log host_curand.cpp -o host_curand && run ./host_curand
}
check curand_kernel_from_cpp t_curand_kernel_host

# `register` in C++17 code, which nvcc accepts without a word and clang
# refuses unless told.
t_register_cxx17() {
    printf '%s\n' \
        '__global__ void k(int *o) { register int x = threadIdx.x; o[x] = x; }' \
        'int main() { return 0; }' >register17.cu
    rm -f register17.o
    cc_log -std=c++17 -c register17.cu && [ -f register17.o ] &&
        ! has 'register.*storage class'
}
check register_in_cxx17 t_register_cxx17

t_no_temp_left() {
    [ -z "$(ls "$TMPDIR")" ] || { ls "$TMPDIR"; return 1; }
}
check no_temporary_left t_no_temp_left

echo "$passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
