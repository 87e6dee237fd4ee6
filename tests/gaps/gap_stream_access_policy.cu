// gap_stream_access_policy.cu: L2 access-policy windows set on a stream are
// only a hint; the types and cudaStreamSetAttribute must still exist.
#include <cuda_runtime.h>
#include <cstdio>

__global__ void add_one(int *v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] += 1;
}

int main()
{
    const int n = 512;
    int *d, h[n], bad = 0;
    cudaStream_t s;
    cudaStreamCreate(&s);
    cudaMalloc(&d, sizeof(h));
    cudaMemset(d, 0, sizeof(h));
    cudaStreamAttrValue v = {};
    v.accessPolicyWindow.base_ptr = d;
    v.accessPolicyWindow.num_bytes = sizeof(h);
    v.accessPolicyWindow.hitRatio = 0.6f;
    v.accessPolicyWindow.hitProp = cudaAccessPropertyPersisting;
    v.accessPolicyWindow.missProp = cudaAccessPropertyStreaming;
    cudaError_t e = cudaDeviceSetLimit(cudaLimitPersistingL2CacheSize, 0);
    if (e == cudaSuccess)
        e = cudaStreamSetAttribute(s, cudaStreamAttributeAccessPolicyWindow,
                                   &v);
    cudaStreamAttrValue back = {};
    if (e == cudaSuccess)
        e = cudaStreamGetAttribute(s, cudaStreamAttributeAccessPolicyWindow,
                                   &back);
    add_one<<<2, 256, 0, s>>>(d, n);
    add_one<<<2, 256, 0, s>>>(d, n);
    cudaMemcpyAsync(h, d, sizeof(h), cudaMemcpyDeviceToHost, s);
    if (e == cudaSuccess)
        e = cudaStreamSynchronize(s);
    if (e == cudaSuccess)
        e = cudaCtxResetPersistingL2Cache();
    for (int i = 0; i < n; i++)
        bad += h[i] != 2;
    if (e != cudaSuccess || bad) {
        printf("FAIL gap_stream_access_policy: %s, %d wrong\n",
               cudaGetErrorString(e), bad);
        return 1;
    }
    printf("PASS gap_stream_access_policy\n");
    return 0;
}
