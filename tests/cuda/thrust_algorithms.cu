// thrust_algorithms.cu: a program as a new Thrust user writes it, on
// Debian's Thrust (libthrust-dev) and its CUDA backend: device_vector
// copies both ways, sort (CUB's radix sort of ints), reduce, transform
// with a functor and a device lambda, inclusive and exclusive scan (CUB's
// decoupled look-back between blocks), copy_if, unique, count_if,
// sequence and a transform_reduce.  Each result is checked against the
// same computation in plain host C++; the integer ones exactly, the float
// sum within 1e-6 of its magnitude (the device adds in another order).
// cub_algorithms.cu has sorts with values, cub_block.cu CUB's block level.
// cux-heavy-jit: CUB's kernels are large; the first run compiles for a minute
// cux-heavy-jit-opencl: PoCL builds its kernels for about 3 minutes the first time
#include <thrust/copy.h>
#include <thrust/count.h>
#include <thrust/device_vector.h>
#include <thrust/functional.h>
#include <thrust/host_vector.h>
#include <thrust/reduce.h>
#include <thrust/scan.h>
#include <thrust/sequence.h>
#include <thrust/sort.h>
#include <thrust/transform.h>
#include <thrust/transform_reduce.h>
#include <thrust/unique.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <vector>

static int failures;

static void check(bool ok, const char *what)
{
    if (!ok) {
        printf("FAIL %s\n", what);
        failures++;
    }
}

struct square_plus {
    int add;
    __host__ __device__ int operator()(int x) const { return x * x + add; }
};

struct is_odd {
    __host__ __device__ bool operator()(int x) const { return x & 1; }
};

// A fixed pseudo-random sequence, the same on every run.
static unsigned next_value(unsigned &state)
{
    state = state * 1664525u + 1013904223u;
    return state >> 8;
}

int main()
{
    const int n = 200000;
    unsigned state = 12345;
    std::vector<int> keys(n);
    std::vector<float> reals(n);
    for (int i = 0; i < n; i++) {
        keys[i] = (int)(next_value(state) % 100000) - 50000;
        reals[i] = (float)(next_value(state) % 10000) / 64.0f;
    }

    // sort of ints (CUB's radix sort), back to the host
    thrust::device_vector<int> d_keys(keys.begin(), keys.end());
    thrust::sort(d_keys.begin(), d_keys.end());
    std::vector<int> sorted = keys;
    std::sort(sorted.begin(), sorted.end());
    thrust::host_vector<int> h_keys = d_keys;
    check(std::equal(sorted.begin(), sorted.end(), h_keys.begin()), "sort int");

    // reduce: exact for ints, close for floats
    thrust::device_vector<int> d_orig(keys.begin(), keys.end());
    long long sum = thrust::reduce(d_orig.begin(), d_orig.end(), 0LL);
    check(sum == std::accumulate(keys.begin(), keys.end(), 0LL), "reduce int");
    int biggest = thrust::reduce(d_orig.begin(), d_orig.end(), -1000000,
                                 thrust::maximum<int>());
    check(biggest == *std::max_element(keys.begin(), keys.end()), "reduce max");
    thrust::device_vector<float> d_r(reals.begin(), reals.end());
    double fsum = thrust::reduce(d_r.begin(), d_r.end(), 0.0f);
    double hsum = std::accumulate(reals.begin(), reals.end(), 0.0);
    check(std::fabs(fsum - hsum) <= 1e-6 * hsum, "reduce float");

    // transform with a functor and with a device lambda
    thrust::device_vector<int> d_t(n);
    thrust::transform(d_orig.begin(), d_orig.end(), d_t.begin(),
                      square_plus{7});
    thrust::host_vector<int> h_t = d_t;
    bool ok = true;
    for (int i = 0; i < n; i++)
        ok &= h_t[i] == keys[i] * keys[i] + 7;
    check(ok, "transform functor");
    thrust::transform(d_orig.begin(), d_orig.end(), d_orig.begin(), d_t.begin(),
                      [] __device__(int a, int b) { return a - 3 * b; });
    h_t = d_t;
    ok = true;
    for (int i = 0; i < n; i++)
        ok &= h_t[i] == -2 * keys[i];
    check(ok, "transform lambda");

    // scans
    // Thrust 1.x accumulates an inclusive scan in the input's type, so
    // the input is 64-bit as the sums are.
    thrust::device_vector<long long> d_small(n);
    thrust::sequence(d_small.begin(), d_small.end(), 1LL, 3LL); // 1, 4, ...
    thrust::device_vector<long long> d_scan(n);
    thrust::inclusive_scan(d_small.begin(), d_small.end(), d_scan.begin());
    thrust::host_vector<long long> h_scan = d_scan;
    long long run = 0;
    ok = true;
    for (int i = 0; i < n; i++) {
        run += 1 + 3LL * i;
        ok &= h_scan[i] == run;
    }
    check(ok, "inclusive_scan");
    thrust::exclusive_scan(d_orig.begin(), d_orig.end(), d_scan.begin(), 100LL);
    h_scan = d_scan;
    run = 100;
    ok = true;
    for (int i = 0; i < n; i++) {
        ok &= h_scan[i] == run;
        run += keys[i];
    }
    check(ok, "exclusive_scan");

    // copy_if and count_if
    thrust::device_vector<int> d_odd(n);
    auto end = thrust::copy_if(d_orig.begin(), d_orig.end(), d_odd.begin(),
                               is_odd());
    std::vector<int> odd;
    std::copy_if(keys.begin(), keys.end(), std::back_inserter(odd),
                 [](int x) { return (x & 1) != 0; });
    check(end - d_odd.begin() == (long)odd.size(), "copy_if count");
    thrust::host_vector<int> h_odd(d_odd.begin(), end);
    check(std::equal(odd.begin(), odd.end(), h_odd.begin()), "copy_if values");
    check(thrust::count_if(d_orig.begin(), d_orig.end(), is_odd()) ==
              (long)odd.size(), "count_if");

    // unique over the sorted keys
    auto last = thrust::unique(d_keys.begin(), d_keys.end());
    std::vector<int> uniq = sorted;
    uniq.erase(std::unique(uniq.begin(), uniq.end()), uniq.end());
    check(last - d_keys.begin() == (long)uniq.size(), "unique count");
    thrust::host_vector<int> h_uniq(d_keys.begin(), last);
    check(std::equal(uniq.begin(), uniq.end(), h_uniq.begin()), "unique values");

    // transform_reduce: sum of squares
    long long squares = thrust::transform_reduce(
        d_orig.begin(), d_orig.end(),
        [] __device__(int x) { return (long long)x * x; }, 0LL,
        thrust::plus<long long>());
    long long hsq = 0;
    for (int k : keys)
        hsq += (long long)k * k;
    check(squares == hsq, "transform_reduce");

    if (failures)
        return 1;
    printf("PASS\n");
    return 0;
}
