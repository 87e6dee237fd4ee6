// strided_fields.cu: one field of each element of an array of float2 and
// of float4 (lanes 8 and 16 bytes apart), read from memory that ends at
// an inaccessible page, in blocks whose last warp stops short.  The CPU
// device reads such a warp's span whole where that cannot reach past the
// memory the lanes' own words lie in; the last warp's span here would end
// a few bytes into the next page, which must not be read.  Every output
// is compared with the host's.
#include <cuda_runtime.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL strided_fields\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

// One field only: two of them would be one vector load.
__global__ void pairs(const float2 *p, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = p[i].y * 3.0f - 1.0f;
}

__global__ void quads(const float4 *p, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = p[i].z * 2.0f + 1.0f;
}

static float field(int i, int k)
{
    return (float)((i * 13 + k * 7) % 97) - 40.0f;
}

int main()
{
    long page = sysconf(_SC_PAGESIZE);
    // two pages, the second inaccessible: the arrays end at its start
    char *mem = (char *)mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED || mprotect(mem + page, page, PROT_NONE)) {
        printf("FAIL strided_fields: no guard page\n");
        return 1;
    }
    CHECK(cudaHostRegister(mem, page, cudaHostRegisterMapped));
    char *dev;
    CHECK(cudaHostGetDevicePointer((void **)&dev, mem, 0));
    float *out, host[1024];
    CHECK(cudaMalloc(&out, sizeof host));
    int bad = 0;
    for (int kind = 0; kind < 2; kind++) {
        int size = kind ? (int)sizeof(float4) : (int)sizeof(float2);
        int n = (int)(page / size);
        float *f = (float *)mem;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < size / 4; k++)
                f[i * (size / 4) + k] = field(i, k);
        // all of the array, then a count whose last warp stops short,
        // each ending at the page's end
        const int counts[] = {n, n - 5}, blocks[] = {32, 64, 96};
        for (int count : counts) {
            int skip = n - count; // elements before the ones read
            const char *start = dev + (size_t)skip * size;
            for (int block : blocks) {
                int grid = (count + block - 1) / block;
                if (kind)
                    quads<<<grid, block>>>((const float4 *)start, out, count);
                else
                    pairs<<<grid, block>>>((const float2 *)start, out, count);
                CHECK(cudaGetLastError());
                CHECK(cudaMemcpy(host, out, count * sizeof(float),
                                 cudaMemcpyDeviceToHost));
                for (int i = 0; i < count; i++) {
                    int e = skip + i;
                    float want = kind ? field(e, 2) * 2.0f + 1.0f
                                      : field(e, 1) * 3.0f - 1.0f;
                    if (host[i] != want && bad++ < 10)
                        printf("%s, %d elements, blocks of %d: out[%d] = %g, "
                               "want %g\n", kind ? "float4" : "float2", count,
                               block, i, host[i], want);
                }
            }
        }
    }
    CHECK(cudaFree(out));
    CHECK(cudaHostUnregister(mem));
    munmap(mem, 2 * page);
    if (bad) {
        printf("FAIL strided_fields\n");
        return 1;
    }
    printf("PASS strided_fields\n");
    return 0;
}
