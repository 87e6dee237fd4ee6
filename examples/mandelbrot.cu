// mandelbrot.cu: the first program a cux user runs; renders the Mandelbrot
// set on the device and writes it to examples/out/mandelbrot.ppm.
#include <cuda_runtime.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define WIDTH 1024
#define HEIGHT 768
#define MAX_ITER 256

#define CHECK(call)                                                       \
    do {                                                                  \
        cudaError_t err_ = (call);                                        \
        if (err_ != cudaSuccess) {                                        \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #call, \
                    cudaGetErrorString(err_));                            \
            exit(1);                                                      \
        }                                                                 \
    } while (0)

// A polynomial palette: smooth, needs no math library, and black inside
// the set (t == 1) so the set's shape stands out.  Most pixels escape
// within a few iterations; cubing u spreads them over more colours.
__device__ uchar3 palette(int iter)
{
    float u = 1.0f - (float)iter / MAX_ITER;
    float t = 1.0f - u * u * u;
    u = 1.0f - t;
    uchar3 c;
    c.x = (unsigned char)(9.0f * u * t * t * t * 255.0f);
    c.y = (unsigned char)(15.0f * u * u * t * t * 255.0f);
    c.z = (unsigned char)(8.5f * u * u * u * t * 255.0f);
    return c;
}

// One thread per pixel.  Neighbouring pixels escape after different
// numbers of iterations, so warps diverge: a good test of cux's masks.
__global__ void mandelbrot(uchar3 *img, int w, int h, float x0, float y0,
                           float step)
{
    int px = blockIdx.x * blockDim.x + threadIdx.x;
    int py = blockIdx.y * blockDim.y + threadIdx.y;
    if (px >= w || py >= h)
        return;
    float cr = x0 + px * step, ci = y0 + py * step;
    float zr = 0.0f, zi = 0.0f;
    int iter = 0;
    while (iter < MAX_ITER && zr * zr + zi * zi <= 4.0f) {
        float t = zr * zr - zi * zi + cr;
        zi = 2.0f * zr * zi + ci;
        zr = t;
        iter++;
    }
    img[py * w + px] = palette(iter);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void print_device(void)
{
    int dev;
    cudaDeviceProp prop;
    CHECK(cudaGetDevice(&dev));
    CHECK(cudaGetDeviceProperties(&prop, dev));
    printf("device: %s (%d multiprocessors)\n", prop.name,
           prop.multiProcessorCount);
}

static int write_ppm(const char *path, const uchar3 *img, int w, int h)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return -1;
    }
    fprintf(f, "P6\n%d %d\n255\n", w, h);
    size_t n = (size_t)w * h;
    int ok = fwrite(img, sizeof *img, n, f) == n;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

// Pixels inside the set never escape; a correct render of this view has
// a large black area, so an all-colour image means a broken kernel.
static long count_inside(const uchar3 *img, int n)
{
    long k = 0;
    for (int i = 0; i < n; i++)
        k += img[i].x == 0 && img[i].y == 0 && img[i].z == 0;
    return k;
}

// The first launch includes compiling the kernel for this machine
// (cached on disk afterwards), so it is timed apart from the second.
static void render(uchar3 *d_img, float *first_ms, float *kernel_ms)
{
    dim3 block(16, 16);
    dim3 grid((WIDTH + 15) / 16, (HEIGHT + 15) / 16);
    float step = 3.0f / WIDTH;
    cudaEvent_t start, stop;
    CHECK(cudaEventCreate(&start));
    CHECK(cudaEventCreate(&stop));
    for (int run = 0; run < 2; run++) {
        CHECK(cudaEventRecord(start));
        mandelbrot<<<grid, block>>>(d_img, WIDTH, HEIGHT, -2.25f,
                                    -step * HEIGHT / 2, step);
        CHECK(cudaGetLastError());
        CHECK(cudaEventRecord(stop));
        CHECK(cudaEventSynchronize(stop));
        CHECK(cudaEventElapsedTime(run ? kernel_ms : first_ms, start, stop));
    }
    CHECK(cudaEventDestroy(start));
    CHECK(cudaEventDestroy(stop));
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "out/mandelbrot.ppm";
    double t0 = now_ms();
    print_device();
    printf("image: %dx%d, %d iterations\n", WIDTH, HEIGHT, MAX_ITER);

    size_t bytes = (size_t)WIDTH * HEIGHT * sizeof(uchar3);
    uchar3 *d_img, *img = (uchar3 *)malloc(bytes);
    float first_ms, kernel_ms;
    CHECK(cudaMalloc(&d_img, bytes));
    render(d_img, &first_ms, &kernel_ms);
    CHECK(cudaMemcpy(img, d_img, bytes, cudaMemcpyDeviceToHost));
    CHECK(cudaFree(d_img));

    long inside = count_inside(img, WIDTH * HEIGHT);
    if (inside < WIDTH * HEIGHT / 20 || inside > WIDTH * HEIGHT / 2) {
        fprintf(stderr, "error: %ld pixels inside the set; wrong image\n",
                inside);
        return 1;
    }
    if (write_ppm(path, img, WIDTH, HEIGHT) != 0)
        return 1;
    free(img);
    printf("first launch: %.2f ms (includes the kernel's compile)\n",
           first_ms);
    printf("kernel: %.2f ms\n", kernel_ms);
    printf("total: %.2f ms\n", now_ms() - t0);
    printf("wrote %s\n", path);
    return 0;
}
