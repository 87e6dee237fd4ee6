// byte_loads.cu: warps loading 8-bit values in every layout the CPU
// device treats apart: 32 consecutive bytes (read at once and widened),
// consecutive but unaligned, strided, reversed, two rows of 16 (a 16x16
// block), through shared memory, and a partial last warp; unsigned and
// signed (sign extension).  Each result is compared with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL byte_loads\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define N 4000
#define LAYOUTS 6

// out[layout * N + i] for thread i of n: the byte that layout reads,
// widened, plus the signed byte at the same place.
__device__ int pick(const unsigned char *u, const signed char *s, int layout,
                    int i)
{
    int at;
    switch (layout) {
    case 0: at = i; break;                  // consecutive
    case 1: at = i + 1; break;              // consecutive, unaligned
    case 2: at = 2 * i; break;              // every second byte
    case 3: at = N + 100 - i; break;        // reversed
    default: at = (i * 37) % (2 * N); break; // scattered
    }
    return u[at] * 1000 + s[at];
}

__global__ void flat(const unsigned char *u, const signed char *s, int *out,
                     int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    for (int layout = 0; layout < 5; layout++)
        out[layout * N + i] = pick(u, s, layout, i);
}

// A 16x16 block: each warp is two rows of 16 consecutive bytes; the
// bytes also pass through shared memory.
__global__ void tiled(const unsigned char *u, const signed char *s, int *out,
                      int width)
{
    __shared__ unsigned char tile[16][17];
    int x = blockIdx.x * 16 + threadIdx.x, y = blockIdx.y * 16 + threadIdx.y;
    tile[threadIdx.y][threadIdx.x] = u[y * width + x];
    __syncthreads();
    int i = y * width + x;
    out[5 * N + i] = tile[threadIdx.y][threadIdx.x] * 1000 + s[i];
}

int main()
{
    static unsigned char u[2 * N + 200];
    static signed char s[2 * N + 200];
    for (int i = 0; i < 2 * N + 200; i++) {
        u[i] = (unsigned char)(i * 29 + 7);
        s[i] = (signed char)(i * 53 - 11);
    }
    unsigned char *du;
    signed char *ds;
    int *dout;
    CHECK(cudaMalloc(&du, sizeof u));
    CHECK(cudaMalloc(&ds, sizeof s));
    CHECK(cudaMalloc(&dout, LAYOUTS * N * sizeof(int)));
    CHECK(cudaMemcpy(du, u, sizeof u, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(ds, s, sizeof s, cudaMemcpyHostToDevice));
    CHECK(cudaMemset(dout, 0, LAYOUTS * N * sizeof(int)));
    const int n = N - 7; // the last warp is partial
    flat<<<(n + 127) / 128, 128>>>(du, ds, dout, n);
    CHECK(cudaGetLastError());
    const int width = 64; // 64 x 62 bytes in 16x16 tiles: 3968 <= N
    tiled<<<dim3(width / 16, 62 / 16), dim3(16, 16)>>>(du, ds, dout, width);
    CHECK(cudaGetLastError());
    static int out[LAYOUTS * N];
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int layout = 0; layout < 5; layout++)
        for (int i = 0; i < N; i++) {
            int at = layout == 0 ? i : layout == 1 ? i + 1
                   : layout == 2 ? 2 * i : layout == 3 ? N + 100 - i
                   : (i * 37) % (2 * N);
            int want = i < n ? u[at] * 1000 + s[at] : 0;
            if (out[layout * N + i] != want && bad++ < 5)
                printf("layout %d thread %d: got %d, want %d\n", layout, i,
                       out[layout * N + i], want);
        }
    for (int i = 0; i < N; i++) {
        int want = i < width * 48 ? u[i] * 1000 + s[i] : 0;
        if (out[5 * N + i] != want && bad++ < 10)
            printf("tiled %d: got %d, want %d\n", i, out[5 * N + i], want);
    }
    CHECK(cudaFree(du));
    CHECK(cudaFree(ds));
    CHECK(cudaFree(dout));
    if (bad) {
        printf("FAIL byte_loads (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS byte_loads\n");
    return 0;
}
