// nvtx_annotations.cu: a program annotated for a profiler with NVTX (the
// v3 C API through nvtx3/nvToolsExt.h, with the CUDA runtime names of
// nvtx3/nvToolsExtCudaRt.h) builds and runs: push/pop and start/end
// ranges, marks with attributes, a domain with a registered string and
// a named category, named threads, streams and events.  With no profiler
// attached they change nothing, so the kernels' results are checked.
#include <nvtx3/nvToolsExt.h>
#include <nvtx3/nvToolsExtCudaRt.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL nvtx_annotations\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void scale(float *x, float a, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        x[i] *= a;
}

// A scoped range, as programs commonly wrap NVTX.
struct Range {
    explicit Range(const char *name) { nvtxRangePushA(name); }
    ~Range() { nvtxRangePop(); }
};

int main(void)
{
    enum { N = 1 << 12 };
    nvtxNameOsThreadA(0, "main");
    nvtxDomainHandle_t domain = nvtxDomainCreateA("cux.test");
    nvtxStringHandle_t label = nvtxDomainRegisterStringA(domain, "scale");
    nvtxDomainNameCategoryA(domain, 1, "compute");
    nvtxNameCategoryA(2, "copies");

    float *x, host[N];
    cudaStream_t s;
    cudaEvent_t done;
    {
        Range setup("setup");
        for (int i = 0; i < N; i++)
            host[i] = (float)i;
        CHECK(cudaMalloc(&x, sizeof host));
        CHECK(cudaStreamCreate(&s));
        CHECK(cudaEventCreate(&done));
        nvtxNameCudaStreamA(s, "work");
        nvtxNameCudaEventA(done, "done");
        nvtxNameCudaDeviceA(0, "the device");
    }
    nvtxRangeId_t copy = nvtxRangeStartA("copy in");
    CHECK(cudaMemcpyAsync(x, host, sizeof host, cudaMemcpyHostToDevice, s));
    nvtxRangeEnd(copy);

    nvtxEventAttributes_t attr = {};
    attr.version = NVTX_VERSION;
    attr.size = NVTX_EVENT_ATTRIB_STRUCT_SIZE;
    attr.category = 1;
    attr.colorType = NVTX_COLOR_ARGB;
    attr.color = 0xff00ff00u;
    attr.payloadType = NVTX_PAYLOAD_TYPE_DOUBLE;
    attr.payload.dValue = 2.0;
    attr.messageType = NVTX_MESSAGE_TYPE_REGISTERED;
    attr.message.registered = label;
    nvtxDomainRangePushEx(domain, &attr);
    scale<<<N / 256, 256, 0, s>>>(x, 2.0f, N);
    nvtxDomainMarkEx(domain, &attr);
    nvtxDomainRangePop(domain);
    attr.messageType = NVTX_MESSAGE_TYPE_ASCII;
    attr.message.ascii = "launched";
    nvtxMarkEx(&attr);
    nvtxMarkA("between");
    nvtxRangeId_t id = nvtxDomainRangeStartEx(domain, &attr);
    scale<<<N / 256, 256, 0, s>>>(x, 3.0f, N);
    nvtxDomainRangeEnd(domain, id);
    CHECK(cudaEventRecord(done, s));
    CHECK(cudaEventSynchronize(done));
    nvtxDomainDestroy(domain);

    CHECK(cudaMemcpy(host, x, sizeof host, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += host[i] != 6.0f * i;
    CHECK(cudaFree(x));
    CHECK(cudaStreamDestroy(s));
    CHECK(cudaEventDestroy(done));
    printf("%s nvtx_annotations\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
