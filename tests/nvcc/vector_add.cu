/* vector_add.cu: the smallest nvcc-built program: a grid-stride add,
 * checked against the host. */
#include <cstdio>

__global__ void add(const float *a, const float *b, float *c, int n)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += gridDim.x * blockDim.x)
        c[i] = a[i] + b[i];
}

int main()
{
    const int n = 10000;
    static float ha[n], hb[n], hc[n];
    for (int i = 0; i < n; i++) {
        ha[i] = i * 0.5f;
        hb[i] = 3.0f - i;
    }
    float *a, *b, *c;
    cudaMalloc(&a, n * sizeof(float));
    cudaMalloc(&b, n * sizeof(float));
    cudaMalloc(&c, n * sizeof(float));
    cudaMemcpy(a, ha, n * sizeof(float), cudaMemcpyHostToDevice);
    cudaMemcpy(b, hb, n * sizeof(float), cudaMemcpyHostToDevice);
    add<<<16, 128>>>(a, b, c, n);
    cudaError_t err = cudaMemcpy(hc, c, n * sizeof(float),
                                 cudaMemcpyDeviceToHost);
    if (err != cudaSuccess) {
        printf("FAIL %s\n", cudaGetErrorString(err));
        return 1;
    }
    for (int i = 0; i < n; i++)
        if (hc[i] != ha[i] + hb[i]) {
            printf("FAIL c[%d] = %g, want %g\n", i, hc[i], ha[i] + hb[i]);
            return 1;
        }
    cudaFree(a);
    cudaFree(b);
    cudaFree(c);
    printf("PASS\n");
    return 0;
}
