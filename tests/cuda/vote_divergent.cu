// vote_divergent.cu: votes and shuffles inside divergent code: a ballot
// over __activemask() in an if, and a shuffle among the lanes of a branch.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL vote_divergent\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void vote(const int *in, unsigned *active, unsigned *ballot,
                     int *shf)
{
    int i = threadIdx.x, lane = i & 31;
    int v = in[i];
    if (lane % 3 == 0) {
        unsigned m = __activemask();
        active[i] = m;
        ballot[i] = __ballot_sync(m, v > 50);
    } else {
        // No __activemask here: clang would hoist two identical calls
        // out of both branches, above the divergence.
        active[i] = 0xb6db6db6u;
        ballot[i] = __ballot_sync(0xb6db6db6u, v & 1);
    }
    // The low half-warp rotates values among itself only.
    if (lane < 16)
        shf[i] = __shfl_sync(0x0000ffffu, v, (lane + 1) & 15);
    else
        shf[i] = __shfl_down_sync(0xffff0000u, v, 2, 16);
}

int main()
{
    const int n = 64;
    int in[n], shf[n];
    unsigned act[n], bal[n];
    for (int i = 0; i < n; i++)
        in[i] = (i * 37) % 101;
    int *din, *dshf;
    unsigned *dact, *dbal;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dshf, n * sizeof(int)));
    CHECK(cudaMalloc(&dact, n * sizeof(unsigned)));
    CHECK(cudaMalloc(&dbal, n * sizeof(unsigned)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    vote<<<1, n>>>(din, dact, dbal, dshf);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(act, dact, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(bal, dbal, n * sizeof(unsigned), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(shf, dshf, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int lane = i & 31, base = i & ~31;
        int side = lane % 3 == 0;
        unsigned wa = 0, wb = 0;
        for (int l = 0; l < 32; l++) {
            if ((l % 3 == 0) != side)
                continue;
            wa |= 1u << l;
            int v = in[base + l];
            if (side ? v > 50 : (v & 1))
                wb |= 1u << l;
        }
        int ws = lane < 16 ? in[base + ((lane + 1) & 15)]
                           : in[lane + 2 < 32 ? i + 2 : i];
        if ((act[i] != wa || bal[i] != wb || shf[i] != ws) && bad++ < 5)
            printf("lane %d: active %#x/%#x ballot %#x/%#x shfl %d/%d\n", i,
                   act[i], wa, bal[i], wb, shf[i], ws);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dshf));
    CHECK(cudaFree(dact));
    CHECK(cudaFree(dbal));
    if (bad) {
        printf("FAIL vote_divergent (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS vote_divergent\n");
    return 0;
}
