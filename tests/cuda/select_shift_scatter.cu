// select_shift_scatter.cu: selections (selp) of every lane width with
// predicates that split each warp, shifts by constant amounts of signed
// and unsigned values of 16, 32 and 64 bits (the C operator, where the
// amount needs no clamp), `threadIdx.x >> 5` and `& 31` as a warp's
// shuffle scan computes its warp and lane, and stores by a few lanes of
// a warp to addresses of their own.  Checked against host loops.
#include <cstdio>

enum { N = 5000, BLOCK = 192 }; /* N is no multiple of 13 or of BLOCK */

__host__ __device__ int int_of(int i) { return (i * 7919) % 2003 - 1001; }
__host__ __device__ long long long_of(int i)
{
    return (long long)int_of(i) * 3000000007LL;
}

struct out_t {
    int i32;
    long long i64;
    float f32;
    double f64;
    short i16;
    unsigned u32;
    unsigned long long u64;
    int warp_lane;
};

__global__ void kernel(out_t *out, int *scattered, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    int a = int_of(i);
    long long b = long_of(i);
    bool p = (a & 3) == 1; /* a few lanes of each warp */
    out_t o;
    o.i32 = p ? a : -3 * a;
    o.i64 = p ? b : b >> 7;
    o.f32 = p ? (float)a * 0.5f : -(float)a;
    o.f64 = p ? (double)b * 2.0 : (double)a;
    short h = (short)a;
    o.i16 = p ? h : (short)(h >> 3);
    unsigned u = (unsigned)a;
    o.u32 = (u >> 5) ^ (u << 7) ^ (u >> 31) ^ (unsigned)(a >> 4);
    unsigned long long w = (unsigned long long)b;
    o.u64 = (w >> 33) ^ (w << 12) ^ (unsigned long long)(b >> 63);
    o.warp_lane = (int)(threadIdx.x >> 5) * 100 + (int)(threadIdx.x & 31);
    out[i] = o;
    if (i % 7 == 3) /* distinct places: 13 and n share no factor */
        scattered[(i * 13) % n] = i;
}

int main()
{
    out_t *out;
    int *scattered;
    cudaMalloc(&out, N * sizeof(out_t));
    cudaMalloc(&scattered, N * sizeof(int));
    cudaMemset(scattered, 0xff, N * sizeof(int));
    kernel<<<(N + BLOCK - 1) / BLOCK, BLOCK>>>(out, scattered, N);
    cudaError_t err = cudaDeviceSynchronize();
    if (err != cudaSuccess) {
        printf("FAIL: %s\n", cudaGetErrorString(err));
        return 1;
    }
    static out_t got[N];
    static int places[N];
    cudaMemcpy(got, out, sizeof got, cudaMemcpyDeviceToHost);
    cudaMemcpy(places, scattered, sizeof places, cudaMemcpyDeviceToHost);
    int bad = 0;
    for (int i = 0; i < N && bad < 10; i++) {
        int a = int_of(i);
        long long b = long_of(i);
        bool p = (a & 3) == 1;
        short h = (short)a;
        unsigned u = (unsigned)a;
        unsigned long long w = (unsigned long long)b;
        int t = i % BLOCK;
        out_t want = {p ? a : -3 * a,
                      p ? b : b >> 7,
                      p ? (float)a * 0.5f : -(float)a,
                      p ? (double)b * 2.0 : (double)a,
                      p ? h : (short)(h >> 3),
                      (u >> 5) ^ (u << 7) ^ (u >> 31) ^ (unsigned)(a >> 4),
                      (w >> 33) ^ (w << 12) ^ (unsigned long long)(b >> 63),
                      (t >> 5) * 100 + (t & 31)};
        const out_t &g = got[i];
        if (g.i32 != want.i32 || g.i64 != want.i64 || g.f32 != want.f32 ||
            g.f64 != want.f64 || g.i16 != want.i16 || g.u32 != want.u32 ||
            g.u64 != want.u64 || g.warp_lane != want.warp_lane) {
            printf("FAIL: thread %d: got %d %lld %g %g %d %u %llu %d\n", i,
                   g.i32, g.i64, g.f32, g.f64, g.i16, g.u32, g.u64,
                   g.warp_lane);
            bad++;
        }
    }
    for (int i = 0; i < N && bad < 10; i++) {
        int want = i % 7 == 3 ? i : -1;
        if (places[(i * 13) % N] != want) {
            printf("FAIL: place %d holds %d, expected %d\n", (i * 13) % N,
                   places[(i * 13) % N], want);
            bad++;
        }
    }
    cudaFree(out);
    cudaFree(scattered);
    if (bad)
        return 1;
    printf("PASS\n");
    return 0;
}
