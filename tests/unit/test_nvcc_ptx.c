/* test_nvcc_ptx.c: runs PTX that NVIDIA's nvcc emits (math inlined, not
 * __nv_* calls; its own idioms for division, local memory, shuffles).
 * link: libcux
 * Compiles the kernels below with `nvcc -ptx` when the toolkit exists,
 * registers the PTX through the ABI clang's host code uses, launches the
 * kernels and checks them against host results.  Without nvcc it prints
 * SKIP: nothing to compare against. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cuda_runtime_api.h"

static const char kernels[] =
    "extern \"C\" __global__ void math(const float *x, float *y, int n)\n"
    "{\n"
    "    int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
    "    if (i < n)\n"
    "        y[i] = sinf(x[i]) + expf(x[i] * 0.1f) / (1.0f + sqrtf(fabsf(x[i])))\n"
    "               + powf(1.5f, x[i] * 0.01f) + (float)cos((double)x[i]);\n"
    "}\n"
    "extern \"C\" __global__ void blocksum(const int *in, int *out)\n"
    "{\n"
    "    __shared__ int s[256];\n"
    "    int t = threadIdx.x;\n"
    "    s[t] = in[blockIdx.x * 256 + t];\n"
    "    __syncthreads();\n"
    "    for (int k = 128; k > 0; k >>= 1) {\n"
    "        if (t < k) s[t] += s[t + k];\n"
    "        __syncthreads();\n"
    "    }\n"
    "    if (t < 32) {\n"
    "        int v = s[t] * (t == 0);\n"
    "        for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(~0u, v, o);\n"
    "        if (t == 0) out[blockIdx.x] = v;\n"
    "    }\n"
    "}\n"
    "extern \"C\" __global__ void local_array(int *out, int n)\n"
    "{\n"
    "    int a[24];\n"
    "    int t = threadIdx.x;\n"
    "    for (int k = 0; k < 24; k++) a[k] = k * t;\n"
    "    out[t] = a[(t + n) % 24] - t / 3 + t % 5;\n"
    "}\n"
    "__device__ __noinline__ int shared_sum(int *s, int v)\n"
    "{\n"
    "    s[threadIdx.x] = v;\n"
    "    __syncthreads();\n"
    "    for (int k = blockDim.x / 2; k > 0; k >>= 1) {\n"
    "        if (threadIdx.x < k) s[threadIdx.x] += s[threadIdx.x + k];\n"
    "        __syncthreads();\n"
    "    }\n"
    "    int r = s[0];\n"
    "    __syncthreads();\n"
    "    return r;\n"
    "}\n"
    "extern \"C\" __global__ void noinline_sync(int *out, int rounds)\n"
    "{\n"
    "    __shared__ int s[128];\n"
    "    int total = 0;\n"
    "    for (int r = 0; r < rounds; r++)\n"
    "        total += shared_sum(s, threadIdx.x + r);\n"
    "    out[threadIdx.x] = total;\n"
    "}\n";

typedef struct wrapper {
    int magic, version;
    const void *data;
    void *unused;
} wrapper;

/* The registration ABI is declared in cuda_runtime_api.h. */
static char stub_math, stub_blocksum, stub_local, stub_noinline_sync;
static int failures;

static char *nvcc_ptx(void)
{
    if (access("/usr/local/cuda/bin/nvcc", X_OK) != 0)
        return NULL;
    char dir[] = "/tmp/cux-nvcc-XXXXXX";
    if (!mkdtemp(dir))
        return NULL;
    char cu[64], ptx[64], cmd[256];
    snprintf(cu, sizeof cu, "%s/k.cu", dir);
    snprintf(ptx, sizeof ptx, "%s/k.ptx", dir);
    FILE *file = fopen(cu, "w");
    fputs(kernels, file);
    fclose(file);
    snprintf(cmd, sizeof cmd, "/usr/local/cuda/bin/nvcc -ptx -arch=compute_75 "
             "-o %s %s", ptx, cu);
    char *text = NULL;
    if (system(cmd) == 0 && (file = fopen(ptx, "rb"))) {
        fseek(file, 0, SEEK_END);
        long len = ftell(file);
        rewind(file);
        text = calloc(1, (size_t)len + 32);
        memcpy(text, "CUXPTX01", 8);
        uint64_t n = (uint64_t)len;
        memcpy(text + 8, &n, 8);
        if (fread(text + 16, 1, (size_t)len, file) != (size_t)len)
            failures++;
        fclose(file);
    }
    unlink(cu);
    unlink(ptx);
    rmdir(dir);
    return text;
}

static void check_math(void)
{
    enum { N = 1000 };
    float x[N], y[N], *dx, *dy;
    for (int i = 0; i < N; i++)
        x[i] = (i - 500) * 0.37f;
    cudaMalloc((void **)&dx, sizeof x);
    cudaMalloc((void **)&dy, sizeof y);
    cudaMemcpy(dx, x, sizeof x, cudaMemcpyHostToDevice);
    int n = N;
    void *args[] = {&dx, &dy, &n};
    dim3 grid = {(N + 127) / 128, 1, 1}, block = {128, 1, 1};
    if (cudaLaunchKernel(&stub_math, grid, block, args, 0, 0) != cudaSuccess)
        failures++;
    cudaMemcpy(y, dy, sizeof y, cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        double want = sin(x[i]) + exp(x[i] * 0.1) / (1 + sqrt(fabs(x[i]))) +
                      pow(1.5, x[i] * 0.01) + cos(x[i]);
        if (fabs(y[i] - want) > 1e-4 * (1 + fabs(want)) && bad++ < 3)
            printf("math[%d] = %.9g, want %.9g\n", i, y[i], want);
    }
    failures += bad != 0;
    printf("%s nvcc_ptx/math\n", bad ? "FAIL" : "PASS");
    cudaFree(dx);
    cudaFree(dy);
}

static void check_blocksum(void)
{
    enum { BLOCKS = 8 };
    int in[BLOCKS * 256], out[BLOCKS], *din, *dout;
    for (int i = 0; i < BLOCKS * 256; i++)
        in[i] = (i * 7919) % 1000 - 500;
    cudaMalloc((void **)&din, sizeof in);
    cudaMalloc((void **)&dout, sizeof out);
    cudaMemcpy(din, in, sizeof in, cudaMemcpyHostToDevice);
    void *args[] = {&din, &dout};
    dim3 grid = {BLOCKS, 1, 1}, block = {256, 1, 1};
    if (cudaLaunchKernel(&stub_blocksum, grid, block, args, 0, 0) != cudaSuccess)
        failures++;
    cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int b = 0; b < BLOCKS; b++) {
        int want = 0;
        for (int t = 0; t < 256; t++)
            want += in[b * 256 + t];
        bad += out[b] != want;
    }
    failures += bad != 0;
    printf("%s nvcc_ptx/blocksum\n", bad ? "FAIL" : "PASS");
    cudaFree(din);
    cudaFree(dout);
}

static void check_local(void)
{
    int out[96], *dout, n = 5;
    cudaMalloc((void **)&dout, sizeof out);
    void *args[] = {&dout, &n};
    dim3 grid = {1, 1, 1}, block = {96, 1, 1};
    if (cudaLaunchKernel(&stub_local, grid, block, args, 0, 0) != cudaSuccess)
        failures++;
    cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int t = 0; t < 96; t++)
        bad += out[t] != ((t + n) % 24) * t - t / 3 + t % 5;
    failures += bad != 0;
    printf("%s nvcc_ptx/local_array\n", bad ? "FAIL" : "PASS");
    cudaFree(dout);
}

/* nvcc keeps a __noinline__ function with bar.sync as a .func. */
static void check_noinline_sync(void)
{
    int out[128], *dout, rounds = 3;
    cudaMalloc((void **)&dout, sizeof out);
    void *args[] = {&dout, &rounds};
    dim3 grid = {1, 1, 1}, block = {128, 1, 1};
    if (cudaLaunchKernel(&stub_noinline_sync, grid, block, args, 0, 0) !=
        cudaSuccess)
        failures++;
    cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int t = 0; t < 128; t++)
        bad += out[t] != 3 * (127 * 128 / 2) + 128 * (0 + 1 + 2);
    failures += bad != 0;
    printf("%s nvcc_ptx/noinline_sync\n", bad ? "FAIL" : "PASS");
    cudaFree(dout);
}

int main(void)
{
    char *container = nvcc_ptx();
    if (!container) {
        puts("SKIP test_nvcc_ptx (no nvcc under /usr/local/cuda)");
        return 0;
    }
    wrapper wrap = {0x466243b1, 1, container, NULL};
    void **handle = __cudaRegisterFatBinary(&wrap);
    __cudaRegisterFunction(handle, &stub_math, "math", "math", -1, 0, 0, 0, 0, 0);
    __cudaRegisterFunction(handle, &stub_blocksum, "blocksum", "blocksum", -1,
                           0, 0, 0, 0, 0);
    __cudaRegisterFunction(handle, &stub_local, "local_array", "local_array",
                           -1, 0, 0, 0, 0, 0);
    __cudaRegisterFunction(handle, &stub_noinline_sync, "noinline_sync",
                           "noinline_sync", -1, 0, 0, 0, 0, 0);
    __cudaRegisterFatBinaryEnd(handle);
    check_math();
    check_blocksum();
    check_local();
    check_noinline_sync();
    if (cudaDeviceSynchronize() != cudaSuccess)
        failures++;
    __cudaUnregisterFatBinary(handle);
    free(container);
    return failures != 0;
}
