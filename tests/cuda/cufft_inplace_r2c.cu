// cufft_inplace_r2c.cu: in-place real transforms, which need cuFFT's
// (and FFTW's) padded layout: each row of ny reals is stored in
// 2*(ny/2+1) reals so that it can hold its ny/2+1 complex values.  2D
// with cufftPlan2d, 1D batched with cufftPlan1d (batches 2*(n/2+1) reals
// apart), and 2D by cufftPlanMany with the same layout spelled out; each
// R2C against a host DFT in double, then C2R in place back to n times
// the input.  Tolerance: 1e-5 of the norm.
// cux-link: -lcufft
#include <cufft.h>
#include <cuda_runtime.h>
#include "cufft_ref.h"

// rows x n reals in rows of 2*(n/2+1), transformed along the last
// dimension only (rank 1, batch rows) or in 2D (rank 2).
static void run(int rows, int n, int rank, bool many)
{
    int half = n / 2 + 1, pitch = 2 * half;
    size_t bytes = sizeof(float) * rows * pitch;
    std::vector<float> h(rows * pitch, -7.0f), back(rows * pitch);
    std::vector<cref> img(rows * n);
    for (int x = 0; x < rows; x++)
        for (int y = 0; y < n; y++)
            img[x * n + y] = h[x * pitch + y] = (float)ref_value(x * n + y, n);
    float *d;
    cudaMalloc(&d, bytes);
    cudaMemcpy(d, h.data(), bytes, cudaMemcpyHostToDevice);
    cufftHandle fwd, inv;
    int dims[2] = {rows, n};
    if (many) {
        int inem[2] = {rows, pitch}, onem[2] = {rows, half};
        CHECK(cufftPlanMany(&fwd, 2, dims, inem, 1, rows * pitch, onem, 1,
                            rows * half, CUFFT_R2C, 1) == CUFFT_SUCCESS);
        CHECK(cufftPlanMany(&inv, 2, dims, onem, 1, rows * half, inem, 1,
                            rows * pitch, CUFFT_C2R, 1) == CUFFT_SUCCESS);
    } else if (rank == 2) {
        CHECK(cufftPlan2d(&fwd, rows, n, CUFFT_R2C) == CUFFT_SUCCESS);
        CHECK(cufftPlan2d(&inv, rows, n, CUFFT_C2R) == CUFFT_SUCCESS);
    } else {
        CHECK(cufftPlan1d(&fwd, n, CUFFT_R2C, rows) == CUFFT_SUCCESS);
        CHECK(cufftPlan1d(&inv, n, CUFFT_C2R, rows) == CUFFT_SUCCESS);
    }
    CHECK(cufftExecR2C(fwd, d, (cufftComplex *)d) == CUFFT_SUCCESS);
    std::vector<cufftComplex> spec(rows * half);
    cudaMemcpy(spec.data(), d, bytes, cudaMemcpyDeviceToHost);
    std::vector<cref> ref;
    if (rank == 2) {
        std::vector<cref> s = ref_dft(img, dims, 2, CUFFT_FORWARD);
        for (int x = 0; x < rows; x++)
            ref.insert(ref.end(), s.begin() + x * n,
                       s.begin() + x * n + half);
    } else {
        for (int x = 0; x < rows; x++) {
            std::vector<cref> one(img.begin() + x * n,
                                  img.begin() + x * n + n);
            one = ref_dft(one, &n, 1, CUFFT_FORWARD);
            ref.insert(ref.end(), one.begin(), one.begin() + half);
        }
    }
    double e = ref_error(ref, [&](size_t i) {
        return cref(spec[i].x, spec[i].y);
    });
    if (e > 1e-5)
        printf("in-place R2C %dx%d rank %d error %g\n", rows, n, rank, e);
    CHECK(e <= 1e-5);

    CHECK(cufftExecC2R(inv, (cufftComplex *)d, d) == CUFFT_SUCCESS);
    cudaMemcpy(back.data(), d, bytes, cudaMemcpyDeviceToHost);
    double scale = rank == 2 ? (double)rows * n : n;
    e = ref_error(img, [&](size_t i) {
        return cref(back[i / n * pitch + i % n] / scale, 0);
    });
    if (e > 1e-5)
        printf("in-place C2R %dx%d rank %d error %g\n", rows, n, rank, e);
    CHECK(e <= 1e-5);
    cufftDestroy(fwd);
    cufftDestroy(inv);
    cudaFree(d);
}

int main()
{
    run(16, 20, 2, false);
    run(9, 15, 2, false);
    run(5, 32, 1, false);
    run(4, 9, 1, false);
    run(12, 14, 2, true);
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
