// shfl_up_scan.cu: inclusive prefix sum within each warp by
// __shfl_up_sync; lanes below the offset keep their own value.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL shfl_up_scan\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void scan(const int *in, int *out, int *raw)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    int lane = threadIdx.x & 31;
    int v = in[i];
    // Without the guard, lanes below delta read their own value back.
    raw[i] = __shfl_up_sync(0xffffffffu, v, 5);
    for (int d = 1; d < 32; d <<= 1) {
        int u = __shfl_up_sync(0xffffffffu, v, d);
        if (lane >= d)
            v += u;
    }
    out[i] = v;
}

int main()
{
    const int n = 192;
    int in[n], out[n], raw[n];
    for (int i = 0; i < n; i++)
        in[i] = (i * 13) % 17 - 4;
    int *din, *dout, *draw;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, n * sizeof(int)));
    CHECK(cudaMalloc(&draw, n * sizeof(int)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    scan<<<2, 96>>>(din, dout, draw);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(raw, draw, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0, acc = 0;
    for (int i = 0; i < n; i++) {
        int lane = i & 31;
        acc = lane == 0 ? in[i] : acc + in[i];
        int wr = lane >= 5 ? in[i - 5] : in[i];
        if ((out[i] != acc || raw[i] != wr) && bad++ < 5)
            printf("i=%d: scan %d (want %d) up5 %d (want %d)\n", i, out[i],
                   acc, raw[i], wr);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    CHECK(cudaFree(draw));
    if (bad) {
        printf("FAIL shfl_up_scan (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS shfl_up_scan\n");
    return 0;
}
