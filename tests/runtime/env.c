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

/* What a fresh process with CUX_DEVICE=value writes on stderr while
 * counting devices, into buf (size bytes, NUL-terminated). */
static void stderr_of(const char *value, char *buf, size_t size)
{
    int fds[2];
    buf[0] = '\0';
    if (pipe(fds) != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        setenv("CUX_DEVICE", value, 1);
        int count;
        cudaGetDeviceCount(&count);
        _exit(0);
    }
    close(fds[1]);
    size_t n = 0;
    ssize_t got;
    while (n < size - 1 && (got = read(fds[0], buf + n, size - 1 - n)) > 0)
        n += (size_t)got;
    buf[n] = '\0';
    close(fds[0]);
    waitpid(pid, NULL, 0);
}

/* An unknown kind is named in one line, with the kinds the build has. */
static void unknown_kind_line(void)
{
    char text[1024];
    stderr_of("no-such-kind", text, sizeof text);
    CHECK(strstr(text, "CUX_DEVICE=no-such-kind") != NULL);
    CHECK(strstr(text, "known: cpu") != NULL);
    const char *nl = strchr(text, '\n');
    CHECK(nl && nl[1] == '\0');
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
    unknown_kind_line();
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
