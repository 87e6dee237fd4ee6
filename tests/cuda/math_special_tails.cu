// math_special_tails.cu: CUDA's special functions (erfinv, erfcinv,
// erfcx, normcdf, normcdfinv, the Bessel functions j0/j1/y0/y1/jn/yn and
// cyl_bessel_i0/i1) over their whole ranges, tails and large arguments
// included, against the host's long double within the CUDA Programming
// Guide's error bounds; and the directed-rounding intrinsics (__fadd_rz,
// __dmul_ru, __fma_rd, ...) bit for bit against the host's arithmetic
// under fesetround, subnormal, overflowing and exact-zero cases included.
#include <cuda_runtime.h>
#include <cfenv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL math_special_tails\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

// ---- special functions -------------------------------------------------

enum { ERFINV, ERFCINV, ERFCX, NORMCDF, NORMCDFINV, J0, J1, Y0, Y1, JN, YN,
       I0, I1, N_FUNCS };
static const char *const names[] = {"erfinv", "erfcinv", "erfcx", "normcdf",
                                    "normcdfinv", "j0", "j1", "y0", "y1",
                                    "jn", "yn", "cyl_bessel_i0",
                                    "cyl_bessel_i1"};

__device__ double special_d(int f, int n, double x)
{
    switch (f) {
    case ERFINV: return erfinv(x);
    case ERFCINV: return erfcinv(x);
    case ERFCX: return erfcx(x);
    case NORMCDF: return normcdf(x);
    case NORMCDFINV: return normcdfinv(x);
    case J0: return j0(x);
    case J1: return j1(x);
    case Y0: return y0(x);
    case Y1: return y1(x);
    case JN: return jn(n, x);
    case YN: return yn(n, x);
    case I0: return cyl_bessel_i0(x);
    default: return cyl_bessel_i1(x);
    }
}

__device__ float special_f(int f, int n, float x)
{
    switch (f) {
    case ERFINV: return erfinvf(x);
    case ERFCINV: return erfcinvf(x);
    case ERFCX: return erfcxf(x);
    case NORMCDF: return normcdff(x);
    case NORMCDFINV: return normcdfinvf(x);
    case J0: return j0f(x);
    case J1: return j1f(x);
    case Y0: return y0f(x);
    case Y1: return y1f(x);
    case JN: return jnf(n, x);
    case YN: return ynf(n, x);
    case I0: return cyl_bessel_i0f(x);
    default: return cyl_bessel_i1f(x);
    }
}

struct special_case {
    int func, order;
    double x;
};

__global__ void specials(const special_case *c, double *d, float *f, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    d[i] = special_d(c[i].func, c[i].order, c[i].x);
    f[i] = special_f(c[i].func, c[i].order, (float)c[i].x);
}

static const long double SQRT2_L = 1.414213562373095048801688724209698L;
static const long double SQRT_PI_L = 1.772453850905516027298167483341145L;

// x > 0 with erfc(x) = q: Newton on log erfc, from the asymptotic root.
static long double ref_erfcinv_tail(long double q)
{
    long double t = -logl(q * SQRT_PI_L), lq = logl(q);
    long double x = t > 1 ? sqrtl(t - 0.5L * logl(t)) : 0.5L;
    for (int i = 0; i < 60; i++) {
        long double e = erfcl(x);
        long double nx = x + (logl(e) - lq) * e * SQRT_PI_L / 2 / expl(-x * x);
        if (nx == x)
            break;
        x = nx;
    }
    return x;
}

static long double ref_erfinv_mid(long double y)
{
    long double x = y * SQRT_PI_L / 2;
    for (int i = 0; i < 60; i++) {
        long double nx = x - (erfl(x) - y) / (2 / SQRT_PI_L * expl(-x * x));
        if (nx == x)
            break;
        x = nx;
    }
    return x;
}

static long double ref_erfcinv(long double q)
{
    if (q < 0.5L)
        return ref_erfcinv_tail(q);
    if (q <= 1.5L)
        return ref_erfinv_mid(1 - q);
    return -ref_erfcinv_tail(2 - q);
}

static long double ref_erfcx(long double x)
{
    if (x < 50)
        return expl(x * x) * erfcl(x);
    long double t = 1 / (2 * x * x), term = 1, sum = 1;
    for (int k = 1; k <= 8; k++) {
        term *= -(2 * k - 1) * t;
        sum += term;
    }
    return sum / (x * SQRT_PI_L);
}

// I0 and I1 by their power series (every term positive).
static long double ref_bessel_i(int nu, long double x)
{
    long double q = x * x / 4, term = nu ? x / 2 : 1, sum = term;
    for (int k = 1; k < 3000 && fabsl(term) > fabsl(sum) * 1e-22L; k++) {
        term *= q / ((long double)k * (k + nu));
        sum += term;
    }
    return sum;
}

static long double reference(const special_case &c)
{
    long double x = c.x;
    switch (c.func) {
    case ERFINV:
        return fabsl(x) <= 0.5L ? ref_erfinv_mid(x)
                                : copysignl(ref_erfcinv_tail(1 - fabsl(x)), x);
    case ERFCINV: return ref_erfcinv(x);
    case ERFCX: return ref_erfcx(x);
    case NORMCDF: return 0.5L * erfcl(-x / SQRT2_L);
    case NORMCDFINV: return -SQRT2_L * ref_erfcinv(2 * x);
    case J0: return j0l(x);
    case J1: return j1l(x);
    case Y0: return y0l(x);
    case Y1: return y1l(x);
    case JN: return jnl(c.order, x);
    case YN: return ynl(c.order, x);
    case I0: return ref_bessel_i(0, x);
    default: return ref_bessel_i(1, x);
    }
}

// The Programming Guide's bounds: ulps (float, double) and, for the
// Bessel functions of large argument or order, an absolute error.
struct bound {
    double ulp_f, ulp_d, abs_f, abs_d;
};

static bound bound_of(const special_case &c)
{
    bool bessel_far = fabs(c.x) >= 8;
    switch (c.func) {
    case ERFINV: return {2, 5, 0, 0};
    case ERFCINV: return {4, 6, 0, 0};
    case ERFCX: return {4, 4, 0, 0};
    case NORMCDF: return {5, 5, 0, 0};
    case NORMCDFINV: return {5, 8, 0, 0};
    case J0: case J1: case Y0: case Y1:
        return bessel_far ? bound{0, 0, 2.2e-6, 5e-12} : bound{9, 7, 0, 0};
    case JN: case YN: return {0, 0, 2.2e-6, 5e-12};
    default: return {6, 6, 0, 0};
    }
}

static long double ulp_of(long double r, int mant, int emin)
{
    if (r == 0 || std::isinf(r))
        return ldexpl(1, emin - mant);
    int e = ilogbl(r);
    return ldexpl(1, (e < emin ? emin : e) - mant);
}

static bool close_to(double got, long double want, bool dbl, double ulps,
                     double abs_err)
{
    if (std::isnan(want))
        return std::isnan(got);
    if (std::isinf(want) || fabsl(want) > (dbl ? 1.7e308L : 3.4e38L))
        return std::isinf(got) && (got > 0) == (want > 0);
    long double u = dbl ? ulp_of(want, 52, -1022) : ulp_of(want, 23, -126);
    return fabsl((long double)got - want) <= (ulps + 0.5L) * u + abs_err;
}

static int add_case(special_case *c, int n, int func, int order, double x)
{
    c[n].func = func;
    c[n].order = order;
    c[n].x = (double)(float)x; // a float, so both forms see the same x
    return n + 1;
}

static int make_cases(special_case *c)
{
    int n = 0;
    for (int i = 1; i < 40; i++) {
        double t = (double)(float)(i / 40.0);
        n = add_case(c, n, ERFINV, 0, (double)(float)(2 * t - 1));
        n = add_case(c, n, ERFCINV, 0, (double)(float)(2 * t));
        n = add_case(c, n, NORMCDFINV, 0, t);
    }
    static const double tails[] = {1e-30, 3e-20, 1e-12, 2e-7, 1e-4, 0.01};
    for (double q : tails) {
        double qf = (double)(float)q;
        n = add_case(c, n, ERFCINV, 0, qf);
        n = add_case(c, n, ERFCINV, 0, 2 - (double)(float)(q < 1e-7 ? 1e-7 : q));
        n = add_case(c, n, NORMCDFINV, 0, qf);
        n = add_case(c, n, ERFINV, 0, 1 - (double)(float)(q < 1e-7 ? 1e-7 : q));
    }
    for (double x = -37; x <= 8; x += 1.375)
        n = add_case(c, n, NORMCDF, 0, x);
    static const double erfcx_at[] = {-26, -9.5, -2, -0.25, 0, 0.3, 1.5, 4,
                                      12, 24.5, 26, 40, 1e3, 1e10};
    for (double x : erfcx_at)
        n = add_case(c, n, ERFCX, 0, x);
    for (double x = 0.0625; x < 8; x += 0.4375)
        for (int f = J0; f <= Y1; f++)
            n = add_case(c, n, f, 0, x);
    static const double far[] = {8, 11.5, 19.75, 24.9375, 25, 30.5, 77.25,
                                 512, 12345.5};
    for (double x : far)
        for (int f = J0; f <= Y1; f++)
            n = add_case(c, n, f, 0, x);
    n = add_case(c, n, J0, 0, -3.5);
    n = add_case(c, n, J1, 0, -3.5);
    static const int orders[] = {2, 3, 7, 20, 128};
    static const double jn_at[] = {0.25, 1.5, 6, 19.5, 40, 150.5, 1000};
    for (int k : orders)
        for (double x : jn_at) {
            n = add_case(c, n, JN, k, x);
            if (x >= k) // |Y_n| <= 1 there, where an absolute bound means something
                n = add_case(c, n, YN, k, x);
        }
    static const double i_at[] = {-12.5, -0.75, 0, 0.0009765625, 1, 5.5, 20, 29.75,
                                  30.25, 65, 300, 700};
    for (double x : i_at) {
        n = add_case(c, n, I0, 0, x);
        n = add_case(c, n, I1, 0, x);
    }
    return n;
}

// ---- directed rounding -------------------------------------------------

enum { ADD, SUB, MUL, DIV, RCP, SQRT, FMA, N_OPS };
static const char *const op_names[] = {"add", "sub", "mul", "div", "rcp",
                                       "sqrt", "fma"};

struct rounding_case {
    int op;
    float fa, fb, fc;
    double da, db, dc;
};

template <int M> __device__ float rounded_f(int op, float a, float b, float c)
{
    switch (op) {
    case ADD: return M == 0 ? __fadd_rz(a, b) : M == 1 ? __fadd_rd(a, b) : __fadd_ru(a, b);
    case SUB: return M == 0 ? __fsub_rz(a, b) : M == 1 ? __fsub_rd(a, b) : __fsub_ru(a, b);
    case MUL: return M == 0 ? __fmul_rz(a, b) : M == 1 ? __fmul_rd(a, b) : __fmul_ru(a, b);
    case DIV: return M == 0 ? __fdiv_rz(a, b) : M == 1 ? __fdiv_rd(a, b) : __fdiv_ru(a, b);
    case RCP: return M == 0 ? __frcp_rz(a) : M == 1 ? __frcp_rd(a) : __frcp_ru(a);
    case SQRT: return M == 0 ? __fsqrt_rz(a) : M == 1 ? __fsqrt_rd(a) : __fsqrt_ru(a);
    default: return M == 0 ? __fmaf_rz(a, b, c) : M == 1 ? __fmaf_rd(a, b, c) : __fmaf_ru(a, b, c);
    }
}

template <int M> __device__ double rounded_d(int op, double a, double b, double c)
{
    switch (op) {
    case ADD: return M == 0 ? __dadd_rz(a, b) : M == 1 ? __dadd_rd(a, b) : __dadd_ru(a, b);
    case SUB: return M == 0 ? __dsub_rz(a, b) : M == 1 ? __dsub_rd(a, b) : __dsub_ru(a, b);
    case MUL: return M == 0 ? __dmul_rz(a, b) : M == 1 ? __dmul_rd(a, b) : __dmul_ru(a, b);
    case DIV: return M == 0 ? __ddiv_rz(a, b) : M == 1 ? __ddiv_rd(a, b) : __ddiv_ru(a, b);
    case RCP: return M == 0 ? __drcp_rz(a) : M == 1 ? __drcp_rd(a) : __drcp_ru(a);
    case SQRT: return M == 0 ? __dsqrt_rz(a) : M == 1 ? __dsqrt_rd(a) : __dsqrt_ru(a);
    default: return M == 0 ? __fma_rz(a, b, c) : M == 1 ? __fma_rd(a, b, c) : __fma_ru(a, b, c);
    }
}

__global__ void roundings(const rounding_case *c, float *f, double *d, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    const rounding_case &k = c[i];
    f[3 * i + 0] = rounded_f<0>(k.op, k.fa, k.fb, k.fc);
    f[3 * i + 1] = rounded_f<1>(k.op, k.fa, k.fb, k.fc);
    f[3 * i + 2] = rounded_f<2>(k.op, k.fa, k.fb, k.fc);
    d[3 * i + 0] = rounded_d<0>(k.op, k.da, k.db, k.dc);
    d[3 * i + 1] = rounded_d<1>(k.op, k.da, k.db, k.dc);
    d[3 * i + 2] = rounded_d<2>(k.op, k.da, k.db, k.dc);
}

static float host_f(int op, float a, float b, float c)
{
    volatile float va = a, vb = b, vc = c;
    switch (op) {
    case ADD: return va + vb;
    case SUB: return va - vb;
    case MUL: return va * vb;
    case DIV: return va / vb;
    case RCP: return 1.0f / va;
    case SQRT: return sqrtf(va);
    default: return fmaf(va, vb, vc);
    }
}

static double host_d(int op, double a, double b, double c)
{
    volatile double va = a, vb = b, vc = c;
    switch (op) {
    case ADD: return va + vb;
    case SUB: return va - vb;
    case MUL: return va * vb;
    case DIV: return va / vb;
    case RCP: return 1.0 / va;
    case SQRT: return sqrt(va);
    default: return fma(va, vb, vc);
    }
}

static bool same_bits_f(float a, float b)
{
    return (std::isnan(a) && std::isnan(b)) || !memcmp(&a, &b, sizeof a);
}

static bool same_bits_d(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || !memcmp(&a, &b, sizeof a);
}

static int make_rounding_cases(rounding_case *c)
{
    static const double a_vals[] = {1.0, -1.0, 1.0 / 3, -2.5e-3, 3.0e38,
                                    1e-40, -7.0e-45, 1e300, 2.2e-308,
                                    4.9e-324, 123456.789, -0.0, 0.0, 1e-160};
    static const double b_vals[] = {3.0, -1.0, 1e-8, 7.1e-3, 1e10, 1e-300,
                                    -1.7e308, 0.1};
    int n = 0;
    unsigned seed = 12345;
    for (int op = 0; op < N_OPS; op++)
        for (double a : a_vals)
            for (double b : b_vals) {
                seed = seed * 1103515245u + 12345u;
                double cv = ((int)(seed >> 8 & 0xffff) - 32768) / 7919.0;
                if (op == FMA && (seed >> 4 & 3) == 0)
                    cv = -a * b;          // an exact or nearly exact cancel
                rounding_case &k = c[n++];
                k.op = op;
                k.da = op == SQRT ? fabs(a) : a;
                k.db = b;
                k.dc = cv * (op == FMA && (seed & 1) ? 1e-300 : 1.0);
                k.fa = (float)k.da;
                k.fb = (float)b;
                k.fc = (float)k.dc;
            }
    return n;
}

int main()
{
    int failures = 0;
    special_case cases[1024];
    int n = make_cases(cases);
    special_case *dc;
    double *dd;
    float *df;
    CHECK(cudaMalloc(&dc, n * sizeof(special_case)));
    CHECK(cudaMalloc(&dd, n * sizeof(double)));
    CHECK(cudaMalloc(&df, n * sizeof(float)));
    CHECK(cudaMemcpy(dc, cases, n * sizeof(special_case), cudaMemcpyHostToDevice));
    specials<<<(n + 63) / 64, 64>>>(dc, dd, df, n);
    CHECK(cudaGetLastError());
    static double got_d[1024];
    static float got_f[1024];
    CHECK(cudaMemcpy(got_d, dd, n * sizeof(double), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(got_f, df, n * sizeof(float), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++) {
        const special_case &c = cases[i];
        long double want = reference(c);
        bound b = bound_of(c);
        if (!close_to(got_d[i], want, true, b.ulp_d, b.abs_d)) {
            printf("%s(%d, %.17g): double %.17g, want %.20Lg\n",
                   names[c.func], c.order, c.x, got_d[i], want);
            failures++;
        }
        if (!close_to(got_f[i], want, false, b.ulp_f, b.abs_f)) {
            printf("%sf(%d, %.9g): float %.9g, want %.12Lg\n",
                   names[c.func], c.order, c.x, got_f[i], want);
            failures++;
        }
    }
    int n_special = n;

    rounding_case rc[1024];
    n = make_rounding_cases(rc);
    rounding_case *drc;
    CHECK(cudaMalloc(&drc, n * sizeof(rounding_case)));
    CHECK(cudaFree(dd));
    CHECK(cudaFree(df));
    CHECK(cudaMalloc(&dd, 3 * n * sizeof(double)));
    CHECK(cudaMalloc(&df, 3 * n * sizeof(float)));
    CHECK(cudaMemcpy(drc, rc, n * sizeof(rounding_case), cudaMemcpyHostToDevice));
    roundings<<<(n + 63) / 64, 64>>>(drc, df, dd, n);
    CHECK(cudaGetLastError());
    static double rd[3 * 1024];
    static float rf[3 * 1024];
    CHECK(cudaMemcpy(rd, dd, 3 * n * sizeof(double), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(rf, df, 3 * n * sizeof(float), cudaMemcpyDeviceToHost));
    static const int modes[] = {FE_TOWARDZERO, FE_DOWNWARD, FE_UPWARD};
    static const char *const mode_names[] = {"rz", "rd", "ru"};
    for (int i = 0; i < n; i++)
        for (int m = 0; m < 3; m++) {
            const rounding_case &k = rc[i];
            fesetround(modes[m]);
            float wf = host_f(k.op, k.fa, k.fb, k.fc);
            double wd = host_d(k.op, k.da, k.db, k.dc);
            fesetround(FE_TONEAREST);
            if (!same_bits_f(rf[3 * i + m], wf)) {
                printf("__f%s_%s(%a, %a, %a) = %a, want %a\n", op_names[k.op],
                       mode_names[m], k.fa, k.fb, k.fc, rf[3 * i + m], wf);
                failures++;
            }
            if (!same_bits_d(rd[3 * i + m], wd)) {
                printf("__d%s_%s(%a, %a, %a) = %a, want %a\n", op_names[k.op],
                       mode_names[m], k.da, k.db, k.dc, rd[3 * i + m], wd);
                failures++;
            }
        }
    CHECK(cudaFree(dc));
    CHECK(cudaFree(drc));
    CHECK(cudaFree(dd));
    CHECK(cudaFree(df));
    if (failures) {
        printf("%d mismatches\nFAIL math_special_tails\n", failures);
        return 1;
    }
    printf("PASS math_special_tails: %d special-function cases, %d rounded "
           "operations in 3 modes and 2 precisions\n", n_special, n);
    return 0;
}
