// device_global_var.cu: __device__ variables (scalar, initialised array,
// struct) read and written by kernels and by the *Symbol API.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL device_global_var\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

struct Config {
    int scale;
    float offset;
};

__device__ int counter;
__device__ int table[8] = { 1, 2, 3, 5, 8, 13, 21, 34 };
__device__ Config cfg;
__device__ double results[64];

__global__ void use(void)
{
    int t = threadIdx.x;
    results[t] = table[t % 8] * cfg.scale + cfg.offset;
    atomicAdd(&counter, 1);
}

int main()
{
    Config c = { 3, 0.5f };
    int zero = 0;
    CHECK(cudaMemcpyToSymbol(cfg, &c, sizeof(c)));
    CHECK(cudaMemcpyToSymbol(counter, &zero, sizeof(int)));
    use<<<1, 64>>>();
    CHECK(cudaGetLastError());
    use<<<1, 64>>>();
    CHECK(cudaGetLastError());
    int cnt;
    double res[64];
    int tab[8];
    CHECK(cudaMemcpyFromSymbol(&cnt, counter, sizeof(int)));
    CHECK(cudaMemcpyFromSymbol(res, results, sizeof(res)));
    // An offset into the symbol: the last four table entries.
    CHECK(cudaMemcpyFromSymbol(tab, table, 4 * sizeof(int), 4 * sizeof(int)));
    // The address of a __device__ variable is usable with cudaMemcpy.
    int *ptable;
    size_t size;
    CHECK(cudaGetSymbolAddress((void **)&ptable, table));
    CHECK(cudaGetSymbolSize(&size, table));
    int first;
    CHECK(cudaMemcpy(&first, ptable + 1, sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    if (cnt != 128 || size != 8 * sizeof(int) || first != 2 || tab[0] != 8 ||
        tab[3] != 34) {
        printf("counter %d size %zu table[1] %d tail %d..%d\n", cnt, size,
               first, tab[0], tab[3]);
        bad++;
    }
    static const int fib[8] = { 1, 2, 3, 5, 8, 13, 21, 34 };
    for (int t = 0; t < 64; t++) {
        double want = fib[t % 8] * 3 + 0.5f;
        if (res[t] != want && bad++ < 5)
            printf("results[%d] = %g, expected %g\n", t, res[t], want);
    }
    if (bad) {
        printf("FAIL device_global_var\n");
        return 1;
    }
    printf("PASS device_global_var\n");
    return 0;
}
