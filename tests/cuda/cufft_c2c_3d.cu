// cufft_c2c_3d.cu: 3D complex transforms in single precision with
// cufftPlan3d (nx slowest, nz fastest, C order): forward against a host
// DFT in double, inverse out of place back to nx*ny*nz times the input
// (cuFFT does not normalise).  Tolerance: 1e-5 of the norm.
// cux-link: -lcufft
#include <cufft.h>
#include <cuda_runtime.h>
#include "cufft_ref.h"

static void volume(int nx, int ny, int nz)
{
    int dims[3] = {nx, ny, nz}, total = nx * ny * nz;
    std::vector<cufftComplex> h(total), back(total);
    std::vector<cref> in(total);
    for (int i = 0; i < total; i++) {
        h[i].x = (float)ref_value(i, 3);
        h[i].y = (float)ref_value(i, 4);
        in[i] = cref(h[i].x, h[i].y);
    }
    std::vector<cref> ref = ref_dft(in, dims, 3, CUFFT_FORWARD);
    size_t bytes = total * sizeof(cufftComplex);
    cufftComplex *a, *b;
    cudaMalloc(&a, bytes);
    cudaMalloc(&b, bytes);
    cudaMemcpy(a, h.data(), bytes, cudaMemcpyHostToDevice);
    cufftHandle plan;
    CHECK(cufftPlan3d(&plan, nx, ny, nz, CUFFT_C2C) == CUFFT_SUCCESS);
    CHECK(cufftExecC2C(plan, a, b, CUFFT_FORWARD) == CUFFT_SUCCESS);
    cudaMemcpy(back.data(), b, bytes, cudaMemcpyDeviceToHost);
    double e = ref_error(ref, [&](size_t i) {
        return cref(back[i].x, back[i].y);
    });
    if (e > 1e-5)
        printf("%dx%dx%d forward error %g\n", nx, ny, nz, e);
    CHECK(e <= 1e-5);

    CHECK(cufftExecC2C(plan, b, a, CUFFT_INVERSE) == CUFFT_SUCCESS);
    cudaMemcpy(back.data(), a, bytes, cudaMemcpyDeviceToHost);
    for (int i = 0; i < total; i++)
        in[i] *= (double)total;
    e = ref_error(in, [&](size_t i) { return cref(back[i].x, back[i].y); });
    if (e > 1e-5)
        printf("%dx%dx%d round trip error %g\n", nx, ny, nz, e);
    CHECK(e <= 1e-5);
    cufftDestroy(plan);
    cudaFree(a);
    cudaFree(b);
}

int main()
{
    volume(8, 12, 10);
    volume(5, 7, 16);
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
