// atomic_inc_dec.cu: atomicInc wraps to 0 after reaching the limit and
// atomicDec wraps to the limit from 0 (or from above it).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL atomic_inc_dec\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void incdec(unsigned *c, unsigned *olds_inc, unsigned *olds_dec)
{
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    olds_inc[g] = atomicInc(&c[0], 9u);
    olds_dec[g] = atomicDec(&c[1], 9u);
    // c[2] starts above the limit: the first decrement resets it.
    if (g == 0)
        c[3] = atomicDec(&c[2], 5u);
}

int main()
{
    const int n = 37;
    unsigned init[4] = { 0, 0, 100, 0 }, c[4];
    unsigned oi[n], od[n];
    unsigned *dc, *doi, *dod;
    CHECK(cudaMalloc(&dc, sizeof(init)));
    CHECK(cudaMalloc(&doi, sizeof(oi)));
    CHECK(cudaMalloc(&dod, sizeof(od)));
    CHECK(cudaMemcpy(dc, init, sizeof(init), cudaMemcpyHostToDevice));
    incdec<<<1, n>>>(dc, doi, dod);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(c, dc, sizeof(c), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(oi, doi, sizeof(oi), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(od, dod, sizeof(od), cudaMemcpyDeviceToHost));
    int bad = 0;
    // 37 increments modulo 10 end at 7; 37 decrements from 0 end at 3.
    if (c[0] != 7 || c[1] != 3 || c[2] != 5 || c[3] != 100) {
        printf("final %u %u %u %u, expected 7 3 5 100\n", c[0], c[1], c[2],
               c[3]);
        bad++;
    }
    // Olds seen by inc: 0..9 four times except 7,8,9 three times.
    int hi[10] = {}, hd[10] = {};
    for (int g = 0; g < n; g++) {
        if (oi[g] > 9 || od[g] > 9) {
            printf("old value out of range: %u %u\n", oi[g], od[g]);
            bad++;
            continue;
        }
        hi[oi[g]]++;
        hd[od[g]]++;
    }
    for (int v = 0; v < 10; v++) {
        int wi = v < 7 ? 4 : 3;
        // Dec olds cycle 0, 9, 8, ..., 1; the partial fourth cycle is
        // 0, 9, ..., 4, so only 1, 2 and 3 are seen three times.
        int wd = v >= 1 && v <= 3 ? 3 : 4;
        if ((hi[v] != wi || hd[v] != wd) && bad++ < 5)
            printf("value %d: inc olds %d (want %d), dec olds %d (want %d)\n",
                   v, hi[v], wi, hd[v], wd);
    }
    CHECK(cudaFree(dc));
    CHECK(cudaFree(doi));
    CHECK(cudaFree(dod));
    if (bad) {
        printf("FAIL atomic_inc_dec\n");
        return 1;
    }
    printf("PASS atomic_inc_dec\n");
    return 0;
}
