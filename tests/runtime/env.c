/* env.c: CUDA_VISIBLE_DEVICES, CUX_DEVICE and CUX_CPU_DEVICES select
 * devices as CUDA does; each case runs in a child process, since the
 * choice is made once. */
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

/* With CUX_CPU_DEVICES=devices and CUDA_VISIBLE_DEVICES=visible: the
 * count, then the PCI bus of each device (which of the devices it is),
 * as digits: "3:201" is 3 devices, the kind's 2, 0 and 1. */
static void order_of(const char *devices, const char *visible, char *out)
{
    int fds[2];
    out[0] = '\0';
    if (pipe(fds) != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        setenv("CUX_CPU_DEVICES", devices, 1);
        setenv("CUDA_VISIBLE_DEVICES", visible, 1);
        char text[64];
        int count = 0, n = 0;
        cudaGetDeviceCount(&count);
        n += snprintf(text + n, sizeof text - (size_t)n, "%d:", count);
        for (int d = 0; d < count; d++) {
            struct cudaDeviceProp prop;
            cudaGetDeviceProperties(&prop, d);
            n += snprintf(text + n, sizeof text - (size_t)n, "%d",
                          prop.pciBusID);
        }
        ssize_t w = write(fds[1], text, (size_t)n);
        _exit(w == n ? 0 : 1);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], out, 63);
    out[got > 0 ? got : 0] = '\0';
    close(fds[0]);
    waitpid(pid, NULL, 0);
}

static void several_devices(void)
{
    char got[64];
    order_of("3", "", got);
    CHECK(!strcmp(got, "0:"));
    order_of("3", "-1", got);
    CHECK(!strcmp(got, "0:"));
    order_of("3", "0,1,2", got);
    CHECK(!strcmp(got, "3:012"));
    order_of("3", "2,0", got); /* filtered and reordered */
    CHECK(!strcmp(got, "2:20"));
    order_of("3", "1", got);
    CHECK(!strcmp(got, "1:1"));
    order_of("3", "1,5,0", got); /* an invalid entry ends the list */
    CHECK(!strcmp(got, "1:1"));
    order_of("3", "2,2", got); /* so does a repeated one */
    CHECK(!strcmp(got, "1:2"));
    order_of("2", "1,x,0", got);
    CHECK(!strcmp(got, "1:1"));
    CHECK(probe("CUX_CPU_DEVICES", "4") == 4 * 16);
    CHECK(probe("CUX_CPU_DEVICES", "15") == 15 * 16);
    CHECK(probe("CUX_CPU_DEVICES", "0") == 1);
    CHECK(probe("CUX_CPU_DEVICES", "17") == 1);
    CHECK(probe("CUX_CPU_DEVICES", "2x") == 1);
}

/* What a fresh process with name=value writes on stderr while counting
 * devices, into buf (size bytes, NUL-terminated). */
static void stderr_of(const char *name, const char *value, char *buf,
                      size_t size)
{
    int fds[2];
    buf[0] = '\0';
    if (pipe(fds) != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        setenv(name, value, 1);
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
    stderr_of("CUX_DEVICE", "no-such-kind", text, sizeof text);
    CHECK(strstr(text, "CUX_DEVICE=no-such-kind") != NULL);
    CHECK(strstr(text, "known: cpu") != NULL);
    const char *nl = strchr(text, '\n');
    CHECK(nl && nl[1] == '\0');
    stderr_of("CUX_CPU_DEVICES", "many", text, sizeof text);
    CHECK(strstr(text, "CUX_CPU_DEVICES=many") != NULL);
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
    several_devices();
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
