// jit_by_kernel.cu: a module compiled one kernel at a time
// (CUX_JIT_BY_KERNEL=1, what a module of more than 1 MB of C gets, such
// as Thrust's) behaves as when compiled whole: kernels that share a
// __device__ function and a __device__ variable see the same variable,
// one kernel calls through function pointers another kernel's unit also
// holds, __constant__ data written from the host reaches every kernel,
// and a kernel never launched costs nothing.  The environment variable
// is set before the first CUDA call, when cux loads the module.
#include <cstdio>
#include <cstdlib>

__device__ int counter;
__constant__ int scale[4];

__device__ int twice(int x) { return 2 * x; }
__device__ int square(int x) { return x * x; }
__device__ int (*const table[2])(int) = {twice, square};

__device__ int combine(int x) { return twice(x) + scale[x & 3]; }

__global__ void add_to_counter(int n)
{
    if (blockIdx.x * blockDim.x + threadIdx.x < (unsigned)n)
        atomicAdd(&counter, 1);
}

__global__ void read_counter(int *out)
{
    *out = counter;
}

__global__ void apply(int *data, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        data[i] = table[i & 1](data[i]) + combine(i);
}

__global__ void never_launched(int *data)
{
    data[threadIdx.x] = square(data[threadIdx.x]);
}

int main()
{
    setenv("CUX_JIT_BY_KERNEL", "1", 1);
    const int n = 1000;
    int h_scale[4] = {10, 20, 30, 40}, zero = 0, got = -1, bad = 0;
    int *d_data, *d_out, h[n];
    if (cudaMemcpyToSymbol(scale, h_scale, sizeof h_scale) != cudaSuccess ||
        cudaMemcpyToSymbol(counter, &zero, sizeof zero) != cudaSuccess ||
        cudaMalloc(&d_data, n * sizeof(int)) != cudaSuccess ||
        cudaMalloc(&d_out, sizeof(int)) != cudaSuccess) {
        printf("FAIL setup\n");
        return 1;
    }
    add_to_counter<<<4, 256>>>(n);
    add_to_counter<<<2, 256>>>(300);
    read_counter<<<1, 1>>>(d_out);
    cudaMemcpy(&got, d_out, sizeof got, cudaMemcpyDeviceToHost);
    if (got != n + 300) {
        printf("FAIL counter %d, expected %d\n", got, n + 300);
        bad++;
    }
    int from_host = -1;
    cudaMemcpyFromSymbol(&from_host, counter, sizeof from_host);
    if (from_host != n + 300) {
        printf("FAIL counter read by the host %d\n", from_host);
        bad++;
    }
    for (int i = 0; i < n; i++)
        h[i] = i - 500;
    cudaMemcpy(d_data, h, sizeof h, cudaMemcpyHostToDevice);
    apply<<<(n + 127) / 128, 128>>>(d_data, n);
    if (cudaMemcpy(h, d_data, sizeof h, cudaMemcpyDeviceToHost) != cudaSuccess) {
        printf("FAIL apply: %s\n", cudaGetErrorString(cudaGetLastError()));
        return 1;
    }
    for (int i = 0; i < n; i++) {
        int x = i - 500;
        int want = (i & 1 ? x * x : 2 * x) + 2 * i + h_scale[i & 3];
        if (h[i] != want && bad++ < 5)
            printf("FAIL apply[%d] = %d, expected %d\n", i, h[i], want);
    }
    if (bad)
        return 1;
    printf("PASS\n");
    return 0;
}
