// int64_mulhi.cu: 64-bit add/mul/shift with carries across the halves,
// and the high-half multiplies __umulhi, __mulhi, __umul64hi, __mul64hi.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL int64_mulhi\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define NR 8

__global__ void wide(const unsigned long long *x, const unsigned long long *y,
                     unsigned long long *o)
{
    int i = threadIdx.x;
    unsigned long long a = x[i], b = y[i];
    o[NR * i + 0] = a + b;
    o[NR * i + 1] = a * b;
    o[NR * i + 2] = (a << (i % 64)) ^ (b >> (i % 61));
    o[NR * i + 3] = (unsigned long long)((long long)a >> (i % 64));
    o[NR * i + 4] = __umulhi((unsigned)a, (unsigned)b);
    o[NR * i + 5] = (unsigned)__mulhi((int)a, (int)b);
    o[NR * i + 6] = __umul64hi(a, b);
    o[NR * i + 7] = (unsigned long long)__mul64hi((long long)a, (long long)b);
}

static unsigned long long host_op(int k, int i, unsigned long long a,
                                  unsigned long long b)
{
    switch (k) {
    case 0: return a + b;
    case 1: return a * b;
    case 2: return (a << (i % 64)) ^ (b >> (i % 61));
    case 3: return (unsigned long long)((long long)a >> (i % 64));
    case 4: return (unsigned)(((unsigned long long)(unsigned)a
                                * (unsigned)b) >> 32);
    case 5: return (unsigned)(int)(((long long)(int)a * (int)b) >> 32);
    case 6: return (unsigned long long)(((unsigned __int128)a * b) >> 64);
    default: return (unsigned long long)(long long)
                 (((__int128)(long long)a * (long long)b) >> 64);
    }
}

int main()
{
    const int n = 128;
    unsigned long long x[n], y[n], o[NR * n];
    unsigned long long s = 0x243f6a8885a308d3ull;
    for (int i = 0; i < n; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        x[i] = s;
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        y[i] = i % 4 == 0 ? ~0ull - i : s;
    }
    x[0] = ~0ull; y[0] = 1;
    x[1] = 0x80000000ull; y[1] = 0xffffffff80000000ull;
    unsigned long long *dx, *dy, *dout;
    CHECK(cudaMalloc(&dx, sizeof(x)));
    CHECK(cudaMalloc(&dy, sizeof(y)));
    CHECK(cudaMalloc(&dout, sizeof(o)));
    CHECK(cudaMemcpy(dx, x, sizeof(x), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dy, y, sizeof(y), cudaMemcpyHostToDevice));
    wide<<<1, n>>>(dx, dy, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(o, dout, sizeof(o), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
    CHECK(cudaFree(dout));
    int bad = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < NR; k++) {
            unsigned long long want = host_op(k, i, x[i], y[i]);
            if (o[NR * i + k] != want && bad++ < 5)
                printf("%#llx op%d %#llx: %#llx, expected %#llx\n", x[i], k,
                       y[i], o[NR * i + k], want);
        }
    if (bad) {
        printf("FAIL int64_mulhi (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS int64_mulhi\n");
    return 0;
}
