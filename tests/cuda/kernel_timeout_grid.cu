// kernel_timeout_grid.cu: CUX_KERNEL_TIMEOUT in cooperative launches.
// One block spins forever while the others wait for it at grid.sync(),
// and every block spins through grid.sync(); both launches fail with
// cudaErrorLaunchTimeout, no worker is left waiting at the grid barrier,
// and after cudaDeviceReset a cooperative launch runs to its end.  On
// cux only, as kernel_timeout.cu (a GPU without a display would hang).
#include <cooperative_groups.h>
#include <cuda_runtime.h>
#include <cstdio>
#include <dlfcn.h>
#include <cstdlib>
#include <cstring>

namespace cg = cooperative_groups;

enum { THREADS = 64 };

static int failures;

// Block 0 never reaches the grid barrier the others wait at.
extern "C" __global__ void one_spins(volatile int *flag, int *out)
{
    cg::grid_group grid = cg::this_grid();
    if (blockIdx.x == 0)
        while (flag[0] == 0) {
        }
    grid.sync();
    out[blockIdx.x * blockDim.x + threadIdx.x] = 1;
}

extern "C" __global__ void all_sync(volatile int *flag, int *out)
{
    cg::grid_group grid = cg::this_grid();
    int rounds = 0;
    while (flag[0] == 0) {
        rounds++;
        grid.sync();
    }
    out[blockIdx.x * blockDim.x + threadIdx.x] = rounds;
}

// flag 1: both kernels end at once.
extern "C" __global__ void fill(volatile int *flag, int *out)
{
    cg::grid_group grid = cg::this_grid();
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    out[i] = i + flag[0];
    grid.sync();
    out[i] += 1;
}

static void expect(bool ok, const char *what, const char *step,
                   cudaError_t err)
{
    if (!ok) {
        printf("%s: %s: %s\n", what, step, cudaGetErrorName(err));
        failures++;
    }
}

static unsigned blocks_for(const void *kernel)
{
    int per_sm = 0, sms = 0;
    cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, kernel, THREADS,
                                                  0);
    cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0);
    unsigned limit = (unsigned)(per_sm * sms);
    return limit < 8 ? limit : 8;
}

static cudaError_t launch(const void *kernel, int *flag, int *out,
                          unsigned blocks)
{
    void *args[] = {&flag, &out};
    cudaError_t err = cudaLaunchCooperativeKernel(kernel, blocks, THREADS,
                                                  args, 0, 0);
    cudaError_t sync = cudaDeviceSynchronize();
    return err != cudaSuccess ? err : sync;
}

static void alloc(int **flag, int **out, int value)
{
    cudaMalloc(flag, sizeof(int));
    cudaMalloc(out, 8 * THREADS * sizeof(int));
    cudaMemset(*flag, 0, sizeof(int));
    if (value)
        cudaMemcpy(*flag, &value, sizeof value, cudaMemcpyHostToDevice);
}

static void run_case(const char *what, const void *kernel)
{
    unsigned blocks = blocks_for(kernel);
    int *flag = NULL, *out = NULL;
    alloc(&flag, &out, 0);
    cudaError_t sync = launch(kernel, flag, out, blocks);
    cudaError_t last = cudaGetLastError();
    fflush(stderr);
    printf("%s: %s\n", what, cudaGetErrorName(sync));
    expect(sync == cudaErrorLaunchTimeout, what, "sync", sync);
    expect(last == cudaErrorLaunchTimeout, what, "last", last);
    expect(cudaDeviceReset() == cudaSuccess, what, "reset", cudaSuccess);
    blocks = blocks_for((const void *)fill);
    alloc(&flag, &out, 1);
    sync = launch((const void *)fill, flag, out, blocks);
    expect(sync == cudaSuccess, what, "after reset", sync);
    int h[8 * THREADS];
    cudaMemcpy(h, out, blocks * THREADS * sizeof(int),
               cudaMemcpyDeviceToHost);
    for (unsigned i = 0; i < blocks * THREADS && sync == cudaSuccess; i++)
        if (h[i] != (int)i + 2) {
            printf("%s: out[%u] = %d after reset\n", what, i, h[i]);
            failures++;
            break;
        }
    cudaFree(flag);
    cudaFree(out);
}

int main()
{
    // Read at the first launch, so setting it here is in time.
    setenv("CUX_KERNEL_TIMEOUT", "1", 1);
    cudaDeviceProp prop;
    if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess ||
        strncmp(prop.name, "cux", 3) != 0) {
        printf("PASS kernel_timeout_grid (skipped: no watchdog on %s)\n",
               prop.name);
        return 0;
    }
    // ThreadSanitizer (make check-tsan) holds a signal back until the
    // thread calls into the C library, which a kernel spinning in its
    // own code never does: only the loops through a barrier, which end
    // by the launch's stop flag, can be ended there.
    bool under_tsan = dlsym(RTLD_DEFAULT, "__tsan_init") != NULL;
    if (!under_tsan)
        run_case("one block spins", (const void *)one_spins);
    run_case("all spin through grid.sync", (const void *)all_sync);
    printf("%s kernel_timeout_grid\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
