// box_filter_bounds.cu: a 5x5 box filter that skips the taps outside the
// image, as a new user writes it.  clang computes each row's index on
// both sides of the edge tests (`x > 1`, `x > 0`, ...), so the index is
// written where only part of the warp runs and read after the sides
// meet; the CPU device reads it as one run per row where the whole warp
// is inside.  Widths that are not multiples of the block's, blocks 32
// and 16 wide, and a pitch larger than the width; every pixel is
// compared with the host's (sums of small integers, exact in float).
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL box_filter_bounds\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void box(int w, int h, int pitch, const float *in, float *out)
{
    int x = blockIdx.x * blockDim.x + threadIdx.x;
    int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x >= w || y >= h)
        return;
    float s = 0.0f;
    int c = 0;
    for (int dy = -2; dy <= 2; dy++)
        for (int dx = -2; dx <= 2; dx++) {
            int xx = x + dx, yy = y + dy;
            if (xx >= 0 && xx < w && yy >= 0 && yy < h) {
                s += in[yy * pitch + xx];
                c++;
            }
        }
    out[y * pitch + x] = s / c;
}

static float host_box(int w, int h, int pitch, const float *in, int x, int y)
{
    float s = 0.0f;
    int c = 0;
    for (int dy = -2; dy <= 2; dy++)
        for (int dx = -2; dx <= 2; dx++) {
            int xx = x + dx, yy = y + dy;
            if (xx >= 0 && xx < w && yy >= 0 && yy < h) {
                s += in[yy * pitch + xx];
                c++;
            }
        }
    return s / c;
}

int main()
{
    const int sizes[][3] = {{100, 37, 100}, {64, 20, 80}, {33, 9, 40}};
    const int blocks[][2] = {{32, 8}, {16, 16}, {64, 2}};
    int bad = 0;
    for (const auto &sz : sizes) {
        int w = sz[0], h = sz[1], pitch = sz[2];
        size_t bytes = (size_t)pitch * h * sizeof(float);
        float *in = (float *)malloc(bytes), *out = (float *)malloc(bytes);
        for (int i = 0; i < pitch * h; i++)
            in[i] = (float)((i * 7) % 23);
        float *d_in, *d_out;
        CHECK(cudaMalloc(&d_in, bytes));
        CHECK(cudaMalloc(&d_out, bytes));
        CHECK(cudaMemcpy(d_in, in, bytes, cudaMemcpyHostToDevice));
        for (const auto &b : blocks) {
            CHECK(cudaMemset(d_out, 0, bytes));
            dim3 block(b[0], b[1]);
            dim3 grid((w + b[0] - 1) / b[0], (h + b[1] - 1) / b[1]);
            box<<<grid, block>>>(w, h, pitch, d_in, d_out);
            CHECK(cudaGetLastError());
            CHECK(cudaMemcpy(out, d_out, bytes, cudaMemcpyDeviceToHost));
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    float want = host_box(w, h, pitch, in, x, y);
                    if (out[y * pitch + x] != want && bad++ < 10)
                        printf("%dx%d image, %dx%d blocks: out[%d][%d] = %g, "
                               "want %g\n", w, h, b[0], b[1], y, x,
                               out[y * pitch + x], want);
                }
        }
        CHECK(cudaFree(d_in));
        CHECK(cudaFree(d_out));
        free(in);
        free(out);
    }
    if (bad) {
        printf("FAIL box_filter_bounds\n");
        return 1;
    }
    printf("PASS box_filter_bounds\n");
    return 0;
}
