// curand_mrg32k3a_skip.cu: MRG32k3a's skip-ahead against NVIDIA's:
// skipahead_sequence(n) jumps n sequences of 2^127 draws (the expected
// values are what NVIDIA's curand_kernel.h gave), and curand_init's offset
// (its skipahead) is drawing and dropping.  Apart from
// curand_mrg32k3a.cu because NVIDIA's skip code is big: the nvcc leg's JIT
// of both in one program takes most of a test's time on a busy machine.
#include <curand_kernel.h>
#include <cstdio>

static int failures = 0;
#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL line %d: %s\n", __LINE__, #cond);            \
            failures++;                                               \
        }                                                             \
    } while (0)

struct Ref {
    unsigned long long seed, sequences;
    unsigned int draw;
};

static const Ref refs[] = {
    {0, 5, 1419483992u},
    {77, 5, 3860531525u},
    {0x55555555ull, 5, 297926688u},
};

__global__ void seq_kernel(const Ref *r, unsigned int *out, int n)
{
    int i = threadIdx.x;
    if (i >= n)
        return;
    curandStateMRG32k3a_t s;
    curand_init(r[i].seed, 0, 0, &s);
    skipahead_sequence(r[i].sequences, &s);
    out[i] = curand(&s);
}

__global__ void skip_kernel(int *ok)
{
    int t = threadIdx.x;
    unsigned long long n = 1ull + 3ull * t * t;   // 1 .. 2884
    curandStateMRG32k3a_t a, b;
    curand_init(99, t, n, &a);
    curand_init(99, t, 0, &b);
    for (unsigned long long i = 0; i < n; i++)
        curand(&b);
    ok[t] = curand(&a) == curand(&b) && curand(&a) == curand(&b);
}

int main()
{
    Ref *r;
    unsigned int *out;
    int *ok;
    cudaMallocManaged(&r, sizeof(refs));
    cudaMallocManaged(&out, 3 * sizeof(unsigned int));
    cudaMallocManaged(&ok, 32 * sizeof(int));
    for (int i = 0; i < 3; i++)
        r[i] = refs[i];
    seq_kernel<<<1, 32>>>(r, out, 3);
    skip_kernel<<<1, 32>>>(ok);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    for (int i = 0; i < 3; i++)
        CHECK(out[i] == refs[i].draw);
    for (int t = 0; t < 32; t++)
        CHECK(ok[t]);
    if (failures) {
        printf("FAIL %d\n", failures);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
