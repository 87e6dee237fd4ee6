// memory_pool_cache.cu: a pool caches what cudaFreeAsync gives back:
// reserved memory stays above used memory up to the release threshold,
// goes back at synchronisation when the threshold is 0 and with
// cudaMemPoolTrimTo; memory freed on one stream and allocated on another
// keeps both streams' results right whatever the reuse policies; a
// pool's maxSize holds with a cache; several host threads allocate and
// free at once.  Only what CUDA promises is checked: never that two
// allocations share an address.
#include <cuda_runtime.h>
#include <pthread.h>
#include <cstdint>
#include <cstdio>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL memory_pool_cache\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); return 1; } } while (0)

__global__ void fill(int *v, int n, int base)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] = base + 7 * i;
}

// Slow enough that a later stream's work would overtake it if nothing
// ordered the two.
__global__ void slow_copy(int *dst, const int *src, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    int v = src[i];
    for (int k = 0; k < 2000; k++)
        v = (v * 3 + k) ^ (v >> 3);
    dst[i] = src[i];
    (void)v;
}

static uint64_t attr(cudaMemPool_t p, cudaMemPoolAttr a)
{
    uint64_t v = ~0ull;
    cudaMemPoolGetAttribute(p, a, &v);
    return v;
}

static int bad = 0;

static void expect_values(const int *h, int n, int base, const char *what)
{
    for (int i = 0; i < n; i++)
        if (h[i] != base + 7 * i) {
            if (bad++ < 5)
                printf("%s: v[%d] = %d, want %d\n", what, i, h[i],
                       base + 7 * i);
            return;
        }
}

// Memory freed on s and allocated on t at once: the reader on s must
// still see its own data, the writer on t its own.
static int cross_stream(cudaMemPool_t pool, const char *what)
{
    const int n = 1 << 16;
    cudaStream_t s, t;
    int *h1, *h2;
    CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
    CHECK(cudaStreamCreateWithFlags(&t, cudaStreamNonBlocking));
    CHECK(cudaMallocHost((void **)&h1, n * sizeof(int)));
    CHECK(cudaMallocHost((void **)&h2, n * sizeof(int)));
    for (int round = 0; round < 4; round++) {
        int *x = 0, *out = 0, *y = 0;
        CHECK(cudaMallocFromPoolAsync((void **)&x, n * sizeof(int), pool, s));
        CHECK(cudaMallocFromPoolAsync((void **)&out, n * sizeof(int), pool, s));
        fill<<<n / 256, 256, 0, s>>>(x, n, 100 + round);
        slow_copy<<<n / 256, 256, 0, s>>>(out, x, n);
        CHECK(cudaFreeAsync(x, s));
        CHECK(cudaMallocFromPoolAsync((void **)&y, n * sizeof(int), pool, t));
        fill<<<n / 256, 256, 0, t>>>(y, n, -5 - round);
        CHECK(cudaMemcpyAsync(h2, y, n * sizeof(int),
                              cudaMemcpyDeviceToHost, t));
        CHECK(cudaMemcpyAsync(h1, out, n * sizeof(int),
                              cudaMemcpyDeviceToHost, s));
        CHECK(cudaFreeAsync(out, s));
        CHECK(cudaFreeAsync(y, t));
        CHECK(cudaStreamSynchronize(s));
        CHECK(cudaStreamSynchronize(t));
        expect_values(h1, n, 100 + round, what);
        expect_values(h2, n, -5 - round, what);
    }
    CHECK(cudaFreeHost(h1));
    CHECK(cudaFreeHost(h2));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaStreamDestroy(t));
    return 0;
}

typedef struct {
    cudaMemPool_t pool;
    int id, failed;
} worker_arg;

static void *worker(void *p)
{
    worker_arg *a = (worker_arg *)p;
    cudaStream_t s;
    int h[512];
    if (cudaStreamCreate(&s) != cudaSuccess) {
        a->failed = 1;
        return NULL;
    }
    for (int i = 0; i < 200 && !a->failed; i++) {
        int n = 1 + (i * 37 + a->id * 11) % 512;
        int *d = 0;
        if (cudaMallocFromPoolAsync((void **)&d, n * sizeof(int), a->pool,
                                    s) != cudaSuccess) {
            a->failed = 1;
            break;
        }
        fill<<<(n + 127) / 128, 128, 0, s>>>(d, n, a->id * 1000 + i);
        cudaMemcpyAsync(h, d, n * sizeof(int), cudaMemcpyDeviceToHost, s);
        cudaFreeAsync(d, s);
        cudaStreamSynchronize(s);
        for (int k = 0; k < n; k++)
            if (h[k] != a->id * 1000 + i + 7 * k) {
                a->failed = 1;
                break;
            }
    }
    cudaStreamDestroy(s);
    return NULL;
}

int main()
{
    const int n = 4096;
    static int h[n];
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    cudaMemPoolProps props = {};
    props.allocType = cudaMemAllocationTypePinned;
    props.location.type = cudaMemLocationTypeDevice;
    props.location.id = 0;
    cudaMemPool_t pool;
    CHECK(cudaMemPoolCreate(&pool, &props));

    // Keeping everything: after the free, the pool still holds the
    // memory, used drops back, reserved does not.
    uint64_t keep = UINT64_MAX;
    CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep));
    int *d = 0;
    CHECK(cudaMallocFromPoolAsync((void **)&d, n * sizeof(int), pool, s));
    fill<<<n / 256, 256, 0, s>>>(d, n, 1);
    CHECK(cudaMemcpyAsync(h, d, sizeof(h), cudaMemcpyDeviceToHost, s));
    if (attr(pool, cudaMemPoolAttrReservedMemCurrent) <
        attr(pool, cudaMemPoolAttrUsedMemCurrent) ||
        attr(pool, cudaMemPoolAttrUsedMemCurrent) < n * sizeof(int)) {
        printf("while allocated: used %llu, reserved %llu\n",
               (unsigned long long)attr(pool, cudaMemPoolAttrUsedMemCurrent),
               (unsigned long long)attr(pool, cudaMemPoolAttrReservedMemCurrent));
        bad++;
    }
    CHECK(cudaFreeAsync(d, s));
    CHECK(cudaStreamSynchronize(s));
    expect_values(h, n, 1, "first allocation");
    if (attr(pool, cudaMemPoolAttrUsedMemCurrent) != 0 ||
        attr(pool, cudaMemPoolAttrReservedMemCurrent) < n * sizeof(int)) {
        printf("kept: used %llu, reserved %llu\n",
               (unsigned long long)attr(pool, cudaMemPoolAttrUsedMemCurrent),
               (unsigned long long)attr(pool, cudaMemPoolAttrReservedMemCurrent));
        bad++;
    }
    if (attr(pool, cudaMemPoolAttrReservedMemHigh) <
        attr(pool, cudaMemPoolAttrUsedMemHigh)) {
        printf("reserved high below used high\n");
        bad++;
    }

    // Allocating again on the same stream and trimming.
    for (int i = 0; i < 10; i++) {
        CHECK(cudaMallocFromPoolAsync((void **)&d, n * sizeof(int), pool, s));
        fill<<<n / 256, 256, 0, s>>>(d, n, 20 + i);
        CHECK(cudaMemcpyAsync(h, d, sizeof(h), cudaMemcpyDeviceToHost, s));
        CHECK(cudaFreeAsync(d, s));
        CHECK(cudaStreamSynchronize(s));
        expect_values(h, n, 20 + i, "same stream again");
    }
    CHECK(cudaMemPoolTrimTo(pool, 0));
    if (attr(pool, cudaMemPoolAttrReservedMemCurrent) != 0) {
        printf("after trimming to 0: reserved %llu\n",
               (unsigned long long)attr(pool, cudaMemPoolAttrReservedMemCurrent));
        bad++;
    }

    // A release threshold of 0 gives freed memory back at synchronisation.
    uint64_t zero = 0;
    CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &zero));
    CHECK(cudaMallocFromPoolAsync((void **)&d, n * sizeof(int), pool, s));
    CHECK(cudaFreeAsync(d, s));
    CHECK(cudaStreamSynchronize(s));
    if (attr(pool, cudaMemPoolAttrReservedMemCurrent) != 0) {
        printf("threshold 0: %llu bytes kept after synchronising\n",
               (unsigned long long)attr(pool, cudaMemPoolAttrReservedMemCurrent));
        bad++;
    }

    // Across streams, with each combination of the reuse policies.
    CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep));
    for (int policy = 0; policy < 4; policy++) {
        int opportunistic = policy & 1, internal = policy >> 1;
        CHECK(cudaMemPoolSetAttribute(pool, cudaMemPoolReuseAllowOpportunistic,
                                      &opportunistic));
        CHECK(cudaMemPoolSetAttribute(
            pool, cudaMemPoolReuseAllowInternalDependencies, &internal));
        char what[64];
        snprintf(what, sizeof what, "across streams, policy %d", policy);
        if (cross_stream(pool, what))
            return 1;
    }

    // maxSize holds although freed blocks are cached: the cache gives
    // way to a request it cannot serve.
    cudaMemPoolProps small = props;
    small.maxSize = 1 << 20;
    cudaMemPool_t capped;
    CHECK(cudaMemPoolCreate(&capped, &small));
    CHECK(cudaMemPoolSetAttribute(capped, cudaMemPoolAttrReleaseThreshold, &keep));
    int *a = 0, *b = 0;
    CHECK(cudaMallocFromPoolAsync((void **)&a, 700 << 10, capped, s));
    CHECK(cudaFreeAsync(a, s));
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaMallocFromPoolAsync((void **)&b, 900 << 10, capped, s));
    cudaError_t over = cudaMallocFromPoolAsync((void **)&a, 900 << 10, capped, s);
    cudaGetLastError();
    if (over != cudaErrorMemoryAllocation) {
        printf("past maxSize: %s\n", cudaGetErrorString(over));
        bad++;
    }
    if (attr(capped, cudaMemPoolAttrReservedMemCurrent) > small.maxSize) {
        printf("capped pool reserves %llu\n",
               (unsigned long long)attr(capped, cudaMemPoolAttrReservedMemCurrent));
        bad++;
    }
    CHECK(cudaFreeAsync(b, s));
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaMemPoolDestroy(capped));

    // Host threads sharing one pool.
    pthread_t threads[4];
    worker_arg args[4];
    for (int i = 0; i < 4; i++) {
        args[i] = (worker_arg){pool, i + 1, 0};
        pthread_create(&threads[i], NULL, worker, &args[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        if (args[i].failed) {
            printf("thread %d got wrong results or an error\n", i + 1);
            bad++;
        }
    }

    CHECK(cudaMemPoolDestroy(pool));
    CHECK(cudaStreamDestroy(s));
    if (bad) {
        printf("FAIL memory_pool_cache\n");
        return 1;
    }
    printf("PASS memory_pool_cache\n");
    return 0;
}
