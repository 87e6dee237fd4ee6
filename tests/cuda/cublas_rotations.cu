// cublas_rotations.cu: cuBLAS's plane rotations (rot, rotm, rotg, rotmg;
// S and D) against their definitions: rot and rotm applied to two
// vectors in managed memory, rotg's r, c and s for a known pair, rotmg's
// matrix zeroing the second component, scalars in host and in device
// memory, and bad arguments.
// cux-link: -lcublas
#include <cublas_v2.h>
#include <cmath>
#include <cstdio>

static int failures = 0;
#define EXPECT(cond)                                                  \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL line %d: %s\n", __LINE__, #cond);            \
            failures++;                                               \
        }                                                             \
    } while (0)

static bool near(double a, double b, double tol)
{
    return fabs(a - b) <= tol * (1 + fabs(b));
}

enum { N = 6 };

int main()
{
    cublasHandle_t h;
    if (cublasCreate(&h) != CUBLAS_STATUS_SUCCESS) {
        printf("FAIL cublas_rotations: cublasCreate\n");
        return 1;
    }
    double *x, *y;
    cudaMallocManaged(&x, N * sizeof(double));
    cudaMallocManaged(&y, N * sizeof(double));
    for (int i = 0; i < N; i++)
        x[i] = i - 2.5, y[i] = 0.5 * i + 1;

    // rot: (x, y) <- (c x + s y, c y - s x)
    double c = 0.8, s = 0.6;
    EXPECT(cublasDrot(h, N, x, 1, y, 1, &c, &s) == CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int i = 0; i < N; i++) {
        double x0 = i - 2.5, y0 = 0.5 * i + 1;
        EXPECT(near(x[i], c * x0 + s * y0, 1e-14));
        EXPECT(near(y[i], c * y0 - s * x0, 1e-14));
    }

    // rotm with flag -1: (x, y) <- H (x, y), H = [[h11, h12], [h21, h22]].
    double param[5] = {-1, 2, -0.5, 0.25, 3};
    for (int i = 0; i < N; i++)
        x[i] = i - 2.5, y[i] = 0.5 * i + 1;
    EXPECT(cublasDrotm(h, N, x, 1, y, 1, param) == CUBLAS_STATUS_SUCCESS);
    for (int i = 0; i < N; i++) { // host mode: done when the call returns
        double x0 = i - 2.5, y0 = 0.5 * i + 1;
        EXPECT(near(x[i], 2 * x0 + 0.25 * y0, 1e-14));
        EXPECT(near(y[i], -0.5 * x0 + 3 * y0, 1e-14));
    }

    // rotg: for (a, b) = (3, 4), r = 5, c = 0.6, s = 0.8.
    float a = 3, b = 4, cf = 0, sf = 0;
    EXPECT(cublasSrotg(h, &a, &b, &cf, &sf) == CUBLAS_STATUS_SUCCESS);
    EXPECT(near(fabs(a), 5, 1e-6) && near(cf * a, 3, 1e-5) &&
           near(sf * a, 4, 1e-5));

    // rotmg: H zeroes the second component of (x1, y1).
    double d1 = 2, d2 = 3, x1 = 1.5, y1 = 0.75, p[5];
    EXPECT(cublasDrotmg(h, &d1, &d2, &x1, &y1, p) == CUBLAS_STATUS_SUCCESS);
    double h11 = 1, h12 = 0, h21 = 0, h22 = 1;
    if (p[0] == -1)
        h11 = p[1], h21 = p[2], h12 = p[3], h22 = p[4];
    else if (p[0] == 0)
        h21 = p[2], h12 = p[3];
    else if (p[0] == 1)
        h11 = p[1], h12 = 1, h21 = -1, h22 = p[4];
    EXPECT(p[0] != -2);
    EXPECT(near(h21 * 1.5 + h22 * 0.75, 0, 1e-14));
    EXPECT(near(x1, h11 * 1.5 + h12 * 0.75, 1e-14));

    // Scalars in device memory: read in stream order.
    double *cs;
    cudaMallocManaged(&cs, 2 * sizeof(double));
    cs[0] = 0, cs[1] = 1; // a quarter turn: (x, y) <- (y, -x)
    for (int i = 0; i < N; i++)
        x[i] = i, y[i] = -i;
    cublasSetPointerMode(h, CUBLAS_POINTER_MODE_DEVICE);
    EXPECT(cublasDrot(h, N, x, 1, y, 1, &cs[0], &cs[1]) ==
           CUBLAS_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    for (int i = 0; i < N; i++)
        EXPECT(x[i] == -i && y[i] == -i);
    cublasSetPointerMode(h, CUBLAS_POINTER_MODE_HOST);

    EXPECT(cublasDrot(h, N, x, 1, y, 1, NULL, &s) ==
           CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(cublasDrotm(h, N, x, 1, y, 1, NULL) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(cublasSrotg(h, &a, NULL, &cf, &sf) == CUBLAS_STATUS_INVALID_VALUE);
    cudaFree(x);
    cudaFree(y);
    cudaFree(cs);
    cublasDestroy(h);
    printf("%s cublas_rotations\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
