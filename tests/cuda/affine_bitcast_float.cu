// affine_bitcast_float.cu: a float made from the bits of a lane-affine
// integer (a bit cast of base + lane << 16, as bfloat16's widening does)
// is not itself affine: cux once kept such a register as lane 0's float
// plus a float stride, and so lost the base's bits (bfloat16 0x21 widened
// to 0x00010000 instead of 0x00210000).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstring>

// A call keeps the float a float register: an st.param.f32 reads it.
__device__ __noinline__ unsigned bits_of(float f) { return __float_as_uint(f); }

__global__ void widen(unsigned *out, float *fout, unsigned base)
{
    unsigned i = threadIdx.x;
    float f = __builtin_bit_cast(float, (0x20u + i) << 16);  // mov.b32
    float g = __builtin_bit_cast(float, base + (i << 12));
    out[i] = bits_of(f);
    fout[i] = g * 2.0f;
}

int main()
{
    const int n = 64;
    unsigned *dout, out[n];
    float *dfout, fout[n];
    cudaMalloc(&dout, sizeof out);
    cudaMalloc(&dfout, sizeof fout);
    widen<<<1, n>>>(dout, dfout, 0x3f800000u);
    cudaError_t e = cudaGetLastError();
    cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    cudaMemcpy(fout, dfout, sizeof fout, cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int i = 0; i < n; i++) {
        unsigned gb = 0x3f800000u + ((unsigned)i << 12);
        float g;
        memcpy(&g, &gb, 4);
        if (out[i] != (0x20u + i) << 16 || fout[i] != g * 2.0f) {
            if (bad++ < 4)
                printf("lane %d: 0x%08x %g\n", i, out[i], fout[i]);
        }
    }
    if (e != cudaSuccess || bad) {
        printf("FAIL affine_bitcast_float: %s, %d wrong\n",
               cudaGetErrorString(e), bad);
        return 1;
    }
    printf("PASS affine_bitcast_float\n");
    return 0;
}
