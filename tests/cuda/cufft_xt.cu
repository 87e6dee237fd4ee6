// cufft_xt.cu: cuFFT's Xt plan and execution (cufftXtMakePlanMany,
// cufftXtExec), as cuda-samples' simpleCUFFT uses them: single-precision
// C2C and double-precision R2C/C2R plans named by data types, checked
// against a direct DFT on the host, and the status for types that name
// no transform (real to real: CUFFT_INVALID_TYPE).
// cux-link: -lcufft
#include <cufftXt.h>
#include <cuda_runtime.h>
#include <cmath>
#include <cstdio>

static int failures;

static void expect(bool ok, const char *what)
{
    if (!ok) {
        printf("%s\n", what);
        failures++;
    }
}

__global__ void fill(float2 *x, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        x[i] = make_float2((float)(i % 9) - 4.0f, (float)(i % 5) * 0.5f);
}

int main()
{
    const long long n = 96;
    float2 *x, *y;
    cudaMallocManaged(&x, n * sizeof(float2));
    cudaMallocManaged(&y, n * sizeof(float2));
    fill<<<1, 128>>>(x, (int)n);
    cufftHandle plan;
    size_t work = 1;
    long long size = n;
    expect(cufftCreate(&plan) == CUFFT_SUCCESS, "cufftCreate");
    expect(cufftXtMakePlanMany(plan, 1, &size, NULL, 1, 1, CUDA_C_32F, NULL,
                               1, 1, CUDA_C_32F, 1, &work,
                               CUDA_C_32F) == CUFFT_SUCCESS,
           "C2C plan from data types");
    expect(cufftXtExec(plan, x, y, CUFFT_FORWARD) == CUFFT_SUCCESS,
           "cufftXtExec C2C");
    cudaDeviceSynchronize();
    double err = 0, norm = 0;
    for (long long k = 0; k < n; k++) {
        double re = 0, im = 0;
        for (long long j = 0; j < n; j++) {
            double a = -2 * M_PI * (double)(j * k % n) / (double)n;
            re += x[j].x * cos(a) - x[j].y * sin(a);
            im += x[j].x * sin(a) + x[j].y * cos(a);
        }
        err = fmax(err, hypot(y[k].x - re, y[k].y - im));
        norm = fmax(norm, hypot(re, im));
    }
    expect(err <= 1e-5 * norm, "C2C result differs from the DFT");
    cufftDestroy(plan);

    // Double R2C then C2R: the round trip scales by n.
    double *r;
    double2 *c;
    cudaMallocManaged(&r, n * sizeof(double));
    cudaMallocManaged(&c, (n / 2 + 1) * sizeof(double2));
    for (long long i = 0; i < n; i++)
        r[i] = sin(0.3 * i) + (i % 4);
    double first = r[5];
    cufftHandle fwd, inv;
    cufftCreate(&fwd);
    cufftCreate(&inv);
    expect(cufftXtMakePlanMany(fwd, 1, &size, NULL, 1, 1, CUDA_R_64F, NULL, 1,
                               1, CUDA_C_64F, 1, &work,
                               CUDA_C_64F) == CUFFT_SUCCESS, "D2Z plan");
    expect(cufftXtMakePlanMany(inv, 1, &size, NULL, 1, 1, CUDA_C_64F, NULL, 1,
                               1, CUDA_R_64F, 1, &work,
                               CUDA_C_64F) == CUFFT_SUCCESS, "Z2D plan");
    expect(cufftXtExec(fwd, r, c, CUFFT_FORWARD) == CUFFT_SUCCESS, "D2Z exec");
    expect(cufftXtExec(inv, c, r, CUFFT_INVERSE) == CUFFT_SUCCESS, "Z2D exec");
    cudaDeviceSynchronize();
    expect(fabs(r[5] - n * first) <= 1e-9 * n * (1 + fabs(first)),
           "D2Z/Z2D round trip is not n times the input");
    cufftDestroy(fwd);
    cufftDestroy(inv);

    cufftHandle h;
    cufftCreate(&h);
    expect(cufftXtMakePlanMany(h, 1, &size, NULL, 1, 1, CUDA_R_32F, NULL, 1, 1,
                               CUDA_R_32F, 1, &work,
                               CUDA_R_32F) == CUFFT_INVALID_TYPE,
           "real to real is not CUFFT_INVALID_TYPE");
    expect(cufftXtExec(h, x, y, CUFFT_FORWARD) == CUFFT_INVALID_PLAN,
           "executing a plan never made is not CUFFT_INVALID_PLAN");
    cufftDestroy(h);
    printf("%s cufft_xt\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
