// barrier_in_device_function.cu: __syncthreads() inside non-inlined device
// functions: a reduction, a bitonic sort step, nested calls, a function
// with its own local array, __syncthreads_count, calls in a run-time loop
// that one block skips.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL barrier_in_device_function\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { THREADS = 256, BLOCKS = 3, ROUNDS = 5 };

__device__ __noinline__ int block_sum(int *s, int v)
{
    s[threadIdx.x] = v;
    __syncthreads();
    for (int half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half)
            s[threadIdx.x] += s[threadIdx.x + half];
        __syncthreads();
    }
    int total = s[0];
    __syncthreads();
    return total;
}

// A sort step that synchronises, called from a loop in the kernel.
__device__ __noinline__ void bitonic_step(unsigned *keys, int j, int k)
{
    unsigned i = threadIdx.x, partner = i ^ j;
    if (partner > i) {
        bool up = (i & k) == 0;
        unsigned a = keys[i], b = keys[partner];
        if ((a > b) == up) {
            keys[i] = b;
            keys[partner] = a;
        }
    }
    __syncthreads();
}

// Nested: a function without a barrier of its own calls one with it.
__device__ __noinline__ int sum_twice(int *s, int v)
{
    int first = block_sum(s, v);
    return first + block_sum(s, 2 * v);
}

// A local array that lives across the barrier, indexed per lane.
__device__ __noinline__ int rotate_through_shared(int *s, int seed)
{
    int own[8];
    for (int i = 0; i < 8; i++)
        own[i] = seed * 8 + i;
    s[threadIdx.x] = own[threadIdx.x % 8];
    __syncthreads();
    int neighbour = s[(threadIdx.x + 1) % blockDim.x];
    __syncthreads();
    return neighbour + own[(threadIdx.x + 3) % 8];
}

__device__ __noinline__ int count_odd(int v)
{
    return __syncthreads_count(v & 1);
}

__global__ void kernel(int *sums, unsigned *sorted, int *rotated, int *odd,
                       int rounds)
{
    __shared__ int s[THREADS];
    __shared__ unsigned keys[THREADS];
    int t = threadIdx.x, b = blockIdx.x;
    int v = t * 3 + b;
    int total = block_sum(s, v);
    int twice = sum_twice(s, v + 1);
    if (t == 0) {
        sums[2 * b] = total;
        sums[2 * b + 1] = twice;
    }
    keys[t] = (unsigned)((t * 2654435761u + b) >> 7) % 1000;
    __syncthreads();
    for (int k = 2; k <= THREADS; k *= 2)
        for (int j = k / 2; j > 0; j /= 2)
            bitonic_step(keys, j, k);
    sorted[b * THREADS + t] = keys[t];
    rotated[b * THREADS + t] = rotate_through_shared(s, t + b);
    int odd_count = count_odd(v);
    if (t == 0)
        odd[b] = odd_count;
    // A loop the compiler cannot unroll, skipped by one whole block.
    int repeated = 0;
    if (b != 1)
        for (int r = 0; r < rounds; r++)
            repeated += block_sum(s, v + r);
    if (t == 0)
        sums[2 * BLOCKS + b] = repeated;
}

static int compare_unsigned(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

static int check(const int *sums, const unsigned *sorted, const int *rotated,
                 const int *odd)
{
    int bad = 0;
    for (int b = 0; b < BLOCKS; b++) {
        int total = 0, twice = 0, odd_want = 0;
        unsigned keys[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int v = t * 3 + b;
            total += v;
            twice += (v + 1) + 2 * (v + 1);
            odd_want += v & 1;
            keys[t] = (unsigned)((t * 2654435761u + b) >> 7) % 1000;
        }
        qsort(keys, THREADS, sizeof *keys, compare_unsigned);
        int repeated = 0;
        for (int r = 0; b != 1 && r < ROUNDS; r++)
            repeated += total + r * THREADS;
        if (sums[2 * b] != total || sums[2 * b + 1] != twice ||
            odd[b] != odd_want || sums[2 * BLOCKS + b] != repeated) {
            printf("block %d: sums %d %d %d odd %d, want %d %d %d %d\n", b,
                   sums[2 * b], sums[2 * b + 1], sums[2 * BLOCKS + b], odd[b],
                   total, twice, repeated, odd_want);
            bad++;
        }
        for (int t = 0; t < THREADS; t++) {
            int n = (t + 1) % THREADS, seed = t + b;
            int want = (n + b) * 8 + n % 8 + seed * 8 + (t + 3) % 8;
            if (sorted[b * THREADS + t] != keys[t] && bad++ < 8)
                printf("block %d sorted[%d] = %u, want %u\n", b, t,
                       sorted[b * THREADS + t], keys[t]);
            if (rotated[b * THREADS + t] != want && bad++ < 8)
                printf("block %d rotated[%d] = %d, want %d\n", b, t,
                       rotated[b * THREADS + t], want);
        }
    }
    return bad;
}

int main()
{
    int *sums, *rotated, *odd;
    unsigned *sorted;
    CHECK(cudaMallocManaged(&sums, 3 * BLOCKS * sizeof(int)));
    CHECK(cudaMallocManaged(&sorted, BLOCKS * THREADS * sizeof(unsigned)));
    CHECK(cudaMallocManaged(&rotated, BLOCKS * THREADS * sizeof(int)));
    CHECK(cudaMallocManaged(&odd, BLOCKS * sizeof(int)));
    kernel<<<BLOCKS, THREADS>>>(sums, sorted, rotated, odd, ROUNDS);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    int bad = check(sums, sorted, rotated, odd);
    printf("%s barrier_in_device_function\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
