// surface_trap.cu: a surface write outside the array under the default
// boundary mode (cudaBoundaryModeTrap) faults the launch: the synchronize
// reports it, the error is sticky, and cudaDeviceReset clears it, after
// which surfaces work again.  A read outside traps the same way.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

enum { W = 16, H = 8 };

__global__ void write_row(cudaSurfaceObject_t s, int y)
{
    int x = threadIdx.x;
    surf2Dwrite(x * 1.0f, s, x * 4, y); // y == H: outside
}

__global__ void read_past(cudaSurfaceObject_t s, float *out)
{
    int x = threadIdx.x;
    out[x] = surf2Dread<float>(s, (x + 1) * 4, 0); // lane W - 1: outside
}

// CUDA reports a trap as a launch failure; an illegal-address report
// would do as well.  Either way the same error must come back.
static bool is_fault(cudaError_t e)
{
    return e == cudaErrorLaunchFailure || e == cudaErrorIllegalAddress;
}

static cudaSurfaceObject_t make(cudaArray_t *a)
{
    cudaChannelFormatDesc d = cudaCreateChannelDesc<float>();
    cudaSurfaceObject_t s = 0;
    cudaResourceDesc res;
    memset(&res, 0, sizeof res);
    res.resType = cudaResourceTypeArray;
    if (cudaMallocArray(a, &d, W, H, cudaArraySurfaceLoadStore) !=
        cudaSuccess)
        return 0;
    res.res.array.array = *a;
    if (cudaCreateSurfaceObject(&s, &res) != cudaSuccess)
        return 0;
    return s;
}

// Runs one faulting launch; true if it faults and stays faulted.
static bool faults_sticky(const char *what, cudaError_t sync)
{
    cudaError_t last = cudaGetLastError();
    void *p = NULL;
    cudaError_t alloc = cudaMalloc(&p, 16);
    if (!is_fault(sync) || last != sync || alloc != sync) {
        printf("%s: sync=%s last=%s alloc=%s\n", what, cudaGetErrorName(sync),
               cudaGetErrorName(last), cudaGetErrorName(alloc));
        return false;
    }
    return true;
}

int main()
{
    cudaArray_t a;
    cudaSurfaceObject_t s = make(&a);
    if (!s) {
        printf("setup failed\nFAIL surface_trap\n");
        return 1;
    }
    write_row<<<1, W>>>(s, H - 1); // inside: fine
    cudaError_t ok = cudaDeviceSynchronize();
    write_row<<<1, W>>>(s, H);
    fflush(stdout);
    bool good = ok == cudaSuccess &&
                faults_sticky("write", cudaDeviceSynchronize());
    if (cudaDeviceReset() != cudaSuccess) {
        printf("reset failed\n");
        good = false;
    }

    // After the reset (which freed everything) surfaces work again, and a
    // read outside faults too.
    s = make(&a);
    float *out = NULL;
    if (!s || cudaMalloc(&out, W * sizeof(float)) != cudaSuccess) {
        printf("setup after reset failed\nFAIL surface_trap\n");
        return 1;
    }
    write_row<<<1, W>>>(s, 0);
    if (cudaDeviceSynchronize() != cudaSuccess) {
        printf("write after reset failed\n");
        good = false;
    }
    read_past<<<1, W>>>(s, out);
    good = faults_sticky("read", cudaDeviceSynchronize()) && good;
    cudaDeviceReset();
    printf("%s surface_trap\n", good ? "PASS" : "FAIL");
    return !good;
}
