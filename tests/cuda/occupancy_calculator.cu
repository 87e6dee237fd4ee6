// occupancy_calculator.cu: cuda_occupancy.h against results derived by
// hand from the documented limits of a few GPUs (7.5: 1024 threads, 64K
// registers, 64 KB shared and 16 blocks per SM; 8.0: 2048 threads, 164 KB,
// 32 blocks; 6.1, 8.6, 9.0, 10.0, 12.0 for their own rules), each kernel
// limited by a different resource; then invalid inputs, the block-size
// search, and the structures built from cux's own device and kernel.
#include <cuda_runtime.h>
#include <cuda_occupancy.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL occupancy_calculator\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int failures;

static void expect(long got, long want, const char *what, int line)
{
    if (got == want)
        return;
    printf("line %d: %s = %ld, want %ld\n", line, what, got, want);
    failures++;
}
#define EXPECT(got, want) expect((long)(got), (long)(want), #got, __LINE__)

static cudaOccDeviceProp gpu(int major, int minor, int threads, int smem_kb,
                             int optin_kb, int reserved)
{
    cudaOccDeviceProp p;
    p.computeMajor = major;
    p.computeMinor = minor;
    p.maxThreadsPerBlock = 1024;
    p.maxThreadsPerMultiprocessor = threads;
    p.regsPerBlock = 65536;
    p.regsPerMultiprocessor = 65536;
    p.warpSize = 32;
    p.sharedMemPerBlock = 48 * 1024;
    p.sharedMemPerMultiprocessor = (size_t)smem_kb * 1024;
    p.numSms = 40;
    p.sharedMemPerBlockOptin = (size_t)optin_kb * 1024;
    p.reservedSharedMemPerBlock = (size_t)reserved;
    return p;
}

static cudaOccFuncAttributes kernel(int regs, size_t static_smem)
{
    cudaOccFuncAttributes f;
    f.maxThreadsPerBlock = 1024;
    f.numRegs = regs;
    f.sharedSizeBytes = static_smem;
    return f;
}

// occ: the result for one launch; its status must be success.
static cudaOccResult occ(const cudaOccDeviceProp &p,
                         const cudaOccFuncAttributes &f, int block,
                         size_t dynamic, int line,
                         cudaOccDeviceState s = cudaOccDeviceState())
{
    cudaOccResult r = cudaOccResult();
    cudaOccError e = cudaOccMaxActiveBlocksPerMultiprocessor(&r, &p, &f, &s,
                                                             block, dynamic);
    expect(e, CUDA_OCC_SUCCESS, "status", line);
    return r;
}

static void limits(void)
{
    cudaOccDeviceProp t4 = gpu(7, 5, 1024, 64, 64, 0);
    cudaOccDeviceProp a100 = gpu(8, 0, 2048, 164, 163, 1024);
    a100.numSms = 108;
    // Warps: 256 threads = 8 warps of 32 slots -> 4; 32 registers
    // (1024 a warp, 16 warps a sub-partition) would allow 8.
    cudaOccResult r = occ(t4, kernel(32, 0), 256, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 4);
    EXPECT(r.limitingFactors, OCC_LIMIT_WARPS);
    EXPECT(r.blockLimitRegs, 8);
    EXPECT(r.blockLimitSharedMem, INT_MAX);
    EXPECT(r.blockLimitBlocks, 16);
    EXPECT(r.allocatedRegistersPerBlock, 8 * 1024);
    // Registers: 72 a thread = 2304 a warp, 16384 / 2304 = 7 warps in each
    // of 4 sub-partitions, 28 / 4 warps -> 7 (warps would allow 8).
    r = occ(t4, kernel(72, 0), 128, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 7);
    EXPECT(r.limitingFactors, OCC_LIMIT_REGISTERS);
    // 33 registers round up to 1280 a warp: 12 warps a sub-partition,
    // 48 / 8 -> 6 (1056 unrounded would give 7; warps allow 8).
    r = occ(a100, kernel(33, 0), 256, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 6);
    EXPECT(r.limitingFactors, OCC_LIMIT_REGISTERS);
    EXPECT(r.allocatedRegistersPerBlock, 8 * 1280);
    // 255 registers: 8192 a warp, 2 warps a sub-partition -> 1 block of 8.
    r = occ(t4, kernel(255, 0), 256, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 1);
    // 1024 threads x 255 registers exceed the block's 64K: cannot run.
    r = occ(t4, kernel(255, 0), 1024, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 0);
    // Shared memory on 7.5: 10000 + 6000 bytes round up to 63 x 256 =
    // 16128, 65536 / 16128 -> 4.
    r = occ(t4, kernel(16, 10000), 64, 6000, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 4);
    EXPECT(r.limitingFactors, OCC_LIMIT_SHARED_MEMORY);
    EXPECT(r.allocatedSharedMemPerBlock, 16128);
    // On 8.0 the unit is 128 and the driver reserves 1 KB a block:
    // 17024 bytes, 164 KB / 17024 -> 9.
    r = occ(a100, kernel(16, 10000), 64, 6000, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 9);
    EXPECT(r.allocatedSharedMemPerBlock, 17024);
    // Half the carveout (82 KB) rounds up to the 100 KB one -> 6; all L1
    // grows to the smallest carveout holding a block (32 KB) -> 1.
    cudaOccDeviceState half;
    half.carveoutConfig = SHAREDMEM_CARVEOUT_HALF;
    r = occ(a100, kernel(16, 10000), 64, 6000, __LINE__, half);
    EXPECT(r.activeBlocksPerMultiprocessor, 6);
    cudaOccDeviceState l1;
    l1.cacheConfig = CACHE_PREFER_L1;
    r = occ(a100, kernel(16, 10000), 64, 6000, __LINE__, l1);
    EXPECT(r.activeBlocksPerMultiprocessor, 1);
    // Blocks: one warp each, 16 slots on 7.5, 32 on 8.0, 16 on 8.6.
    r = occ(t4, kernel(16, 0), 32, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 16);
    EXPECT(r.limitingFactors, OCC_LIMIT_BLOCKS);
    r = occ(a100, kernel(16, 0), 32, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 32);
    EXPECT(r.limitingFactors, OCC_LIMIT_BLOCKS);
    r = occ(gpu(8, 6, 1536, 100, 99, 1024), kernel(16, 0), 32, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 16);
    // A tie names both: 64 registers, 4 warps -> 8 by warps and registers.
    r = occ(t4, kernel(64, 0), 128, 0, __LINE__);
    EXPECT(r.limitingFactors, OCC_LIMIT_WARPS | OCC_LIMIT_REGISTERS);
    // Larger than the device's block: runs nowhere, but is no error.
    r = occ(t4, kernel(16, 0), 2048, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 0);
}

static void opt_in_and_newer(void)
{
    cudaOccDeviceProp a100 = gpu(8, 0, 2048, 164, 163, 1024);
    // 100 KB dynamic: over the default 48 KB, within the opt-in 163 KB.
    cudaOccFuncAttributes f = kernel(16, 0);
    EXPECT(occ(a100, f, 128, 100 * 1024, __LINE__)
               .activeBlocksPerMultiprocessor, 0);
    f.shmemLimitConfig = FUNC_SHMEM_LIMIT_OPTIN;
    f.maxDynamicSharedSizeBytes = 100 * 1024;
    cudaOccResult r = occ(a100, f, 128, 100 * 1024, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 1);
    EXPECT(r.allocatedSharedMemPerBlock, 101 * 1024);
    // More than the function's own limit.
    EXPECT(occ(a100, f, 128, 110 * 1024, __LINE__)
               .activeBlocksPerMultiprocessor, 0);
    // 9.0: 3 named barrier sets of 64 per SM -> 21 one-warp blocks.
    cudaOccDeviceProp h100 = gpu(9, 0, 2048, 228, 227, 1024);
    f = kernel(16, 0);
    f.numBlockBarriers = 3;
    r = occ(h100, f, 32, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 21);
    EXPECT(r.limitingFactors, OCC_LIMIT_BARRIERS);
    // 12.0: 24 block slots and 24 barrier sets, a tie.
    f.numBlockBarriers = 1;
    r = occ(gpu(12, 0, 1536, 100, 99, 1024), f, 32, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 24);
    EXPECT(r.limitingFactors, OCC_LIMIT_BLOCKS | OCC_LIMIT_BARRIERS);
    // 10.0: 128 virtual resources per SM, 16 a block -> 8.
    f = kernel(16, 0);
    f.virtualResourceCount = 16;
    r = occ(gpu(10, 0, 2048, 228, 227, 1024), f, 32, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 8);
    EXPECT(r.limitingFactors, OCC_LIMIT_VIRTUAL_RESOURCES);
}

static void partitioned_caching(void)
{
    // 6.1 with caching: each half SM holds 32 warps, 3-warp blocks -> 10
    // per half, 20 in all (21 without).
    cudaOccDeviceProp gtx = gpu(6, 1, 2048, 96, 48, 0);
    cudaOccFuncAttributes f = kernel(32, 0);
    EXPECT(occ(gtx, f, 96, 0, __LINE__).activeBlocksPerMultiprocessor, 21);
    f.partitionedGCConfig = PARTITIONED_GC_ON;
    cudaOccResult r = occ(gtx, f, 96, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 20);
    EXPECT(r.partitionedGCConfig, PARTITIONED_GC_ON);
    // 12 warps of 128 registers fit no half SM: caching goes off, unless
    // strict.
    f.numRegs = 128;
    r = occ(gtx, f, 384, 0, __LINE__);
    EXPECT(r.activeBlocksPerMultiprocessor, 1);
    EXPECT(r.partitionedGCConfig, PARTITIONED_GC_OFF);
    f.partitionedGCConfig = PARTITIONED_GC_ON_STRICT;
    EXPECT(occ(gtx, f, 384, 0, __LINE__).activeBlocksPerMultiprocessor, 0);
}

static void invalid(void)
{
    cudaOccDeviceProp p = gpu(7, 5, 1024, 64, 64, 0);
    cudaOccFuncAttributes f = kernel(32, 0);
    cudaOccDeviceState s;
    cudaOccResult r;
    EXPECT(cudaOccMaxActiveBlocksPerMultiprocessor(&r, &p, &f, &s, 0, 0),
           CUDA_OCC_ERROR_INVALID_INPUT);
    EXPECT(cudaOccMaxActiveBlocksPerMultiprocessor(0, &p, &f, &s, 32, 0),
           CUDA_OCC_ERROR_INVALID_INPUT);
    EXPECT(cudaOccMaxActiveBlocksPerMultiprocessor(&r, &p, &f, 0, 32, 0),
           CUDA_OCC_ERROR_INVALID_INPUT);
    cudaOccDeviceProp bad = p;
    bad.warpSize = 0;
    EXPECT(cudaOccMaxActiveBlocksPerMultiprocessor(&r, &bad, &f, &s, 32, 0),
           CUDA_OCC_ERROR_INVALID_INPUT);
    bad = p;
    bad.sharedMemPerMultiprocessor = 0;
    EXPECT(cudaOccMaxActiveBlocksPerMultiprocessor(&r, &bad, &f, &s, 32, 0),
           CUDA_OCC_ERROR_INVALID_INPUT);
    cudaOccFuncAttributes badf = f;
    badf.numRegs = -1;
    EXPECT(cudaOccMaxActiveBlocksPerMultiprocessor(&r, &p, &badf, &s, 32, 0),
           CUDA_OCC_ERROR_INVALID_INPUT);
    badf = f;
    badf.maxThreadsPerBlock = 0;
    EXPECT(cudaOccMaxActiveBlocksPerMultiprocessor(&r, &p, &badf, &s, 32, 0),
           CUDA_OCC_ERROR_INVALID_INPUT);
    cudaOccDeviceState bads;
    bads.carveoutConfig = 101;
    EXPECT(cudaOccMaxActiveBlocksPerMultiprocessor(&r, &p, &f, &bads, 32, 0),
           CUDA_OCC_ERROR_INVALID_INPUT);
    const int unknown[][2] = {{2, 0}, {4, 0}, {12, 5}, {10, 7}, {13, 0}};
    for (const auto &cc : unknown) {
        bad = p;
        bad.computeMajor = cc[0];
        bad.computeMinor = cc[1];
        EXPECT(cudaOccMaxActiveBlocksPerMultiprocessor(&r, &bad, &f, &s, 32,
                                                       0),
               CUDA_OCC_ERROR_UNKNOWN_DEVICE);
    }
    int grid, block;
    EXPECT(cudaOccMaxPotentialOccupancyBlockSize(0, &block, &p, &f, &s),
           CUDA_OCC_ERROR_INVALID_INPUT);
    EXPECT(cudaOccMaxPotentialOccupancyBlockSize(&grid, &block, &bad, &f, &s),
           CUDA_OCC_ERROR_UNKNOWN_DEVICE);
    size_t avail;
    EXPECT(cudaOccAvailableDynamicSMemPerBlock(&avail, &p, &f, &s, 0, 256),
           CUDA_OCC_ERROR_INVALID_INPUT);
    // 1024 threads fill the 7.5 SM: two such blocks never fit.
    EXPECT(cudaOccAvailableDynamicSMemPerBlock(&avail, &p, &f, &s, 2, 1024),
           CUDA_OCC_ERROR_INVALID_INPUT);
}

static size_t smem_per_thread(int block) { return (size_t)block * 64; }

struct PerWarp {
    size_t bytes;
    size_t operator()(int block) const { return (block + 31) / 32 * bytes; }
};

static void block_size_search(void)
{
    cudaOccDeviceProp t4 = gpu(7, 5, 1024, 64, 64, 0);
    cudaOccDeviceProp a100 = gpu(8, 0, 2048, 164, 163, 1024);
    a100.numSms = 108;
    cudaOccDeviceState s;
    int grid = -1, block = -1;
    // 1024 threads fill a 7.5 SM at once.
    cudaOccFuncAttributes f = kernel(32, 0);
    EXPECT(cudaOccMaxPotentialOccupancyBlockSize(&grid, &block, &t4, &f, &s),
           CUDA_OCC_SUCCESS);
    EXPECT(block, 1024);
    EXPECT(grid, 40);
    // 40 registers leave 48 warps of 64 on 8.0: 768 threads x 2 is the
    // largest block that reaches 1536.
    f = kernel(40, 0);
    cudaOccMaxPotentialOccupancyBlockSize(&grid, &block, &a100, &f, &s);
    EXPECT(block, 768);
    EXPECT(grid, 2 * 108);
    // A function limit of 100 threads: 100 -> 8 blocks (800 threads),
    // 96 -> 10 (960), 64 -> 16 (1024, full).
    f = kernel(16, 0);
    f.maxThreadsPerBlock = 100;
    cudaOccMaxPotentialOccupancyBlockSize(&grid, &block, &t4, &f, &s);
    EXPECT(block, 64);
    EXPECT(grid, 16 * 40);
    // 64 bytes a thread: up to 768 threads one block fits 48 KB, and 512
    // is the largest at which two fit, filling the SM.
    f = kernel(16, 0);
    cudaOccMaxPotentialOccupancyBlockSize(&grid, &block, &t4, &f, &s,
                                          smem_per_thread, 0);
    EXPECT(block, 512);
    EXPECT(grid, 2 * 40);
    grid = block = -1;
    cudaOccMaxPotentialOccupancyBlockSizeVariableSMem(&grid, &block, &t4, &f,
                                                      &s, smem_per_thread);
    EXPECT(block, 512);
    cudaOccMaxPotentialOccupancyBlockSizeVariableSMem(
        &grid, &block, &t4, &f, &s, [](int b) { return (size_t)b * 64; });
    EXPECT(block, 512);
    // 2 KB a warp (64 bytes a thread again) through a functor.
    PerWarp per_warp = {2048};
    cudaOccMaxPotentialOccupancyBlockSizeVariableSMem(&grid, &block, &t4, &f,
                                                      &s, per_warp);
    EXPECT(block, 512);
    // A constant 20000 bytes leave room for 3 blocks: 1024 threads still
    // fill the SM with one.
    cudaOccMaxPotentialOccupancyBlockSize(&grid, &block, &t4, &f, &s, 20000);
    EXPECT(block, 1024);
    // 60 KB each never fit the default 48 KB: nothing can run.
    cudaOccMaxPotentialOccupancyBlockSize(&grid, &block, &t4, &f, &s,
                                          60 * 1024);
    EXPECT(block, 0);
    EXPECT(grid, 0);
}

static void available_dynamic(void)
{
    cudaOccDeviceProp a100 = gpu(8, 0, 2048, 164, 163, 1024);
    cudaOccFuncAttributes f = kernel(32, 0);
    f.shmemLimitConfig = FUNC_SHMEM_LIMIT_OPTIN;
    f.maxDynamicSharedSizeBytes = 163 * 1024;
    cudaOccDeviceState s;
    size_t avail = 0;
    // One block may have the whole opt-in limit.
    EXPECT(cudaOccAvailableDynamicSMemPerBlock(&avail, &a100, &f, &s, 1, 256),
           CUDA_OCC_SUCCESS);
    EXPECT(avail, 163 * 1024);
    // Two share 164 KB: 82 KB each, less the driver's 1 KB.
    cudaOccAvailableDynamicSMemPerBlock(&avail, &a100, &f, &s, 2, 256);
    EXPECT(avail, 81 * 1024);
    // ...and that answer is exact: it fits two, a unit more does not.
    EXPECT(occ(a100, f, 256, avail, __LINE__).activeBlocksPerMultiprocessor,
           2);
    EXPECT(occ(a100, f, 256, avail + 128, __LINE__)
               .activeBlocksPerMultiprocessor, 1);
    // Without opting in, the default 48 KB caps it; static memory counts.
    f = kernel(32, 4096);
    cudaOccAvailableDynamicSMemPerBlock(&avail, &a100, &f, &s, 2, 256);
    EXPECT(avail, 44 * 1024);
}

__global__ void scale(float *x, float a, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        x[i] *= a;
}

// The structures built from cux's own device and kernel must describe a
// launch that runs, and the suggested launch must work.
static void from_runtime(void)
{
    cudaDeviceProp prop;
    cudaFuncAttributes attr;
    CHECK(cudaGetDeviceProperties(&prop, 0));
    CHECK(cudaFuncGetAttributes(&attr, scale));
    cudaOccDeviceProp p = prop;
    cudaOccFuncAttributes f = attr;
    cudaOccDeviceState s;
    cudaOccResult r = occ(p, f, 256, 0, __LINE__);
    printf("cc %d.%d: %d blocks of 256 per SM (limits 0x%x)\n",
           p.computeMajor, p.computeMinor, r.activeBlocksPerMultiprocessor,
           r.limitingFactors);
    if (r.activeBlocksPerMultiprocessor <= 0) {
        printf("no block of scale fits the device\n");
        failures++;
    }
    int grid = 0, block = 0;
    EXPECT(cudaOccMaxPotentialOccupancyBlockSize(&grid, &block, &p, &f, &s),
           CUDA_OCC_SUCCESS);
    printf("suggested: %d blocks of %d\n", grid, block);
    if (block <= 0 || grid <= 0) {
        printf("no launch suggested\n");
        failures++;
        return;
    }
    const int n = 5000;
    float h[n], *d;
    for (int i = 0; i < n; i++)
        h[i] = (float)i;
    CHECK(cudaMalloc(&d, n * sizeof(float)));
    CHECK(cudaMemcpy(d, h, n * sizeof(float), cudaMemcpyHostToDevice));
    scale<<<(n + block - 1) / block, block>>>(d, 2.0f, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, n * sizeof(float), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(d));
    for (int i = 0; i < n; i++)
        if (h[i] != 2.0f * i) {
            printf("x[%d] = %g, want %g\n", i, h[i], 2.0 * i);
            failures++;
            break;
        }
    size_t avail = 0;
    EXPECT(cudaOccAvailableDynamicSMemPerBlock(&avail, &p, &f, &s, 1, block),
           CUDA_OCC_SUCCESS);
    if (avail == 0) {
        printf("no dynamic shared memory available for one block\n");
        failures++;
    }
}

int main()
{
    limits();
    opt_in_and_newer();
    partitioned_caching();
    invalid();
    block_size_search();
    available_dynamic();
    from_runtime();
    if (failures) {
        printf("FAIL occupancy_calculator (%d)\n", failures);
        return 1;
    }
    printf("PASS occupancy_calculator\n");
    return 0;
}
