// curand_xorwow.cu: cuRAND's default device generator (XORWOW,
// curandState_t) gives NVIDIA's sequence: the expected values are what
// NVIDIA's libcurand gave (its host generator's result e is draw e / 4096
// of subsequence e % 4096), which checks the seeding, the 2^67-draw
// subsequence jumps and the skip-ahead by offset.  Also: skipahead(n) is
// drawing n and dropping them, skipahead_sequence(n) is curand_init's
// subsequence n, and the same seed and subsequence give the same numbers
// in two kernels.  The nvcc leg runs it through NVIDIA's curand_kernel.h.
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
    unsigned long long seed, sub, draw;
    unsigned int value;
};

static const Ref refs[] = {
    {1234, 0, 0, 0x253d5e15u},    {1234, 1, 0, 0xd1f7605au},
    {1234, 2, 0, 0x8ce6f6f8u},    {1234, 3, 0, 0x4b79ff67u},
    {1234, 4095, 0, 0xe5dcbadau}, {1234, 0, 1, 0x6f558604u},
    {1234, 1, 1, 0xed29ae49u},    {1234, 0, 2, 0xdee6daf2u},
    {1234, 4095, 255, 0x886b85f1u}, {1234, 288, 122, 0xf7d867b4u},
    {0x123456789abcdefull, 0, 0, 0x1a444210u},
    {0x123456789abcdefull, 1, 0, 0x6d3c9475u},
    {0x123456789abcdefull, 768, 73242, 0xa34029a2u},
    {0x123456789abcdefull, 769, 73242, 0x4e2a29c8u},
};
#define NREF (int)(sizeof(refs) / sizeof(refs[0]))

__global__ void ref_kernel(const Ref *r, unsigned int *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    curandState s;
    curand_init(r[i].seed, r[i].sub, r[i].draw, &s);
    out[i] = curand(&s);
}

// Per thread: 3 draws after skipahead(n) and after drawing n; then
// skipahead_sequence against curand_init's subsequence.
__global__ void skip_kernel(unsigned int *out, unsigned long long seed)
{
    int t = threadIdx.x;
    unsigned long long n = 1ull + 37ull * t * t * t;   // 1 .. ~1.1M
    curandState a, b;
    curand_init(seed, t, 0, &a);
    b = a;
    skipahead(n, &a);
    for (unsigned long long i = 0; i < n; i++)
        curand(&b);
    for (int i = 0; i < 3; i++) {
        out[6 * t + 2 * i] = curand(&a);
        out[6 * t + 2 * i + 1] = curand(&b);
    }
}

__global__ void seq_kernel(unsigned int *out, unsigned long long seed)
{
    int t = threadIdx.x;
    curandState a, b;
    curand_init(seed, 0, 10, &a);
    skipahead_sequence(t * 1000003ull, &a);
    curand_init(seed, t * 1000003ull, 10, &b);
    out[2 * t] = curand(&a);
    out[2 * t + 1] = curand(&b);
}

__global__ void same_kernel(unsigned int *out, unsigned long long seed)
{
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    curandState s;
    curand_init(seed, t, 3, &s);
    for (int i = 0; i < 4; i++)
        out[4 * t + i] = curand(&s);
}

int main()
{
    Ref *r;
    unsigned int *out, *skip, *seq, *same1, *same2;
    cudaMallocManaged(&r, sizeof(refs));
    cudaMallocManaged(&out, NREF * sizeof(unsigned int));
    cudaMallocManaged(&skip, 32 * 6 * sizeof(unsigned int));
    cudaMallocManaged(&seq, 32 * 2 * sizeof(unsigned int));
    cudaMallocManaged(&same1, 256 * 4 * sizeof(unsigned int));
    cudaMallocManaged(&same2, 256 * 4 * sizeof(unsigned int));
    for (int i = 0; i < NREF; i++)
        r[i] = refs[i];
    ref_kernel<<<1, 32>>>(r, out, NREF);
    skip_kernel<<<1, 32>>>(skip, 99);
    seq_kernel<<<1, 32>>>(seq, 5);
    same_kernel<<<4, 64>>>(same1, 77);
    same_kernel<<<2, 128>>>(same2, 77);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    for (int i = 0; i < NREF; i++) {
        if (out[i] != refs[i].value) {
            printf("FAIL seed %llx subsequence %llu draw %llu: %08x, "
                   "expected %08x\n", refs[i].seed, refs[i].sub,
                   refs[i].draw, out[i], refs[i].value);
            failures++;
        }
    }
    for (int t = 0; t < 32; t++) {
        for (int i = 0; i < 3; i++)
            CHECK(skip[6 * t + 2 * i] == skip[6 * t + 2 * i + 1]);
        CHECK(seq[2 * t] == seq[2 * t + 1]);
    }
    int same_ok = 1, distinct = 0;
    for (int i = 0; i < 256 * 4; i++) {
        same_ok &= same1[i] == same2[i];
        distinct += i >= 4 && same1[i] != same1[i - 4];
    }
    CHECK(same_ok);
    CHECK(distinct > 1000);   // subsequences differ
    if (failures) {
        printf("FAIL %d\n", failures);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
