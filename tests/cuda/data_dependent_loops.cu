// data_dependent_loops.cu: per-lane trip counts from data: a Collatz
// while loop, a for loop with break, and one with continue.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL data_dependent_loops\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__host__ __device__ int collatz(unsigned x)
{
    int steps = 0;
    while (x != 1) {
        x = (x & 1) ? 3 * x + 1 : x / 2;
        steps++;
    }
    return steps;
}

__host__ __device__ int first_divisor(int x)
{
    int d;
    for (d = 2; d * d <= x; d++)
        if (x % d == 0)
            break;
    return d * d <= x ? d : x;
}

__host__ __device__ int odd_digit_sum(int x)
{
    int s = 0;
    for (int k = 0; k < 30; k++) {
        int digit = (x >> k) & 7;
        if (!(digit & 1))
            continue;
        s += digit * k;
        if (s > 300)
            break;
    }
    return s;
}

__global__ void loops(int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    out[3 * i] = collatz(i + 1);
    out[3 * i + 1] = first_divisor(i + 2);
    out[3 * i + 2] = odd_digit_sum(i * 2654435761u);
}

int main()
{
    const int n = 2000;
    int *out = (int *)malloc(3 * n * sizeof(int));
    int *d;
    CHECK(cudaMalloc(&d, 3 * n * sizeof(int)));
    loops<<<(n + 95) / 96, 96>>>(d, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d, 3 * n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int want[3] = { collatz(i + 1), first_divisor(i + 2),
                        odd_digit_sum(i * 2654435761u) };
        for (int k = 0; k < 3; k++)
            if (out[3 * i + k] != want[k] && bad++ < 5)
                printf("i=%d loop %d: %d, expected %d\n", i, k,
                       out[3 * i + k], want[k]);
    }
    CHECK(cudaFree(d));
    free(out);
    if (bad) {
        printf("FAIL data_dependent_loops (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS data_dependent_loops\n");
    return 0;
}
