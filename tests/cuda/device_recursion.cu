// device_recursion.cu: recursive __device__ functions: gcd (tail
// recursion) and a small Ackermann (true recursion, needs a call stack).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL device_recursion\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__host__ __device__ int gcd(int a, int b)
{
    return b == 0 ? a : gcd(b, a % b);
}

__host__ __device__ int ackermann_small(int m, int n)
{
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ackermann_small(m - 1, 1);
    return ackermann_small(m - 1, ackermann_small(m, n - 1));
}

__global__ void run(const int *data, int *out)
{
    int i = threadIdx.x;
    out[2 * i] = gcd(data[i] * 6, data[i + 1] * 4);
    out[2 * i + 1] = ackermann_small(i % 3, i % 5);
}

int main()
{
    const int n = 64;
    int data[n + 16], out[2 * n];
    for (int i = 0; i < n + 16; i++)
        data[i] = (i * 7919) % 97 + 1;
    int *dd, *dout;
    CHECK(cudaMalloc(&dd, sizeof(data)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(dd, data, sizeof(data), cudaMemcpyHostToDevice));
    run<<<1, n>>>(dd, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int want[2] = { gcd(data[i] * 6, data[i + 1] * 4),
                        ackermann_small(i % 3, i % 5) };
        for (int k = 0; k < 2; k++)
            if (out[2 * i + k] != want[k] && bad++ < 5)
                printf("thread %d value %d: %d, expected %d\n", i, k,
                       out[2 * i + k], want[k]);
    }
    CHECK(cudaFree(dd));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL device_recursion\n");
        return 1;
    }
    printf("PASS device_recursion\n");
    return 0;
}
