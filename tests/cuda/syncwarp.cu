// syncwarp.cu: lanes exchange values through shared memory separated by
// __syncwarp, over the full warp and over a half-warp mask in a branch.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL syncwarp\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void rotate(const int *in, int *out)
{
    __shared__ int buf[128];
    int t = threadIdx.x, lane = t & 31, base = t & ~31;
    int v = in[t];
    for (int round = 0; round < 3; round++) {
        buf[t] = v;
        __syncwarp();
        v = buf[base + ((lane + 1) & 31)] + round;
        __syncwarp();
    }
    out[2 * t] = v;
    if (lane < 16) {
        buf[t] = v * 2;
        __syncwarp(0x0000ffffu);
        out[2 * t + 1] = buf[base + (15 - lane)];
    } else {
        out[2 * t + 1] = -1;
    }
}

int main()
{
    const int n = 128;
    int in[n], out[2 * n];
    for (int i = 0; i < n; i++)
        in[i] = i * i - 300;
    int *din, *dout;
    CHECK(cudaMalloc(&din, sizeof(in)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(din, in, sizeof(in), cudaMemcpyHostToDevice));
    rotate<<<1, n>>>(din, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int base = i & ~31, lane = i & 31;
        int rot = in[base + ((lane + 3) & 31)] + 0 + 1 + 2;
        int mir_lane = 15 - lane;
        int mir = lane < 16
            ? 2 * (in[base + ((mir_lane + 3) & 31)] + 3) : -1;
        if ((out[2 * i] != rot || out[2 * i + 1] != mir) && bad++ < 5)
            printf("lane %d: %d/%d, %d/%d\n", i, out[2 * i], rot,
                   out[2 * i + 1], mir);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL syncwarp (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS syncwarp\n");
    return 0;
}
