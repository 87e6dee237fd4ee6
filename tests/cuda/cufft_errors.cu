// cufft_errors.cu: the statuses cuFFT documents for bad arguments, none
// of which may crash: sizes (CUFFT_INVALID_SIZE), types
// (CUFFT_INVALID_TYPE), layouts, pointers and directions
// (CUFFT_INVALID_VALUE), and handles never made, destroyed or made twice
// (CUFFT_INVALID_PLAN); also the version and property queries, the
// work-area calls and the size queries, which answer 0 bytes.
// cux-link: -lcufft
#include <cufft.h>
#include <cuda_runtime.h>
#include "cufft_ref.h"

static void plans()
{
    cufftHandle p = -1;
    CHECK(cufftCreate(NULL) == CUFFT_INVALID_VALUE);
    CHECK(cufftPlan1d(NULL, 16, CUFFT_C2C, 1) == CUFFT_INVALID_VALUE);
    CHECK(cufftPlan1d(&p, 0, CUFFT_C2C, 1) == CUFFT_INVALID_SIZE);
    CHECK(cufftPlan1d(&p, -4, CUFFT_C2C, 1) == CUFFT_INVALID_SIZE);
    CHECK(cufftPlan1d(&p, 16, CUFFT_C2C, 0) == CUFFT_INVALID_SIZE);
    CHECK(cufftPlan1d(&p, 16, (cufftType)0x77, 1) == CUFFT_INVALID_TYPE);
    CHECK(cufftPlan2d(&p, 8, 0, CUFFT_R2C) == CUFFT_INVALID_SIZE);
    CHECK(cufftPlan3d(&p, 8, 8, -1, CUFFT_Z2Z) == CUFFT_INVALID_SIZE);
    int n[4] = {4, 4, 4, 4};
    CHECK(cufftPlanMany(&p, 4, n, NULL, 1, 0, NULL, 1, 0, CUFFT_C2C, 1) ==
          CUFFT_INVALID_SIZE);
    CHECK(cufftPlanMany(&p, 0, n, NULL, 1, 0, NULL, 1, 0, CUFFT_C2C, 1) ==
          CUFFT_INVALID_SIZE);
    CHECK(cufftPlanMany(&p, 2, NULL, NULL, 1, 0, NULL, 1, 0, CUFFT_C2C, 1) ==
          CUFFT_INVALID_VALUE);
    int emb[2] = {4, 4}, small[2] = {4, 2};
    CHECK(cufftPlanMany(&p, 2, n, emb, 0, 16, emb, 1, 16, CUFFT_C2C, 2) ==
          CUFFT_INVALID_VALUE);
    CHECK(cufftPlanMany(&p, 2, n, emb, 1, -1, emb, 1, 16, CUFFT_C2C, 2) ==
          CUFFT_INVALID_VALUE);
    // a real dimension of 4 needs 3 complex values per row, not 2
    CHECK(cufftPlanMany(&p, 2, n, emb, 1, 16, small, 1, 8, CUFFT_R2C, 1) ==
          CUFFT_INVALID_VALUE);
    // a failed cufftPlan* leaves no plan behind
    CHECK(cufftExecC2C(p, NULL, NULL, CUFFT_FORWARD) == CUFFT_INVALID_PLAN);
    CHECK(cufftDestroy(p) == CUFFT_INVALID_PLAN);
    // exactly: 3 complex values per row are enough
    int enough[2] = {4, 3};
    CHECK(cufftPlanMany(&p, 2, n, emb, 1, 16, enough, 1, 12, CUFFT_R2C, 1) ==
          CUFFT_SUCCESS);
    CHECK(cufftDestroy(p) == CUFFT_SUCCESS);
}

static void handles()
{
    cufftComplex *c;
    cufftReal *r;
    cudaMalloc(&c, 64 * sizeof(cufftComplex));
    cudaMalloc(&r, 64 * sizeof(cufftReal));
    cufftHandle p, q;
    CHECK(cufftExecC2C(12345, c, c, CUFFT_FORWARD) == CUFFT_INVALID_PLAN);
    CHECK(cufftSetStream(12345, 0) == CUFFT_INVALID_PLAN);
    CHECK(cufftSetWorkArea(12345, c) == CUFFT_INVALID_PLAN);
    CHECK(cufftSetAutoAllocation(12345, 0) == CUFFT_INVALID_PLAN);
    size_t ws = 7;
    CHECK(cufftGetSize(12345, &ws) == CUFFT_INVALID_PLAN);
    CHECK(cufftGetSize1d(12345, 16, CUFFT_C2C, 1, &ws) ==
          CUFFT_INVALID_PLAN);

    // created, not made: no plan to execute
    CHECK(cufftCreate(&q) == CUFFT_SUCCESS);
    CHECK(cufftExecC2C(q, c, c, CUFFT_FORWARD) == CUFFT_INVALID_PLAN);
    CHECK(cufftGetSize1d(q, 16, CUFFT_C2C, 4, &ws) == CUFFT_SUCCESS &&
          ws == 0);
    CHECK(cufftSetAutoAllocation(q, 0) == CUFFT_SUCCESS);
    CHECK(cufftMakePlan1d(q, 16, CUFFT_C2C, 4, &ws) == CUFFT_SUCCESS);
    CHECK(ws == 0);
    CHECK(cufftSetWorkArea(q, NULL) == CUFFT_SUCCESS);
    CHECK(cufftMakePlan1d(q, 16, CUFFT_C2C, 4, &ws) == CUFFT_INVALID_PLAN);
    ws = 7;
    CHECK(cufftGetSize(q, &ws) == CUFFT_SUCCESS && ws == 0);
    CHECK(cufftGetSize(q, NULL) == CUFFT_INVALID_VALUE);
    CHECK(cufftExecC2C(q, c, c, CUFFT_FORWARD) == CUFFT_SUCCESS);
    CHECK(cufftDestroy(q) == CUFFT_SUCCESS);

    CHECK(cufftPlan1d(&p, 16, CUFFT_C2C, 4) == CUFFT_SUCCESS);
    CHECK(cufftExecC2C(p, NULL, c, CUFFT_FORWARD) == CUFFT_INVALID_VALUE);
    CHECK(cufftExecC2C(p, c, NULL, CUFFT_FORWARD) == CUFFT_INVALID_VALUE);
    CHECK(cufftExecC2C(p, c, c, 0) == CUFFT_INVALID_VALUE);
    CHECK(cufftExecC2C(p, c, c, 2) == CUFFT_INVALID_VALUE);
    // another type's function on this plan
    CHECK(cufftExecR2C(p, r, c) == CUFFT_INVALID_VALUE);
    CHECK(cufftExecZ2Z(p, (cufftDoubleComplex *)c, (cufftDoubleComplex *)c,
                       CUFFT_FORWARD) == CUFFT_INVALID_VALUE);
    CHECK(cufftExecC2C(p, c, c, CUFFT_INVERSE) == CUFFT_SUCCESS);
    CHECK(cufftDestroy(p) == CUFFT_SUCCESS);
    CHECK(cufftDestroy(p) == CUFFT_INVALID_PLAN);
    CHECK(cufftExecC2C(p, c, c, CUFFT_FORWARD) == CUFFT_INVALID_PLAN);

    CHECK(cufftPlan1d(&p, 16, CUFFT_R2C, 2) == CUFFT_SUCCESS);
    CHECK(cufftExecC2R(p, c, r) == CUFFT_INVALID_VALUE);
    CHECK(cufftExecR2C(p, r, NULL) == CUFFT_INVALID_VALUE);
    CHECK(cufftDestroy(p) == CUFFT_SUCCESS);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    cudaFree(c);
    cudaFree(r);
}

static void queries()
{
    int v = 0;
    CHECK(cufftGetVersion(NULL) == CUFFT_INVALID_VALUE);
    CHECK(cufftGetVersion(&v) == CUFFT_SUCCESS && v == CUFFT_VERSION);
    CHECK(v >= 11000 && v < 12000);
    int major = -1, minor = -1, patch = -1;
    CHECK(cufftGetProperty(MAJOR_VERSION, &major) == CUFFT_SUCCESS);
    CHECK(cufftGetProperty(MINOR_VERSION, &minor) == CUFFT_SUCCESS);
    CHECK(cufftGetProperty(PATCH_LEVEL, &patch) == CUFFT_SUCCESS);
    CHECK(major * 1000 + minor * 100 + patch == CUFFT_VERSION);
    CHECK(cufftGetProperty(MAJOR_VERSION, NULL) == CUFFT_INVALID_VALUE);
    CHECK(cufftGetProperty((libraryPropertyType)9, &v) ==
          CUFFT_INVALID_TYPE);

    size_t ws = 7;
    CHECK(cufftEstimate1d(1024, CUFFT_C2C, 8, &ws) == CUFFT_SUCCESS &&
          ws == 0);
    CHECK(cufftEstimate1d(1024, CUFFT_C2C, 8, NULL) == CUFFT_INVALID_VALUE);
    CHECK(cufftEstimate2d(0, 8, CUFFT_R2C, &ws) == CUFFT_INVALID_SIZE);
    CHECK(cufftEstimate3d(4, 4, 4, CUFFT_D2Z, &ws) == CUFFT_SUCCESS);
    int n[2] = {8, 8};
    CHECK(cufftEstimateMany(2, n, NULL, 1, 0, NULL, 1, 0, CUFFT_Z2D, 3,
                            &ws) == CUFFT_SUCCESS);
    CHECK(cufftEstimateMany(2, n, NULL, 1, 0, NULL, 1, 0, (cufftType)1, 3,
                            &ws) == CUFFT_INVALID_TYPE);
}

int main()
{
    plans();
    handles();
    queries();
    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
