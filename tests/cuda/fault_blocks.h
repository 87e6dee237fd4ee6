// fault_blocks.h: the body of fault_blocks.cu and fault_blocks_serial.cu,
// which differ in the worker count (CUX_CPU_THREADS, set before the first
// CUDA call).  One block of many faults, through a null pointer and
// through an address no CPU can map; the launch fails with
// cudaErrorIllegalAddress whatever worker ran that block, the others
// stop, and after cudaDeviceReset the whole grid runs.  The same for a
// cooperative launch, whose other blocks wait at grid.sync() and must not
// hang there.
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdint>
#include <cstdlib>

namespace cg = cooperative_groups;

enum { BLOCKS = 64, THREADS = 64 };

__global__ void fill(int *out, int *bad, int bad_block)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if ((int)blockIdx.x == bad_block)
        bad[threadIdx.x] = i;
    out[i] = i;
}

__global__ void fill_synced(int *out, int *bad, int bad_block)
{
    cg::grid_group grid = cg::this_grid();
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    out[i] = i;
    grid.sync();
    if ((int)blockIdx.x == bad_block)
        bad[threadIdx.x] = out[i];
    grid.sync();
    out[i] += 1;
}

static int failures;

static void expect(bool ok, const char *what, cudaError_t err)
{
    if (!ok) {
        printf("%s: %s\n", what, cudaGetErrorName(err));
        failures++;
    }
}

// Launches with a bad pointer in one block, then, after a reset, with
// none; checks the errors and the good launch's results.
static void run_case(const char *what, int *bad, bool cooperative,
                     unsigned blocks)
{
    unsigned n = blocks * THREADS;
    int *out = NULL, bad_block = (int)blocks / 2 + 1;
    if (bad_block >= (int)blocks)
        bad_block = 0;
    cudaMalloc(&out, n * sizeof(int));
    void *args[] = {&out, &bad, &bad_block};
    if (cooperative)
        cudaLaunchCooperativeKernel((const void *)fill_synced, blocks,
                                    THREADS, args, 0, 0);
    else
        fill<<<blocks, THREADS>>>(out, bad, bad_block);
    cudaError_t sync = cudaDeviceSynchronize();
    cudaError_t last = cudaGetLastError();
    printf("%s: %s\n", what, cudaGetErrorName(sync));
    expect(sync == cudaErrorIllegalAddress, "sync", sync);
    expect(last == cudaErrorIllegalAddress, "last", last);
    cudaDeviceReset();
    bad_block = -1;
    cudaMalloc(&out, n * sizeof(int));
    if (cooperative)
        cudaLaunchCooperativeKernel((const void *)fill_synced, blocks,
                                    THREADS, args, 0, 0);
    else
        fill<<<blocks, THREADS>>>(out, bad, bad_block);
    sync = cudaDeviceSynchronize();
    expect(sync == cudaSuccess, "after reset", sync);
    int *h = (int *)malloc(n * sizeof(int));
    cudaMemcpy(h, out, n * sizeof(int), cudaMemcpyDeviceToHost);
    for (unsigned i = 0; i < n; i++)
        if (h[i] != (int)i + (cooperative ? 1 : 0)) {
            printf("%s: out[%u] = %d after reset\n", what, i, h[i]);
            failures++;
            break;
        }
    free(h);
    cudaFree(out);
}

static unsigned cooperative_blocks()
{
    int per_sm = 0, sms = 0;
    cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, fill_synced,
                                                  THREADS, 0);
    cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0);
    unsigned limit = (unsigned)(per_sm * sms);
    return limit < 8 ? limit : 8;
}

static int fault_blocks_main(const char *name, const char *threads)
{
    if (threads)
        setenv("CUX_CPU_THREADS", threads, 1);
    // Not canonical on x86-64 (a general protection fault, no address);
    // unmapped on other 64-bit machines.  A multiple of 4, so that the
    // access is illegal, not misaligned (fault_misaligned.cu).
    int *wild = (int *)(uintptr_t)0xdead00000000bee0ull;
    run_case("null", NULL, false, BLOCKS);
    run_case("wild", wild, false, BLOCKS);
    run_case("null, cooperative", NULL, true, cooperative_blocks());
    fflush(stderr);
    printf("%s %s\n", failures ? "FAIL" : "PASS", name);
    return failures != 0;
}
