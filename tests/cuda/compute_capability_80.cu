// compute_capability_80.cu: the device is a compute capability 8.0 device
// with CUDA's 8.0 limits (cudaGetDeviceProperties and cudaDeviceGetAttribute
// agree with the Programming Guide's table), a program that checks
// prop.major >= 8 gets a working sm_80 path (cp.async and redux.sync in
// device code built for sm_80, 163 KB of opted-in shared memory, an L2
// persistence window), and the occupancy API, cuda_occupancy.h and
// cudaFuncGetAttributes agree with each other and with answers derived
// by hand from those limits.
#include <cuda_runtime.h>
#include <cuda_occupancy.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL compute_capability_80\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int failures;

static void expect(long long got, long long want, const char *what, int line)
{
    if (got == want)
        return;
    printf("line %d: %s = %lld, want %lld\n", line, what, got, want);
    failures++;
}
#define EXPECT(got, want) expect((long long)(got), (long long)(want), #got, \
                                 __LINE__)

// The sum of tile[i] * (i % 5) over n ints copied to shared memory; with
// sm_80 the copy is cp.async and the warp sums meet in redux.sync.
// *arch tells the host which path the device code took.
__global__ void weighted_sum(const int *in, int n, int *out, int *arch)
{
    extern __shared__ int tile[];
    int sum = 0;
#if __CUDA_ARCH__ >= 800
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        unsigned dst = (unsigned)__cvta_generic_to_shared(&tile[i]);
        asm volatile("cp.async.ca.shared.global [%0], [%1], 4;"
                     :: "r"(dst), "l"(in + i) : "memory");
    }
    asm volatile("cp.async.commit_group;" ::: "memory");
    asm volatile("cp.async.wait_group 0;" ::: "memory");
    __syncthreads();
    for (int i = threadIdx.x; i < n; i += blockDim.x)
        sum += tile[i] * (i % 5);
    sum = __reduce_add_sync(0xffffffffu, sum);
#else
    for (int i = threadIdx.x; i < n; i += blockDim.x)
        tile[i] = in[i];
    __syncthreads();
    for (int i = threadIdx.x; i < n; i += blockDim.x)
        sum += tile[i] * (i % 5);
    for (int d = 16; d > 0; d /= 2)
        sum += __shfl_xor_sync(0xffffffffu, sum, d);
#endif
    if (threadIdx.x % 32 == 0)
        atomicAdd(out, sum);
    if (threadIdx.x == 0) {
#ifdef __CUDA_ARCH__
        *arch = __CUDA_ARCH__;
#endif
    }
}

static int attribute(cudaDeviceAttr a)
{
    int v = -12345;
    CHECK(cudaDeviceGetAttribute(&v, a, 0));
    return v;
}

// CUDA's compute capability 8.0 (the Programming Guide's technical
// specifications), in the properties and in the attributes.
static void limits(const cudaDeviceProp &p)
{
    EXPECT(p.major, 8);
    EXPECT(p.minor, 0);
    EXPECT(p.warpSize, 32);
    EXPECT(p.maxThreadsPerBlock, 1024);
    EXPECT(p.maxThreadsDim[0], 1024);
    EXPECT(p.maxThreadsDim[1], 1024);
    EXPECT(p.maxThreadsDim[2], 64);
    EXPECT(p.maxGridSize[0], 2147483647);
    EXPECT(p.maxGridSize[1], 65535);
    EXPECT(p.maxGridSize[2], 65535);
    EXPECT(p.maxThreadsPerMultiProcessor, 2048);
    EXPECT(p.maxBlocksPerMultiProcessor, 32);
    EXPECT(p.regsPerMultiprocessor, 65536);
    EXPECT(p.regsPerBlock, 65536);
    EXPECT(p.sharedMemPerBlock, 48 * 1024);
    EXPECT(p.sharedMemPerBlockOptin, 163 * 1024);
    EXPECT(p.sharedMemPerMultiprocessor, 164 * 1024);
    EXPECT(p.reservedSharedMemPerBlock, 1024);
    EXPECT(p.totalConstMem, 64 * 1024);
    EXPECT(p.clusterLaunch, 0); // clusters begin at 9.0
    // L2 persistence begins at 8.0: a set-aside within the L2, windows
    if (p.l2CacheSize <= 0 || p.persistingL2CacheMaxSize <= 0 ||
        p.persistingL2CacheMaxSize > p.l2CacheSize ||
        p.accessPolicyMaxWindowSize <= 0) {
        printf("L2 %d, persisting %d, window %d\n", p.l2CacheSize,
               p.persistingL2CacheMaxSize, p.accessPolicyMaxWindowSize);
        failures++;
    }

    EXPECT(attribute(cudaDevAttrComputeCapabilityMajor), 8);
    EXPECT(attribute(cudaDevAttrComputeCapabilityMinor), 0);
    EXPECT(attribute(cudaDevAttrMaxThreadsPerMultiProcessor), 2048);
    EXPECT(attribute(cudaDevAttrMaxBlocksPerMultiprocessor), 32);
    EXPECT(attribute(cudaDevAttrMaxRegistersPerMultiprocessor), 65536);
    EXPECT(attribute(cudaDevAttrMaxRegistersPerBlock), 65536);
    EXPECT(attribute(cudaDevAttrMaxSharedMemoryPerBlock), 48 * 1024);
    EXPECT(attribute(cudaDevAttrMaxSharedMemoryPerBlockOptin), 163 * 1024);
    EXPECT(attribute(cudaDevAttrMaxSharedMemoryPerMultiprocessor),
           164 * 1024);
    EXPECT(attribute(cudaDevAttrReservedSharedMemoryPerBlock), 1024);
    EXPECT(attribute(cudaDevAttrClusterLaunch), 0);
    EXPECT(attribute(cudaDevAttrL2CacheSize), p.l2CacheSize);
    EXPECT(attribute(cudaDevAttrMaxPersistingL2CacheSize),
           p.persistingL2CacheMaxSize);
    EXPECT(attribute(cudaDevAttrMaxAccessPolicyWindowSize),
           p.accessPolicyMaxWindowSize);
}

// One launch of weighted_sum over n ints with `shared` bytes of dynamic
// shared memory on stream s; returns the launch's error, checks the sum.
static cudaError_t run(const int *d_in, const int *h_in, int n, size_t shared,
                       cudaStream_t s)
{
    int *d_out, zero[2] = {0, 0}, got[2];
    CHECK(cudaMalloc(&d_out, sizeof(got)));
    CHECK(cudaMemcpy(d_out, zero, sizeof(zero), cudaMemcpyHostToDevice));
    weighted_sum<<<1, 256, shared, s>>>(d_in, n, d_out, d_out + 1);
    cudaError_t err = cudaGetLastError();
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaMemcpy(got, d_out, sizeof(got), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(d_out));
    if (err != cudaSuccess)
        return err;
    long long want = 0;
    for (int i = 0; i < n; i++)
        want += (long long)h_in[i] * (i % 5);
    EXPECT(got[0], want);
    // cuxcc's targets: sm_80 by default, sm_75 when built for it (the
    // sum above holds on either path)
    EXPECT(got[1] == 800 || got[1] == 750, 1);
    return err;
}

// What a program that sees 8.0 may do: all 163 KB of shared memory in one
// block (opted in), with cuxcc's sm_80 device code, and an L2 window.
static void sm80_path(const cudaDeviceProp &p)
{
    int most = (int)p.sharedMemPerBlockOptin, n = most / (int)sizeof(int);
    int *h_in = (int *)malloc((size_t)most), *d_in;
    for (int i = 0; i < n; i++)
        h_in[i] = (i * 7) % 13 - 6;
    CHECK(cudaMalloc(&d_in, (size_t)most));
    CHECK(cudaMemcpy(d_in, h_in, (size_t)most, cudaMemcpyHostToDevice));

    // above 48 KB only once opted in, and never above the opt-in limit
    EXPECT(run(d_in, h_in, n, (size_t)most, 0), cudaErrorInvalidValue);
    CHECK(cudaFuncSetAttribute(weighted_sum,
                               cudaFuncAttributeMaxDynamicSharedMemorySize,
                               most));
    EXPECT(run(d_in, h_in, n, (size_t)most, 0), cudaSuccess);
    EXPECT(cudaFuncSetAttribute(weighted_sum,
                                cudaFuncAttributeMaxDynamicSharedMemorySize,
                                most + 1), cudaErrorInvalidValue);
    EXPECT(run(d_in, h_in, n, (size_t)most + 4, 0),
           cudaErrorInvalidValue);

    // the L2 set-aside and a persisting window over the input, as the
    // Programming Guide's example sizes them
    size_t setaside = (size_t)p.l2CacheSize * 3 / 4, got = 0;
    if (setaside > (size_t)p.persistingL2CacheMaxSize)
        setaside = (size_t)p.persistingL2CacheMaxSize;
    CHECK(cudaDeviceSetLimit(cudaLimitPersistingL2CacheSize, setaside));
    CHECK(cudaDeviceGetLimit(&got, cudaLimitPersistingL2CacheSize));
    EXPECT(got, setaside);
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    cudaStreamAttrValue v = {};
    v.accessPolicyWindow.base_ptr = d_in;
    v.accessPolicyWindow.num_bytes =
        (size_t)most < (size_t)p.accessPolicyMaxWindowSize
            ? (size_t)most : (size_t)p.accessPolicyMaxWindowSize;
    v.accessPolicyWindow.hitRatio = 1.0f;
    v.accessPolicyWindow.hitProp = cudaAccessPropertyPersisting;
    v.accessPolicyWindow.missProp = cudaAccessPropertyStreaming;
    CHECK(cudaStreamSetAttribute(s, cudaStreamAttributeAccessPolicyWindow,
                                 &v));
    EXPECT(run(d_in, h_in, n, (size_t)most, s), cudaSuccess);
    // a window past the device's largest is refused
    v.accessPolicyWindow.num_bytes = (size_t)p.accessPolicyMaxWindowSize + 1;
    EXPECT(cudaStreamSetAttribute(s, cudaStreamAttributeAccessPolicyWindow,
                                  &v), cudaErrorInvalidValue);
    CHECK(cudaCtxResetPersistingL2Cache());
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaFree(d_in));
    free(h_in);
}

// Blocks per SM from the runtime and from cuda_occupancy.h (the device's
// properties, the kernel's attributes, the default carveout) must agree.
static int occupancy(const cudaDeviceProp &prop, int block, size_t dynamic)
{
    int rt = -1;
    CHECK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&rt, weighted_sum,
                                                        block, dynamic));
    cudaFuncAttributes attr;
    CHECK(cudaFuncGetAttributes(&attr, weighted_sum));
    cudaOccDeviceProp p = prop;
    cudaOccFuncAttributes f = attr;
    cudaOccDeviceState s;
    cudaOccResult r = cudaOccResult();
    EXPECT(cudaOccMaxActiveBlocksPerMultiprocessor(&r, &p, &f, &s, block,
                                                   dynamic),
           CUDA_OCC_SUCCESS);
    if (r.activeBlocksPerMultiprocessor != rt) {
        printf("%d threads, %zu bytes: runtime %d blocks, calculator %d\n",
               block, dynamic, rt, r.activeBlocksPerMultiprocessor);
        failures++;
    }
    return rt;
}

static size_t available(const cudaDeviceProp &prop, int blocks, int block)
{
    size_t rt = 0, calc = 0;
    CHECK(cudaOccupancyAvailableDynamicSMemPerBlock(&rt, weighted_sum,
                                                    blocks, block));
    cudaFuncAttributes attr;
    CHECK(cudaFuncGetAttributes(&attr, weighted_sum));
    cudaOccDeviceProp p = prop;
    cudaOccFuncAttributes f = attr;
    cudaOccDeviceState s;
    EXPECT(cudaOccAvailableDynamicSMemPerBlock(&calc, &p, &f, &s, blocks,
                                               block), CUDA_OCC_SUCCESS);
    EXPECT(rt, calc);
    return rt;
}

// Run after sm80_path has opted weighted_sum in to 163 KB; the hand
// answers follow from 2048 threads, 32 blocks, 164 KB an SM, 1 KB
// reserved per block and 128-byte units.
static void occupancy_rules(const cudaDeviceProp &prop)
{
    cudaFuncAttributes attr;
    CHECK(cudaFuncGetAttributes(&attr, weighted_sum));
    EXPECT(attr.maxDynamicSharedSizeBytes, 163 * 1024);
    EXPECT(attr.sharedSizeBytes, 0);
    EXPECT(attr.maxThreadsPerBlock, 1024);
    EXPECT(attr.ptxVersion, 80);
    EXPECT(attr.binaryVersion, 80);
    // registers never hold a full SM back
    if (attr.numRegs <= 0 || (long)attr.numRegs *
                                 prop.maxThreadsPerMultiProcessor >
                             prop.regsPerMultiprocessor) {
        printf("%d registers a thread do not fit 2048 threads\n",
               attr.numRegs);
        failures++;
    }
    EXPECT(occupancy(prop, 256, 0), 8);        // threads
    EXPECT(occupancy(prop, 1024, 0), 2);       // threads
    EXPECT(occupancy(prop, 32, 0), 32);        // block slots
    EXPECT(occupancy(prop, 96, 0), 21);        // threads, 3 warps a block
    EXPECT(occupancy(prop, 64, 4096), 32);     // 5 KB a block: 32 fit
    EXPECT(occupancy(prop, 64, 8192), 18);     // 9 KB a block
    EXPECT(occupancy(prop, 64, 8000), 18);     // 9024 -> 9088 in units
    EXPECT(occupancy(prop, 256, 48 * 1024), 3);   // 49 KB a block
    EXPECT(occupancy(prop, 128, 100 * 1024), 1);  // 101 KB a block
    EXPECT(occupancy(prop, 128, 163 * 1024), 1);  // the most a block has
    EXPECT(occupancy(prop, 128, 163 * 1024 + 4), 0); // past the limit
    EXPECT(available(prop, 1, 256), 163 * 1024);
    EXPECT(available(prop, 2, 256), 82 * 1024 - 1024);
    EXPECT(available(prop, 3, 256), 55936 - 1024); // 164 KB / 3, in units
    size_t dummy;
    EXPECT(cudaOccupancyAvailableDynamicSMemPerBlock(&dummy, weighted_sum, 9,
                                                     256),
           cudaErrorInvalidValue); // 8 blocks of 256 fill an SM
    int grid = 0, block = 0;
    CHECK(cudaOccupancyMaxPotentialBlockSize(&grid, &block, weighted_sum, 0,
                                             0));
    EXPECT((long)grid * block,
           (long)prop.multiProcessorCount * prop.maxThreadsPerMultiProcessor);
}

// Before opting in, a kernel has the default 48 KB.
static void default_limits(const cudaDeviceProp &prop)
{
    cudaFuncAttributes attr;
    CHECK(cudaFuncGetAttributes(&attr, weighted_sum));
    EXPECT(attr.maxDynamicSharedSizeBytes, 48 * 1024);
    EXPECT(occupancy(prop, 256, 48 * 1024), 3);
    EXPECT(occupancy(prop, 256, 48 * 1024 + 4), 0);
    EXPECT(available(prop, 1, 256), 48 * 1024);
    EXPECT(available(prop, 4, 256), 41984 - 1024); // 164 KB / 4
}

int main()
{
    cudaDeviceProp prop;
    CHECK(cudaGetDeviceProperties(&prop, 0));
    printf("%s: compute capability %d.%d\n", prop.name, prop.major,
           prop.minor);
    limits(prop);
    default_limits(prop);
    if (prop.major >= 8) {
        sm80_path(prop);
        occupancy_rules(prop);
    } else {
        printf("compute capability %d.%d: no sm_80 path\n", prop.major,
               prop.minor);
        failures++;
    }
    if (failures) {
        printf("FAIL compute_capability_80 (%d)\n", failures);
        return 1;
    }
    printf("PASS compute_capability_80\n");
    return 0;
}
