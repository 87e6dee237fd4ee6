// barrier_converged.cu: barriers reached by warps some of whose lanes
// have exited.  The CPU device keeps only the exited lanes across a
// barrier outside every divergent branch, and the whole divergence state
// across one inside such a branch's reach; both must resume exactly the
// lanes that arrived.  Also a __syncthreads_count between plain barriers
// in a loop, whose result the runtime computes between rounds that the
// kernel otherwise runs by itself.  Each output is compared with the
// host's; threads that exited must leave their output untouched.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL barrier_converged\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { ROUNDS = 4, MAX_BLOCK = 256, UNTOUCHED = -12345 };

// Threads t >= keep leave by a guarded `exit` in straight-line code (no
// branch, so nothing after it is divergent); the rest pass values around
// the block through shared memory across several barriers.
__global__ void exit_then_barriers(int *out, unsigned keep)
{
    __shared__ int s[MAX_BLOCK];
    unsigned t = threadIdx.x, n = blockDim.x;
    s[t] = (int)t; // every thread writes before any leaves
    __syncthreads();
    asm volatile("{\n\t.reg .pred p;\n\tsetp.ge.u32 p, %0, %1;\n\t@p exit;\n\t}"
                 :: "r"(t), "r"(keep));
    int acc = 0;
    for (int r = 0; r < ROUNDS; r++) {
        acc += s[(t + r + 1) % keep] * (r + 1);
        __syncthreads();
        s[t] = acc;
        __syncthreads();
    }
    out[blockIdx.x * n + t] = acc + s[(t + 1) % keep];
}

static void host_exit_then_barriers(int *want, unsigned n, unsigned keep)
{
    int s[MAX_BLOCK], acc[MAX_BLOCK] = {0};
    for (unsigned t = 0; t < n; t++)
        s[t] = (int)t;
    for (int r = 0; r < ROUNDS; r++) {
        for (unsigned t = 0; t < keep; t++)
            acc[t] += s[(t + r + 1) % keep] * (r + 1);
        for (unsigned t = 0; t < keep; t++)
            s[t] = acc[t];
    }
    for (unsigned t = 0; t < n; t++)
        want[t] = t < keep ? acc[t] + s[(t + 1) % keep] : UNTOUCHED;
}

// Threads t >= keep return through a branch, so the barriers after it lie
// in that branch's reach; the threads left count the odd values among
// them with __syncthreads_count between plain barriers.
__global__ void return_then_counts(int *out, unsigned keep)
{
    __shared__ int s[MAX_BLOCK];
    unsigned t = threadIdx.x, n = blockDim.x;
    if (t >= keep)
        return;
    int v = (int)(t * 7 + 3), total = 0;
    for (int r = 0; r < ROUNDS; r++) {
        s[t] = v;
        __syncthreads();
        v = s[(t + 1) % keep] + r;
        total += __syncthreads_count(v & 1);
        __syncthreads();
    }
    out[blockIdx.x * n + t] = total * 1000 + v;
}

static void host_return_then_counts(int *want, unsigned n, unsigned keep)
{
    int v[MAX_BLOCK], next[MAX_BLOCK], total = 0;
    for (unsigned t = 0; t < keep; t++)
        v[t] = (int)(t * 7 + 3);
    for (int r = 0; r < ROUNDS; r++) {
        int odd = 0;
        for (unsigned t = 0; t < keep; t++) {
            next[t] = v[(t + 1) % keep] + r;
            odd += next[t] & 1;
        }
        for (unsigned t = 0; t < keep; t++)
            v[t] = next[t];
        total += odd;
    }
    for (unsigned t = 0; t < n; t++)
        want[t] = t < keep ? total * 1000 + v[t] : UNTOUCHED;
}

int main()
{
    const unsigned shapes[][2] = {{256, 200}, {256, 33}, {96, 64}, {100, 97},
                                  {64, 1}, {32, 31}};
    const int blocks = 3;
    static int out[blocks * MAX_BLOCK], want[MAX_BLOCK], init[blocks * MAX_BLOCK];
    for (int &x : init)
        x = UNTOUCHED;
    int *d_out;
    CHECK(cudaMalloc(&d_out, sizeof out));
    int bad = 0;
    for (int kernel = 0; kernel < 2; kernel++)
        for (auto &shape : shapes) {
            unsigned n = shape[0], keep = shape[1];
            CHECK(cudaMemcpy(d_out, init, sizeof init, cudaMemcpyHostToDevice));
            if (kernel == 0) {
                exit_then_barriers<<<blocks, n>>>(d_out, keep);
                host_exit_then_barriers(want, n, keep);
            } else {
                return_then_counts<<<blocks, n>>>(d_out, keep);
                host_return_then_counts(want, n, keep);
            }
            CHECK(cudaGetLastError());
            CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
            for (int b = 0; b < blocks; b++)
                for (unsigned t = 0; t < n; t++)
                    if (out[b * n + t] != want[t] && bad++ < 10)
                        printf("kernel %d, block of %u keeping %u: thread %u of "
                               "block %d wrote %d, want %d\n", kernel, n, keep,
                               t, b, out[b * n + t], want[t]);
        }
    CHECK(cudaFree(d_out));
    if (bad) {
        printf("FAIL barrier_converged\n");
        return 1;
    }
    printf("PASS barrier_converged\n");
    return 0;
}
