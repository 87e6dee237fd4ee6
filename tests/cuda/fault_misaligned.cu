// fault_misaligned.cu: a load, store or atomic whose address is not a
// multiple of its size (for vector types: of the whole vector) ends the
// launch with cudaErrorMisalignedAddress, as on a GPU; the error is sticky
// until cudaDeviceReset.  Aligned accesses through the same kinds of
// address (a byte buffer cast, gathered indices, shared memory) run.
#include <cuda_runtime.h>
#include <cstdio>

// Lanes 4 bytes apart from a base the host chooses: an affine address.
__global__ void load_affine(const char *base, float *out)
{
    int i = threadIdx.x;
    out[i] = ((const float *)base)[i];
}

// One lane stores, at an address the host chooses.
__global__ void store_one(char *base, int lane)
{
    if (threadIdx.x == lane)
        *(int *)base = 7;
}

// Indices read from memory: a gather.
__global__ void load_gather(const char *base, const int *idx, int *out)
{
    int i = threadIdx.x;
    out[i] = *(const int *)(base + idx[i]);
}

// Rows `pitch` bytes apart, as a pitched 2D array: with an odd pitch the
// first row is aligned and the next ones not, whatever the block's width.
__global__ void load_rows(const char *base, int pitch, float *out)
{
    const float *row = (const float *)(base + threadIdx.y * pitch);
    out[threadIdx.y * blockDim.x + threadIdx.x] = row[threadIdx.x];
}

// A float4 at a multiple of 8 that is not one of 16.
__global__ void load_vector(const char *base, float *out)
{
    float4 v = *(const float4 *)base;
    out[threadIdx.x] = v.x + v.y + v.z + v.w;
}

// Shared memory at a byte offset the host chooses.
__global__ void shared_offset(int off, int *out)
{
    __shared__ char s[1024];
    int *p = (int *)(s + off);
    p[threadIdx.x] = threadIdx.x;
    __syncthreads();
    out[threadIdx.x] = p[threadIdx.x];
}

__global__ void atomic_at(char *base)
{
    atomicAdd((unsigned long long *)base, 1ull);
}

static int failures = 0;

static void expect(const char *what, cudaError_t got, cudaError_t want)
{
    if (got != want) {
        printf("%s: %s, expected %s\n", what, cudaGetErrorName(got),
               cudaGetErrorName(want));
        failures++;
    }
}

// Runs `launch` and checks its outcome; a fault must be sticky (a second
// synchronize reports it too) and must go with cudaDeviceReset.
template <typename F>
static void run(const char *what, bool misaligned, F launch)
{
    char *buf = NULL;
    float *out = NULL;
    int *idx = NULL;
    if (cudaMalloc(&buf, 4096) != cudaSuccess ||
        cudaMalloc(&out, 64 * sizeof(float)) != cudaSuccess ||
        cudaMalloc(&idx, 64 * sizeof(int)) != cudaSuccess ||
        cudaMemset(buf, 0, 4096) != cudaSuccess) {
        printf("%s: setup failed\n", what);
        failures++;
        return;
    }
    int h[64];
    for (int i = 0; i < 64; i++)
        h[i] = (i * 37 % 64) * 8 + (misaligned && i == 21 ? 2 : 0);
    cudaMemcpy(idx, h, sizeof h, cudaMemcpyHostToDevice);
    launch(buf, out, idx);
    cudaError_t want = misaligned ? cudaErrorMisalignedAddress : cudaSuccess;
    expect(what, cudaDeviceSynchronize(), want);
    expect(what, cudaGetLastError(), want);
    expect(what, cudaDeviceSynchronize(), want);
    if (misaligned) {
        expect(what, cudaDeviceReset(), cudaSuccess);
        expect(what, cudaGetLastError(), cudaSuccess);
    } else {
        cudaFree(buf);
        cudaFree(out);
        cudaFree(idx);
    }
}

int main()
{
    for (int bad = 0; bad < 2; bad++) {
        run("affine load", bad, [&](char *b, float *o, int *) {
            load_affine<<<1, 64>>>(b + (bad ? 2 : 4), o);
        });
        run("one lane's store", bad, [&](char *b, float *, int *) {
            store_one<<<1, 64>>>(b + (bad ? 6 : 8), 37);
        });
        run("gather", bad, [&](char *b, float *o, int *i) {
            load_gather<<<1, 64>>>(b, i, (int *)o);
        });
        // 8, 16 and 32 threads wide: rows within a warp, two half-warp
        // rows, one row per warp
        for (int width = 8; width <= 32; width *= 2)
            run("pitched rows", bad, [&](char *b, float *o, int *) {
                load_rows<<<1, dim3(width, 64 / width)>>>(b, bad ? 66 : 64,
                                                          o);
            });
        run("float4 load", bad, [&](char *b, float *o, int *) {
            load_vector<<<1, 32>>>(b + (bad ? 8 : 16), o);
        });
        run("shared memory", bad, [&](char *, float *o, int *) {
            shared_offset<<<1, 128>>>(bad ? 1 : 4, (int *)o);
        });
        run("atomic", bad, [&](char *b, float *, int *) {
            atomic_at<<<2, 32>>>(b + (bad ? 4 : 8));
        });
    }
    // After the faults and resets, an aligned kernel computes its result.
    float *out = NULL, h[64];
    char *buf = NULL;
    float src[64];
    for (int i = 0; i < 64; i++)
        src[i] = i * 0.5f;
    cudaMalloc(&buf, 4096);
    cudaMalloc(&out, sizeof h);
    cudaMemcpy(buf + 4, src, sizeof src, cudaMemcpyHostToDevice);
    load_affine<<<1, 64>>>(buf + 4, out);
    expect("after resets", cudaMemcpy(h, out, sizeof h,
                                      cudaMemcpyDeviceToHost), cudaSuccess);
    for (int i = 0; i < 64; i++)
        if (h[i] != src[i]) {
            printf("after resets: out[%d] = %g, expected %g\n", i, h[i],
                   src[i]);
            failures++;
            break;
        }
    printf("%s fault_misaligned\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
