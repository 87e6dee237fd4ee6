// kernel_timeout.cu: with CUX_KERNEL_TIMEOUT set, a kernel that never
// ends fails its launch with cudaErrorLaunchTimeout, as a GPU's watchdog
// ends it; the error is sticky, the process lives on, and after
// cudaDeviceReset a new launch runs and computes the right result.  A
// kernel that spins in its own code (one block, and many blocks on every
// worker), and one that spins through __syncthreads.  A GPU without a
// display has no watchdog and would hang here, so the test runs on cux
// only (the device's name says so).  The signal cux ends a spinning
// worker with is SIGRTMAX - 1; a handler the program installed for it
// before still gets the program's own signals, and none of cux's.
#include <cuda_runtime.h>
#include <csignal>
#include <cstdio>
#include <dlfcn.h>
#include <cstdlib>
#include <cstring>
#include <ctime>

static int failures;
static volatile sig_atomic_t program_signals;

static void on_program_signal(int sig)
{
    (void)sig;
    program_signals++;
}

// flag is 0 and nothing sets it: the loops never end on their own.
extern "C" __global__ void spin(volatile int *flag, int *out)
{
    while (flag[0] == 0) {
    }
    out[threadIdx.x] = 1;
}

extern "C" __global__ void spin_synced(volatile int *flag, int *out)
{
    __shared__ int seen[128];
    int rounds = 0;
    while (flag[0] == 0) {
        seen[threadIdx.x] = rounds++;
        __syncthreads();
    }
    out[threadIdx.x] = seen[threadIdx.x];
}

extern "C" __global__ void store(int *p, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        p[i] = i * 3;
}

static double seconds()
{
    timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static void expect(bool ok, const char *what, const char *step,
                   cudaError_t err)
{
    if (!ok) {
        printf("%s: %s: %s\n", what, step, cudaGetErrorName(err));
        failures++;
    }
}

// After a reset the device works: a grid of ordinary blocks runs.
static void check_after_reset(const char *what)
{
    expect(cudaDeviceReset() == cudaSuccess, what, "reset", cudaSuccess);
    cudaError_t last = cudaGetLastError();
    expect(last == cudaSuccess, what, "last after reset", last);
    const int n = 300;
    int *d = NULL, h[n];
    cudaMalloc(&d, n * sizeof(int));
    store<<<(n + 127) / 128, 128>>>(d, n);
    cudaError_t sync = cudaDeviceSynchronize();
    cudaError_t copy = cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost);
    cudaFree(d);
    expect(sync == cudaSuccess, what, "sync after reset", sync);
    expect(copy == cudaSuccess, what, "copy after reset", copy);
    for (int i = 0; i < n && sync == cudaSuccess && copy == cudaSuccess; i++)
        if (h[i] != i * 3) {
            printf("%s: after reset h[%d] = %d\n", what, i, h[i]);
            failures++;
            break;
        }
}

// Launches `kernel` (spin or spin_synced) on blocks x threads and checks
// the timeout, its stickiness and the recovery.
static void run_case(const char *what, void (*kernel)(volatile int *, int *),
                     unsigned blocks, unsigned threads)
{
    int *flag = NULL, *out = NULL;
    cudaMalloc(&flag, sizeof(int));
    cudaMalloc(&out, 128 * sizeof(int));
    cudaMemset(flag, 0, sizeof(int));
    cudaDeviceSynchronize();
    double start = seconds();
    kernel<<<blocks, threads>>>(flag, out);
    cudaError_t launch = cudaGetLastError();
    cudaError_t sync = cudaDeviceSynchronize();
    double elapsed = seconds() - start;
    cudaError_t last = cudaGetLastError();
    cudaError_t again = cudaPeekAtLastError();
    int *d2 = NULL;
    cudaError_t alloc = cudaMalloc(&d2, 16);
    // A later launch does not run and reports the timeout too.
    store<<<1, 32>>>(out, 32);
    cudaError_t sync2 = cudaDeviceSynchronize();
    fflush(stderr);
    printf("%s: %s\n", what, cudaGetErrorName(sync));
    expect(launch == cudaSuccess || launch == cudaErrorLaunchTimeout, what,
           "launch", launch);
    expect(sync == cudaErrorLaunchTimeout, what, "sync", sync);
    expect(last == cudaErrorLaunchTimeout, what, "last", last);
    expect(again == cudaErrorLaunchTimeout, what, "peek", again);
    expect(alloc == cudaErrorLaunchTimeout, what, "malloc", alloc);
    expect(sync2 == cudaErrorLaunchTimeout, what, "second sync", sync2);
    // The limit is 1 s, counted from when the kernel starts to run.
    if (elapsed < 1.0) {
        printf("%s: ended after %.3f s, before the limit\n", what, elapsed);
        failures++;
    }
    check_after_reset(what);
}

int main()
{
    // Read at the first launch, so setting it here is in time.
    setenv("CUX_KERNEL_TIMEOUT", "1", 1);
    cudaDeviceProp prop;
    if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess ||
        strncmp(prop.name, "cux", 3) != 0) {
        printf("PASS kernel_timeout (skipped: no watchdog on %s)\n",
               prop.name);
        return 0;
    }
    // ThreadSanitizer (make check-tsan) holds a signal back until the
    // thread calls into the C library, which a kernel spinning in its
    // own code never does: only the loops through a barrier, which end
    // by the launch's stop flag, can be ended there.
    bool under_tsan = dlsym(RTLD_DEFAULT, "__tsan_init") != NULL;
    struct sigaction act;
    memset(&act, 0, sizeof act);
    act.sa_handler = on_program_signal;
    sigemptyset(&act.sa_mask);
    sigaction(SIGRTMAX - 1, &act, NULL);
    if (!under_tsan) {
        run_case("one block", spin, 1, 32);
        run_case("many blocks", spin, 64, 128);
    }
    run_case("through __syncthreads", spin_synced, 4, 128);
    int from_cux = program_signals;
    raise(SIGRTMAX - 1);
    if (from_cux != 0 || program_signals != 1) {
        printf("program's handler: %d signals from cux, %d in all\n",
               from_cux, (int)program_signals);
        failures++;
    }
    printf("%s kernel_timeout\n", failures ? "FAIL" : "PASS");
    return failures != 0;
}
