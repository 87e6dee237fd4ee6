// divergent_syncthreads_count.cu: __syncthreads_count, _and and _or
// after threads of the block have returned (the rest count among
// themselves) and in a loop that threads leave one by one.  Compared
// with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL divergent_syncthreads_count\n", \
           __FILE__, __LINE__, #call, cudaGetErrorString(e_)); exit(1); } \
    } while (0)

enum { BLOCK = 192, TRIPS = 6, UNTOUCHED = -1 };

__host__ __device__ int value_of(int i)
{
    return (i * 7919) % 13;
}

// Threads t >= keep return; the others count, AND and OR predicates
// of the values that remain.
__global__ void after_return(const int *v, int *out, int keep)
{
    unsigned t = threadIdx.x;
    if ((int)t >= keep)
        return;
    int x = v[blockIdx.x * BLOCK + t];
    int n_even = __syncthreads_count(x % 2 == 0);
    int all_small = __syncthreads_and(x < 12);
    int any_zero = __syncthreads_or(x == 0);
    out[(blockIdx.x * BLOCK + t) * 3 + 0] = n_even;
    out[(blockIdx.x * BLOCK + t) * 3 + 1] = all_small;
    out[(blockIdx.x * BLOCK + t) * 3 + 2] = any_zero;
}

// Thread t stays for t % TRIPS + 1 trips; each trip the threads still
// there count those of them whose trip number plus index is odd.
__global__ void shrinking(int *out)
{
    unsigned t = threadIdx.x;
    int stay = (int)(t % TRIPS) + 1, sum = 0;
    for (int k = 0; k < TRIPS; k++) {
        if (k == stay)
            break;
        sum = sum * 3 + __syncthreads_count((k + (int)t) & 1);
    }
    out[blockIdx.x * BLOCK + t] = sum;
}

int main()
{
    const int blocks = 3, n = blocks * BLOCK;
    const int keep[blocks] = {BLOCK, 100, 33};
    int bad = 0;
    int *v = (int *)malloc(n * sizeof(int));
    int *out = (int *)malloc(3 * n * sizeof(int)), *dv, *dout;
    for (int i = 0; i < n; i++)
        v[i] = value_of(i);
    CHECK(cudaMalloc(&dv, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, 3 * n * sizeof(int)));
    CHECK(cudaMemcpy(dv, v, n * sizeof(int), cudaMemcpyHostToDevice));
    for (int b = 0; b < blocks; b++) {
        CHECK(cudaMemset(dout, 0xff, 3 * n * sizeof(int)));
        after_return<<<1, BLOCK>>>(dv + b * BLOCK, dout, keep[b]);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(out, dout, 3 * BLOCK * sizeof(int),
                         cudaMemcpyDeviceToHost));
        int even = 0, small = 1, zero = 0;
        for (int t = 0; t < keep[b]; t++) {
            int x = v[b * BLOCK + t];
            even += x % 2 == 0;
            small = small && x < 12;
            zero = zero || x == 0;
        }
        for (int t = 0; t < BLOCK; t++) {
            int want[3] = {even, small, zero};
            for (int o = 0; o < 3; o++) {
                int w = t < keep[b] ? want[o] : UNTOUCHED;
                if (out[t * 3 + o] != w && bad++ < 5)
                    printf("after_return keep %d thread %d output %d: %d, "
                           "want %d\n", keep[b], t, o, out[t * 3 + o], w);
            }
        }
    }
    shrinking<<<blocks, BLOCK>>>(dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++) {
        int t = i % BLOCK, stay = t % TRIPS + 1, sum = 0;
        for (int k = 0; k < stay; k++) {
            int count = 0;
            for (int u = 0; u < BLOCK; u++)
                count += u % TRIPS + 1 > k && ((k + u) & 1);
            sum = sum * 3 + count;
        }
        if (out[i] != sum && bad++ < 5)
            printf("shrinking thread %d: %d, want %d\n", i, out[i], sum);
    }
    CHECK(cudaFree(dv));
    CHECK(cudaFree(dout));
    free(v);
    free(out);
    if (bad) {
        printf("FAIL divergent_syncthreads_count (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS divergent_syncthreads_count\n");
    return 0;
}
