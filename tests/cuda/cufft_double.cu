// cufft_double.cu: the double-precision transforms: Z2Z 1D batched
// (forward out of place, inverse in place), D2Z and Z2D in 3D with
// cufftPlan3d, each against a host DFT in double.  Tolerance: 1e-12 of
// the norm.
// cux-link: -lcufft
#include <cufft.h>
#include <cuda_runtime.h>
#include "cufft_ref.h"

static void z2z(int n, int batch)
{
    int total = n * batch;
    size_t bytes = total * sizeof(cufftDoubleComplex);
    std::vector<cufftDoubleComplex> h(total), out(total);
    std::vector<cref> ref, orig;
    for (int i = 0; i < total; i++) {
        h[i] = make_cuDoubleComplex(ref_value(i, 21), ref_value(i, 22));
        orig.push_back(cref(h[i].x, h[i].y) * (double)n);
    }
    for (int b = 0; b < batch; b++) {
        std::vector<cref> one(n);
        for (int i = 0; i < n; i++)
            one[i] = cref(h[b * n + i].x, h[b * n + i].y);
        one = ref_dft(one, &n, 1, CUFFT_FORWARD);
        ref.insert(ref.end(), one.begin(), one.end());
    }
    cufftDoubleComplex *a, *b;
    cudaMalloc(&a, bytes);
    cudaMalloc(&b, bytes);
    cudaMemcpy(a, h.data(), bytes, cudaMemcpyHostToDevice);
    cufftHandle plan;
    CHECK(cufftPlan1d(&plan, n, CUFFT_Z2Z, batch) == CUFFT_SUCCESS);
    CHECK(cufftExecZ2Z(plan, a, b, CUFFT_FORWARD) == CUFFT_SUCCESS);
    cudaMemcpy(out.data(), b, bytes, cudaMemcpyDeviceToHost);
    double e = ref_error(ref, [&](size_t i) {
        return cref(out[i].x, out[i].y);
    });
    if (e > 1e-12)
        printf("Z2Z n=%d error %g\n", n, e);
    CHECK(e <= 1e-12);
    CHECK(cufftExecZ2Z(plan, b, b, CUFFT_INVERSE) == CUFFT_SUCCESS);
    cudaMemcpy(out.data(), b, bytes, cudaMemcpyDeviceToHost);
    e = ref_error(orig, [&](size_t i) { return cref(out[i].x, out[i].y); });
    if (e > 1e-12)
        printf("Z2Z n=%d round trip error %g\n", n, e);
    CHECK(e <= 1e-12);
    cufftDestroy(plan);
    cudaFree(a);
    cudaFree(b);
}

// D2Z then Z2D of a 3D volume: the half spectrum against the host DFT,
// and back to nx*ny*nz times the input.
static void d2z_3d(int nx, int ny, int nz)
{
    int dims[3] = {nx, ny, nz}, total = nx * ny * nz, half = nz / 2 + 1;
    int ctotal = nx * ny * half;
    std::vector<double> h(total), back(total);
    std::vector<cref> full(total);
    for (int i = 0; i < total; i++)
        full[i] = h[i] = ref_value(i, 23);
    std::vector<cref> spec = ref_dft(full, dims, 3, CUFFT_FORWARD), ref;
    for (int i = 0; i < nx * ny; i++)
        for (int z = 0; z < half; z++)
            ref.push_back(spec[i * nz + z]);
    double *r;
    cufftDoubleComplex *c;
    cudaMalloc(&r, total * sizeof(double));
    cudaMalloc(&c, ctotal * sizeof(cufftDoubleComplex));
    cudaMemcpy(r, h.data(), total * sizeof(double), cudaMemcpyHostToDevice);
    cufftHandle fwd, inv;
    CHECK(cufftPlan3d(&fwd, nx, ny, nz, CUFFT_D2Z) == CUFFT_SUCCESS);
    CHECK(cufftPlan3d(&inv, nx, ny, nz, CUFFT_Z2D) == CUFFT_SUCCESS);
    CHECK(cufftExecD2Z(fwd, r, c) == CUFFT_SUCCESS);
    std::vector<cufftDoubleComplex> hc(ctotal);
    cudaMemcpy(hc.data(), c, ctotal * sizeof(cufftDoubleComplex),
               cudaMemcpyDeviceToHost);
    double e = ref_error(ref, [&](size_t i) {
        return cref(hc[i].x, hc[i].y);
    });
    if (e > 1e-12)
        printf("D2Z %dx%dx%d error %g\n", nx, ny, nz, e);
    CHECK(e <= 1e-12);
    CHECK(cufftExecZ2D(inv, c, r) == CUFFT_SUCCESS);
    cudaMemcpy(back.data(), r, total * sizeof(double),
               cudaMemcpyDeviceToHost);
    for (auto &v : full)
        v *= (double)total;
    e = ref_error(full, [&](size_t i) { return cref(back[i], 0); });
    if (e > 1e-12)
        printf("Z2D %dx%dx%d error %g\n", nx, ny, nz, e);
    CHECK(e <= 1e-12);
    cufftDestroy(fwd);
    cufftDestroy(inv);
    cudaFree(r);
    cudaFree(c);
}

int main()
{
    z2z(128, 3);
    z2z(45, 2);
    d2z_3d(6, 8, 10);
    d2z_3d(3, 5, 7);
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
