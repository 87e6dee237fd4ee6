// mandelbrot.cu: a 96x64 Mandelbrot tile, each lane iterating a different
// number of times (a divergent loop); fixed-point integer arithmetic keeps
// the device and host results bit-identical.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL mandelbrot\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define W 96
#define H 64
#define FRAC 24
#define MAXIT 300

__host__ __device__ int escape(int px, int py)
{
    long long one = 1ll << FRAC;
    long long cx = -2 * one + px * (3 * one / W);
    long long cy = -one + py * (2 * one / H);
    long long x = 0, y = 0;
    int it = 0;
    while (it < MAXIT) {
        long long xx = (x * x) >> FRAC, yy = (y * y) >> FRAC;
        if (xx + yy > 4 * one)
            break;
        long long xy = (x * y) >> FRAC;
        x = xx - yy + cx;
        y = 2 * xy + cy;
        it++;
    }
    return it;
}

__global__ void tile(int *out)
{
    int px = blockIdx.x * blockDim.x + threadIdx.x;
    int py = blockIdx.y * blockDim.y + threadIdx.y;
    if (px < W && py < H)
        out[py * W + px] = escape(px, py);
}

int main()
{
    int *out = (int *)malloc(W * H * sizeof(int)), *d;
    CHECK(cudaMalloc(&d, W * H * sizeof(int)));
    tile<<<dim3(W / 32, H / 8), dim3(32, 8)>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d, W * H * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0, inside = 0;
    for (int py = 0; py < H; py++)
        for (int px = 0; px < W; px++) {
            int want = escape(px, py);
            inside += want == MAXIT;
            if (out[py * W + px] != want && bad++ < 5)
                printf("(%d,%d): %d iterations, expected %d\n", px, py,
                       out[py * W + px], want);
        }
    CHECK(cudaFree(d));
    free(out);
    if (bad || inside == 0 || inside == W * H) {
        printf("FAIL mandelbrot (%d wrong, %d inside)\n", bad, inside);
        return 1;
    }
    printf("PASS mandelbrot\n");
    return 0;
}
