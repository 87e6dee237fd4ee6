// multi_device_split.cu: an array split over every device, as a new user
// writes it: one stream per device, each device scales its part, the parts
// are copied back to device 0 with peer copies, and the host checks.
// Each device's own copy of a __device__ variable adds its ordinal, so a
// part computed on the wrong device (or with another's variable) shows.
// cux-devices: 2 3
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <vector>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL multi_device_split\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__device__ float offset;

__global__ void set_offset(float v)
{
    offset = v;
}

__global__ void scale(float *x, int n, float k)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        x[i] = x[i] * k + offset;
}

int main()
{
    int count = 0;
    CHECK(cudaGetDeviceCount(&count));
    const char *want = getenv("CUX_CPU_DEVICES");
    if (want && atoi(want) != count) {
        printf("%d devices, CUX_CPU_DEVICES=%s\nFAIL multi_device_split\n",
               count, want);
        return 1;
    }
    const int n = 100003; // not a multiple of anything
    std::vector<float> host(n), out(n, -1.0f);
    for (int i = 0; i < n; i++)
        host[i] = (float)(i % 1000);

    int part = (n + count - 1) / count;
    std::vector<float *> chunk(count);
    std::vector<cudaStream_t> stream(count);
    std::vector<cudaEvent_t> done(count);
    for (int d = 0; d < count; d++) {
        CHECK(cudaSetDevice(d));
        int begin = d * part, len = begin + part > n ? n - begin : part;
        CHECK(cudaStreamCreate(&stream[d]));
        CHECK(cudaEventCreate(&done[d]));
        CHECK(cudaMalloc(&chunk[d], part * sizeof(float)));
        CHECK(cudaMemcpyAsync(chunk[d], &host[begin], len * sizeof(float),
                              cudaMemcpyHostToDevice, stream[d]));
        set_offset<<<1, 1, 0, stream[d]>>>(1000.0f * d);
        scale<<<(len + 255) / 256, 256, 0, stream[d]>>>(chunk[d], len, 2.0f);
        CHECK(cudaGetLastError());
        CHECK(cudaEventRecord(done[d], stream[d]));
    }

    // Gather on device 0: its stream waits for each device's event, then
    // copies that part from its device.
    CHECK(cudaSetDevice(0));
    float *all;
    CHECK(cudaMalloc(&all, n * sizeof(float)));
    for (int d = 0; d < count; d++) {
        int begin = d * part, len = begin + part > n ? n - begin : part;
        CHECK(cudaStreamWaitEvent(stream[0], done[d], 0));
        CHECK(cudaMemcpyPeerAsync(all + begin, 0, chunk[d], d,
                                  len * sizeof(float), stream[0]));
    }
    CHECK(cudaMemcpyAsync(out.data(), all, n * sizeof(float),
                          cudaMemcpyDeviceToHost, stream[0]));
    CHECK(cudaStreamSynchronize(stream[0]));

    int bad = 0;
    for (int i = 0; i < n; i++) {
        float expect = host[i] * 2.0f + 1000.0f * (float)(i / part);
        if (out[i] != expect && bad++ < 5)
            printf("out[%d] = %g, expected %g\n", i, out[i], expect);
    }
    for (int d = 0; d < count; d++) {
        CHECK(cudaSetDevice(d));
        CHECK(cudaFree(chunk[d]));
        CHECK(cudaStreamDestroy(stream[d]));
        CHECK(cudaEventDestroy(done[d]));
    }
    CHECK(cudaSetDevice(0));
    CHECK(cudaFree(all));
    printf("%s multi_device_split\n", bad ? "FAIL" : "PASS");
    return bad != 0;
}
