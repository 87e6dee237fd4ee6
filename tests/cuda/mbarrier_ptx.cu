// mbarrier_ptx.cu: PTX mbarrier objects through inline asm, so that
// every leg runs the instructions (nvcc's cuda::barrier is the same PTX):
//  - a producer warp and three consumer warps passing data through two
//    barriers over several phases, waiting by parity with try_wait; the
//    producer is the block's last warp, so consumers that run first must
//    wait for it, and it for them;
//  - waits by an arrive's state (test_wait), an arrive with a count, and
//    arrive_drop, after which the barrier expects fewer arrivals;
//  - pending_count of noComplete arrivals, and test_wait of a phase not
//    yet complete;
//  - cp.async.mbarrier.arrive: with .noinc an arrival of its own, without
//    it no change to the count; barriers in generic addresses.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL mbarrier_ptx\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

typedef unsigned long long u64;

__device__ __forceinline__ unsigned smem(const void *p)
{
    return (unsigned)__cvta_generic_to_shared(p);
}

__device__ __forceinline__ void init(u64 *bar, unsigned count)
{
    asm volatile("mbarrier.init.shared.b64 [%0], %1;"
                 :: "r"(smem(bar)), "r"(count) : "memory");
}

__device__ __forceinline__ u64 arrive(u64 *bar)
{
    u64 state;
    asm volatile("mbarrier.arrive.shared.b64 %0, [%1];"
                 : "=l"(state) : "r"(smem(bar)) : "memory");
    return state;
}

/* the form with a count is sm_90's; sm_80 has it with .noComplete only */
__device__ __forceinline__ u64 arrive_count(u64 *bar, unsigned count)
{
    u64 state;
    asm volatile("mbarrier.arrive.release.cta.shared::cta.b64 %0, [%1], %2;"
                 : "=l"(state) : "r"(smem(bar)), "r"(count) : "memory");
    return state;
}

__device__ __forceinline__ u64 arrive_no_complete(u64 *bar, unsigned count)
{
    u64 state;
    asm volatile("mbarrier.arrive.noComplete.shared.b64 %0, [%1], %2;"
                 : "=l"(state) : "r"(smem(bar)), "r"(count) : "memory");
    return state;
}

__device__ __forceinline__ unsigned pending(u64 state)
{
    unsigned n;
    asm volatile("mbarrier.pending_count.b64 %0, %1;" : "=r"(n) : "l"(state));
    return n;
}

__device__ __forceinline__ bool test_state(u64 *bar, u64 state)
{
    unsigned done;
    asm volatile("{ .reg .pred p;\n"
                 "  mbarrier.test_wait.shared.b64 p, [%1], %2;\n"
                 "  selp.u32 %0, 1, 0, p; }"
                 : "=r"(done) : "r"(smem(bar)), "l"(state) : "memory");
    return done;
}

__device__ __forceinline__ void wait_state(u64 *bar, u64 state)
{
    while (!test_state(bar, state))
        ;
}

/* try_wait.parity, sm_90's potentially blocking form, in a loop */
__device__ __forceinline__ void wait_parity(u64 *bar, unsigned parity)
{
    unsigned done;
    do
        asm volatile("{ .reg .pred p;\n"
                     "  mbarrier.try_wait.parity.shared.b64 p, [%1], %2;\n"
                     "  selp.u32 %0, 1, 0, p; }"
                     : "=r"(done) : "r"(smem(bar)), "r"(parity) : "memory");
    while (!done);
}

/* test_wait.parity on a generic address */
__device__ __forceinline__ void wait_parity_generic(u64 *bar, unsigned parity)
{
    unsigned done;
    do
        asm volatile("{ .reg .pred p;\n"
                     "  mbarrier.test_wait.parity.b64 p, [%1], %2;\n"
                     "  selp.u32 %0, 1, 0, p; }"
                     : "=r"(done) : "l"(bar), "r"(parity) : "memory");
    while (!done);
}

#define PHASES 6
#define CONSUMERS 96
#define RING_BLOCK (CONSUMERS + 32)

// Consumer c adds element c % 32 of every phase's data times the phase
// number plus one: data read before the producer filled it, or after it
// refilled it, shows.
__global__ void ring(int *out)
{
    __shared__ u64 full, empty;
    __shared__ int data[32];
    int t = threadIdx.x;
    if (t == 0) {
        init(&full, 32);
        init(&empty, CONSUMERS);
    }
    __syncthreads();
    int sum = 0;
    for (int p = 0; p < PHASES; p++) {
        if (t >= CONSUMERS) {
            if (p > 0)
                wait_parity(&empty, (p - 1) & 1); /* all read phase p-1 */
            data[t - CONSUMERS] = blockIdx.x * 100000 + (p + 1) * 1000 +
                                  t - CONSUMERS;
            arrive(&full);
        } else {
            wait_parity(&full, p & 1);
            sum += data[t % 32] * (p + 1);
            arrive(&empty);
        }
    }
    if (t < CONSUMERS)
        out[blockIdx.x * CONSUMERS + t] = sum;
}

#define COUNT_BLOCK 128

// got[t][0..2]: what thread t read after each of three phases (the last
// for the threads left after the drop); info: pending counts and tests.
__global__ void counts(int *got, unsigned *info)
{
    __shared__ u64 bar, solo;
    __shared__ int slot[COUNT_BLOCK];
    int t = threadIdx.x, lane = t % 32;
    if (t == 0)
        init(&bar, COUNT_BLOCK);
    __syncthreads();
    /* phase 0: everyone arrives, then waits by its state */
    slot[t] = t * 3 + 1;
    u64 state = arrive(&bar);
    wait_state(&bar, state);
    got[t * 3] = slot[COUNT_BLOCK - 1 - t];
    /* phase 1: one lane per warp arrives for the whole warp */
    __syncthreads(); /* everyone has read before the slots change */
    slot[t] = t * 5 + 2;
    __syncwarp();
    state = lane == 0 ? arrive_count(&bar, 32) : 0;
    /* as long long: clang 14's unsigned long long overload calls itself */
    state = (u64)__shfl_sync(0xffffffffu, (long long)state, 0);
    wait_state(&bar, state);
    got[t * 3 + 1] = slot[(t + 32) % COUNT_BLOCK];
    __syncthreads();
    /* phase 2: the upper half drops out, so phase 3 needs half */
    slot[t] = t * 7 + 3;
    if (t >= COUNT_BLOCK / 2) {
        asm volatile("mbarrier.arrive_drop.shared.b64 _, [%0];"
                     :: "r"(smem(&bar)) : "memory");
        return;
    }
    wait_state(&bar, arrive(&bar));
    int dropped = slot[t + COUNT_BLOCK / 2];
    slot[t] = t * 11 + 4;
    wait_state(&bar, arrive(&bar)); /* phase 3: 64 arrivals */
    got[t * 3 + 2] = dropped + slot[COUNT_BLOCK / 2 - 1 - t];
    if (t == 0) {
        init(&solo, 5);
        u64 a = arrive_no_complete(&solo, 2);
        u64 b = arrive_no_complete(&solo, 1);
        info[0] = pending(a);              /* 5: before that arrival */
        info[1] = pending(b);              /* 3 */
        info[2] = test_state(&solo, b);    /* 0: two arrivals pending */
        arrive(&solo);
        arrive(&solo);
        info[3] = test_state(&solo, b);    /* 1 */
        asm volatile("mbarrier.inval.shared.b64 [%0];"
                     :: "r"(smem(&solo)) : "memory");
    }
}

// Warp 0 copies in[0..31] by cp.async and arrives through
// cp.async.mbarrier.arrive.noinc, warp 1 stores in[32..63] * 2 and
// arrives: the barrier (expecting 64, in a generic address) completes
// only if each noinc arrive counts.  Warp 2's cp.async.mbarrier.arrive
// without .noinc must leave `plain`'s pending count as it was.
__global__ void copies(const int *in, int *out, unsigned *info)
{
    __shared__ u64 bar, plain;
    __shared__ __align__(16) int buf[96];
    int t = threadIdx.x, lane = t % 32, warp = t / 32;
    if (t == 0) {
        asm volatile("mbarrier.init.b64 [%0], 64;" :: "l"(&bar) : "memory");
        init(&plain, 40);
    }
    __syncthreads();
    if (warp == 0) {
        asm volatile("cp.async.ca.shared.global [%0], [%1], 4;\n"
                     "cp.async.mbarrier.arrive.noinc.shared.b64 [%2];"
                     :: "r"(smem(&buf[t])), "l"(&in[t]), "r"(smem(&bar))
                     : "memory");
    } else if (warp == 1) {
        buf[t] = in[t] * 2;
        arrive(&bar);
    } else {
        asm volatile("cp.async.ca.shared.global [%0], [%1], 4;\n"
                     "cp.async.mbarrier.arrive.shared.b64 [%2];"
                     :: "r"(smem(&buf[t])), "l"(&in[t]), "r"(smem(&plain))
                     : "memory");
        if (lane == 0)
            info[4] = pending(arrive_no_complete(&plain, 1)); /* 40 */
        __syncwarp();
        if (lane != 0)
            arrive(&plain);
        __syncwarp();
        if (lane < 8)
            arrive(&plain); /* the phase's last 8 of 40 */
        wait_parity(&plain, 0);
        asm volatile("cp.async.wait_all;" ::: "memory");
    }
    wait_parity_generic(&bar, 0);
    out[t] = buf[(t + 40) % 64]; /* what the barrier covers */
}

static int check_ring()
{
    const int blocks = 3;
    int *d_out, out[blocks * CONSUMERS];
    CHECK(cudaMalloc(&d_out, sizeof out));
    ring<<<blocks, RING_BLOCK>>>(d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
    CHECK(cudaFree(d_out));
    int bad = 0;
    for (int b = 0; b < blocks; b++)
        for (int t = 0; t < CONSUMERS; t++) {
            int want = 0;
            for (int p = 0; p < PHASES; p++)
                want += (b * 100000 + (p + 1) * 1000 + t % 32) * (p + 1);
            if (out[b * CONSUMERS + t] != want && bad++ < 5)
                printf("ring: block %d thread %d: %d, want %d\n", b, t,
                       out[b * CONSUMERS + t], want);
        }
    return bad;
}

static int check_counts()
{
    int *d_got, got[COUNT_BLOCK * 3];
    unsigned *d_info, info[5];
    CHECK(cudaMalloc(&d_got, sizeof got));
    CHECK(cudaMalloc(&d_info, sizeof info));
    CHECK(cudaMemset(d_got, 0, sizeof got));
    counts<<<1, COUNT_BLOCK>>>(d_got, d_info);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, d_got, sizeof got, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(info, d_info, 4 * sizeof *info, cudaMemcpyDeviceToHost));
    CHECK(cudaFree(d_got));
    CHECK(cudaFree(d_info));
    int bad = 0;
    for (int t = 0; t < COUNT_BLOCK; t++) {
        int want[3] = {(COUNT_BLOCK - 1 - t) * 3 + 1,
                       (t + 32) % COUNT_BLOCK * 5 + 2, 0};
        int half = COUNT_BLOCK / 2;
        if (t < half)
            want[2] = (t + half) * 7 + 3 + (half - 1 - t) * 11 + 4;
        for (int k = 0; k < 3; k++)
            if (got[t * 3 + k] != want[k] && bad++ < 5)
                printf("counts: thread %d phase %d read %d, want %d\n", t, k,
                       got[t * 3 + k], want[k]);
    }
    unsigned want_info[4] = {5, 3, 0, 1};
    for (int k = 0; k < 4; k++)
        if (info[k] != want_info[k] && bad++ < 10)
            printf("counts: info[%d] = %u, want %u\n", k, info[k],
                   want_info[k]);
    return bad;
}

static int check_copies()
{
    int in[96], out[96], *d_in, *d_out;
    unsigned *d_info, info[5];
    for (int i = 0; i < 96; i++)
        in[i] = i * 31 + 7;
    CHECK(cudaMalloc(&d_in, sizeof in));
    CHECK(cudaMalloc(&d_out, sizeof out));
    CHECK(cudaMalloc(&d_info, sizeof info));
    CHECK(cudaMemcpy(d_in, in, sizeof in, cudaMemcpyHostToDevice));
    copies<<<1, 96>>>(d_in, d_out, d_info);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(info, d_info, sizeof info, cudaMemcpyDeviceToHost));
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    CHECK(cudaFree(d_info));
    int bad = 0;
    for (int t = 0; t < 96; t++) {
        int i = (t + 40) % 64;
        int want = i >= 32 ? in[i] * 2 : in[i];
        if (out[t] != want && bad++ < 5)
            printf("copies: thread %d read %d, want %d\n", t, out[t], want);
    }
    if (info[4] != 40 && bad++ < 10)
        printf("copies: pending count %u after cp.async.mbarrier.arrive, "
               "want 40\n", info[4]);
    return bad;
}

int main()
{
    int bad = check_ring() + check_counts() + check_copies();
    if (bad) {
        printf("FAIL mbarrier_ptx\n");
        return 1;
    }
    printf("PASS mbarrier_ptx\n");
    return 0;
}
