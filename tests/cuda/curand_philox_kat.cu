// curand_philox_kat.cu: cuRAND's Philox4_32_10 through the device API is
// bit for bit the published Philox4x32-10: the three known-answer vectors
// of Random123's tests/kat_vectors (Salmon et al., SC'11), reached by
// curand_init's seed (the key), subsequence (the counter's high half) and
// offset (4 draws per counter value), and one value NVIDIA's libcurand
// gave.  The nvcc leg runs the same kernels through NVIDIA's own
// curand_kernel.h, so both headers are held to these numbers.
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

struct Kat {
    unsigned long long seed, sub, ctr_lo;  // key, counter high and low halves
    unsigned int expect[4];
};

// philox4x32 10 <ctr0 ctr1 ctr2 ctr3> <key0 key1> -> <out0..3>
static const Kat kats[] = {
    {0x0000000000000000ull, 0x0000000000000000ull, 0x0000000000000000ull,
     {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
    {0xffffffffffffffffull, 0xffffffffffffffffull, 0xffffffffffffffffull,
     {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
    {0x299f31d0a4093822ull, 0x0370734413198a2eull, 0x85a308d3243f6a88ull,
     {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
};

// The counter's low half is an offset of 4 * ctr_lo draws, more than one
// unsigned long long holds: skipahead takes it in steps of < 2^64.
__global__ void kat_kernel(const Kat *k, uint4 *out, unsigned int *one_by_one)
{
    int i = threadIdx.x;
    curandStatePhilox4_32_10_t s;
    curand_init(k[i].seed, k[i].sub, 0, &s);
    unsigned long long quarter = k[i].ctr_lo / 4;
    for (int q = 0; q < 4; q++)
        skipahead(quarter * 4, &s);
    skipahead(k[i].ctr_lo % 4 * 4, &s);
    curandStatePhilox4_32_10_t t = s;
    out[i] = curand4(&s);
    for (int j = 0; j < 4; j++)
        one_by_one[4 * i + j] = curand(&t);
}

// Draws 5.. of a state against curand_init's offset 5 and a skipahead(5)
// after init, across the counter boundary; and one value of NVIDIA's
// host generator (seed 0x123456789abcdf0, result 300000000: word 0 of
// counter 1144 of subsequence 26816).
__global__ void offsets_kernel(unsigned int *out)
{
    curandStatePhilox4_32_10_t a, b, c;
    curand_init(42, 7, 0, &a);
    curand_init(42, 7, 5, &b);
    curand_init(42, 7, 0, &c);
    skipahead(5, &c);
    for (int i = 0; i < 5; i++)
        curand(&a);
    for (int i = 0; i < 8; i++) {
        out[3 * i] = curand(&a);
        out[3 * i + 1] = curand(&b);
        out[3 * i + 2] = curand(&c);
    }
    curandStatePhilox4_32_10_t d;
    curand_init(0x123456789abcdf0ull, 26816, 1144ull * 4, &d);
    out[24] = curand(&d);
    // skipahead_sequence moves to the next subsequence's start
    curandStatePhilox4_32_10_t e, f;
    curand_init(42, 7, 0, &e);
    skipahead_sequence(1, &e);
    curand_init(42, 8, 0, &f);
    out[25] = curand(&e);
    out[26] = curand(&f);
}

int main()
{
    Kat *k;
    uint4 *out;
    unsigned int *seq, *offs;
    cudaMallocManaged(&k, sizeof(kats));
    cudaMallocManaged(&out, 3 * sizeof(uint4));
    cudaMallocManaged(&seq, 12 * sizeof(unsigned int));
    cudaMallocManaged(&offs, 27 * sizeof(unsigned int));
    for (int i = 0; i < 3; i++)
        k[i] = kats[i];
    kat_kernel<<<1, 3>>>(k, out, seq);
    offsets_kernel<<<1, 1>>>(offs);
    CHECK(cudaDeviceSynchronize() == cudaSuccess);
    for (int i = 0; i < 3; i++) {
        unsigned int got[4] = {out[i].x, out[i].y, out[i].z, out[i].w};
        for (int j = 0; j < 4; j++) {
            if (got[j] != kats[i].expect[j] || seq[4 * i + j] != got[j]) {
                printf("FAIL kat %d word %d: %08x (one by one %08x), "
                       "expected %08x\n", i, j, got[j], seq[4 * i + j],
                       kats[i].expect[j]);
                failures++;
            }
        }
    }
    for (int i = 0; i < 8; i++) {
        CHECK(offs[3 * i] == offs[3 * i + 1]);
        CHECK(offs[3 * i] == offs[3 * i + 2]);
    }
    CHECK(offs[24] == 0xa419d298u);
    CHECK(offs[25] == offs[26]);
    if (failures) {
        printf("FAIL %d\n", failures);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
