// affine_vectors.cu: values computed from the thread index by adding,
// scaling, shifting and or-ing in low bits, used as data rather than as
// addresses (stored, compared, kept across barriers, written under
// divergence), in block shapes whose warps wrap rows of different widths
// or stop short; and a work-efficient block scan through a pointer to
// shared memory, whose tree steps read and write at strides of 2, 4, ...
// elements (2 * t + 1 is an `or` in clang's PTX).  The CPU device forms
// such a value's 32 lanes from lane 0 and each lane's thread index; every
// output is compared with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL affine_vectors\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { VALUES = 6, SEG = 256 };

// Six values per thread, stored at out[VALUES * t + k] with t the thread's
// number in the block and the block's offset added.
__global__ void shapes(long long *out, int bias)
{
    __shared__ int seen[1024];
    unsigned t = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);
    long long *o = out + VALUES * ((size_t)blockIdx.x * blockDim.x * blockDim.y * blockDim.z + t);
    int a = (int)threadIdx.x * 3 - 7 + (int)threadIdx.y * 5 + bias;
    long long b = (long long)threadIdx.x * 8 + (long long)threadIdx.y * 1000 - bias;
    int c = (int)(threadIdx.x << 2) | 3;
    unsigned d = 2 * threadIdx.x + 1 + 64 * threadIdx.y;
    o[0] = a;
    o[1] = b;
    o[2] = a < 10 ? c : -c; // compared as a vector
    seen[t] = (int)d;
    __syncthreads(); // d and c live across the barrier
    o[3] = (long long)d * 3 + seen[(t + 1) % (blockDim.x * blockDim.y * blockDim.z)];
    long long e = 0;
    if (threadIdx.x & 1) // written by half of each warp
        e = (long long)threadIdx.x * 16 + c;
    else
        e = -(long long)threadIdx.y;
    o[4] = e;
    __syncthreads();
    o[5] = d + (unsigned)c;
}

static long long expect_value(int k, unsigned x, unsigned y, unsigned z,
                              unsigned bx, unsigned by, unsigned bz, int bias)
{
    unsigned n = bx * by * bz, t = x + bx * (y + by * z);
    int a = (int)x * 3 - 7 + (int)y * 5 + bias;
    long long b = (long long)x * 8 + (long long)y * 1000 - bias;
    int c = (int)(x << 2) | 3;
    unsigned d = 2 * x + 1 + 64 * y;
    unsigned u = (t + 1) % n;
    unsigned ux = u % bx, uy = (u / bx) % by;
    switch (k) {
    case 0: return a;
    case 1: return b;
    case 2: return a < 10 ? c : -c;
    case 3: return (long long)d * 3 + (int)(2 * ux + 1 + 64 * uy);
    case 4: return x & 1 ? (long long)x * 16 + c : -(long long)y;
    default: return d + (unsigned)c;
    }
}

// The exclusive scan of SEG elements by SEG / 2 threads, through a
// pointer, as scan samples write it.
__device__ void tree_scan(int *s, int t)
{
    int off = 1;
    for (int d = SEG / 2; d > 0; d /= 2) {
        __syncthreads();
        if (t < d)
            s[off * (2 * t + 2) - 1] += s[off * (2 * t + 1) - 1];
        off *= 2;
    }
    if (t == 0)
        s[SEG - 1] = 0;
    for (int d = 1; d < SEG; d *= 2) {
        off /= 2;
        __syncthreads();
        if (t < d) {
            int i = off * (2 * t + 1) - 1, j = off * (2 * t + 2) - 1;
            int v = s[i];
            s[i] = s[j];
            s[j] += v;
        }
    }
    __syncthreads();
}

__global__ void block_scan(const int *in, int *out)
{
    __shared__ int s[SEG];
    int t = threadIdx.x, base = blockIdx.x * SEG;
    s[t] = in[base + t];
    s[t + SEG / 2] = in[base + t + SEG / 2];
    tree_scan(s, t);
    out[base + t] = s[t];
    out[base + t + SEG / 2] = s[t + SEG / 2];
}

static int check_shape(unsigned bx, unsigned by, unsigned bz, int bias)
{
    const unsigned blocks = 3, n = bx * by * bz * blocks;
    long long *d_out, *out = (long long *)malloc(n * VALUES * sizeof(long long));
    CHECK(cudaMalloc(&d_out, n * VALUES * sizeof(long long)));
    shapes<<<blocks, dim3(bx, by, bz)>>>(d_out, bias);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d_out, n * VALUES * sizeof(long long),
                     cudaMemcpyDeviceToHost));
    int bad = 0;
    for (unsigned i = 0; i < n && bad < 5; i++) {
        unsigned t = i % (bx * by * bz);
        unsigned x = t % bx, y = (t / bx) % by, z = t / (bx * by);
        for (int k = 0; k < VALUES; k++) {
            long long want = expect_value(k, x, y, z, bx, by, bz, bias);
            if (out[i * VALUES + k] != want) {
                printf("block (%u,%u,%u) thread (%u,%u,%u) value %d: %lld, "
                       "expected %lld\n", bx, by, bz, x, y, z, k,
                       out[i * VALUES + k], want);
                bad++;
            }
        }
    }
    CHECK(cudaFree(d_out));
    free(out);
    return bad;
}

static int check_scan(void)
{
    const int blocks = 5, n = blocks * SEG;
    int *in = (int *)malloc(n * sizeof(int)), *out = (int *)malloc(n * sizeof(int));
    for (int i = 0; i < n; i++)
        in[i] = (i * 37 + 11) % 101 - 50;
    int *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, n * sizeof(int)));
    CHECK(cudaMalloc(&d_out, n * sizeof(int)));
    CHECK(cudaMemcpy(d_in, in, n * sizeof(int), cudaMemcpyHostToDevice));
    block_scan<<<blocks, SEG / 2>>>(d_in, d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d_out, n * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < blocks; b++) {
        int run = 0;
        for (int i = b * SEG; i < (b + 1) * SEG; i++) {
            if (out[i] != run && bad++ < 5)
                printf("scan[%d] = %d, expected %d\n", i, out[i], run);
            run += in[i];
        }
    }
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    free(in);
    free(out);
    return bad;
}

int main(void)
{
    // rows of 32, rows that wrap within a warp (48, 24), half-warp rows,
    // a third dimension, warps cut short (33 x 3)
    static const unsigned dims[][3] = {{32, 1, 1}, {64, 2, 1}, {48, 2, 1},
                                       {16, 4, 1}, {8, 8, 2}, {33, 3, 1},
                                       {24, 5, 1}, {1, 32, 2}};
    int bad = 0;
    for (unsigned i = 0; i < sizeof dims / sizeof dims[0]; i++)
        bad += check_shape(dims[i][0], dims[i][1], dims[i][2], (int)i - 3);
    bad += check_scan();
    if (bad) {
        printf("FAIL affine_vectors\n");
        return 1;
    }
    printf("PASS affine_vectors\n");
    return 0;
}
