// grid_sync.cu: cooperative launches and grid-wide synchronisation.
// A multi-phase kernel whose blocks read, after each grid.sync(), what
// other blocks wrote before it (wrong without a real grid barrier: a
// block run to its end before the next starts reads stale values); the
// barrier inside a device function, in a 2-D grid of partial warps, with
// a block that returns early (with cux's cooperative_groups.h only) and
// with shared memory kept across it; blocks that spin on a flag another
// block sets; a grid-stride reduction that block 0 finishes after a
// grid.sync(), in a loop of several; is_valid() in a cooperative launch
// and an ordinary one; the grid's ranks and sizes; a grid larger than
// the occupancy API allows gives cudaErrorCooperativeLaunchTooLarge and
// the process goes on working; a cooperative launch captured into a
// graph.  Launches use the C form (an args array) and the C++ template
// form.  Every result is checked against the host's.  Built with nvcc's
// headers (--device-compiler=nvcc), grid.sync() is NVIDIA's spin on the
// workspace in %envreg1/%envreg2.
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

namespace cg = cooperative_groups;

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL grid_sync\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { PHASES = 6, REDUCE_ROUNDS = 4, N = 10007 };

static int bad = 0;

static void expect(const char *what, long long got, long long want)
{
    if (got != want && bad++ < 12)
        printf("%s: %lld, expected %lld\n", what, got, want);
}

// Each phase: every block publishes a value, the grid syncs, every block
// reads its neighbour's value, the grid syncs again (so the next phase's
// writes cannot overtake the reads).  Shared memory holds the running
// total across the barriers.
__device__ __noinline__ void grid_barrier(cg::grid_group grid)
{
    grid.sync();
}

__global__ void phases(int *slots, int *out)
{
    __shared__ int total[64];
    cg::grid_group grid = cg::this_grid();
    unsigned t = threadIdx.x + blockDim.x * threadIdx.y;
    unsigned nb = (unsigned)grid.num_blocks();
    unsigned b = (unsigned)grid.block_rank();
    if (t < 64)
        total[t] = 0;
    for (int p = 0; p < PHASES; p++) {
        if (t == 0)
            slots[b] = (int)(b * 10 + p);
        if (p % 2)
            grid_barrier(grid);
        else
            cg::sync(grid);
        if (t < 64)
            total[t] += slots[(b + 1) % nb] * (int)(t + 1);
        grid.sync();
    }
    __syncthreads();
    unsigned r = (unsigned)grid.thread_rank();
    out[r] = total[t % 64];
}

// A block with nothing to do returns at once: a block that has exited
// counts as arrived, as a thread does at __syncthreads().  That is cux's
// cooperative_groups.h; NVIDIA's grid.sync() counts the blocks that add
// to its barrier word, so there the others would wait for ever, as on a
// GPU (exits_count_as_arrived says which header compiled the kernels).
__global__ void early_exit(int *data, int *out)
{
    cg::grid_group grid = cg::this_grid();
    if (blockIdx.x == 1)
        return;
    data[blockIdx.x * blockDim.x + threadIdx.x] = (int)blockIdx.x + 1;
    grid.sync();
    int sum = 0;
    for (unsigned i = 0; i < gridDim.x * blockDim.x; i++)
        sum += data[i];
    out[blockIdx.x * blockDim.x + threadIdx.x] = sum;
}

__global__ void exits_count_as_arrived(int *out)
{
#ifdef CUX_COOPERATIVE_GROUPS_H
    *out = 1;
#else
    *out = 0;
#endif
}

// Every block waits, spinning on an acquire load, for a flag that the
// grid's last block sets after writing the data the others then read.
// The blocks of a cooperative launch are all resident, so on a GPU the
// spin ends whatever order the blocks start in; on cux a block whose
// warps only spin must let the others run, on however many workers.
__global__ void wait_for_last(unsigned *flag, int *data, int *out)
{
    unsigned t = threadIdx.x, v = 0;
    if (blockIdx.x == gridDim.x - 1) {
        data[t] = (int)(t * 3 + 1);
        __syncthreads();
        if (t == 0)
            asm volatile("st.release.gpu.u32 [%0], %1;"
                         :: "l"(flag), "r"(gridDim.x) : "memory");
    }
    if (t == 0)
        do
            asm volatile("ld.acquire.gpu.u32 %0, [%1];"
                         : "=r"(v) : "l"(flag) : "memory");
        while (v == 0);
    __syncthreads();
    out[blockIdx.x * blockDim.x + t] = data[blockDim.x - 1 - t];
}

__device__ int value_of(int i) { return (i * 7919) % 1013 - 500; }

// Several reductions in a row: grid-stride partial sums, block sums in
// shared memory, block 0 adds the blocks' sums after a grid.sync(), and
// one more grid.sync() before the partials are used again.
__global__ void reduce_rounds(long long *partial, long long *result, int n)
{
    __shared__ long long s[256];
    cg::grid_group grid = cg::this_grid();
    for (int round = 0; round < REDUCE_ROUNDS; round++) {
        long long sum = 0;
        for (unsigned long long i = grid.thread_rank(); i < (unsigned)n;
             i += grid.size())
            sum += (long long)value_of((int)i) * (round + 1);
        s[threadIdx.x] = sum;
        __syncthreads();
        for (unsigned w = blockDim.x / 2; w > 0; w /= 2) {
            if (threadIdx.x < w)
                s[threadIdx.x] += s[threadIdx.x + w];
            __syncthreads();
        }
        if (threadIdx.x == 0)
            partial[blockIdx.x] = s[0];
        grid.sync();
        if (grid.block_rank() == 0 && threadIdx.x == 0) {
            long long total = 0;
            for (unsigned b = 0; b < gridDim.x; b++)
                total += partial[b];
            result[round] = total;
        }
        grid.sync();
    }
}

// What the grid group says of itself; sync() only where it is valid.
__global__ void describe(unsigned long long *out)
{
    cg::grid_group grid = cg::this_grid();
    unsigned long long *o = out + 8 * grid.thread_rank();
    o[0] = grid.is_valid();
    o[1] = grid.size();
    o[2] = grid.num_threads();
    o[3] = grid.num_blocks();
    o[4] = grid.block_rank();
    dim3 ti = grid.thread_index(), dt = grid.dim_threads();
    o[5] = ti.x + 1000ull * ti.y;
    o[6] = dt.x + 1000ull * dt.y;
    dim3 bi = grid.block_index(), db = grid.dim_blocks();
    o[7] = bi.x + 100ull * bi.y + 10000ull * db.x + 1000000ull * db.y;
    if (grid.is_valid()) {
        auto token = grid.barrier_arrive();
        grid.barrier_wait(static_cast<decltype(token) &&>(token));
    }
}

static int max_blocks(const void *kernel, int threads, size_t smem)
{
    int per_sm = 0, sms = 0, dev = 0;
    CHECK(cudaGetDevice(&dev));
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, kernel,
                                                        threads, smem));
    CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, dev));
    return per_sm * sms;
}

static void test_phases()
{
    dim3 block(24, 2); // 48 threads: a partial second warp
    int limit = max_blocks((const void *)phases, 48, 0);
    dim3 grid(limit >= 6 ? 3 : 1, limit >= 6 ? 2 : limit);
    unsigned nb = grid.x * grid.y, nt = nb * 48;
    int *slots, *out;
    CHECK(cudaMalloc(&slots, nb * sizeof(int)));
    CHECK(cudaMalloc(&out, nt * sizeof(int)));
    void *args[] = {&slots, &out};
    CHECK(cudaLaunchCooperativeKernel((const void *)phases, grid, block,
                                      args, 0, 0));
    CHECK(cudaDeviceSynchronize());
    int *h = (int *)malloc(nt * sizeof(int));
    CHECK(cudaMemcpy(h, out, nt * sizeof(int), cudaMemcpyDeviceToHost));
    for (unsigned r = 0; r < nt; r++) {
        unsigned b = r / 48, t = r % 48;
        long long want = 0;
        for (int p = 0; p < PHASES; p++)
            want += (long long)(((b + 1) % nb) * 10 + p) * (t % 64 + 1);
        expect("phases", h[r], want);
    }
    free(h);
    CHECK(cudaFree(slots));
    CHECK(cudaFree(out));
}

static void test_early_exit()
{
    int *cux_cg, counts = 0;
    CHECK(cudaMalloc(&cux_cg, sizeof(int)));
    exits_count_as_arrived<<<1, 1>>>(cux_cg);
    CHECK(cudaMemcpy(&counts, cux_cg, sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(cux_cg));
    if (!counts)
        return;
    int limit = max_blocks((const void *)early_exit, 32, 0);
    unsigned nb = limit < 4 ? (unsigned)limit : 4, n = nb * 32;
    int *data, *out;
    CHECK(cudaMalloc(&data, n * sizeof(int)));
    CHECK(cudaMalloc(&out, n * sizeof(int)));
    CHECK(cudaMemset(data, 0, n * sizeof(int)));
    CHECK(cudaMemset(out, 0, n * sizeof(int)));
    void *args[] = {&data, &out}; // the C++ template form, as cuda-samples
                                  // call it
    CHECK(cudaLaunchCooperativeKernel((void *)early_exit, nb, 32, args));
    CHECK(cudaDeviceSynchronize());
    int *h = (int *)malloc(n * sizeof(int));
    CHECK(cudaMemcpy(h, out, n * sizeof(int), cudaMemcpyDeviceToHost));
    int sum = 0;
    for (unsigned b = 0; b < nb; b++)
        sum += b == 1 ? 0 : 32 * (int)(b + 1);
    for (unsigned i = 0; i < n; i++)
        expect("early_exit", h[i], i / 32 == 1 ? 0 : sum);
    free(h);
    CHECK(cudaFree(data));
    CHECK(cudaFree(out));
}

static void test_wait_for_last()
{
    int limit = max_blocks((const void *)wait_for_last, 64, 0);
    unsigned nb = limit < 6 ? (unsigned)limit : 6, n = nb * 64;
    unsigned *flag;
    int *data, *out;
    CHECK(cudaMalloc(&flag, sizeof(unsigned)));
    CHECK(cudaMalloc(&data, 64 * sizeof(int)));
    CHECK(cudaMalloc(&out, n * sizeof(int)));
    CHECK(cudaMemset(flag, 0, sizeof(unsigned)));
    CHECK(cudaMemset(data, 0, 64 * sizeof(int)));
    void *args[] = {&flag, &data, &out};
    CHECK(cudaLaunchCooperativeKernel((const void *)wait_for_last, nb, 64,
                                      args, 0, 0));
    int *h = (int *)malloc(n * sizeof(int));
    CHECK(cudaMemcpy(h, out, n * sizeof(int), cudaMemcpyDeviceToHost));
    for (unsigned i = 0; i < n; i++)
        expect("wait_for_last", h[i], (63 - i % 64) * 3 + 1);
    free(h);
    CHECK(cudaFree(flag));
    CHECK(cudaFree(data));
    CHECK(cudaFree(out));
}

static void test_reduce()
{
    int limit = max_blocks((const void *)reduce_rounds, 256, 0);
    long long *partial, *result, h[REDUCE_ROUNDS];
    int n = N;
    CHECK(cudaMalloc(&partial, limit * sizeof(long long)));
    CHECK(cudaMalloc(&result, sizeof h));
    void *args[] = {&partial, &result, &n};
    CHECK(cudaLaunchCooperativeKernel((const void *)reduce_rounds, limit,
                                      256, args, 0, 0));
    CHECK(cudaMemcpy(h, result, sizeof h, cudaMemcpyDeviceToHost));
    long long base = 0;
    for (int i = 0; i < N; i++)
        base += (i * 7919) % 1013 - 500;
    for (int r = 0; r < REDUCE_ROUNDS; r++)
        expect("reduce", h[r], base * (r + 1));
    CHECK(cudaFree(partial));
    CHECK(cudaFree(result));
}

static void check_description(const unsigned long long *h, dim3 grid,
                              dim3 block, bool valid)
{
    unsigned long long nb = grid.x * grid.y, nt = nb * block.x * block.y;
    for (unsigned long long r = 0; r < nt; r++) {
        const unsigned long long *o = h + 8 * r;
        unsigned long long b = r / (block.x * block.y);
        unsigned t = (unsigned)(r % (block.x * block.y));
        unsigned bx = (unsigned)(b % grid.x), by = (unsigned)(b / grid.x);
        unsigned tx = t % block.x, ty = t / block.x;
        expect("is_valid", (long long)o[0], valid);
        expect("size", (long long)o[1], (long long)nt);
        expect("num_threads", (long long)o[2], (long long)nt);
        expect("num_blocks", (long long)o[3], (long long)nb);
        expect("block_rank", (long long)o[4], (long long)b);
        expect("thread_index", (long long)o[5],
               bx * block.x + tx + 1000ll * (by * block.y + ty));
        expect("dim_threads", (long long)o[6],
               grid.x * block.x + 1000ll * grid.y * block.y);
        expect("block_index", (long long)o[7],
               bx + 100ll * by + 10000ll * grid.x + 1000000ll * grid.y);
    }
}

static void test_describe()
{
    dim3 grid(2, 2), block(8, 4);
    size_t bytes = 8 * sizeof(unsigned long long) * 4 * 32;
    unsigned long long *out, *h = (unsigned long long *)malloc(bytes);
    CHECK(cudaMalloc(&out, bytes));
    if (max_blocks((const void *)describe, 32, 0) >= 4) {
        void *args[] = {&out};
        CHECK(cudaLaunchCooperativeKernel((void *)describe, grid, block,
                                          args));
        CHECK(cudaMemcpy(h, out, bytes, cudaMemcpyDeviceToHost));
        check_description(h, grid, block, true);
    }
    describe<<<grid, block>>>(out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, out, bytes, cudaMemcpyDeviceToHost));
    check_description(h, grid, block, false);
    CHECK(cudaFree(out));
    free(h);
}

// One block more than can be resident: refused, nothing runs, and the
// error is not sticky.
static void test_too_large()
{
    int limit = max_blocks((const void *)reduce_rounds, 256, 0);
    long long *partial, *result;
    int n = N;
    CHECK(cudaMalloc(&partial, (limit + 1) * sizeof(long long)));
    // (limit + 1 partials: room for a wrongly accepted launch)
    CHECK(cudaMalloc(&result, REDUCE_ROUNDS * sizeof(long long)));
    void *args[] = {&partial, &result, &n};
    cudaError_t err = cudaLaunchCooperativeKernel(
        (const void *)reduce_rounds, limit + 1, 256, args, 0, 0);
    expect("too large", err, cudaErrorCooperativeLaunchTooLarge);
    expect("last error", cudaGetLastError(),
           cudaErrorCooperativeLaunchTooLarge);
    expect("cleared", cudaGetLastError(), cudaSuccess);
    // Dynamic shared memory counts too: 100 KiB a block (opted in first:
    // beyond the kernel's limit no block fits) leaves room for one per
    // multiprocessor of 8.0's 164 KiB.
    int per_sm = 0;
    CHECK(cudaFuncSetAttribute((const void *)reduce_rounds,
                               cudaFuncAttributeMaxDynamicSharedMemorySize,
                               100 << 10));
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(
        &per_sm, (const void *)reduce_rounds, 256, 100 << 10));
    int sms = 0;
    CHECK(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
    err = cudaLaunchCooperativeKernel((const void *)reduce_rounds,
                                      per_sm * sms + 1, 256, args,
                                      100 << 10, 0);
    expect("too large with shared memory", err,
           cudaErrorCooperativeLaunchTooLarge);
    cudaGetLastError();
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaFree(partial));
    CHECK(cudaFree(result));
}

// A cooperative launch captured into a graph stays cooperative there.
static void test_graph()
{
    int limit = max_blocks((const void *)reduce_rounds, 256, 0);
    long long *partial, *result, h[REDUCE_ROUNDS];
    int n = N / 3;
    CHECK(cudaMalloc(&partial, limit * sizeof(long long)));
    CHECK(cudaMalloc(&result, sizeof h));
    cudaStream_t s;
    cudaGraph_t graph;
    cudaGraphExec_t exec;
    CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeGlobal));
    void *args[] = {&partial, &result, &n};
    CHECK(cudaLaunchCooperativeKernel((const void *)reduce_rounds, limit,
                                      256, args, 0, s));
    CHECK(cudaStreamEndCapture(s, &graph));
    CHECK(cudaGraphInstantiate(&exec, graph, 0));
    CHECK(cudaGraphLaunch(exec, s));
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaMemcpy(h, result, sizeof h, cudaMemcpyDeviceToHost));
    long long base = 0;
    for (int i = 0; i < N / 3; i++)
        base += (i * 7919) % 1013 - 500;
    for (int r = 0; r < REDUCE_ROUNDS; r++)
        expect("graph", h[r], base * (r + 1));
    CHECK(cudaGraphExecDestroy(exec));
    CHECK(cudaGraphDestroy(graph));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(partial));
    CHECK(cudaFree(result));
}

int main()
{
    int dev = 0, coop = 0;
    cudaDeviceProp prop;
    CHECK(cudaGetDevice(&dev));
    CHECK(cudaDeviceGetAttribute(&coop, cudaDevAttrCooperativeLaunch, dev));
    CHECK(cudaGetDeviceProperties(&prop, dev));
    expect("cudaDevAttrCooperativeLaunch", coop, 1);
    expect("cooperativeLaunch", prop.cooperativeLaunch, 1);
    test_phases();
    test_early_exit();
    test_wait_for_last();
    test_reduce();
    test_describe();
    test_graph();
    test_too_large();
    test_reduce(); // the process still works after the refusal
    if (bad) {
        printf("FAIL grid_sync\n");
        return 1;
    }
    printf("PASS grid_sync\n");
    return 0;
}
