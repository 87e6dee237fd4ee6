// divergent_if_else.cu: lanes of one warp take different sides of an
// if/else (by parity, by data, by lane range) and write different values.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL divergent_if_else\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void branches(const int *in, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    int v = in[i];
    int r;
    if (i & 1)
        r = v * 3;
    else
        r = v - 7;
    if (v % 5 == 0) {
        r += 1000;
    } else if (v % 5 == 1) {
        r -= 1000;
    } else {
        r ^= 0x55;
    }
    if ((threadIdx.x & 31) < 11)
        r = -r;
    out[i] = r;
}

static int host_branches(int i, int v, int lane)
{
    int r = (i & 1) ? v * 3 : v - 7;
    if (v % 5 == 0)
        r += 1000;
    else if (v % 5 == 1)
        r -= 1000;
    else
        r ^= 0x55;
    return lane < 11 ? -r : r;
}

int main()
{
    const int n = 1000;
    int *in = (int *)malloc(n * sizeof(int));
    int *out = (int *)malloc(n * sizeof(int));
    for (int i = 0; i < n; i++)
        in[i] = (i * 7919) % 1009;
    int *din, *dout;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, n * sizeof(int)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    branches<<<(n + 127) / 128, 128>>>(din, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int want = host_branches(i, in[i], (i % 128) & 31);
        if (out[i] != want && bad++ < 5)
            printf("out[%d] = %d, expected %d\n", i, out[i], want);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    free(in); free(out);
    if (bad) {
        printf("FAIL divergent_if_else (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS divergent_if_else\n");
    return 0;
}
