#!/bin/sh
# deps.sh: installs, on Debian 12 as root, what cux needs and is missing,
# and says what it installs.  Elsewhere it only reports what is missing.
# (`sh mk/deps.sh bench` is accepted as before; what the benchmarks need
# is now always installed.)
missing=""
need() { dpkg -s "$1" >/dev/null 2>&1 || missing="$missing $1"; }
need make
need gcc
need libc6-dev
# clang is the CUDA front end; Debian 12 has 16 (preferred) and 14.
if ! command -v clang-16 >/dev/null 2>&1 && ! command -v clang-14 >/dev/null 2>&1; then
    need clang-16
fi
need libgomp1
# cux's cuBLAS (src/lib/cublas) is built on OpenBLAS's CBLAS.
need libopenblas-dev
# cux's cuFFT (src/lib/cufft) is built on FFTW 3 (double and single).
need libfftw3-dev
# Thrust and CUB: Debian's headers, which cuxcc puts ahead of any other
# copy (mk/cuda_headers.txt).
need libthrust-dev
need libcub-dev
# tests/toolkit builds CMake projects with the installed tree's nvcc.
need cmake
# The OpenCL device (src/dev/opencl) builds against the OpenCL headers
# and loads the ICD loader at run time; PoCL is the OpenCL device on
# these machines, which the tests run every CUDA test on too.
need opencl-c-headers
need ocl-icd-opencl-dev
need pocl-opencl-icd
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deps: installing$missing"
    apt-get update -qq >/dev/null && \
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null || {
        echo "deps: apt-get install$missing failed" >&2; exit 1; }
else
    echo "deps: missing$missing (install them as root)" >&2
    exit 1
fi
