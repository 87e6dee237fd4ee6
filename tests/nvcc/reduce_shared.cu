/* reduce_shared.cu: a shared-memory tree reduction with __syncthreads and
 * a warp-shuffle tail, as nvcc compiles it, checked against the host. */
#include <cstdio>

__global__ void block_sum(const int *in, int *out, int n)
{
    __shared__ int s[256];
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    s[threadIdx.x] = i < n ? in[i] : 0;
    __syncthreads();
    for (int w = blockDim.x / 2; w >= 32; w /= 2) {
        if (threadIdx.x < w)
            s[threadIdx.x] += s[threadIdx.x + w];
        __syncthreads();
    }
    if (threadIdx.x < 32) {
        int v = s[threadIdx.x];
        for (int o = 16; o > 0; o /= 2)
            v += __shfl_down_sync(0xffffffffu, v, o);
        if (threadIdx.x == 0)
            out[blockIdx.x] = v;
    }
}

int main()
{
    const int n = 100000, threads = 256;
    const int blocks = (n + threads - 1) / threads;
    static int h[n], sums[blocks];
    for (int i = 0; i < n; i++)
        h[i] = (i * 7) % 13 - 6;
    int *in, *out;
    cudaMalloc(&in, sizeof h);
    cudaMalloc(&out, sizeof sums);
    cudaMemcpy(in, h, sizeof h, cudaMemcpyHostToDevice);
    block_sum<<<blocks, threads>>>(in, out, n);
    cudaError_t err = cudaMemcpy(sums, out, sizeof sums,
                                 cudaMemcpyDeviceToHost);
    if (err != cudaSuccess) {
        printf("FAIL %s\n", cudaGetErrorString(err));
        return 1;
    }
    for (int b = 0; b < blocks; b++) {
        int want = 0;
        for (int i = b * threads; i < n && i < (b + 1) * threads; i++)
            want += h[i];
        if (sums[b] != want) {
            printf("FAIL block %d: %d, want %d\n", b, sums[b], want);
            return 1;
        }
    }
    printf("PASS\n");
    return 0;
}
