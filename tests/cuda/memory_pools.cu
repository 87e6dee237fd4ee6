// memory_pools.cu: stream-ordered allocation through memory pools: the
// device's default pool and its attributes (release threshold, reuse
// policies, the used and reserved sizes and their high-water marks), a
// created pool made current with cudaDeviceSetMemPool, cudaMallocFromPoolAsync,
// a pool's maxSize, and the errors CUDA gives for bad pools, properties
// and attribute values.  Sizes are checked only as CUDA bounds them (a pool
// may round allocations up).
#include <cuda_runtime.h>
#include <cstdint>
#include <cstdio>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL memory_pools\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); return 1; } } while (0)
#define EXPECT(call, want) do { cudaError_t e_ = (call); if (e_ != (want)) { \
    printf("%s:%d: %s -> %s, want %s\n", __FILE__, __LINE__, #call, \
           cudaGetErrorString(e_), cudaGetErrorString(want)); bad++; } \
    cudaGetLastError(); } while (0)

__global__ void fill(int *v, int n, int base)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] = base + 3 * i;
}

static uint64_t used(cudaMemPool_t pool)
{
    uint64_t v = ~0ull;
    cudaMemPoolGetAttribute(pool, cudaMemPoolAttrUsedMemCurrent, &v);
    return v;
}

int main()
{
    const int n = 1000;
    int h[n], bad = 0;
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));

    cudaMemPool_t def, again, cur;
    CHECK(cudaDeviceGetDefaultMemPool(&def, 0));
    CHECK(cudaDeviceGetDefaultMemPool(&again, 0));
    CHECK(cudaDeviceGetMemPool(&cur, 0));
    if (!def || def != again || cur != def) {
        printf("the default pool is not one pool, or not the current one\n");
        bad++;
    }

    // attributes of the default pool
    uint64_t keep = UINT64_MAX, got = 0;
    CHECK(cudaMemPoolSetAttribute(def, cudaMemPoolAttrReleaseThreshold, &keep));
    CHECK(cudaMemPoolGetAttribute(def, cudaMemPoolAttrReleaseThreshold, &got));
    if (got != keep) {
        printf("release threshold %llu\n", (unsigned long long)got);
        bad++;
    }
    int reuse = 0, reuse_back = 1;
    CHECK(cudaMemPoolSetAttribute(def, cudaMemPoolReuseAllowOpportunistic, &reuse));
    CHECK(cudaMemPoolGetAttribute(def, cudaMemPoolReuseAllowOpportunistic, &reuse_back));
    if (reuse_back != 0) {
        printf("reuse policy %d, want 0\n", reuse_back);
        bad++;
    }

    // allocations from it count in its used size until freed
    uint64_t before = used(def);
    int *d = 0;
    CHECK(cudaMallocAsync((void **)&d, n * sizeof(int), s));
    uint64_t during = used(def), high = 0;
    CHECK(cudaMemPoolGetAttribute(def, cudaMemPoolAttrUsedMemHigh, &high));
    fill<<<(n + 255) / 256, 256, 0, s>>>(d, n, 11);
    CHECK(cudaMemcpyAsync(h, d, sizeof(h), cudaMemcpyDeviceToHost, s));
    CHECK(cudaFreeAsync(d, s));
    CHECK(cudaStreamSynchronize(s));
    for (int i = 0; i < n; i++)
        if (h[i] != 11 + 3 * i && bad++ < 5)
            printf("v[%d] = %d, want %d\n", i, h[i], 11 + 3 * i);
    if (during < before + n * sizeof(int) || high < during ||
        used(def) != before) {
        printf("used %llu, then %llu (high %llu), then %llu\n",
               (unsigned long long)before, (unsigned long long)during,
               (unsigned long long)high, (unsigned long long)used(def));
        bad++;
    }
    uint64_t zero = 0, one = 1;
    CHECK(cudaMemPoolSetAttribute(def, cudaMemPoolAttrUsedMemHigh, &zero));
    CHECK(cudaMemPoolGetAttribute(def, cudaMemPoolAttrUsedMemHigh, &high));
    if (high != used(def)) {
        printf("a reset high-water mark is %llu\n", (unsigned long long)high);
        bad++;
    }
    EXPECT(cudaMemPoolSetAttribute(def, cudaMemPoolAttrUsedMemHigh, &one),
           cudaErrorInvalidValue);
    EXPECT(cudaMemPoolSetAttribute(def, cudaMemPoolAttrUsedMemCurrent, &zero),
           cudaErrorInvalidValue);
    EXPECT(cudaMemPoolGetAttribute(def, cudaMemPoolAttrReleaseThreshold, NULL),
           cudaErrorInvalidValue);
    EXPECT(cudaMemPoolDestroy(def), cudaErrorInvalidValue);
    CHECK(cudaMemPoolTrimTo(def, 0));

    // a pool of one's own, with a size limit, made current
    cudaMemPoolProps props = {};
    props.allocType = cudaMemAllocationTypePinned;
    props.location.type = cudaMemLocationTypeDevice;
    props.location.id = 0;
    props.maxSize = 1 << 20;
    cudaMemPool_t mine;
    CHECK(cudaMemPoolCreate(&mine, &props));
    int *a = 0, *b = 0, *c = 0;
    CHECK(cudaMallocFromPoolAsync((void **)&a, n * sizeof(int), mine, s));
    if (used(mine) < n * sizeof(int)) {
        printf("the created pool counts %llu bytes\n",
               (unsigned long long)used(mine));
        bad++;
    }
    EXPECT(cudaMallocFromPoolAsync((void **)&c, 2 << 20, mine, s),
           cudaErrorMemoryAllocation);
    CHECK(cudaDeviceSetMemPool(0, mine));
    CHECK(cudaDeviceGetMemPool(&cur, 0));
    uint64_t mine_before = used(mine);
    CHECK(cudaMallocAsync((void **)&b, 64, s)); // from the current pool
    if (cur != mine || used(mine) < mine_before + 64) {
        printf("cudaMallocAsync did not take from the current pool\n");
        bad++;
    }
    fill<<<(n + 255) / 256, 256, 0, s>>>(a, n, 5);
    CHECK(cudaMemcpyAsync(h, a, sizeof(h), cudaMemcpyDeviceToHost, s));
    CHECK(cudaFreeAsync(a, s));
    CHECK(cudaFreeAsync(b, s));
    CHECK(cudaStreamSynchronize(s));
    for (int i = 0; i < n; i++)
        if (h[i] != 5 + 3 * i && bad++ < 5)
            printf("pool memory: v[%d] = %d, want %d\n", i, h[i], 5 + 3 * i);
    CHECK(cudaMemPoolDestroy(mine));
    CHECK(cudaDeviceGetMemPool(&cur, 0));
    if (cur != def) {
        printf("destroying the current pool did not bring back the default\n");
        bad++;
    }

    // what CUDA refuses
    cudaMemPoolProps wrong = props;
    wrong.allocType = cudaMemAllocationTypeInvalid;
    EXPECT(cudaMemPoolCreate(&mine, &wrong), cudaErrorInvalidValue);
    wrong = props;
    wrong.location.id = 99;
    EXPECT(cudaMemPoolCreate(&mine, &wrong), cudaErrorInvalidValue);
    EXPECT(cudaMemPoolCreate(&mine, NULL), cudaErrorInvalidValue);
    EXPECT(cudaDeviceGetDefaultMemPool(&cur, 99), cudaErrorInvalidDevice);
    EXPECT(cudaDeviceGetDefaultMemPool(NULL, 0), cudaErrorInvalidValue);

    // a pool destroyed while memory from it is still allocated stays
    // usable until that memory is freed, by cudaFreeAsync or by a reset
    cudaMemPool_t gone;
    int *x = 0, *y = 0;
    CHECK(cudaMemPoolCreate(&gone, &props));
    CHECK(cudaMallocFromPoolAsync((void **)&x, 256, gone, s));
    CHECK(cudaMallocFromPoolAsync((void **)&y, 256, gone, s));
    CHECK(cudaMemPoolDestroy(gone));
    fill<<<1, 64, 0, s>>>(x, 64, 1);
    CHECK(cudaMemcpyAsync(h, x, 64 * sizeof(int), cudaMemcpyDeviceToHost, s));
    CHECK(cudaFreeAsync(x, s));
    CHECK(cudaStreamSynchronize(s));
    for (int i = 0; i < 64; i++)
        if (h[i] != 1 + 3 * i && bad++ < 5)
            printf("destroyed pool's memory: v[%d] = %d\n", i, h[i]);

    CHECK(cudaStreamDestroy(s));
    CHECK(cudaDeviceReset()); // frees y, and with it the destroyed pool
    if (bad) {
        printf("FAIL memory_pools\n");
        return 1;
    }
    printf("PASS memory_pools\n");
    return 0;
}
