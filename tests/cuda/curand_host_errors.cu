// curand_host_errors.cu: the statuses cuRAND's host API returns for bad
// arguments (as NVIDIA's libcurand returns them, where it returns one
// rather than crashing), the version and properties, and the generator
// types and orderings cux takes.
// cux-link: -lcurand
#include <curand.h>
#include <cstdio>

static int failures = 0;
#define CHECK(cond)                                                   \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL line %d: %s\n", __LINE__, #cond);            \
            failures++;                                               \
        }                                                             \
    } while (0)

int main()
{
    int v = 0, major = -1, minor = -1, patch = -1;
    CHECK(curandGetVersion(&v) == CURAND_STATUS_SUCCESS && v == CURAND_VERSION);
    CHECK(curandGetProperty(MAJOR_VERSION, &major) == CURAND_STATUS_SUCCESS);
    CHECK(curandGetProperty(MINOR_VERSION, &minor) == CURAND_STATUS_SUCCESS);
    CHECK(curandGetProperty(PATCH_LEVEL, &patch) == CURAND_STATUS_SUCCESS);
    CHECK(major * 1000 + minor * 100 + patch == CURAND_VERSION);
    CHECK(major == 10);
    CHECK(curandGetProperty((libraryPropertyType)7, &v) ==
          CURAND_STATUS_OUT_OF_RANGE);
    CHECK(curandGetVersion(nullptr) != CURAND_STATUS_SUCCESS);

    // types: the default is XORWOW; the ones cux lacks are a type error
    curandGenerator_t g = nullptr, d = nullptr;
    CHECK(curandCreateGenerator(&g, (curandRngType_t)5) ==
          CURAND_STATUS_TYPE_ERROR);
    CHECK(curandCreateGeneratorHost(&g, CURAND_RNG_PSEUDO_MT19937) ==
          CURAND_STATUS_TYPE_ERROR);
    CHECK(curandCreateGenerator(&d, CURAND_RNG_PSEUDO_DEFAULT) ==
          CURAND_STATUS_SUCCESS);
    CHECK(curandCreateGenerator(&g, CURAND_RNG_PSEUDO_XORWOW) ==
          CURAND_STATUS_SUCCESS);
    unsigned int *a, *b;
    cudaMallocManaged(&a, 64 * sizeof(unsigned int));
    cudaMallocManaged(&b, 64 * sizeof(unsigned int));
    CHECK(curandGenerate(d, a, 64) == CURAND_STATUS_SUCCESS);
    CHECK(curandGenerate(g, b, 64) == CURAND_STATUS_SUCCESS);
    cudaDeviceSynchronize();
    bool same = true;
    for (int i = 0; i < 64; i++)
        same &= a[i] == b[i];
    CHECK(same);
    // the default seed is 0: NVIDIA's first number for it
    CHECK(a[0] == 0xbd7f03b6u);

    // lengths and parameters
    float f[4];
    double x[4];
    CHECK(curandGenerateNormal(g, f, 3, 0.0f, 1.0f) ==
          CURAND_STATUS_LENGTH_NOT_MULTIPLE);
    CHECK(curandGenerateNormalDouble(g, x, 3, 0.0, 1.0) ==
          CURAND_STATUS_LENGTH_NOT_MULTIPLE);
    CHECK(curandGenerateLogNormal(g, f, 1, 0.0f, 1.0f) ==
          CURAND_STATUS_LENGTH_NOT_MULTIPLE);
    CHECK(curandGenerateLogNormalDouble(g, x, 3, 0.0, 1.0) ==
          CURAND_STATUS_LENGTH_NOT_MULTIPLE);
    CHECK(curandGeneratePoisson(g, a, 4, 0.0) == CURAND_STATUS_OUT_OF_RANGE);
    CHECK(curandGeneratePoisson(g, a, 4, -2.0) ==
          CURAND_STATUS_OUT_OF_RANGE);
    CHECK(curandGenerate(g, nullptr, 0) == CURAND_STATUS_SUCCESS);
    CHECK(curandGenerateNormal(g, nullptr, 0, 0.0f, 1.0f) ==
          CURAND_STATUS_SUCCESS);
    CHECK(curandGenerate(g, nullptr, 4) == CURAND_STATUS_LAUNCH_FAILURE);

    // orderings: the pseudorandom ones that give cuRAND's legacy order
    CHECK(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_BEST) ==
          CURAND_STATUS_SUCCESS);
    CHECK(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_LEGACY) ==
          CURAND_STATUS_SUCCESS);
    CHECK(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_DEFAULT) ==
          CURAND_STATUS_SUCCESS);
    CHECK(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_DYNAMIC) ==
          CURAND_STATUS_SUCCESS);
    CHECK(curandSetGeneratorOrdering(g, CURAND_ORDERING_QUASI_DEFAULT) ==
          CURAND_STATUS_OUT_OF_RANGE);
    CHECK(curandSetGeneratorOrdering(g, CURAND_ORDERING_PSEUDO_SEEDED) ==
          CURAND_STATUS_OUT_OF_RANGE);
    CHECK(curandSetGeneratorOrdering(g, (curandOrdering_t)77) ==
          CURAND_STATUS_OUT_OF_RANGE);
    curandGenerator_t h;
    CHECK(curandCreateGeneratorHost(&h, CURAND_RNG_PSEUDO_PHILOX4_32_10) ==
          CURAND_STATUS_SUCCESS);
    CHECK(curandSetGeneratorOrdering(h, CURAND_ORDERING_PSEUDO_DYNAMIC) ==
          CURAND_STATUS_OUT_OF_RANGE);
    CHECK(curandGenerateSeeds(h) == CURAND_STATUS_SUCCESS);
    CHECK(curandDestroyGenerator(h) == CURAND_STATUS_SUCCESS);

    // a generator never created, or destroyed
    CHECK(curandCreateGenerator(nullptr, CURAND_RNG_PSEUDO_XORWOW) ==
          CURAND_STATUS_NOT_INITIALIZED);
    CHECK(curandDestroyGenerator(d) == CURAND_STATUS_SUCCESS);
    curandGenerator_t dead[] = {nullptr, d};
    for (curandGenerator_t z : dead) {
        CHECK(curandDestroyGenerator(z) == CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandSetPseudoRandomGeneratorSeed(z, 1) ==
              CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandSetGeneratorOffset(z, 1) == CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandSetGeneratorOrdering(z, CURAND_ORDERING_PSEUDO_DEFAULT) ==
              CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandSetStream(z, 0) == CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandGenerateSeeds(z) == CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandGenerate(z, a, 4) == CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandGenerateUniform(z, f, 4) == CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandGenerateUniformDouble(z, x, 4) ==
              CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandGenerateNormal(z, f, 4, 0.0f, 1.0f) ==
              CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandGenerateNormalDouble(z, x, 4, 0.0, 1.0) ==
              CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandGenerateLogNormal(z, f, 4, 0.0f, 1.0f) ==
              CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandGenerateLogNormalDouble(z, x, 4, 0.0, 1.0) ==
              CURAND_STATUS_NOT_INITIALIZED);
        CHECK(curandGeneratePoisson(z, a, 4, 1.0) ==
              CURAND_STATUS_NOT_INITIALIZED);
    }
    CHECK(curandDestroyGenerator(g) == CURAND_STATUS_SUCCESS);
    cudaFree(a);
    cudaFree(b);
    if (failures) {
        printf("FAIL %d\n", failures);
        return 1;
    }
    printf("PASS\n");
    return 0;
}
