// stream_attributes.cu: cudaStreamSetAttribute, cudaStreamGetAttribute and
// cudaStreamCopyAttributes with an L2 access-policy window (at most the
// device's cudaDevAttrMaxAccessPolicyWindowSize bytes), a synchronization
// policy and a priority; the errors CUDA gives for a bad window, policy,
// attribute or pointer; and work on a stream with attributes set running
// as on any other.  The attributes are hints: only what CUDA guarantees,
// that a value set reads back, is checked.
#include <cuda_runtime.h>
#include <cstdio>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL stream_attributes\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); return 1; } } while (0)
#define EXPECT(call, want) do { cudaError_t e_ = (call); if (e_ != (want)) { \
    printf("%s:%d: %s -> %s, want %s\n", __FILE__, __LINE__, #call, \
           cudaGetErrorString(e_), cudaGetErrorString(want)); bad++; } } while (0)

__global__ void add_one(int *v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] += 1;
}

int main()
{
    const int n = 512;
    int *d, h[n], bad = 0, max_window = 0;
    cudaStream_t s, t;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaStreamCreateWithPriority(&t, cudaStreamNonBlocking, 0));
    CHECK(cudaMalloc(&d, sizeof(h)));
    CHECK(cudaMemset(d, 0, sizeof(h)));
    CHECK(cudaDeviceGetAttribute(&max_window,
                                 cudaDevAttrMaxAccessPolicyWindowSize, 0));
    CHECK(cudaDeviceSetLimit(cudaLimitPersistingL2CacheSize, 0));

    // a window as large as the device allows over the buffer
    cudaStreamAttrValue v = {}, back = {};
    v.accessPolicyWindow.base_ptr = d;
    v.accessPolicyWindow.num_bytes =
        (size_t)max_window < sizeof(h) ? (size_t)max_window : sizeof(h);
    v.accessPolicyWindow.hitRatio = 0.6f;
    v.accessPolicyWindow.hitProp = cudaAccessPropertyPersisting;
    v.accessPolicyWindow.missProp = cudaAccessPropertyStreaming;
    CHECK(cudaStreamSetAttribute(s, cudaStreamAttributeAccessPolicyWindow, &v));
    CHECK(cudaStreamGetAttribute(s, cudaStreamAttributeAccessPolicyWindow, &back));
    if (back.accessPolicyWindow.base_ptr != d ||
        back.accessPolicyWindow.num_bytes != v.accessPolicyWindow.num_bytes ||
        back.accessPolicyWindow.hitRatio != 0.6f ||
        back.accessPolicyWindow.hitProp != cudaAccessPropertyPersisting ||
        back.accessPolicyWindow.missProp != cudaAccessPropertyStreaming) {
        printf("the window did not read back\n");
        bad++;
    }

    cudaStreamAttrValue p = {};
    p.syncPolicy = cudaSyncPolicyYield;
    CHECK(cudaStreamSetAttribute(s, cudaStreamAttributeSynchronizationPolicy, &p));
    CHECK(cudaStreamGetAttribute(s, cudaStreamAttributeSynchronizationPolicy, &back));
    if (back.syncPolicy != cudaSyncPolicyYield) {
        printf("sync policy %d, want %d\n", (int)back.syncPolicy,
               (int)cudaSyncPolicyYield);
        bad++;
    }
    int priority = 1;
    CHECK(cudaStreamGetPriority(s, &priority));
    CHECK(cudaStreamGetAttribute(s, cudaStreamAttributePriority, &back));
    if (back.priority != priority) {
        printf("priority attribute %d, cudaStreamGetPriority %d\n",
               back.priority, priority);
        bad++;
    }

    // copied to another stream
    CHECK(cudaStreamCopyAttributes(t, s));
    CHECK(cudaStreamGetAttribute(t, cudaStreamAttributeAccessPolicyWindow, &back));
    if (back.accessPolicyWindow.base_ptr != d ||
        back.accessPolicyWindow.hitRatio != 0.6f) {
        printf("the window was not copied\n");
        bad++;
    }
    CHECK(cudaStreamGetAttribute(t, cudaStreamAttributeSynchronizationPolicy, &back));
    if (back.syncPolicy != cudaSyncPolicyYield) {
        printf("the sync policy was not copied\n");
        bad++;
    }

    // what CUDA refuses
    cudaStreamAttrValue w = v;
    w.accessPolicyWindow.hitRatio = 1.5f;
    EXPECT(cudaStreamSetAttribute(s, cudaStreamAttributeAccessPolicyWindow, &w),
           cudaErrorInvalidValue);
    w = v;
    w.accessPolicyWindow.missProp = cudaAccessPropertyPersisting;
    EXPECT(cudaStreamSetAttribute(s, cudaStreamAttributeAccessPolicyWindow, &w),
           cudaErrorInvalidValue);
    w = v;
    w.accessPolicyWindow.num_bytes = (size_t)max_window + 1;
    EXPECT(cudaStreamSetAttribute(s, cudaStreamAttributeAccessPolicyWindow, &w),
           cudaErrorInvalidValue);
    p.syncPolicy = (cudaSynchronizationPolicy)9;
    EXPECT(cudaStreamSetAttribute(s, cudaStreamAttributeSynchronizationPolicy, &p),
           cudaErrorInvalidValue);
    EXPECT(cudaStreamSetAttribute(s, cudaLaunchAttributeCooperative, &p),
           cudaErrorInvalidValue);
    EXPECT(cudaStreamSetAttribute(s, cudaStreamAttributeAccessPolicyWindow, NULL),
           cudaErrorInvalidValue);
    EXPECT(cudaStreamGetAttribute(s, cudaStreamAttributeAccessPolicyWindow, NULL),
           cudaErrorInvalidValue);
    // the refused values changed nothing
    CHECK(cudaStreamGetAttribute(s, cudaStreamAttributeAccessPolicyWindow, &back));
    if (back.accessPolicyWindow.hitRatio != 0.6f) {
        printf("a refused window replaced the one set\n");
        bad++;
    }

    // work runs as on any stream
    add_one<<<2, 256, 0, s>>>(d, n);
    add_one<<<2, 256, 0, s>>>(d, n);
    CHECK(cudaMemcpyAsync(h, d, sizeof(h), cudaMemcpyDeviceToHost, s));
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaCtxResetPersistingL2Cache());
    for (int i = 0; i < n; i++)
        if (h[i] != 2 && bad++ < 5)
            printf("v[%d] = %d, want 2\n", i, h[i]);
    CHECK(cudaFree(d));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaStreamDestroy(t));
    if (bad) {
        printf("FAIL stream_attributes\n");
        return 1;
    }
    printf("PASS stream_attributes\n");
    return 0;
}
