// switch_statement.cu: a dense switch (a jump table candidate) and a
// sparse one with fall-through, each lane taking a different case.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL switch_statement\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__host__ __device__ int dense(int x)
{
    switch (x % 8) {
    case 0: return x * 2;
    case 1: return x + 100;
    case 2: return -x;
    case 3: return x ^ 0xff;
    case 4: return x / 3;
    case 5: return x << 2;
    case 6: return 7;
    default: return x - 1;
    }
}

__host__ __device__ int sparse(int x)
{
    int r = 0;
    switch (x % 1000) {
    case 3: r += 1;  /* fall through */
    case 17: r += 10; break;
    case 100: r = 500; break;
    case 999: r = -1; /* fall through */
    case 512: r *= 3; r += 2; break;
    default: r = x & 15;
    }
    return r;
}

__global__ void sw(const int *in, int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = dense(in[i]) + 1000 * sparse(in[i]);
}

int main()
{
    const int n = 4096;
    int *in = (int *)malloc(n * sizeof(int));
    int *out = (int *)malloc(n * sizeof(int));
    static const int special[6] = { 3, 17, 100, 999, 512, 4 };
    for (int i = 0; i < n; i++)
        in[i] = (i % 7 == 0) ? (i / 7) * 1000 + special[i % 6] : i * 31;
    int *din, *dout;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, n * sizeof(int)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    sw<<<n / 128, 128>>>(din, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int want = dense(in[i]) + 1000 * sparse(in[i]);
        if (out[i] != want && bad++ < 5)
            printf("in %d: %d, expected %d\n", in[i], out[i], want);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    free(in); free(out);
    if (bad) {
        printf("FAIL switch_statement (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS switch_statement\n");
    return 0;
}
