// copy_bounds.cu: copies and memsets whose device side is not inside one
// live allocation (past its end, freed, never allocated) return
// cudaErrorInvalidValue without touching memory, as CUDA's do, and the
// process goes on: the error is not sticky and later copies work.  Ranges
// that fit exactly, start inside an allocation or cover a pitched 2D
// block's last row only up to its width are accepted.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL copy_bounds\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int bad = 0;

static void expect(const char *what, cudaError_t got, cudaError_t want)
{
    if (got != want) {
        printf("%s: %s, want %s\n", what, cudaGetErrorName(got),
               cudaGetErrorName(want));
        bad++;
    }
}

int main()
{
    static char host[1 << 16];
    for (int i = 0; i < (int)sizeof host; i++)
        host[i] = (char)i;
    char *a, *b;
    CHECK(cudaMalloc(&a, 1024));
    CHECK(cudaMalloc(&b, 4096));
    CHECK(cudaMemset(a, 0x11, 1024));
    CHECK(cudaMemset(b, 0x22, 4096));
    cudaStream_t s;
    CHECK(cudaStreamCreate(&s));
    const cudaError_t inval = cudaErrorInvalidValue;

    expect("HtoD exact fit", cudaMemcpy(a, host, 1024, cudaMemcpyHostToDevice),
           cudaSuccess);
    expect("HtoD inside", cudaMemcpy(a + 1000, host, 24, cudaMemcpyHostToDevice),
           cudaSuccess);
    expect("HtoD past end", cudaMemcpy(a + 1000, host, 25, cudaMemcpyHostToDevice),
           inval);
    expect("DtoH past end", cudaMemcpy(host, a, 1025, cudaMemcpyDeviceToHost),
           inval);
    expect("DtoD source past end",
           cudaMemcpy(b, a + 512, 1024, cudaMemcpyDeviceToDevice), inval);
    expect("DtoD destination past end",
           cudaMemcpy(a + 512, b, 1024, cudaMemcpyDeviceToDevice), inval);
    expect("Default past end", cudaMemcpy(a + 8, host, 1024, cudaMemcpyDefault),
           inval);
    expect("async past end",
           cudaMemcpyAsync(host, a, 2048, cudaMemcpyDeviceToHost, s), inval);
    expect("memset past end", cudaMemset(a + 1, 0, 1024), inval);
    expect("memset async past end", cudaMemsetAsync(a + 1, 0, 1024, s), inval);
    expect("never allocated",
           cudaMemcpy((void *)0x1234, host, 16, cudaMemcpyHostToDevice), inval);
    /* 8 rows of 100 bytes, 128 apart: the last byte is 7 * 128 + 100 */
    expect("2D fits", cudaMemcpy2D(a, 128, host, 100, 100, 8,
                                   cudaMemcpyHostToDevice), cudaSuccess);
    expect("2D last row past end", cudaMemcpy2D(a + 100, 128, host, 100, 100, 8,
                                                cudaMemcpyHostToDevice), inval);
    expect("memset2D past end", cudaMemset2D(a + 200, 128, 0, 100, 7), inval);

    char *freed;
    CHECK(cudaMalloc(&freed, 256));
    CHECK(cudaFree(freed));
    expect("freed", cudaMemcpy(freed, host, 16, cudaMemcpyHostToDevice), inval);
    char *pooled;
    CHECK(cudaMallocAsync((void **)&pooled, 256, s));
    CHECK(cudaFreeAsync(pooled, s));
    CHECK(cudaStreamSynchronize(s));
    expect("freed by cudaFreeAsync",
           cudaMemcpy(pooled, host, 16, cudaMemcpyHostToDevice), inval);

    /* not sticky: the device still works and nothing was overwritten */
    expect("no sticky error", cudaDeviceSynchronize(), cudaSuccess);
    static char back[4096];
    CHECK(cudaMemcpy(back, b, 4096, cudaMemcpyDeviceToHost));
    for (int i = 0; i < 4096; i++)
        if (back[i] != 0x22) {
            printf("b[%d] = %d: a refused copy wrote it\n", i, back[i]);
            bad++;
            break;
        }
    CHECK(cudaMemcpy(back, a, 1024, cudaMemcpyDeviceToHost));
    for (int i = 0; i < 1024; i++) {
        int row = i / 128, col = i % 128;
        char want = row < 8 && col < 100 ? host[row * 100 + col]
                  : i >= 1000 ? host[i - 1000] : host[i];
        if (back[i] != want) {
            printf("a[%d] = %d, want %d\n", i, back[i], want);
            bad++;
            break;
        }
    }
    CHECK(cudaFree(a));
    CHECK(cudaFree(b));
    CHECK(cudaStreamDestroy(s));
    if (bad) {
        printf("FAIL copy_bounds\n");
        return 1;
    }
    printf("PASS copy_bounds\n");
    return 0;
}
