// fault_host_crash.cu: cux catches bad memory accesses only in kernel
// code.  A null dereference in host code, after kernels have run (the
// handler is installed and the workers exist), still ends the process as
// it would without cux: by SIGSEGV, or by the report of a sanitizer
// whose handler cux passes the fault on to.  The crash happens in a
// child process, without a core file.
#include <cuda_runtime.h>
#include <cstdio>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

__global__ void twice(int *p)
{
    p[threadIdx.x] *= 2;
}

static void crash_after_kernels()
{
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    int *d = NULL;
    cudaMalloc(&d, 64 * sizeof(int));
    cudaMemset(d, 0, 64 * sizeof(int));
    twice<<<4, 64>>>(d);
    if (cudaDeviceSynchronize() != cudaSuccess)
        _exit(3);
    volatile int *volatile null = NULL;
    *null = 1;
    printf("host fault was swallowed\n");
    fflush(stdout);
    _exit(0);
}

// A SIGSEGV sent by a process is no fault of a kernel's either.
static void killed_after_kernels()
{
    struct rlimit none = {0, 0};
    setrlimit(RLIMIT_CORE, &none);
    int *d = NULL;
    cudaMalloc(&d, 32 * sizeof(int));
    cudaMemset(d, 0, 32 * sizeof(int));
    twice<<<1, 32>>>(d);
    cudaDeviceSynchronize();
    kill(getpid(), SIGSEGV);
    printf("SIGSEGV from kill was swallowed\n");
    fflush(stdout);
    _exit(0);
}

// Runs `body` in a child; true if the child died of SIGSEGV, or exited
// after a sanitizer's report: with status 1 (ASan), or 66 (TSan, whose
// handler takes the signal in check-tsan).
static bool dies(void (*body)(), const char *what)
{
    fflush(stdout);
    pid_t child = fork();
    if (child == 0)
        body();
    int status = 0;
    if (child < 0 || waitpid(child, &status, 0) != child) {
        printf("%s: no child\n", what);
        return false;
    }
    bool segv = WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
    bool reported = WIFEXITED(status) &&
                    (WEXITSTATUS(status) == 1 || WEXITSTATUS(status) == 66);
    if (!segv && !reported)
        printf("%s: child %s %d\n", what,
               WIFSIGNALED(status) ? "signal" : "exit",
               WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    return segv || reported;
}

int main()
{
    bool ok = dies(crash_after_kernels, "host null dereference");
    ok &= dies(killed_after_kernels, "kill -SEGV");
    printf("%s fault_host_crash\n", ok ? "PASS" : "FAIL");
    return !ok;
}
