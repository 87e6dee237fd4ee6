// local_array_sizes.cu: per-thread local arrays of 1, 2, 4, 8 and 16-byte
// elements and a mixed struct, indexed by lane-varying and uniform indices.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL local_array_sizes\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

typedef unsigned long long u64;

// int4 is the 16-byte element (16-byte aligned, vector loads and stores).
struct Mixed { char c; short s; int i; double d; float f; unsigned char u; };

// mk: an element made from seed v; fold: an element as 64 bits (exact:
// float values are small integers or halves); bump: a read-modify-write
// that touches part of the element.
__host__ __device__ inline void mk(char &x, unsigned v) { x = (char)(v * 37u); }
__host__ __device__ inline void mk(short &x, unsigned v) { x = (short)(v * 40503u); }
__host__ __device__ inline void mk(int &x, unsigned v) { x = (int)(v * 2654435761u); }
__host__ __device__ inline void mk(float &x, unsigned v) { x = (float)(int)(v & 4095u) - 2000.0f; }
__host__ __device__ inline void mk(long long &x, unsigned v)
{ x = (long long)((u64)(v + 1) * 0x9E3779B97F4A7C15ull); }
__host__ __device__ inline void mk(double &x, unsigned v) { x = (double)(v & 0xffffu) * 0.5 - 1000.0; }
__host__ __device__ inline void mk(int4 &x, unsigned v)
{ x.x = (int)v; x.y = (int)(v * 3u); x.z = (int)~v; x.w = (int)(v ^ 0x5a5a5a5au); }
__host__ __device__ inline void mk(Mixed &x, unsigned v)
{ x.c = (char)v; x.s = (short)(v * 7u); x.i = (int)(v * 2246822519u); x.d = (double)(v & 4095u) * 0.125; x.f = (float)(v & 511u); x.u = (unsigned char)(v >> 3); }

__host__ __device__ inline u64 fold(char x) { return (u64)(long long)x; }
__host__ __device__ inline u64 fold(short x) { return (u64)(long long)x; }
__host__ __device__ inline u64 fold(int x) { return (u64)(long long)x; }
__host__ __device__ inline u64 fold(float x) { return (u64)(long long)(x * 4.0f); }
__host__ __device__ inline u64 fold(long long x) { return (u64)x; }
__host__ __device__ inline u64 fold(double x) { return (u64)(long long)(x * 8.0); }
__host__ __device__ inline u64 fold(const int4 &x)
{ return (u64)(unsigned)x.x ^ ((u64)(unsigned)x.y << 13) ^ ((u64)(unsigned)x.z << 27) ^ ((u64)(unsigned)x.w << 41); }
__host__ __device__ inline u64 fold(const Mixed &x)
{ return fold(x.c) ^ (fold(x.s) << 5) ^ (fold(x.i) << 11) ^ (fold(x.d) << 19) ^ (fold(x.f) << 29) ^ ((u64)x.u << 43); }

__host__ __device__ inline void bump(char &x, unsigned v) { x += (char)(v | 1); }
__host__ __device__ inline void bump(short &x, unsigned v) { x ^= (short)(v * 9u + 1); }
__host__ __device__ inline void bump(int &x, unsigned v) { x = (int)((unsigned)x * 3u + v); }
__host__ __device__ inline void bump(float &x, unsigned v) { x += (float)(v & 7u) - 3.0f; }
__host__ __device__ inline void bump(long long &x, unsigned v) { x = (long long)(((u64)x << 1) ^ v); }
__host__ __device__ inline void bump(double &x, unsigned v) { x -= (double)(v & 15u) * 0.5; }
__host__ __device__ inline void bump(int4 &x, unsigned v) { x.z = (int)((unsigned)x.z + v); }
__host__ __device__ inline void bump(Mixed &x, unsigned v) { x.s += (short)v; x.u ^= (unsigned char)v; }

#define NV 4      // checks per thread
#define N0 8      // elements of the array that clang unrolls over
#define N 12      // elements per array: not a power of two
#define NIDX 61   // entries of the index table in global memory

__host__ __device__ inline u64 mix(u64 h, u64 v) { return h * 1000003ull + v; }

// lane_work: four ways of writing and reading a local array, one result
// each.  tid is the thread's index in its block, bid the block's index in
// the grid (warp-uniform), idx a table of non-negative indices.
template <class T>
__host__ __device__ void lane_work(int tid, int bid, const int *idx, u64 *out)
{
    unsigned seed = (unsigned)(tid * 131 + bid * 7919 + 1);

    {   // 0: clang unrolls: written in order, read at lane-varying indices
        T a[N0];
        for (int k = 0; k < N0; k++)
            mk(a[k], seed + k);
        u64 h = 0;
        for (int k = 0; k < N0; k++)
            h = mix(h, fold(a[(tid * 7 + k * 5) & (N0 - 1)]));
        out[0] = h;
    }
    {   // 1: no unrolling; written at a lane-varying permutation, read in order
        T a[N];
#pragma unroll 1
        for (int k = 0; k < N; k++)
            mk(a[(k * 5 + tid) % N], seed ^ (unsigned)(k * 977));
        u64 h = 0;
#pragma unroll 1
        for (int k = 0; k < N; k++)
            h = mix(h, fold(a[k]));
        out[1] = h;
    }
    {   // 2: partial writes: only some lanes write, under divergence
        T a[N];
#pragma unroll 1
        for (int k = 0; k < N; k++)
            mk(a[k], seed + 100 + k);
#pragma unroll 1
        for (int k = 0; k < N; k++)
            if (((tid >> (k & 3)) + k) % 3 == 0)
                mk(a[(k * 7 + tid) % N], seed * 5 + k);
#pragma unroll 1
        for (int k = 0; k < N; k++)
            if (tid & 4)
                bump(a[k], (unsigned)k);
        u64 h = 0;
#pragma unroll 1
        for (int k = 0; k < N; k++)
            h = mix(h, fold(a[k]));
        out[2] = h;
    }
    {   // 3: read-modify-write at indices from memory, divergent extra writes
        T a[N];
#pragma unroll 1
        for (int k = 0; k < N; k++)
            mk(a[k], seed + 7 * k);
#pragma unroll 1
        for (int r = 0; r < 3 * N; r++) {
            int j = idx[(r + tid) % NIDX] % N;
            bump(a[j], (unsigned)r);
            if (tid & 1)
                bump(a[(j + 1) % N], (unsigned)(r * 5));
        }
        u64 h = 0;
#pragma unroll 1
        for (int k = 0; k < N; k++)
            h = mix(h, fold(a[k]));
        out[3] = h;
    }
}

template <class T>
__global__ void kern(const int *idx, u64 *out)
{
    int tid = threadIdx.x + threadIdx.y * blockDim.x;
    int bid = blockIdx.x + blockIdx.y * gridDim.x;
    int nt = blockDim.x * blockDim.y;
    lane_work<T>(tid, bid, idx, out + (size_t)(bid * nt + tid) * NV);
}

static int h_idx[NIDX];
static int *d_idx;

template <class T>
static int check(const char *tname)
{
    struct { dim3 g, b; } shapes[3] = {
        { dim3(3), dim3(128) }, { dim3(2, 2), dim3(16, 8) }, { dim3(2), dim3(100) } };
    int bad = 0;
    for (int s = 0; s < 3; s++) {
        int nb = shapes[s].g.x * shapes[s].g.y;
        int nt = shapes[s].b.x * shapes[s].b.y;
        size_t n = (size_t)nb * nt * NV;
        u64 *out = (u64 *)malloc(n * sizeof(u64)), *d_out;
        CHECK(cudaMalloc(&d_out, n * sizeof(u64)));
        CHECK(cudaMemset(d_out, 0, n * sizeof(u64)));
        kern<T><<<shapes[s].g, shapes[s].b>>>(d_idx, d_out);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(out, d_out, n * sizeof(u64), cudaMemcpyDeviceToHost));
        for (int bid = 0; bid < nb; bid++)
            for (int tid = 0; tid < nt; tid++) {
                u64 want[NV];
                lane_work<T>(tid, bid, h_idx, want);
                const u64 *got = out + (size_t)(bid * nt + tid) * NV;
                for (int v = 0; v < NV; v++)
                    if (got[v] != want[v] && bad++ < 6)
                        printf("%s shape %d block %d thread %d check %d: "
                               "got %016llx, expected %016llx\n", tname, s,
                               bid, tid, v, got[v], want[v]);
            }
        CHECK(cudaFree(d_out));
        free(out);
    }
    return bad;
}

int main()
{
    for (int i = 0; i < NIDX; i++)
        h_idx[i] = (i * 37 + 11) % 97;
    CHECK(cudaMalloc(&d_idx, sizeof(h_idx)));
    CHECK(cudaMemcpy(d_idx, h_idx, sizeof(h_idx), cudaMemcpyHostToDevice));
    int bad = 0;
    bad += check<char>("char");
    bad += check<short>("short");
    bad += check<int>("int");
    bad += check<float>("float");
    bad += check<long long>("long long");
    bad += check<double>("double");
    bad += check<int4>("int4");
    bad += check<Mixed>("Mixed");
    CHECK(cudaFree(d_idx));
    if (bad) {
        printf("%d mismatches\nFAIL local_array_sizes\n", bad);
        return 1;
    }
    printf("PASS local_array_sizes\n");
    return 0;
}
