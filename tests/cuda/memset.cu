// memset.cu: cudaMemset and cudaMemsetAsync set bytes (not ints), over
// whole buffers and unaligned sub-ranges.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL memset\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

int main()
{
    const int n = 1000;
    unsigned char *d, h[n], want[n];
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    CHECK(cudaMalloc(&d, n));
    CHECK(cudaMemset(d, 0xab, n));
    for (int i = 0; i < n; i++)
        want[i] = 0xab;
    CHECK(cudaMemset(d + 3, 0x1234, 101));   // only the low byte counts
    for (int i = 3; i < 104; i++)
        want[i] = 0x34;
    CHECK(cudaMemsetAsync(d + 500, 0, 333, s));
    for (int i = 500; i < 833; i++)
        want[i] = 0;
    CHECK(cudaMemsetAsync(d + 999, 7, 1, s));
    want[999] = 7;
    CHECK(cudaMemset(d + 10, 1, 0));         // zero bytes: no change
    CHECK(cudaStreamSynchronize(s));
    CHECK(cudaMemcpy(h, d, n, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++)
        if (h[i] != want[i] && bad++ < 5)
            printf("byte %d = %#x, expected %#x\n", i, h[i], want[i]);
    int *di, hi[4];
    CHECK(cudaMalloc(&di, sizeof(hi)));
    CHECK(cudaMemset(di, 0xff, sizeof(hi)));
    CHECK(cudaMemcpy(hi, di, sizeof(hi), cudaMemcpyDeviceToHost));
    for (int i = 0; i < 4; i++)
        if (hi[i] != -1 && bad++ < 5)
            printf("int %d = %d, expected -1\n", i, hi[i]);
    CHECK(cudaFree(d));
    CHECK(cudaFree(di));
    CHECK(cudaStreamDestroy(s));
    if (bad) {
        printf("FAIL memset\n");
        return 1;
    }
    printf("PASS memset\n");
    return 0;
}
