// affine_access.cu: loads and stores whose address is a uniform part plus
// constants times threadIdx.x and threadIdx.y, in global and shared
// memory, for block shapes whose warps are one run of 32 threads in x
// (32x4, 64x1, 128x2), two runs of 16 (16x16, 16x4), or neither (48x2,
// 8x8, 24x3), with a bounds check that cuts the last blocks short: rows
// read whole (in[y][x]), one row for every row (in[0][x]), one element
// per row (in[y][0]), rows whose length is a kernel argument (read and
// written: in a 16-wide block each half-warp is a run of its own), one
// element a row whose length is a kernel argument (each half-warp of a
// 16-wide block reads one word), and the same through a shared tile.
// Each element is compared with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL affine_access\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { W = 100, H = 70, TILE = 33 };

__global__ void shapes(const float *in, float *out, int width)
{
    __shared__ float s[32][TILE];
    int tx = threadIdx.x, ty = threadIdx.y;
    int x = blockIdx.x * blockDim.x + tx, y = blockIdx.y * blockDim.y + ty;
    bool inside = x < W && y < H;
    float a = 0.0f, b = 0.0f, c = 0.0f, h = 0.0f, k = 0.0f;
    if (inside) {
        a = in[y * W + x];       // rows: x step 1, y step W
        h = in[y * width + x];   // the same, y step only known at run time
        b = in[x];               // one row for all: x step 1, y step 0
        c = in[y * W];           // one element a row: x step 0
        k = in[y * width + 1];   // the same, y step only known at run time
    }
    if (tx < 32 && ty < 32)
        s[ty][tx] = a;
    __syncthreads();
    float e = 0.0f, f = 0.0f, g = 0.0f;
    if (tx < 32 && ty < 32) {
        e = s[ty][0];            // broadcast per row of the tile
        f = s[0][tx];            // the tile's first row for every row
        g = s[ty][tx];
    }
    if (inside)
        out[y * width + x] = a + 2.0f * b + 3.0f * c + 5.0f * e + 7.0f * f +
                             11.0f * g + 13.0f * h + 17.0f * k;
}

static float value(int i)
{
    return (float)(i % 97 - 40);
}

int main()
{
    static float in[W * H], out[W * H];
    for (int i = 0; i < W * H; i++)
        in[i] = value(i);
    float *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, sizeof in));
    CHECK(cudaMalloc(&d_out, sizeof out));
    CHECK(cudaMemcpy(d_in, in, sizeof in, cudaMemcpyHostToDevice));
    const int shapes_xy[][2] = {{32, 4}, {64, 1}, {128, 2}, {16, 16},
                                {16, 4}, {48, 2}, {8, 8}, {24, 3}};
    int bad = 0;
    for (const auto &sh : shapes_xy) {
        dim3 block(sh[0], sh[1]);
        dim3 grid((W + sh[0] - 1) / sh[0], (H + sh[1] - 1) / sh[1]);
        CHECK(cudaMemset(d_out, 0, sizeof out));
        shapes<<<grid, block>>>(d_in, d_out, W);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                int tx = x % sh[0], ty = y % sh[1];
                int x0 = x - tx, y0 = y - ty; // the block's first thread
                float a = in[y * W + x], b = in[x], c = in[y * W],
                      k = in[y * W + 1];
                float e = 0, f = 0, g = 0;
                if (tx < 32 && ty < 32) {
                    // s[ty][0] and s[0][tx], zero where that thread was
                    // outside the matrix.
                    e = x0 < W ? in[y * W + x0] : 0.0f;
                    f = y0 < H ? in[y0 * W + x] : 0.0f;
                    g = a;
                }
                float want = a + 2.0f * b + 3.0f * c + 5.0f * e + 7.0f * f +
                             11.0f * g + 13.0f * a + 17.0f * k;
                if (out[y * W + x] != want && bad++ < 10)
                    printf("block %dx%d: out[%d][%d] = %g, want %g\n", sh[0],
                           sh[1], y, x, out[y * W + x], want);
            }
    }
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    if (bad) {
        printf("FAIL affine_access\n");
        return 1;
    }
    printf("PASS affine_access\n");
    return 0;
}
