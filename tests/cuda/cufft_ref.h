// cufft_ref.h: what the cuFFT tests (tests/cuda/cufft_*.cu) compare
// against: a plain multi-dimensional DFT in double precision, one axis at
// a time, unnormalised with cuFFT's sign convention, and the relative
// error of a result against it (2-norm of the difference over the 2-norm
// of the reference).
#ifndef CUFFT_REF_H
#define CUFFT_REF_H

#include <cmath>
#include <complex>
#include <cstdio>
#include <vector>

typedef std::complex<double> cref;

static int failures = 0;
#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL line %d: %s\n", __LINE__, #cond);            \
            failures++;                                               \
        }                                                             \
    } while (0)

// The DFT of a dense C-order array with dims[0..rank-1] along one axis;
// the twiddle index is reduced mod n so that every angle is exact.
static void ref_dft_axis(std::vector<cref> &a, const int *dims, int rank,
                         int axis, int sign)
{
    long inner = 1, outer = 1;
    for (int i = axis + 1; i < rank; i++)
        inner *= dims[i];
    for (int i = 0; i < axis; i++)
        outer *= dims[i];
    int n = dims[axis];
    std::vector<cref> w(n), line(n);
    for (int k = 0; k < n; k++)
        w[k] = std::polar(1.0, sign * 2.0 * M_PI * k / n);
    for (long o = 0; o < outer; o++)
        for (long in = 0; in < inner; in++) {
            cref *base = &a[o * n * inner + in];
            for (int k = 0; k < n; k++) {
                cref s = 0;
                for (int j = 0; j < n; j++)
                    s += base[j * inner] * w[(long)j * k % n];
                line[k] = s;
            }
            for (int k = 0; k < n; k++)
                base[k * inner] = line[k];
        }
}

// The full DFT of one dense transform (sign -1 forward, +1 inverse).
static std::vector<cref> ref_dft(std::vector<cref> a, const int *dims,
                                 int rank, int sign)
{
    for (int axis = 0; axis < rank; axis++)
        ref_dft_axis(a, dims, rank, axis, sign);
    return a;
}

// ||got - ref|| / ||ref|| over n values, got read through get(i).
template <typename F>
static double ref_error(const std::vector<cref> &ref, F get)
{
    double d = 0, r = 0;
    for (size_t i = 0; i < ref.size(); i++) {
        d += std::norm(get(i) - ref[i]);
        r += std::norm(ref[i]);
    }
    return r > 0 ? std::sqrt(d / r) : std::sqrt(d);
}

// Deterministic inputs in [-1, 1).
static double ref_value(long i, int salt)
{
    unsigned x = (unsigned)(i * 2654435761u) ^ (unsigned)(salt * 40503u);
    x ^= x >> 13;
    x *= 0x5bd1e995u;
    x ^= x >> 15;
    return (x % 20000) / 10000.0 - 1.0;
}

#endif
