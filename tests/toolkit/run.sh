#!/bin/sh
# run.sh: checks of the CUDA-toolkit-shaped tree `make install` lays out
# (mk/toolkit.mk), used as a new user would use NVIDIA's: a Makefile with
# NVCC := <tree>/bin/nvcc, g++ with -L<tree>/lib64 -lcudart, and CMake
# projects with LANGUAGES CUDA and find_package(CUDAToolkit).  One
# `PASS name`, `FAIL name` or `SKIP name` line each; the last counts them.
#
# Usage: sh tests/toolkit/run.sh   (after make; installs into a temporary
# directory without rebuilding anything)
#
# CUX_SANITIZE=1 or thread (make check-asan, check-tsan): the build and run
# checks are skipped.
# The tree's nvcc links libcux.a like nvcc links its static runtime, and
# CMake makes its own link lines, so each would need the sanitizer
# runtimes added; the layout and -v checks still run.

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cux-toolkit-XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
tree=$prefix/lib/cux/cuda
NVCC=$tree/bin/nvcc
# Programs linked with the shared runtime find it as NVIDIA's users find
# libcudart: through LD_LIBRARY_PATH (docs/cuxcc.md says why).
RT_PATH=$tree/lib64

passed=0
failed=0
skipped=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); }
skip() { echo "SKIP $1${2:+: $2}"; skipped=$((skipped + 1)); }
# check NAME COMMAND...: passes when the command succeeds; else shows its
# output (log.txt holds what the command wrote).
check() {
    name=$1
    shift
    if "$@" >"$work/out.txt" 2>&1; then pass "$name"; else
        fail "$name"
        sed 's/^/    /' "$work/out.txt" | tail -25
    fi
}
sanitize=false
[ "${CUX_SANITIZE:-0}" != 0 ] && sanitize=true
SAN_WHY="CUX_SANITIZE=${CUX_SANITIZE:-}: links libcux.a without the sanitizer runtimes"

# make -o all: the tree is installed from what make built, never rebuilt
# here (a rebuild would replace a sanitizer build with a normal one).
install_tree() {
    env -u MAKEFLAGS -u MFLAGS make -s -C "$root" -o all install "$@"
}

t_install() {
    install_tree PREFIX="$prefix" && [ -L "$NVCC" ] && [ -x "$NVCC" ] &&
        [ -f "$tree/include/cuda_runtime.h" ] &&
        for f in libcudart.so libcudart.so.12 libcudart.so.13 \
                 libcudart_static.a libcudadevrt.a; do
            [ -f "$tree/lib64/$f" ] || { echo "no lib64/$f"; return 1; }
        done &&
        [ -d "$tree/nvvm/libdevice" ] && [ -f "$tree/version.txt" ] &&
        [ -f "$tree/version.json" ] &&
        ar t "$tree/lib64/libcudadevrt.a" >/dev/null
}
check install_tree t_install
[ -x "$NVCC" ] || {
    echo "$passed passed, $failed failed, $skipped skipped"
    exit 1
}

# Under DESTDIR every link is relative, so the tree works where it lands;
# only Debian's Thrust and CUB are linked where the system has them.
t_destdir() {
    dest=$work/dest
    install_tree DESTDIR="$dest" PREFIX=/opt/cux &&
        t=$dest/opt/cux/lib/cux/cuda &&
        [ -f "$t/lib64/libcudart_static.a" ] &&
        [ -f "$t/include/cuda_runtime.h" ] &&
        "$t/bin/nvcc" -v nothere.cu 2>&1 | grep -qxF "#\$ TOP=$t" &&
        ! find "$dest" -type l -lname '/*' ! -lname '/usr/include/*' | grep .
}
check destdir_relative_links t_destdir

t_version() {
    "$NVCC" --version >"$work/v.txt" &&
        head -n 1 "$work/v.txt" | grep -qx 'nvcc: NVIDIA (R) Cuda compiler driver' &&
        v=$(sed -n 's/^Cuda compilation tools, release .*, V//p' "$work/v.txt") &&
        grep -qx "CUDA Version $v" "$tree/version.txt" &&
        grep -q "\"version\" : \"$v\"" "$tree/version.json"
}
check version_files_agree t_version

# What CMake reads from `nvcc -v`: the tree, not where cuxcc lives.
t_env() {
    "$NVCC" -v __cmake_determine_cuda >"$work/env.txt" 2>&1
    e=$work/env.txt
    grep -qxF "#\$ TOP=$tree" "$e" &&
        grep -qxF "#\$ _HERE_=$tree/bin" "$e" &&
        grep -qxF "#\$ NVVMIR_LIBRARY_DIR=$tree/nvvm/libdevice" "$e" &&
        grep -qF "#\$ INCLUDES=-I$tree/include " "$e" &&
        grep -qxF "#\$ LIBRARIES=-L$tree/lib64" "$e"
}
check nvcc_v_names_tree t_env

# Started through PATH, as make and shells do.
t_path() {
    PATH=$tree/bin:$PATH nvcc -v __x 2>&1 | grep -qxF "#\$ TOP=$tree"
}
check nvcc_found_on_path t_path

mkdir -p "$work/src"
cd "$work/src" || exit 1
cat >kernels.h <<'EOF'
void run_saxpy(int n, float a, const float *x, float *y);
EOF
cat >kernels.cu <<'EOF'
#include "kernels.h"
__global__ void saxpy(int n, float a, const float *x, float *y)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        y[i] = a * x[i] + y[i];
}
void run_saxpy(int n, float a, const float *x, float *y)
{
    saxpy<<<(n + 127) / 128, 128>>>(n, a, x, y);
}
EOF
cat >main.cu <<'EOF'
#include <cstdio>
#include <vector>
#include "kernels.h"
int main()
{
    const int n = 1000;
    std::vector<float> x(n), y(n);
    for (int i = 0; i < n; i++) {
        x[i] = i;
        y[i] = 1;
    }
    float *dx, *dy;
    cudaMalloc(&dx, n * sizeof(float));
    cudaMalloc(&dy, n * sizeof(float));
    cudaMemcpy(dx, x.data(), n * sizeof(float), cudaMemcpyHostToDevice);
    cudaMemcpy(dy, y.data(), n * sizeof(float), cudaMemcpyHostToDevice);
    run_saxpy(n, 2.0f, dx, dy);
    cudaMemcpy(y.data(), dy, n * sizeof(float), cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int i = 0; i < n; i++)
        bad += y[i] != 2.0f * i + 1;
    printf("%s\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
EOF
cat >host.cpp <<'EOF'
#include <cuda_runtime.h>
#include <cstdio>
int main()
{
    int n = 0, v = 0;
    float h[4] = {1, 2, 3, 4}, back[4] = {0};
    void *d;
    if (cudaGetDeviceCount(&n) != cudaSuccess || n < 1)
        return 1;
    cudaRuntimeGetVersion(&v);
    cudaMalloc(&d, sizeof h);
    cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice);
    cudaMemcpy(back, d, sizeof h, cudaMemcpyDeviceToHost);
    cudaFree(d);
    bool ok = back[3] == 4 && v == CUDART_VERSION;
    printf("%s\n", ok ? "PASS" : "FAIL");
    return !ok;
}
EOF

# passes NAME CMD...: CMD runs and prints PASS.
passes() { "$@" | grep -qx PASS; }

# --- make -------------------------------------------------------------

cat >Makefile <<EOF
NVCC := $NVCC
CUDA_HOME := $tree
all: app app_gxx host
%.o: %.cu
	\$(NVCC) -O2 -arch=sm_75 -c \$< -o \$@
app: main.o kernels.o
	\$(NVCC) -o \$@ main.o kernels.o
app_gxx: main.o kernels.o
	g++ -o \$@ main.o kernels.o -L\$(CUDA_HOME)/lib64 -lcudart
host: host.cpp
	g++ -I\$(CUDA_HOME)/include -o \$@ host.cpp -L\$(CUDA_HOME)/lib64 -lcudart
EOF
t_make() {
    make -s && passes ./app && ! ldd ./app | grep -q 'libcux\|libcudart' &&
        passes env LD_LIBRARY_PATH="$RT_PATH" ./app_gxx &&
        passes env LD_LIBRARY_PATH="$RT_PATH" ./host
}
if $sanitize; then skip make_project "$SAN_WHY"; else
    check make_project t_make
fi

# --- CMake ------------------------------------------------------------

# cmake_project DIR ARGS...: configures and builds DIR/build.
cmake_project() {
    dir=$1
    shift
    cmake -S "$dir" -B "$dir/build" -DCMAKE_CUDA_COMPILER="$NVCC" "$@" \
        >"$dir/configure.log" 2>&1 || { cat "$dir/configure.log"; return 1; }
    cmake --build "$dir/build" >"$dir/build.log" 2>&1 ||
        { cat "$dir/build.log"; return 1; }
}

new_project() {
    mkdir -p "$1"
    cp main.cu kernels.cu kernels.h host.cpp "$1"
    cat >"$1/CMakeLists.txt"
}

t_cmake_arch() {
    new_project arch <<'EOF'
cmake_minimum_required(VERSION 3.18)
project(x LANGUAGES CXX CUDA)
add_executable(app main.cu kernels.cu)
set_target_properties(app PROPERTIES CUDA_ARCHITECTURES 75)
EOF
    cmake_project arch &&
        grep -q 'CUDA compiler identification is NVIDIA' arch/configure.log &&
        passes arch/build/app
}

t_cmake_default() {
    new_project default <<'EOF'
cmake_minimum_required(VERSION 3.18)
project(x LANGUAGES CXX CUDA)
add_executable(app main.cu kernels.cu)
EOF
    cmake_project default && passes default/build/app
}

# CMake runs a program it builds to find the "native" architectures.
t_cmake_archs() {
    for a in native all all-major; do
        rm -rf default/build
        cmake_project default -DCMAKE_CUDA_ARCHITECTURES=$a &&
            passes default/build/app || { echo "with $a"; return 1; }
    done
}

# CUDA::cudart is the shared libcudart.so; CMake adds no rpath for the
# toolkit's own lib64 to CUDA programs, as with NVIDIA's.
t_cmake_toolkit() {
    new_project pkg <<'EOF'
cmake_minimum_required(VERSION 3.18)
project(y LANGUAGES CXX CUDA)
find_package(CUDAToolkit REQUIRED)
add_executable(app main.cu kernels.cu)
target_link_libraries(app PRIVATE CUDA::cudart)
add_executable(host host.cpp)
target_link_libraries(host PRIVATE CUDA::cudart)
EOF
    cmake_project pkg &&
        grep -q "Found CUDAToolkit: $tree/include" pkg/configure.log &&
        passes env LD_LIBRARY_PATH="$RT_PATH" pkg/build/app &&
        passes pkg/build/host
}

# CUDA::cufft is cux's libcufft.so in lib64, found at run time like the
# shared runtime: a 2D R2C of an impulse, whose spectrum is all ones.
t_cmake_cufft() {
    mkdir -p fft
    cat >fft/fft.cu <<'EOF'
#include <cufft.h>
#include <cuda_runtime.h>
#include <cstdio>
int main()
{
    const int nx = 8, ny = 6, half = ny / 2 + 1;
    float img[nx * ny] = {1};
    cufftComplex spec[nx * half], *d_spec;
    float *d_img;
    cudaMalloc(&d_img, sizeof img);
    cudaMalloc(&d_spec, sizeof spec);
    cudaMemcpy(d_img, img, sizeof img, cudaMemcpyHostToDevice);
    cufftHandle plan;
    bool ok = cufftPlan2d(&plan, nx, ny, CUFFT_R2C) == CUFFT_SUCCESS &&
              cufftExecR2C(plan, d_img, d_spec) == CUFFT_SUCCESS;
    cudaMemcpy(spec, d_spec, sizeof spec, cudaMemcpyDeviceToHost);
    for (int i = 0; i < nx * half; i++)
        ok = ok && spec[i].x == 1.0f && spec[i].y == 0.0f;
    cufftDestroy(plan);
    printf("%s\n", ok ? "PASS" : "FAIL");
    return !ok;
}
EOF
    cat >fft/CMakeLists.txt <<'EOF'
cmake_minimum_required(VERSION 3.18)
project(f LANGUAGES CXX CUDA)
find_package(CUDAToolkit REQUIRED)
add_executable(app fft.cu)
target_link_libraries(app PRIVATE CUDA::cufft)
EOF
    cmake_project fft &&
        passes env LD_LIBRARY_PATH="$RT_PATH" fft/build/app
}

if ! command -v cmake >/dev/null 2>&1; then
    for t in cmake_architectures_75 cmake_default_architectures \
             cmake_native_all_all_major cmake_find_package_cudatoolkit \
             cmake_cuda_cufft; do
        skip $t "no cmake (mk/deps.sh installs it)"
    done
elif $sanitize; then
    for t in cmake_architectures_75 cmake_default_architectures \
             cmake_native_all_all_major cmake_find_package_cudatoolkit \
             cmake_cuda_cufft; do
        skip $t "$SAN_WHY"
    done
else
    check cmake_architectures_75 t_cmake_arch
    check cmake_default_architectures t_cmake_default
    check cmake_native_all_all_major t_cmake_archs
    check cmake_find_package_cudatoolkit t_cmake_toolkit
    check cmake_cuda_cufft t_cmake_cufft
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
