// shape_variants.cu: the CPU device runs blocks made of rows of 16
// threads (blockDim.x 16, blockDim.y even), blocks whose rows are
// multiples of 32 threads, and every other shape on separate builds of
// the module.  All must see the same module variables: a __constant__
// and a __device__ array set by cudaMemcpyToSymbol, a __device__ pointer
// initialised with another variable's address, and a __device__ counter
// that launches of every shape add to.  Each launch's output and the
// counter are compared with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL shape_variants\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { N = 64, TILE = 16 };

__constant__ float scale[N];
__device__ float offset[N];
__device__ float *offset_ptr = offset; // an address the module sets up
__device__ unsigned long long launched_threads;

// out = a * b with TILE x TILE tiles through shared memory (any block
// height that divides TILE), each element then scaled by its row's
// __constant__ and shifted by its column's __device__ value, read
// through the initialised pointer.
__global__ void tiled_product(const float *a, const float *b, float *out)
{
    __shared__ float as[TILE][TILE], bs[TILE][TILE];
    int tx = threadIdx.x, ty = threadIdx.y;
    int col = blockIdx.x * TILE + tx;
    atomicAdd(&launched_threads, 1ull);
    for (int r0 = 0; r0 < TILE; r0 += blockDim.y) {
        int row = blockIdx.y * TILE + r0 + ty;
        float sum = 0.0f;
        for (int t = 0; t < N; t += TILE) {
            __syncthreads();
            for (int y = ty; y < TILE; y += blockDim.y) {
                as[y][tx] = a[(blockIdx.y * TILE + y) * N + t + tx];
                bs[y][tx] = b[(t + y) * N + col];
            }
            __syncthreads();
            for (int k = 0; k < TILE; k++)
                sum += as[r0 + ty][k] * bs[k][tx];
        }
        out[row * N + col] = sum * scale[row] + offset_ptr[col];
    }
}

// out[i] = scale[i] + offset[i], read through the pointer, in blocks of
// rows of 32.
__global__ void scale_plus_offset(float *out)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    atomicAdd(&launched_threads, 1ull);
    out[i] = scale[i] + offset_ptr[i];
}

static int run(const char *what, dim3 block, const float *want,
               const float *d_a, const float *d_b, float *d_out)
{
    static float got[N * N];
    CHECK(cudaMemset(d_out, 0, sizeof got));
    tiled_product<<<dim3(N / TILE, N / TILE), block>>>(d_a, d_b, d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(got, d_out, sizeof got, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N * N; i++)
        if (got[i] != want[i]) {
            printf("%s (block %ux%u): out[%d] = %g, want %g\n", what,
                   block.x, block.y, i, got[i], want[i]);
            return 1;
        }
    return 0;
}

int main()
{
    static float a[N * N], b[N * N], want[N * N];
    float h_scale[N], h_offset[N];
    // Small integers: every product and sum is exact in float, so the
    // order of the additions cannot change the result.
    for (int i = 0; i < N * N; i++) {
        a[i] = (float)((i * 7) % 5 - 2);
        b[i] = (float)((i * 3) % 7 - 3);
    }
    for (int i = 0; i < N; i++) {
        h_scale[i] = (float)(i % 3 + 1);
        h_offset[i] = (float)(i - 20);
    }
    for (int r = 0; r < N; r++)
        for (int c = 0; c < N; c++) {
            float s = 0.0f;
            for (int k = 0; k < N; k++)
                s += a[r * N + k] * b[k * N + c];
            want[r * N + c] = s * h_scale[r] + h_offset[c];
        }
    float *d_a, *d_b, *d_out;
    CHECK(cudaMalloc(&d_a, sizeof a));
    CHECK(cudaMalloc(&d_b, sizeof b));
    CHECK(cudaMalloc(&d_out, sizeof a));
    CHECK(cudaMemcpy(d_a, a, sizeof a, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_b, b, sizeof b, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpyToSymbol(scale, h_scale, sizeof h_scale));
    CHECK(cudaMemcpyToSymbol(offset, h_offset, sizeof h_offset));

    // 16x16 and 16x4 are rows of 16, 32x1 a row of 32 (their own
    // builds), 16x1 has an odd blockDim.y (the general build); a copy
    // between the launches must reach them all.
    int bad = 0;
    bad |= run("rows of 16", dim3(16, 16), want, d_a, d_b, d_out);
    // before any general launch, so that rows of 32 get their own build
    float sums[N];
    scale_plus_offset<<<N / 32, 32>>>(d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(sums, d_out, sizeof sums, cudaMemcpyDeviceToHost));
    for (int i = 0; i < N; i++)
        if (sums[i] != h_scale[i] + h_offset[i]) {
            printf("rows of 32: out[%d] = %g, want %g\n", i, sums[i],
                   h_scale[i] + h_offset[i]);
            bad = 1;
        }

    bad |= run("general", dim3(16, 1), want, d_a, d_b, d_out);
    for (int i = 0; i < N; i++) {
        h_offset[i] = (float)(3 * i);
        for (int r = 0; r < N; r++)
            want[r * N + i] += h_offset[i] - (float)(i - 20);
    }
    CHECK(cudaMemcpyToSymbol(offset, h_offset, sizeof h_offset));
    bad |= run("rows of 16 after a copy", dim3(16, 4), want, d_a, d_b,
               d_out);
    bad |= run("general after a copy", dim3(16, 1), want, d_a, d_b,
               d_out);

    unsigned long long threads = 0;
    CHECK(cudaMemcpyFromSymbol(&threads, launched_threads, sizeof threads));
    unsigned long long blocks = (N / TILE) * (N / TILE);
    unsigned long long expect =
        blocks * (16 * 16 + 16 * 1 + 16 * 4 + 16 * 1) + N;
    if (threads != expect) {
        printf("launched_threads = %llu, want %llu\n", threads, expect);
        bad = 1;
    }
    CHECK(cudaFree(d_a));
    CHECK(cudaFree(d_b));
    CHECK(cudaFree(d_out));
    printf(bad ? "FAIL shape_variants\n" : "PASS shape_variants\n");
    return bad;
}
