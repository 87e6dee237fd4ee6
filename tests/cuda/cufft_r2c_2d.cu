// cufft_r2c_2d.cu: a 2D real-to-complex / complex-to-real program as a
// new cuFFT user writes it: smooth an image by filtering it in the
// frequency domain.  cufftPlan2d for R2C and C2R, a kernel that weights
// each of the nx * (ny/2+1) frequencies and divides by nx * ny (cuFFT
// does not normalise), then back to real.  The spectrum is compared with
// a host DFT in double, and the filtered image with the same filter done
// on the host; even and odd ny, and an image large enough for FFTW's
// threads.  Tolerance: 1e-5 of the norm.
// cux-link: -lcufft
#include <cufft.h>
#include <cuda_runtime.h>
#include "cufft_ref.h"

// A signed frequency index: k for k <= n/2, k - n above.
__host__ __device__ static int freq(int k, int n)
{
    return k <= n / 2 ? k : k - n;
}

__host__ __device__ static float weight(int kx, int ky, int nx, int ny)
{
    float fx = (float)freq(kx, nx) / nx, fy = (float)freq(ky, ny) / ny;
    return 1.0f / (1.0f + 40.0f * (fx * fx + fy * fy));
}

__global__ void filter(cufftComplex *spec, int nx, int ny)
{
    int half = ny / 2 + 1;
    int ky = blockIdx.x * blockDim.x + threadIdx.x, kx = blockIdx.y;
    if (ky >= half)
        return;
    float w = weight(kx, ky, nx, ny) / (float)(nx * ny);
    cufftComplex c = spec[kx * half + ky];
    c.x *= w;
    c.y *= w;
    spec[kx * half + ky] = c;
}

static void image(int nx, int ny)
{
    int half = ny / 2 + 1, dims[2] = {nx, ny};
    std::vector<float> img(nx * ny), out(nx * ny);
    std::vector<cref> full(nx * ny);
    for (int i = 0; i < nx * ny; i++) {
        img[i] = (float)ref_value(i, nx);
        full[i] = img[i];
    }
    std::vector<cref> spec = ref_dft(full, dims, 2, CUFFT_FORWARD);

    float *d_img;
    cufftComplex *d_spec;
    cudaMalloc(&d_img, sizeof(float) * nx * ny);
    cudaMalloc(&d_spec, sizeof(cufftComplex) * nx * half);
    cudaMemcpy(d_img, img.data(), sizeof(float) * nx * ny,
               cudaMemcpyHostToDevice);
    cufftHandle fwd, inv;
    CHECK(cufftPlan2d(&fwd, nx, ny, CUFFT_R2C) == CUFFT_SUCCESS);
    CHECK(cufftPlan2d(&inv, nx, ny, CUFFT_C2R) == CUFFT_SUCCESS);
    CHECK(cufftExecR2C(fwd, d_img, d_spec) == CUFFT_SUCCESS);

    // the half spectrum: columns 0 .. ny/2 of the full one
    std::vector<cufftComplex> hs(nx * half);
    cudaMemcpy(hs.data(), d_spec, sizeof(cufftComplex) * nx * half,
               cudaMemcpyDeviceToHost);
    std::vector<cref> want(nx * half);
    for (int x = 0; x < nx; x++)
        for (int y = 0; y < half; y++)
            want[x * half + y] = spec[x * ny + y];
    double e = ref_error(want, [&](size_t i) {
        return cref(hs[i].x, hs[i].y);
    });
    if (e > 1e-5)
        printf("%dx%d R2C error %g\n", nx, ny, e);
    CHECK(e <= 1e-5);

    dim3 grid((half + 63) / 64, nx);
    filter<<<grid, 64>>>(d_spec, nx, ny);
    CHECK(cufftExecC2R(inv, d_spec, d_img) == CUFFT_SUCCESS);
    cudaMemcpy(out.data(), d_img, sizeof(float) * nx * ny,
               cudaMemcpyDeviceToHost);

    for (int x = 0; x < nx; x++)
        for (int y = 0; y < ny; y++)
            spec[x * ny + y] *= weight(x, y, nx, ny) / (double)(nx * ny);
    std::vector<cref> smooth = ref_dft(spec, dims, 2, CUFFT_INVERSE);
    e = ref_error(smooth, [&](size_t i) { return cref(out[i], 0); });
    if (e > 1e-5)
        printf("%dx%d filtered image error %g\n", nx, ny, e);
    CHECK(e <= 1e-5);

    cufftDestroy(fwd);
    cufftDestroy(inv);
    cudaFree(d_img);
    cudaFree(d_spec);
}

int main()
{
    image(48, 60);
    image(33, 45);
    image(1, 16);
    image(256, 192); // large enough to run on FFTW's threads

    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
