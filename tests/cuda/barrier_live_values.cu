// barrier_live_values.cu: values computed once and read after one or
// more __syncthreads, as the CPU device keeps them in each warp's save
// area: 64-bit addresses and predicates from the thread index, a value
// loaded from memory, values written by part of a warp (under a bounds
// check and in one side of a branch), read in a loop with a barrier in
// its body and after a divergent branch, by blocks whose last warp is
// partial.  Each output is compared with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL barrier_live_values\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { ROUNDS = 5, MAX_BLOCK = 256 };

__host__ __device__ int weight(int i)
{
    return (i * 37 + 11) % 23 - 7;
}

// out[i] for thread t of a block of n threads: see host_value.
__global__ void live_values(const int *in, int *out, int count)
{
    __shared__ int s[MAX_BLOCK];
    int t = threadIdx.x, n = blockDim.x;
    int i = blockIdx.x * n + t;
    const int *mine = in + i;          // 64-bit address from the index
    bool inside = i < count;           // predicate from the index
    bool odd = (t & 1) != 0;
    int loaded = inside ? *mine : -1;  // a value read from memory
    int partial = 0;
    if (inside && t % 3 == 0)
        partial = loaded * 2;          // written by part of the warp
    int side;
    if (odd)
        side = loaded + 5;
    else
        side = loaded - 5;
    int acc = 0;
    for (int r = 0; r < ROUNDS; r++) {
        s[t] = loaded + r;
        __syncthreads();
        acc += s[(t + r + 1) % n] * weight(r);
        __syncthreads();
        if (odd)                       // divergent, after the barrier
            acc += side;
        else
            acc -= partial;
    }
    __syncthreads();
    if (inside)
        out[i] = acc + (int)(mine - in) + (odd ? 1000 : 0);
}

static int host_value(const int *in, int count, int block, int i)
{
    int t = i % block, base = i - t;
    auto loaded_at = [&](int j) { return base + j < count ? in[base + j] : -1; };
    int loaded = loaded_at(t);
    bool odd = (t & 1) != 0;
    int partial = t % 3 == 0 ? loaded * 2 : 0;
    int side = odd ? loaded + 5 : loaded - 5;
    int acc = 0;
    for (int r = 0; r < ROUNDS; r++) {
        acc += (loaded_at((t + r + 1) % block) + r) * weight(r);
        acc += odd ? side : -partial;
    }
    return acc + i + (odd ? 1000 : 0);
}

int main()
{
    const int count = 1000;
    static int in[count], out[count];
    for (int i = 0; i < count; i++)
        in[i] = (i * 7919) % 1009 - 500;
    int *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, sizeof in));
    CHECK(cudaMalloc(&d_out, sizeof out));
    CHECK(cudaMemcpy(d_in, in, sizeof in, cudaMemcpyHostToDevice));
    const int blocks[] = {256, 96, 100, 33, 7};
    int bad = 0;
    for (int block : blocks) {
        CHECK(cudaMemset(d_out, 0, sizeof out));
        live_values<<<(count + block - 1) / block, block>>>(d_in, d_out, count);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
        for (int i = 0; i < count; i++) {
            int want = host_value(in, count, block, i);
            if (out[i] != want && bad++ < 10)
                printf("block %d: out[%d] = %d, want %d\n", block, i, out[i],
                       want);
        }
    }
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    if (bad) {
        printf("FAIL barrier_live_values\n");
        return 1;
    }
    printf("PASS barrier_live_values\n");
    return 0;
}
