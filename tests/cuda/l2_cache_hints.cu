// l2_cache_hints.cu: sm_80's L2 hints as inline PTX, as libcu++'s
// annotated_ptr and hand-tuned kernels write them: createpolicy in its
// three forms, loads and stores with .L2::cache_hint and that policy,
// applypriority and discard of a 128-byte line.  They change no result:
// the kernel's sums and copies are checked against the host, and a
// discarded line's neighbours keep their bytes.  Built for sm_75 (no such
// instructions there) the kernel takes plain loads and stores.
#include <cuda_runtime.h>
#include <cstdio>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL l2_cache_hints\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); return 1; } } while (0)

const int N = 4096;

__device__ float load_hinted(const float *p, unsigned long long policy)
{
    float v;
#if __CUDA_ARCH__ >= 800
    asm volatile("ld.global.L2::cache_hint.f32 %0, [%1], %2;"
                 : "=f"(v) : "l"(p), "l"(policy));
#else
    (void)policy;
    v = *p;
#endif
    return v;
}

__device__ void store_hinted(float *p, float v, unsigned long long policy)
{
#if __CUDA_ARCH__ >= 800
    asm volatile("st.global.L2::cache_hint.f32 [%0], %1, %2;"
                 :: "l"(p), "f"(v), "l"(policy) : "memory");
#else
    (void)policy;
    *p = v;
#endif
}

// out[i] = 2 * in[i] + 1 under three policies; the first block also
// raises and discards line 1 of `scratch` (elements 32..63).
__global__ void hinted(const float *in, float *out, float *scratch)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned long long first = 0, range = 0, converted = 0;
#if __CUDA_ARCH__ >= 800
    asm volatile("createpolicy.fractional.L2::evict_last.b64 %0, 1.0;"
                 : "=l"(first));
    asm volatile("createpolicy.range.global.L2::evict_last.L2::evict_first"
                 ".b64 %0, [%1], %2, %3;"
                 : "=l"(range) : "l"(in), "r"(1024), "r"(N * 4));
    asm volatile("createpolicy.cvt.L2.b64 %0, %1;"
                 : "=l"(converted) : "l"(first));
    if (blockIdx.x == 0 && threadIdx.x == 0) {
        asm volatile("applypriority.global.L2::evict_normal [%0], 128;"
                     :: "l"(in) : "memory");
        asm volatile("discard.global.L2 [%0], 128;"
                     :: "l"(scratch + 32) : "memory");
    }
#endif
    unsigned long long policy = i % 3 == 0 ? first : i % 3 == 1 ? range
                                                                : converted;
    if (i < N)
        store_hinted(&out[i], 2.0f * load_hinted(&in[i], policy) + 1.0f,
                     policy);
}

int main()
{
    float *in, *out, *scratch;
    CHECK(cudaMallocManaged(&in, N * sizeof(float)));
    CHECK(cudaMallocManaged(&out, N * sizeof(float)));
    CHECK(cudaMalloc(&scratch, 128 * sizeof(float))); // 128-byte aligned
    float host[128];
    for (int i = 0; i < N; i++)
        in[i] = (float)(i % 97) - 40.0f;
    for (int i = 0; i < 128; i++)
        host[i] = (float)i;
    CHECK(cudaMemcpy(scratch, host, sizeof host, cudaMemcpyHostToDevice));
    hinted<<<N / 256, 256>>>(in, out, scratch);
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    int bad = 0;
    for (int i = 0; i < N && bad < 5; i++)
        if (out[i] != 2.0f * in[i] + 1.0f) {
            printf("out[%d] = %g, want %g\n", i, out[i], 2.0f * in[i] + 1.0f);
            bad++;
        }
    float back[128];
    CHECK(cudaMemcpy(back, scratch, sizeof back, cudaMemcpyDeviceToHost));
    for (int i = 0; i < 128 && bad < 10; i++)
        if ((i < 32 || i >= 64) && back[i] != host[i]) { // line 1 is free
            printf("scratch[%d] = %g, want %g (not discarded)\n", i, back[i],
                   host[i]);
            bad++;
        }
    CHECK(cudaFree(in));
    CHECK(cudaFree(out));
    CHECK(cudaFree(scratch));
    printf("%s l2_cache_hints\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
