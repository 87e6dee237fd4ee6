// printf_basic.cu: printf from four device threads with ints, floats,
// strings, chars, hex and 64-bit values; the runner checks the lines
// against printf_basic.expected (in any order).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL printf_basic\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void hello(int base, const char *tag)
{
    int t = threadIdx.x;
    printf("printf_basic thread %d of %d: value %d, %.2f, %s, %c, %#x, "
           "%lld\n", t, blockDim.x, base + t * 10, t * 0.5, tag, 'a' + t,
           255 + t, 10000000000ll * (t + 1));
}

int main()
{
    hello<<<1, 4>>>(100, "cux");
    CHECK(cudaGetLastError());
    CHECK(cudaDeviceSynchronize());
    fflush(stdout);
    printf("PASS printf_basic\n");
    return 0;
}
