// atomic_sub_exch.cu: atomicSub from every thread, and atomicExch used
// as a chain: each thread swaps in its id, the old ids form a permutation.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL atomic_sub_exch\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void subexch(int *counter, unsigned *ucounter, int *slot,
                        float *fslot, int *olds, float *fout)
{
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    atomicSub(counter, g % 10);
    atomicSub(ucounter, 3u);
    olds[g] = atomicExch(slot, g);
    fout[g] = atomicExch(fslot, (float)g);
}

int main()
{
    const int blocks = 8, threads = 64, n = blocks * threads;
    int init[2] = { 100000, -1 };
    unsigned uinit = 2000;
    float finit = -1.0f;
    int *d, *dolds;
    unsigned *du;
    float *df, *dfout;
    CHECK(cudaMalloc(&d, sizeof(init)));
    CHECK(cudaMalloc(&du, sizeof(unsigned)));
    CHECK(cudaMalloc(&df, sizeof(float)));
    CHECK(cudaMalloc(&dolds, n * sizeof(int)));
    CHECK(cudaMalloc(&dfout, n * sizeof(float)));
    CHECK(cudaMemcpy(d, init, sizeof(init), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(du, &uinit, sizeof(unsigned), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(df, &finit, sizeof(float), cudaMemcpyHostToDevice));
    subexch<<<blocks, threads>>>(d, du, d + 1, df, dolds, dfout);
    CHECK(cudaGetLastError());
    int res[2], olds[n];
    unsigned ures;
    float fres, fout[n];
    CHECK(cudaMemcpy(res, d, sizeof(res), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(&ures, du, sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(&fres, df, sizeof(float), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(olds, dolds, sizeof(olds), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(fout, dfout, sizeof(fout), cudaMemcpyDeviceToHost));
    int bad = 0, want = 100000;
    for (int g = 0; g < n; g++)
        want -= g % 10;
    if (res[0] != want) {
        printf("atomicSub int: %d, expected %d\n", res[0], want);
        bad++;
    }
    // 2000 - 3*512 wraps below zero for unsigned.
    if (ures != 2000u - 3u * n) {
        printf("atomicSub unsigned: %u, expected %u\n", ures, 2000u - 3u * n);
        bad++;
    }
    // Values seen: -1 and every id; the one id never seen is the final one.
    char *seen = (char *)calloc(n + 1, 1);
    for (int g = 0; g < n; g++)
        seen[olds[g] + 1]++;
    seen[res[1] + 1]++;
    for (int v = 0; v <= n; v++)
        if (seen[v] != 1 && bad++ < 5)
            printf("exch value %d seen %d times\n", v - 1, seen[v]);
    memset(seen, 0, n + 1);
    for (int g = 0; g < n; g++)
        seen[(int)fout[g] + 1]++;
    seen[(int)fres + 1]++;
    for (int v = 0; v <= n; v++)
        if (seen[v] != 1 && bad++ < 5)
            printf("float exch value %d seen %d times\n", v - 1, seen[v]);
    CHECK(cudaFree(d));
    CHECK(cudaFree(du));
    CHECK(cudaFree(df));
    CHECK(cudaFree(dolds));
    CHECK(cudaFree(dfout));
    free(seen);
    if (bad) {
        printf("FAIL atomic_sub_exch\n");
        return 1;
    }
    printf("PASS atomic_sub_exch\n");
    return 0;
}
