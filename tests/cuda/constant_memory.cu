// constant_memory.cu: __constant__ coefficients set with
// cudaMemcpyToSymbol (also at an offset) and read back, used by a kernel.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL constant_memory\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define NC 16

__constant__ float coef[NC];
__constant__ int shift = 3;

__global__ void poly(const float *x, float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    // Horner with exact small coefficients and x: results are exact.
    float acc = 0.0f;
    for (int k = NC - 1; k >= 0; k--)
        acc = acc * x[i] + coef[k];
    y[i] = acc + (float)shift;
}

int main()
{
    const int n = 300;
    float c[NC], x[n], y[n];
    for (int k = 0; k < NC; k++)
        c[k] = (float)(k % 3);
    for (int i = 0; i < n; i++)
        x[i] = (i % 3) * 0.5f - 0.5f;
    CHECK(cudaMemcpyToSymbol(coef, c, sizeof(c)));
    // Overwrite the last four coefficients through an offset.
    float tail[4] = { -1.0f, -2.0f, 4.0f, 1.0f };
    CHECK(cudaMemcpyToSymbol(coef, tail, sizeof(tail), 12 * sizeof(float),
                             cudaMemcpyHostToDevice));
    for (int k = 0; k < 4; k++)
        c[12 + k] = tail[k];
    float back[NC];
    CHECK(cudaMemcpyFromSymbol(back, coef, sizeof(back)));
    int sh;
    CHECK(cudaMemcpyFromSymbol(&sh, shift, sizeof(int)));
    void *addr = NULL;
    CHECK(cudaGetSymbolAddress(&addr, coef));
    float *dx, *dy;
    CHECK(cudaMalloc(&dx, sizeof(x)));
    CHECK(cudaMalloc(&dy, sizeof(y)));
    CHECK(cudaMemcpy(dx, x, sizeof(x), cudaMemcpyHostToDevice));
    poly<<<(n + 127) / 128, 128>>>(dx, dy, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(y, dy, sizeof(y), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(dx));
    CHECK(cudaFree(dy));
    int bad = 0;
    if (sh != 3 || addr == NULL) {
        printf("shift %d, symbol address %p\n", sh, addr);
        bad++;
    }
    for (int k = 0; k < NC; k++)
        if (back[k] != c[k] && bad++ < 5)
            printf("coef[%d] = %g, expected %g\n", k, back[k], c[k]);
    for (int i = 0; i < n; i++) {
        float acc = 0.0f;
        for (int k = NC - 1; k >= 0; k--)
            acc = acc * x[i] + c[k];
        acc += 3.0f;
        if (y[i] != acc && bad++ < 5)
            printf("y[%d] = %g, expected %g\n", i, y[i], acc);
    }
    if (bad) {
        printf("FAIL constant_memory\n");
        return 1;
    }
    printf("PASS constant_memory\n");
    return 0;
}
