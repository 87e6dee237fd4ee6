// int_div_uniform.cu: / and % of each thread's value by one divisor all
// threads share (a kernel argument, as `idx / width` divides), signed and
// unsigned, for divisors from 1 to the extremes of each type and
// dividends around their exact multiples, where a quotient computed
// through a reciprocal would be one off (the CPU device divides so).
// Each result is compared with the host's C division; division by zero
// and INT_MIN / -1, which CUDA leaves undefined, are not asked.
#include <cuda_runtime.h>
#include <climits>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL int_div_uniform\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { N = 2048 };

__global__ void divide(const int *a, int d, unsigned ud, int *q, int *r,
                       unsigned *uq, unsigned *ur, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        int x = a[i];
        q[i] = x / d;
        r[i] = x % d;
        uq[i] = (unsigned)x / ud;
        ur[i] = (unsigned)x % ud;
    }
}

static unsigned next(unsigned *seed)
{
    *seed = *seed * 1664525u + 1013904223u;
    return *seed;
}

// Dividends: the extremes; the first multiples of both divisors and
// their neighbours (a reciprocal's quotient of 15 * 4005958 is 14 before
// the correction); multiples near the top of each type; spread values.
static void dividends(int d, unsigned ud, int *a, unsigned *seed)
{
    int k = 0;
    const int fixed[] = {0, 1, -1, 2, -2, INT_MAX, INT_MIN, INT_MAX - 1,
                         INT_MIN + 1};
    for (int v : fixed)
        a[k++] = v;
    long long sd = d < 0 ? -(long long)d : d;
    for (long long m = 1; m <= 64 && m * sd + 1 <= INT_MAX; m++)
        for (int e = -1; e <= 1; e++) {
            a[k++] = (int)(m * sd + e);
            a[k++] = (int)-(m * sd + e);
        }
    for (unsigned long long m = 1; m <= 120 && m * ud + 1 <= UINT_MAX; m++)
        for (int e = -1; e <= 1; e++)
            a[k++] = (int)(unsigned)(m * ud + (unsigned long long)e);
    for (long long m = INT_MAX / sd; k < N / 2 && m > 0; m = m * 7 / 8)
        for (int e = -1; e <= 1; e++) {
            long long v = m * sd + e;
            if (v <= INT_MAX)
                a[k++] = (int)v;
            if (-v >= INT_MIN)
                a[k++] = (int)-v;
        }
    for (unsigned long long m = UINT_MAX / ud; k < 3 * N / 4 && m > 0;
         m = m * 7 / 8)
        for (int e = -1; e <= 1; e++)
            a[k++] = (int)(unsigned)(m * ud + (unsigned long long)e);
    while (k < N)
        a[k++] = (int)next(seed);
    if (d == -1) // INT_MIN / -1 overflows: undefined in CUDA as in C
        for (int i = 0; i < N; i++)
            if (a[i] == INT_MIN)
                a[i] = INT_MIN + 1;
}

int main()
{
    const int divisors[] = {1, -1, 2, -2, 3, -3, 7, 10, -10, 1000, 65536,
                            (1 << 30) + 1, INT_MAX, INT_MIN, -46341, 99991,
                            4005958, -30220304, 417428064, -3938};
    const unsigned udivisors[] = {1u, 2u, 3u, 7u, 10u, 641u, 65535u,
                                  0x80000000u, 0xfffffffeu, 0xffffffffu,
                                  0x7fffffffu, 0x10001u, 3000000019u, 5u,
                                  6u, 0x40000001u, 888102430u, 125767970u,
                                  4005958u, 1998410u};
    int a[N], q[N], r[N];
    unsigned uq[N], ur[N], seed = 12345;
    int *da, *dq, *dr;
    unsigned *duq, *dur;
    CHECK(cudaMalloc(&da, sizeof a));
    CHECK(cudaMalloc(&dq, sizeof q));
    CHECK(cudaMalloc(&dr, sizeof r));
    CHECK(cudaMalloc(&duq, sizeof uq));
    CHECK(cudaMalloc(&dur, sizeof ur));
    int bad = 0;
    for (int t = 0; t < (int)(sizeof divisors / sizeof divisors[0]); t++) {
        int d = divisors[t];
        unsigned ud = udivisors[t];
        dividends(d, ud, a, &seed);
        CHECK(cudaMemcpy(da, a, sizeof a, cudaMemcpyHostToDevice));
        divide<<<(N + 127) / 128, 128>>>(da, d, ud, dq, dr, duq, dur, N);
        CHECK(cudaGetLastError());
        CHECK(cudaMemcpy(q, dq, sizeof q, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(r, dr, sizeof r, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(uq, duq, sizeof uq, cudaMemcpyDeviceToHost));
        CHECK(cudaMemcpy(ur, dur, sizeof ur, cudaMemcpyDeviceToHost));
        for (int i = 0; i < N; i++) {
            unsigned u = (unsigned)a[i];
            if ((q[i] != a[i] / d || r[i] != a[i] % d) && bad++ < 10)
                printf("%d / %d: %d rem %d, want %d rem %d\n", a[i], d, q[i],
                       r[i], a[i] / d, a[i] % d);
            if ((uq[i] != u / ud || ur[i] != u % ud) && bad++ < 10)
                printf("%u / %u: %u rem %u, want %u rem %u\n", u, ud, uq[i],
                       ur[i], u / ud, u % ud);
        }
    }
    CHECK(cudaFree(da));
    CHECK(cudaFree(dq));
    CHECK(cudaFree(dr));
    CHECK(cudaFree(duq));
    CHECK(cudaFree(dur));
    if (bad) {
        printf("FAIL int_div_uniform\n");
        return 1;
    }
    printf("PASS int_div_uniform\n");
    return 0;
}
