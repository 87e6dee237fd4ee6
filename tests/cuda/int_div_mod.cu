// int_div_mod.cu: / and % on signed values with negative operands (C
// truncates toward zero), unsigned, 64-bit, and division by constants.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL int_div_mod\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define NR 10

__host__ __device__ void divmod(int a, int b, long long *o)
{
    long long la = (long long)a * 1000003, lb = b;
    unsigned ua = (unsigned)a, ub = (unsigned)b;
    o[0] = a / b;
    o[1] = a % b;
    o[2] = ua / ub;
    o[3] = ua % ub;
    o[4] = la / lb;
    o[5] = la % lb;
    o[6] = a / 7;
    o[7] = a % -7;
    o[8] = (long long)((unsigned long long)la / 10u);
    o[9] = a >> 3;                       // arithmetic shift of negatives
}

__global__ void run(const int *a, const int *b, long long *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        divmod(a[i], b[i], out + NR * i);
}

int main()
{
    const int n = 400;
    int a[n], b[n];
    long long out[NR * n], want[NR];
    for (int i = 0; i < n; i++) {
        a[i] = (i * 7919) % 2001 - 1000;
        b[i] = (i * 31) % 41 - 20;
        if (b[i] == 0)
            b[i] = -3;
    }
    a[0] = -7; b[0] = 2;
    a[1] = 7; b[1] = -2;
    a[2] = -7; b[2] = -2;
    a[3] = 0x7fffffff; b[3] = -1;
    int *da, *db;
    long long *dout;
    CHECK(cudaMalloc(&da, sizeof(a)));
    CHECK(cudaMalloc(&db, sizeof(b)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(da, a, sizeof(a), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b, sizeof(b), cudaMemcpyHostToDevice));
    run<<<(n + 63) / 64, 64>>>(da, db, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(da));
    CHECK(cudaFree(db));
    CHECK(cudaFree(dout));
    int bad = 0;
    if (out[0] != -3 || out[1] != -1 || out[NR] != -3 || out[NR + 1] != 1 ||
        out[2 * NR] != 3 || out[2 * NR + 1] != -1) {
        printf("-7/2=%lld -7%%2=%lld 7/-2=%lld 7%%-2=%lld -7/-2=%lld "
               "-7%%-2=%lld\n", out[0], out[1], out[NR], out[NR + 1],
               out[2 * NR], out[2 * NR + 1]);
        bad++;
    }
    for (int i = 0; i < n; i++) {
        divmod(a[i], b[i], want);
        for (int k = 0; k < NR; k++)
            if (out[NR * i + k] != want[k] && bad++ < 5)
                printf("a=%d b=%d op %d: %lld, expected %lld\n", a[i], b[i],
                       k, out[NR * i + k], want[k]);
    }
    if (bad) {
        printf("FAIL int_div_mod\n");
        return 1;
    }
    printf("PASS int_div_mod\n");
    return 0;
}
