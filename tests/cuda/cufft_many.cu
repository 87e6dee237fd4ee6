// cufft_many.cu: cufftPlanMany's advanced data layout (inembed, istride,
// idist, onembed, ostride, odist), batched: strided 1D C2C with gaps
// between batches, 2D R2C and C2R with padded rows and strided complex
// values, the basic layout when an embed is NULL (strides ignored), and
// cufftMakePlanMany64.  Every element is checked against a host DFT in
// double (tolerance 1e-5 of the norm), and the gaps of the output must
// keep what they held.  Also in place with an output stride twice the
// input's, which FFTW cannot run in place (cux runs it from a copy).
// cux-link: -lcufft
#include <cufft.h>
#include <cuda_runtime.h>
#include "cufft_ref.h"

static const float SENTINEL = 12345.0f;

// 1D C2C, n 16, batch 5: input every 2nd value 40 apart, output every
// 3rd value 50 apart.
static void strided_c2c()
{
    int n = 16, batch = 5, is = 2, id = 40, os = 3, od = 50;
    std::vector<cufftComplex> h(id * batch), out(od * batch);
    for (size_t i = 0; i < h.size(); i++)
        h[i] = make_cuFloatComplex((float)ref_value(i, 7),
                                   (float)ref_value(i, 8));
    cufftComplex *din, *dout;
    cudaMalloc(&din, h.size() * sizeof(cufftComplex));
    cudaMalloc(&dout, out.size() * sizeof(cufftComplex));
    cudaMemcpy(din, h.data(), h.size() * sizeof(cufftComplex),
               cudaMemcpyHostToDevice);
    for (auto &c : out)
        c = make_cuFloatComplex(SENTINEL, SENTINEL);
    cudaMemcpy(dout, out.data(), out.size() * sizeof(cufftComplex),
               cudaMemcpyHostToDevice);
    cufftHandle plan;
    int emb[1] = {n};
    CHECK(cufftPlanMany(&plan, 1, &n, emb, is, id, emb, os, od, CUFFT_C2C,
                        batch) == CUFFT_SUCCESS);
    CHECK(cufftExecC2C(plan, din, dout, CUFFT_FORWARD) == CUFFT_SUCCESS);
    cudaMemcpy(out.data(), dout, out.size() * sizeof(cufftComplex),
               cudaMemcpyDeviceToHost);
    std::vector<cref> ref, got;
    for (int b = 0; b < batch; b++) {
        std::vector<cref> one(n);
        for (int i = 0; i < n; i++)
            one[i] = cref(h[b * id + i * is].x, h[b * id + i * is].y);
        one = ref_dft(one, &n, 1, CUFFT_FORWARD);
        for (int i = 0; i < n; i++) {
            ref.push_back(one[i]);
            cufftComplex c = out[b * od + i * os];
            got.push_back(cref(c.x, c.y));
        }
    }
    double e = ref_error(ref, [&](size_t i) { return got[i]; });
    if (e > 1e-5)
        printf("strided C2C error %g\n", e);
    CHECK(e <= 1e-5);
    int untouched = 0;
    for (int i = 0; i < od * batch; i++)
        untouched += out[i].x == SENTINEL;
    CHECK(untouched == od * batch - n * batch);
    cufftDestroy(plan);
    cudaFree(din);
    cudaFree(dout);
}

// 2D R2C 6x10, batch 3: rows of 13 reals, batches 83 apart; output rows
// of 7 complex values (6 used), batches 43 apart.  Then C2R back from
// that layout into rows of 12 reals, batches 75 apart.
static void padded_r2c_c2r()
{
    int n[2] = {6, 10}, batch = 3, half = n[1] / 2 + 1;
    int inem[2] = {6, 13}, id = 83, onem[2] = {6, 7}, od = 43;
    int bem[2] = {6, 12}, bd = 75;
    std::vector<float> h(id * batch), back(bd * batch, SENTINEL);
    for (size_t i = 0; i < h.size(); i++)
        h[i] = (float)ref_value(i, 9);
    std::vector<cufftComplex> spec(od * batch);
    float *din, *dback;
    cufftComplex *dspec;
    cudaMalloc(&din, h.size() * sizeof(float));
    cudaMalloc(&dback, back.size() * sizeof(float));
    cudaMalloc(&dspec, spec.size() * sizeof(cufftComplex));
    cudaMemcpy(din, h.data(), h.size() * sizeof(float),
               cudaMemcpyHostToDevice);
    cudaMemcpy(dback, back.data(), back.size() * sizeof(float),
               cudaMemcpyHostToDevice);
    cufftHandle fwd, inv;
    CHECK(cufftPlanMany(&fwd, 2, n, inem, 1, id, onem, 1, od, CUFFT_R2C,
                        batch) == CUFFT_SUCCESS);
    CHECK(cufftPlanMany(&inv, 2, n, onem, 1, od, bem, 1, bd, CUFFT_C2R,
                        batch) == CUFFT_SUCCESS);
    CHECK(cufftExecR2C(fwd, din, dspec) == CUFFT_SUCCESS);
    cudaMemcpy(spec.data(), dspec, spec.size() * sizeof(cufftComplex),
               cudaMemcpyDeviceToHost);
    CHECK(cufftExecC2R(inv, dspec, dback) == CUFFT_SUCCESS);
    cudaMemcpy(back.data(), dback, back.size() * sizeof(float),
               cudaMemcpyDeviceToHost);
    std::vector<cref> ref, got, ref2, got2;
    for (int b = 0; b < batch; b++) {
        std::vector<cref> img(n[0] * n[1]);
        for (int x = 0; x < n[0]; x++)
            for (int y = 0; y < n[1]; y++)
                img[x * n[1] + y] = h[b * id + x * inem[1] + y];
        std::vector<cref> s = ref_dft(img, n, 2, CUFFT_FORWARD);
        for (int x = 0; x < n[0]; x++)
            for (int y = 0; y < n[1]; y++) {
                if (y < half) {
                    ref.push_back(s[x * n[1] + y]);
                    cufftComplex c = spec[b * od + x * onem[1] + y];
                    got.push_back(cref(c.x, c.y));
                }
                ref2.push_back(img[x * n[1] + y] * (double)(n[0] * n[1]));
                got2.push_back(back[b * bd + x * bem[1] + y]);
            }
    }
    double e = ref_error(ref, [&](size_t i) { return got[i]; });
    if (e > 1e-5)
        printf("padded R2C error %g\n", e);
    CHECK(e <= 1e-5);
    e = ref_error(ref2, [&](size_t i) { return got2[i]; });
    if (e > 1e-5)
        printf("padded C2R error %g\n", e);
    CHECK(e <= 1e-5);
    int untouched = 0;
    for (float v : back)
        untouched += v == SENTINEL;
    CHECK(untouched == bd * batch - n[0] * n[1] * batch);
    cufftDestroy(fwd);
    cufftDestroy(inv);
    cudaFree(din);
    cudaFree(dback);
    cudaFree(dspec);
}

// A NULL embed is the basic layout: the strides and distances given are
// ignored ("equivalent to passing n for each").  Also the 64-bit maker.
static void basic_many()
{
    int n[2] = {4, 6}, batch = 3, total = 24 * batch;
    std::vector<cufftComplex> h(total), out(total);
    for (int i = 0; i < total; i++)
        h[i] = make_cuFloatComplex((float)ref_value(i, 11), 0.25f);
    cufftComplex *d;
    cudaMalloc(&d, total * sizeof(cufftComplex));
    cudaMemcpy(d, h.data(), total * sizeof(cufftComplex),
               cudaMemcpyHostToDevice);
    cufftHandle plan;
    CHECK(cufftPlanMany(&plan, 2, n, NULL, 7, 3, NULL, 5, 2, CUFFT_C2C,
                        batch) == CUFFT_SUCCESS);
    CHECK(cufftExecC2C(plan, d, d, CUFFT_FORWARD) == CUFFT_SUCCESS);
    cudaMemcpy(out.data(), d, total * sizeof(cufftComplex),
               cudaMemcpyDeviceToHost);
    std::vector<cref> ref;
    for (int b = 0; b < batch; b++) {
        std::vector<cref> one(24);
        for (int i = 0; i < 24; i++)
            one[i] = cref(h[b * 24 + i].x, h[b * 24 + i].y);
        one = ref_dft(one, n, 2, CUFFT_FORWARD);
        ref.insert(ref.end(), one.begin(), one.end());
    }
    double e = ref_error(ref, [&](size_t i) {
        return cref(out[i].x, out[i].y);
    });
    if (e > 1e-5)
        printf("basic many error %g\n", e);
    CHECK(e <= 1e-5);
    cufftDestroy(plan);

    // the 64-bit maker, 1D R2C batch 2, basic layout
    long long n64 = 12;
    size_t ws = 99;
    float *r;
    cufftComplex *c;
    cudaMalloc(&r, 24 * sizeof(float));
    cudaMalloc(&c, 14 * sizeof(cufftComplex));
    std::vector<float> hr(24);
    for (int i = 0; i < 24; i++)
        hr[i] = (float)ref_value(i, 12);
    cudaMemcpy(r, hr.data(), 24 * sizeof(float), cudaMemcpyHostToDevice);
    CHECK(cufftCreate(&plan) == CUFFT_SUCCESS);
    CHECK(cufftMakePlanMany64(plan, 1, &n64, NULL, 1, 0, NULL, 1, 0,
                              CUFFT_R2C, 2, &ws) == CUFFT_SUCCESS);
    CHECK(ws == 0);
    CHECK(cufftExecR2C(plan, r, c) == CUFFT_SUCCESS);
    std::vector<cufftComplex> hc(14);
    cudaMemcpy(hc.data(), c, 14 * sizeof(cufftComplex),
               cudaMemcpyDeviceToHost);
    ref.clear();
    for (int b = 0; b < 2; b++) {
        int m = 12;
        std::vector<cref> one(hr.begin() + b * 12, hr.begin() + b * 12 + 12);
        one = ref_dft(one, &m, 1, CUFFT_FORWARD);
        ref.insert(ref.end(), one.begin(), one.begin() + 7);
    }
    e = ref_error(ref, [&](size_t i) { return cref(hc[i].x, hc[i].y); });
    if (e > 1e-5)
        printf("64-bit R2C error %g\n", e);
    CHECK(e <= 1e-5);
    cufftDestroy(plan);
    cudaFree(d);
    cudaFree(r);
    cudaFree(c);
}

// 1D C2C in place, n 16, batch 2: input dense, output every 2nd value.
static void in_place_restrided()
{
    int n = 16, batch = 2, emb = 16;
    std::vector<cufftComplex> h(4 * n), out(4 * n);
    for (int i = 0; i < 4 * n; i++)
        h[i] = make_cuFloatComplex((float)ref_value(i, 13),
                                   (float)ref_value(i, 14));
    cufftComplex *d;
    cudaMalloc(&d, 4 * n * sizeof(cufftComplex));
    cudaMemcpy(d, h.data(), 4 * n * sizeof(cufftComplex),
               cudaMemcpyHostToDevice);
    cufftHandle plan;
    CHECK(cufftPlanMany(&plan, 1, &n, &emb, 1, n, &emb, 2, 2 * n,
                        CUFFT_C2C, batch) == CUFFT_SUCCESS);
    CHECK(cufftExecC2C(plan, d, d, CUFFT_FORWARD) == CUFFT_SUCCESS);
    cudaMemcpy(out.data(), d, 4 * n * sizeof(cufftComplex),
               cudaMemcpyDeviceToHost);
    std::vector<cref> ref, got;
    for (int b = 0; b < batch; b++) {
        std::vector<cref> one(n);
        for (int i = 0; i < n; i++)
            one[i] = cref(h[b * n + i].x, h[b * n + i].y);
        one = ref_dft(one, &n, 1, CUFFT_FORWARD);
        for (int i = 0; i < n; i++) {
            ref.push_back(one[i]);
            cufftComplex c = out[b * 2 * n + 2 * i];
            got.push_back(cref(c.x, c.y));
        }
    }
    double e = ref_error(ref, [&](size_t i) { return got[i]; });
    if (e > 1e-5)
        printf("in place restrided error %g\n", e);
    CHECK(e <= 1e-5);
    cufftDestroy(plan);
    cudaFree(d);
}

int main()
{
    in_place_restrided();
    strided_c2c();
    padded_r2c_c2r();
    basic_many();
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
