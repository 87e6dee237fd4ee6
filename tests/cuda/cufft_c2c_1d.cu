// cufft_c2c_1d.cu: 1D complex transforms in single precision, batched,
// for sizes FFTW computes by different algorithms (power of 2, mixed
// radix, prime): forward out of place against a host DFT in double, then
// inverse in place, which cuFFT leaves unnormalised, scaled back by a
// kernel as a user would and compared with the input; then one plan run
// on arrays that start one element past an allocation (not SIMD-aligned,
// which FFTW plans for separately) and on aligned ones in turn.
// Tolerance: 1e-5 of the norm (single precision, O(log n) growth).
// cux-link: -lcufft
#include <cufft.h>
#include <cuda_runtime.h>
#include "cufft_ref.h"

__global__ void scale(cufftComplex *v, int count, float s)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < count) {
        v[i].x *= s;
        v[i].y *= s;
    }
}

static void one_size(int n, int batch)
{
    int total = n * batch;
    std::vector<cufftComplex> h(total), back(total);
    std::vector<cref> ref(total);
    for (int i = 0; i < total; i++) {
        h[i].x = (float)ref_value(i, n);
        h[i].y = (float)ref_value(i, n + 1);
    }
    for (int b = 0; b < batch; b++) {
        std::vector<cref> one(n);
        for (int i = 0; i < n; i++)
            one[i] = cref(h[b * n + i].x, h[b * n + i].y);
        one = ref_dft(one, &n, 1, CUFFT_FORWARD);
        for (int i = 0; i < n; i++)
            ref[b * n + i] = one[i];
    }
    cufftComplex *in, *out;
    cudaMalloc(&in, total * sizeof(cufftComplex));
    cudaMalloc(&out, total * sizeof(cufftComplex));
    cudaMemcpy(in, h.data(), total * sizeof(cufftComplex),
               cudaMemcpyHostToDevice);
    cufftHandle plan;
    CHECK(cufftPlan1d(&plan, n, CUFFT_C2C, batch) == CUFFT_SUCCESS);
    CHECK(cufftExecC2C(plan, in, out, CUFFT_FORWARD) == CUFFT_SUCCESS);
    cudaMemcpy(back.data(), out, total * sizeof(cufftComplex),
               cudaMemcpyDeviceToHost);
    double e = ref_error(ref, [&](size_t i) {
        return cref(back[i].x, back[i].y);
    });
    if (e > 1e-5)
        printf("n=%d forward error %g\n", n, e);
    CHECK(e <= 1e-5);

    // inverse in place, then 1/n by a kernel: the input again
    CHECK(cufftExecC2C(plan, out, out, CUFFT_INVERSE) == CUFFT_SUCCESS);
    scale<<<(total + 127) / 128, 128>>>(out, total, 1.0f / n);
    cudaMemcpy(back.data(), out, total * sizeof(cufftComplex),
               cudaMemcpyDeviceToHost);
    std::vector<cref> orig(total);
    for (int i = 0; i < total; i++)
        orig[i] = cref(h[i].x, h[i].y);
    e = ref_error(orig, [&](size_t i) { return cref(back[i].x, back[i].y); });
    if (e > 1e-5)
        printf("n=%d round trip error %g\n", n, e);
    CHECK(e <= 1e-5);
    CHECK(cufftDestroy(plan) == CUFFT_SUCCESS);
    cudaFree(in);
    cudaFree(out);
}

// Arrays at offsets 1 and 3 complex values, then 0, on one plan.
static void offsets(int n)
{
    std::vector<cufftComplex> h(n + 3), back(n + 3);
    for (int i = 0; i < n + 3; i++)
        h[i] = make_cuFloatComplex((float)ref_value(i, 5),
                                   (float)ref_value(i, 6));
    cufftComplex *a, *b;
    cudaMalloc(&a, (n + 3) * sizeof(cufftComplex));
    cudaMalloc(&b, (n + 3) * sizeof(cufftComplex));
    cudaMemcpy(a, h.data(), (n + 3) * sizeof(cufftComplex),
               cudaMemcpyHostToDevice);
    cufftHandle plan;
    CHECK(cufftPlan1d(&plan, n, CUFFT_C2C, 1) == CUFFT_SUCCESS);
    int offs[][2] = {{1, 3}, {0, 0}, {3, 1}, {2, 2}};
    for (auto &o : offs) {
        CHECK(cufftExecC2C(plan, a + o[0], b + o[1], CUFFT_FORWARD) ==
              CUFFT_SUCCESS);
        cudaMemcpy(back.data(), b, (n + 3) * sizeof(cufftComplex),
                   cudaMemcpyDeviceToHost);
        std::vector<cref> x(n);
        for (int i = 0; i < n; i++)
            x[i] = cref(h[o[0] + i].x, h[o[0] + i].y);
        x = ref_dft(x, &n, 1, CUFFT_FORWARD);
        double e = ref_error(x, [&](size_t i) {
            return cref(back[o[1] + i].x, back[o[1] + i].y);
        });
        if (e > 1e-5)
            printf("offsets %d, %d: error %g\n", o[0], o[1], e);
        CHECK(e <= 1e-5);
    }
    cufftDestroy(plan);
    cudaFree(a);
    cudaFree(b);
}

int main()
{
    offsets(256);
    one_size(64, 3);
    one_size(100, 2);
    one_size(97, 4);
    one_size(1024, 1);
    one_size(1, 5);
    one_size(1024, 40); // large enough to run on FFTW's threads
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
