// float_int_convert.cu: float<->int conversions: casts of negative values
// (truncation), round-to-nearest-even intrinsics, rintf/truncf/roundf,
// unsigned conversions, saturation of out-of-range values, NaN -> 0.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cmath>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL float_int_convert\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define NR 13
#define NV 12

__global__ void conv(const float *x, const int *k, float *fo, long long *io)
{
    int i = threadIdx.x;
    float v = x[i];
    long long *o = io + NR * i;
    o[0] = (int)v;
    o[1] = __float2int_rn(v);
    o[2] = __float2int_rz(v);
    o[3] = __float2int_rd(v);
    o[4] = __float2int_ru(v);
    o[5] = (long long)rintf(v);
    o[6] = (long long)truncf(v);
    o[7] = (long long)roundf(v);
    o[8] = __float2uint_rn(fabsf(v));
    o[9] = (unsigned)fabsf(v);
    o[10] = (long long)v * 3;
    o[11] = __float2ll_rn(v * 1e9f);
    o[12] = __float2int_rz(v * 1e10f);     // saturates; NaN gives 0
    fo[4 * i + 0] = (float)k[i];
    fo[4 * i + 1] = (float)(unsigned)k[i];
    fo[4 * i + 2] = __int2float_rz(k[i]);
    fo[4 * i + 3] = (float)(long long)k[i] * 0.5f;
}

int main()
{
    float x[NV] = { 2.5f, 3.5f, -2.5f, -3.7f, -0.4f, 0.5f, 1.5f, 7.99f,
                    -100.25f, 1e-3f, 123456.5f, NAN };
    int k[NV] = { 16777217, -16777217, 1, -1, 0x7fffffff, (int)0x80000000,
                  -5, 33554435, 100, -100, 7, 0 };
    // Expected, by hand from the PTX conversion rules.
    long long want[NV][NR] = {
        { 2, 2, 2, 2, 3, 2, 2, 3, 2, 2, 6, 2500000000ll, 0x7fffffff },
        { 3, 4, 3, 3, 4, 4, 3, 4, 4, 3, 9, 3500000000ll, 0x7fffffff },
        { -2, -2, -2, -3, -2, -2, -2, -3, 2, 2, -6, -2500000000ll,
          (int)0x80000000 },
        { -3, -4, -3, -4, -3, -4, -3, -4, 4, 3, -9, -3700000000ll,
          (int)0x80000000 },
        { 0, 0, 0, -1, 0, 0, 0, 0, 0, 0, 0, -400000000ll, (int)0x80000000 },
        { 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 500000000ll, 0x7fffffff },
        { 1, 2, 1, 1, 2, 2, 1, 2, 2, 1, 3, 1500000000ll, 0x7fffffff },
        { 7, 8, 7, 7, 8, 8, 7, 8, 8, 7, 21, 0, 0x7fffffff },
        { -100, -100, -100, -101, -100, -100, -100, -100, 100, 100, -300, 0,
          (int)0x80000000 },
        { 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1000000ll, 10000000 },
        { 123456, 123456, 123456, 123456, 123457, 123456, 123456, 123457,
          123456, 123456, 370368, 0, 0x7fffffff },
        { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 },
    };
    float *dx, *dfo, fo[4 * NV];
    int *dk;
    long long *dio, io[NR * NV];
    CHECK(cudaMalloc(&dx, sizeof(x)));
    CHECK(cudaMalloc(&dk, sizeof(k)));
    CHECK(cudaMalloc(&dfo, sizeof(fo)));
    CHECK(cudaMalloc(&dio, sizeof(io)));
    CHECK(cudaMemcpy(dx, x, sizeof(x), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dk, k, sizeof(k), cudaMemcpyHostToDevice));
    conv<<<1, NV>>>(dx, dk, dfo, dio);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(fo, dfo, sizeof(fo), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(io, dio, sizeof(io), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dk));
    CHECK(cudaFree(dfo));
    CHECK(cudaFree(dio));
    int bad = 0;
    for (int i = 0; i < NV; i++)
        for (int j = 0; j < NR; j++) {
            // Conversions of NaN other than the intrinsics are undefined in
            // C, and x*1e9 beyond 2^31 is exercised only where defined.
            if (i == NV - 1 && j != 1 && j != 2 && j != 12)
                continue;
            if (j == 11 && (i == 7 || i == 8 || i == 10))
                continue;
            long long w = want[i][j];
            if (j == 11)
                w = llrintf(x[i] * 1e9f);
            if (io[NR * i + j] != w && bad++ < 8)
                printf("x=%g conversion %d: %lld, expected %lld\n", x[i], j,
                       io[NR * i + j], w);
        }
    for (int i = 0; i < NV; i++) {
        float w[4] = { (float)k[i], (float)(unsigned)k[i], 0,
                       (float)(long long)k[i] * 0.5f };
        // Round toward zero: drop low bits of the magnitude.
        long long m = k[i] < 0 ? -(long long)k[i] : k[i];
        int sh = 0;
        while ((m >> sh) >= (1 << 24))
            sh++;
        w[2] = (float)((m >> sh) << sh) * (k[i] < 0 ? -1.0f : 1.0f);
        for (int j = 0; j < 4; j++)
            if (fo[4 * i + j] != w[j] && bad++ < 8)
                printf("k=%d conversion %d: %.1f, expected %.1f\n", k[i], j,
                       fo[4 * i + j], w[j]);
    }
    if (bad) {
        printf("FAIL float_int_convert\n");
        return 1;
    }
    printf("PASS float_int_convert\n");
    return 0;
}
