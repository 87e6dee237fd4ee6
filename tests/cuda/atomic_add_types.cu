// atomic_add_types.cu: atomicAdd on int, unsigned, unsigned long long,
// float and double from many threads; float/double addends are exact.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL atomic_add_types\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

struct Sums {
    int i;
    unsigned u;
    unsigned long long ull;
    float f;
    double d;
};

__global__ void add(Sums *s, int *olds)
{
    int g = blockIdx.x * blockDim.x + threadIdx.x;
    atomicAdd(&s->i, g % 7 - 3);
    atomicAdd(&s->u, (unsigned)g);
    atomicAdd(&s->ull, 0x100000000ull + g);
    atomicAdd(&s->f, 0.5f * (g % 4));
    atomicAdd(&s->d, 0.25 * g);
    olds[g] = atomicAdd((int *)&s[1], 1);
}

int main()
{
    const int blocks = 20, threads = 128, n = blocks * threads;
    Sums zero[2] = {}, got;
    int *olds = (int *)malloc(n * sizeof(int));
    Sums *d;
    int *dolds;
    CHECK(cudaMalloc(&d, sizeof(zero)));
    CHECK(cudaMalloc(&dolds, n * sizeof(int)));
    CHECK(cudaMemcpy(d, zero, sizeof(zero), cudaMemcpyHostToDevice));
    add<<<blocks, threads>>>(d, dolds);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(&got, d, sizeof(got), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(olds, dolds, n * sizeof(int), cudaMemcpyDeviceToHost));
    Sums want = {};
    for (int g = 0; g < n; g++) {
        want.i += g % 7 - 3;
        want.u += (unsigned)g;
        want.ull += 0x100000000ull + g;
        want.f += 0.5f * (g % 4);
        want.d += 0.25 * g;
    }
    int bad = 0;
    if (got.i != want.i || got.u != want.u || got.ull != want.ull ||
        got.f != want.f || got.d != want.d) {
        printf("got %d %u %llu %g %g\nwant %d %u %llu %g %g\n", got.i, got.u,
               got.ull, got.f, got.d, want.i, want.u, want.ull, want.f,
               want.d);
        bad++;
    }
    // The old values returned form a permutation of 0..n-1.
    char *seen = (char *)calloc(n, 1);
    for (int g = 0; g < n; g++) {
        if (olds[g] < 0 || olds[g] >= n || seen[olds[g]]++) {
            if (bad++ < 5)
                printf("old value %d of thread %d repeated or out of range\n",
                       olds[g], g);
        }
    }
    CHECK(cudaFree(d));
    CHECK(cudaFree(dolds));
    free(olds); free(seen);
    if (bad) {
        printf("FAIL atomic_add_types\n");
        return 1;
    }
    printf("PASS atomic_add_types\n");
    return 0;
}
