/* env.c: CUDA_VISIBLE_DEVICES and CUX_DEVICE select devices as CUDA does;
 * each case runs in a child process, since the choice is made once. */
#include "rt_test.h"

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* Returns the device count a fresh process sees with NAME=VALUE, or -1
 * with the error, encoded as count*1000+error. */
static int probe(const char *name, const char *value)
{
    pid_t pid = fork();
    if (pid == 0) {
        setenv(name, value, 1);
        int count = -1;
        cudaError_t err = cudaGetDeviceCount(&count);
        _exit(count * 16 + (err == cudaErrorNoDevice ? 1 : err ? 2 : 0));
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 255;
}

int main(void)
{
    CHECK(probe("CUDA_VISIBLE_DEVICES", "") == 1);
    CHECK(probe("CUDA_VISIBLE_DEVICES", "-1") == 1);
    CHECK(probe("CUDA_VISIBLE_DEVICES", "7") == 1);
    CHECK(probe("CUDA_VISIBLE_DEVICES", "0") == 16);
    CHECK(probe("CUDA_VISIBLE_DEVICES", "0,7") == 16);
    CHECK(probe("CUX_DEVICE", "cpu") == 16);
    CHECK(probe("CUX_DEVICE", "no-such-kind") == 1);
    /* With no device, every device call says so. */
    pid_t pid = fork();
    if (pid == 0) {
        setenv("CUDA_VISIBLE_DEVICES", "", 1);
        void *p;
        _exit(cudaMalloc(&p, 4) == cudaErrorNoDevice &&
              cudaSetDevice(0) == cudaErrorNoDevice ? 0 : 1);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    return finish("env");
}
