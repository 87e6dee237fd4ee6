// cublas_complex_rotations.cu: cuBLAS's complex plane rotations (Crot,
// Zrot with a complex sine; Csrot, Zdrot with a real one; Crotg, Zrotg)
// against their definitions: x' = c x + s y, y' = c y - conj(s) x with
// unit strides and with incx 2, incy -1; rotg's c real, |c|^2 + |s|^2 = 1,
// [c s; -conj(s) c] [a; b] = [r; 0] with r written over a and b kept, and
// a = 0 giving c 0, s 1, r = b.  Scalars in host memory and in device
// memory, the latter written by a kernel queued just before the call.
// Bad arguments.  Tolerance: 16 epsilon relative to 1 + |expected|
// (1.9e-6 for C, 3.6e-15 for Z).
// cux-link: -lcublas
#include <cublas_v2.h>
#include <cuComplex.h>
#include <cfloat>
#include <cmath>
#include <complex>
#include <cstdio>

static int failures = 0;
#define EXPECT(cond)                                                  \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL line %d: %s\n", __LINE__, #cond);            \
            failures++;                                               \
        }                                                             \
    } while (0)

typedef std::complex<double> cd;
enum { N = 5 };

template <typename T> struct Ty;
#define CUX_TY(T, R, P, SR, EPS, MAKE)                                       \
    template <> struct Ty<T> {                                               \
        typedef R real;                                                      \
        static constexpr double eps = EPS;                                   \
        static cd to(T v) { return cd(v.x, v.y); }                           \
        static T from(cd v) { return MAKE((R)v.real(), (R)v.imag()); }       \
        static cublasStatus_t rot(cublasHandle_t h, int n, T *x, int incx,   \
                                  T *y, int incy, const R *c, const T *s)    \
        {                                                                    \
            return cublas##P##rot(h, n, x, incx, y, incy, c, s);             \
        }                                                                    \
        static cublasStatus_t srot(cublasHandle_t h, int n, T *x, int incx,  \
                                   T *y, int incy, const R *c, const R *s)   \
        {                                                                    \
            return cublas##SR##rot(h, n, x, incx, y, incy, c, s);            \
        }                                                                    \
        static cublasStatus_t rotg(cublasHandle_t h, T *a, T *b, R *c, T *s) \
        {                                                                    \
            return cublas##P##rotg(h, a, b, c, s);                           \
        }                                                                    \
    };
CUX_TY(cuComplex, float, C, Cs, FLT_EPSILON, make_cuComplex)
CUX_TY(cuDoubleComplex, double, Z, Zd, DBL_EPSILON, make_cuDoubleComplex)

template <typename T> static bool near(cd got, cd want)
{
    return std::abs(got - want) <= 16 * Ty<T>::eps * (1 + std::abs(want));
}

// Where logical element i of a vector with stride inc lies (BLAS walks a
// negative stride from the far end).
static int at(int i, int inc) { return inc > 0 ? i * inc : (N - 1 - i) * -inc; }

static cd xval(int i) { return cd(0.5 * i - 1, 0.25 * (3 - i)); }
static cd yval(int i) { return cd(1 - 0.375 * i, 0.125 * i + 0.5); }

// Sets the scalars of a device-pointer-mode call in stream order.
template <typename R, typename S>
__global__ void set_scalars(R *c, S *s, R cv, S sv)
{
    *c = cv;
    *s = sv;
}

template <typename T> static void test_rot(cublasHandle_t h)
{
    typedef typename Ty<T>::real R;
    T *x, *y, *ds;
    R *dc, *dsr;
    cudaMallocManaged(&x, 2 * N * sizeof(T));
    cudaMallocManaged(&y, 2 * N * sizeof(T));
    cudaMalloc(&dc, sizeof(R));
    cudaMalloc(&dsr, sizeof(R));
    cudaMalloc(&ds, sizeof(T));
    const int incs[][2] = {{1, 1}, {2, -1}};
    for (int real_s = 0; real_s < 2; real_s++)
        for (int device = 0; device < 2; device++)
            for (auto &inc : incs) {
                R c = (R)0.6;
                cd s = real_s ? cd(0.8, 0) : cd(0.48, -0.64);
                for (int i = 0; i < 2 * N; i++)
                    x[i] = y[i] = Ty<T>::from(cd(99, 99));
                for (int i = 0; i < N; i++) {
                    x[at(i, inc[0])] = Ty<T>::from(xval(i));
                    y[at(i, inc[1])] = Ty<T>::from(yval(i));
                }
                cublasStatus_t st;
                if (device) {
                    cublasSetPointerMode(h, CUBLAS_POINTER_MODE_DEVICE);
                    if (real_s) {
                        set_scalars<<<1, 1>>>(dc, dsr, c, (R)s.real());
                        st = Ty<T>::srot(h, N, x, inc[0], y, inc[1], dc, dsr);
                    } else {
                        set_scalars<<<1, 1>>>(dc, ds, c, Ty<T>::from(s));
                        st = Ty<T>::rot(h, N, x, inc[0], y, inc[1], dc, ds);
                    }
                    cublasSetPointerMode(h, CUBLAS_POINTER_MODE_HOST);
                } else if (real_s) {
                    R sr = (R)s.real();
                    st = Ty<T>::srot(h, N, x, inc[0], y, inc[1], &c, &sr);
                } else {
                    T sc = Ty<T>::from(s);
                    st = Ty<T>::rot(h, N, x, inc[0], y, inc[1], &c, &sc);
                }
                EXPECT(st == CUBLAS_STATUS_SUCCESS);
                cudaDeviceSynchronize();
                for (int i = 0; i < N; i++) {
                    cd wx = (double)c * xval(i) + s * yval(i);
                    cd wy = (double)c * yval(i) - std::conj(s) * xval(i);
                    EXPECT(near<T>(Ty<T>::to(x[at(i, inc[0])]), wx));
                    EXPECT(near<T>(Ty<T>::to(y[at(i, inc[1])]), wy));
                }
                if (inc[0] == 2)
                    for (int i = 1; i < 2 * N; i += 2)
                        EXPECT(Ty<T>::to(x[i]) == cd(99, 99));
            }
    R c = 1;
    T s = Ty<T>::from(0);
    EXPECT(Ty<T>::rot(h, N, x, 1, y, 1, NULL, &s) ==
           CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::srot(h, N, x, 1, y, 1, &c, NULL) ==
           CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::rot(h, 0, x, 1, y, 1, &c, &s) == CUBLAS_STATUS_SUCCESS);
    EXPECT(Ty<T>::rot(NULL, N, x, 1, y, 1, &c, &s) ==
           CUBLAS_STATUS_NOT_INITIALIZED);
    cudaFree(x);
    cudaFree(y);
    cudaFree(dc);
    cudaFree(dsr);
    cudaFree(ds);
}

template <typename T> static void check_rotg(cd a, cd b, cd r, double c, cd s)
{
    EXPECT(near<T>(c * c + std::norm(s), 1));
    EXPECT(near<T>(c * a + s * b, r));
    EXPECT(std::abs(-std::conj(s) * a + c * b) <=
           16 * Ty<T>::eps * (std::abs(a) + std::abs(b)));
}

template <typename T> static void test_rotg(cublasHandle_t h)
{
    typedef typename Ty<T>::real R;
    const cd pairs[][2] = {{cd(3, 4), cd(1, -2)},
                           {cd(-0.5, 0), cd(0, 2)},
                           {cd(0, 0), cd(1.5, -0.5)}};
    T *m;
    R *mc;
    cudaMallocManaged(&m, 3 * sizeof(T));
    cudaMallocManaged(&mc, sizeof(R));
    for (auto &p : pairs)
        for (int device = 0; device < 2; device++) {
            T a = Ty<T>::from(p[0]), b = Ty<T>::from(p[1]), s;
            R c;
            if (device) {
                m[0] = a, m[1] = b;
                cublasSetPointerMode(h, CUBLAS_POINTER_MODE_DEVICE);
                EXPECT(Ty<T>::rotg(h, m, m + 1, mc, m + 2) ==
                       CUBLAS_STATUS_SUCCESS);
                cublasSetPointerMode(h, CUBLAS_POINTER_MODE_HOST);
                cudaDeviceSynchronize();
                a = m[0], b = m[1], c = *mc, s = m[2];
            } else {
                // Host memory: written before the call returns.
                EXPECT(Ty<T>::rotg(h, &a, &b, &c, &s) ==
                       CUBLAS_STATUS_SUCCESS);
            }
            EXPECT(Ty<T>::to(b) == p[1]);
            check_rotg<T>(p[0], p[1], Ty<T>::to(a), c, Ty<T>::to(s));
            if (p[0] == cd(0, 0))
                EXPECT(c == 0 && Ty<T>::to(s) == cd(1, 0) &&
                       Ty<T>::to(a) == p[1]);
            else // r keeps a's phase
                EXPECT(near<T>(Ty<T>::to(a) / std::abs(Ty<T>::to(a)),
                               p[0] / std::abs(p[0])));
        }
    T a, b, s;
    R c;
    EXPECT(Ty<T>::rotg(h, &a, &b, NULL, &s) == CUBLAS_STATUS_INVALID_VALUE);
    EXPECT(Ty<T>::rotg(NULL, &a, &b, &c, &s) ==
           CUBLAS_STATUS_NOT_INITIALIZED);
    cudaFree(m);
    cudaFree(mc);
}

int main()
{
    cublasHandle_t h;
    if (cublasCreate(&h) != CUBLAS_STATUS_SUCCESS) {
        printf("FAIL cublas_complex_rotations: cublasCreate\n");
        return 1;
    }
    test_rot<cuComplex>(h);
    test_rot<cuDoubleComplex>(h);
    test_rotg<cuComplex>(h);
    test_rotg<cuDoubleComplex>(h);
    cublasDestroy(h);
    printf("%s cublas_complex_rotations\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
