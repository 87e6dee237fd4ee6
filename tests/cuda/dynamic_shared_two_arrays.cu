// dynamic_shared_two_arrays.cu: one extern __shared__ buffer carved into
// a double array and an int array placed after it, sized at launch.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL dynamic_shared_two_arrays\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void pairs(const double *x, const int *k, double *out)
{
    extern __shared__ double pool[];
    int n = blockDim.x, t = threadIdx.x;
    double *sx = pool;
    int *sk = (int *)(pool + n);
    int g = blockIdx.x * n + t;
    sx[t] = x[g];
    sk[t] = k[g];
    __syncthreads();
    int j = (t + sk[t]) % n;
    out[g] = sx[j] * sk[j] + sx[t];
}

int main()
{
    const int threads = 96, blocks = 4, n = threads * blocks;
    double x[n], out[n];
    int k[n];
    for (int i = 0; i < n; i++) {
        x[i] = i * 0.25 - 7.0;
        k[i] = (i * 5) % 11 + 1;
    }
    double *dx, *dout;
    int *dk;
    CHECK(cudaMalloc(&dx, sizeof(x)));
    CHECK(cudaMalloc(&dk, sizeof(k)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(dx, x, sizeof(x), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dk, k, sizeof(k), cudaMemcpyHostToDevice));
    size_t shmem = threads * (sizeof(double) + sizeof(int));
    pairs<<<blocks, threads, shmem>>>(dx, dk, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < threads; t++) {
            int g = b * threads + t;
            int j = b * threads + (t + k[g]) % threads;
            double want = x[j] * k[j] + x[g];
            if (out[g] != want && bad++ < 5)
                printf("out[%d] = %g, expected %g\n", g, out[g], want);
        }
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dk));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL dynamic_shared_two_arrays (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS dynamic_shared_two_arrays\n");
    return 0;
}
