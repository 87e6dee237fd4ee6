// math_api_resolution_cuda.cu: part 2 of math_api_resolution.cu, CUDA's
// own math functions (rsqrt, normcdfinv, j0, sincospi, norm3d, ...) in
// every form, classification, nan, abs and min/max on every type, and
// the single and double precision intrinsics.  One program would take
// the CPU device's JIT too long, so the list is split in two.
// cux-long-jit: its kernels compile for about a minute with a cold cache at 4 lanes (SSE) on 2 cores
#define MATH_API_PART 2
#define MATH_API_NAME "math_api_resolution_cuda"
#include "math_api_resolution.cu"
