// pointer_attributes.cu: cudaPointerGetAttributes on device, pinned host,
// managed and plain malloc'd pointers, including an interior pointer.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL pointer_attributes\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

static int check(const char *what, const void *p, cudaMemoryType type,
                 int want_dev_ptr)
{
    cudaPointerAttributes at;
    CHECK(cudaPointerGetAttributes(&at, p));
    int bad = at.type != type;
    if (want_dev_ptr && at.devicePointer != p)
        bad = 1;
    if (type != cudaMemoryTypeUnregistered && at.device != 0)
        bad = 1;
    if (bad)
        printf("%s: type %d (want %d) device %d devicePointer %p (ptr %p)\n",
               what, (int)at.type, (int)type, at.device, at.devicePointer, p);
    return bad;
}

int main()
{
    char *dev, *pinned, *managed;
    char *plain = (char *)malloc(64);
    CHECK(cudaMalloc(&dev, 256));
    CHECK(cudaMallocHost(&pinned, 256));
    CHECK(cudaMallocManaged(&managed, 256));
    int bad = 0;
    bad += check("device", dev, cudaMemoryTypeDevice, 1);
    bad += check("device+100", dev + 100, cudaMemoryTypeDevice, 1);
    bad += check("pinned", pinned, cudaMemoryTypeHost, 0);
    bad += check("managed", managed, cudaMemoryTypeManaged, 1);
    bad += check("malloc", plain, cudaMemoryTypeUnregistered, 0);
    CHECK(cudaFree(dev));
    CHECK(cudaFreeHost(pinned));
    CHECK(cudaFree(managed));
    free(plain);
    if (bad) {
        printf("FAIL pointer_attributes\n");
        return 1;
    }
    printf("PASS pointer_attributes\n");
    return 0;
}
