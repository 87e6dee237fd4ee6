// bench_ocl.h: shared host code for the OpenCL side of bench/: each
// NAME_ocl.c builds NAME.cl at run time for the CPU device (PoCL), runs the
// same launches as NAME.cu and prints one line `BENCH name ocl_ms=Z`, or an
// error.  Include it first: it asks for POSIX's clock_gettime.
#ifndef BENCH_OCL_H
#define BENCH_OCL_H

#define _POSIX_C_SOURCE 200809L
// The kernels are OpenCL C 1.2 and the host uses only 1.2 calls
// (clCreateCommandQueue is deprecated from 2.0 on).
#define CL_TARGET_OPENCL_VERSION 120

#include "bench_common.h"
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

// run.sh passes the absolute path of bench/, so the programs find their
// .cl wherever they are run from; the default serves a build by hand from
// the repository's root.
#ifndef BENCH_CL_DIR
#define BENCH_CL_DIR "bench"
#endif

// Turns a macro's value into a string, to hand the sizes of NAME.h and the
// work-group sizes of NAME_ocl.c to the kernels as -D build options, so
// they are written down once.
#define BENCH_STR(x) BENCH_STR_(x)
#define BENCH_STR_(x) #x

static void ocl_fail(const char *file, int line, const char *what,
                     cl_int err)
{
    fprintf(stderr, "%s:%d: %s: OpenCL error %d\n", file, line, what,
            (int)err);
    exit(1);
}

// Stops the program naming the call and its error code when it fails.
#define CHECK(call)                                                       \
    do {                                                                  \
        cl_int err_ = (call);                                             \
        if (err_ != CL_SUCCESS)                                           \
            ocl_fail(__FILE__, __LINE__, #call, err_);                    \
    } while (0)

// The calls that create an object return their error through a pointer;
// this checks it and names the call.
#define CHECK_ERR(what, err)                                              \
    do {                                                                  \
        if ((err) != CL_SUCCESS)                                          \
            ocl_fail(__FILE__, __LINE__, what, err);                      \
    } while (0)

// Sets argument i of kernel k to the variable v (a cl_mem, int, float...).
#define ARG(k, i, v) CHECK(clSetKernelArg((k), (i), sizeof(v), &(v)))

#define BENCH_MAX_RUNS 5
#define BENCH_BUDGET_MS 2000.0

enum { OCL_MAX_OBJECTS = 16 };

// The one device, context, queue and program of a benchmark, and the
// kernels and buffers made from them, which ocl_done releases.
static struct {
    cl_device_id device;
    cl_context context;
    cl_command_queue queue;
    cl_program program;
    cl_kernel kernels[OCL_MAX_OBJECTS];
    cl_mem buffers[OCL_MAX_OBJECTS];
    int n_kernels, n_buffers;
} ocl;

// Reads the whole file, NUL-terminated, or returns NULL.
static char *ocl_read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    long size;
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1))) {
        if (fread(text, 1, (size_t)size, f) != (size_t)size) {
            free(text);
            text = NULL;
        } else {
            text[size] = '\0';
        }
    }
    if (f)
        fclose(f);
    return text;
}

// The first CPU device of any platform: PoCL's pthread device on the
// machines run.sh is meant for.  Without one the benchmark cannot run
// here, which is not a wrong result: it prints `error=no-opencl`, which
// run.sh shows as `-`, and exits with 2.
static cl_device_id ocl_cpu_device(const char *name)
{
    cl_platform_id platforms[16];
    cl_uint count = 0;
    if (clGetPlatformIDs(16, platforms, &count) == CL_SUCCESS) {
        for (cl_uint p = 0; p < count && p < 16; p++) {
            cl_device_id device;
            if (clGetDeviceIDs(platforms[p], CL_DEVICE_TYPE_CPU, 1, &device,
                               NULL) == CL_SUCCESS)
                return device;
        }
    }
    fprintf(stderr, "%s: no OpenCL platform with a CPU device\n", name);
    printf("BENCH %s error=no-opencl\n", name);
    exit(2);
}

// Sets up ocl and builds BENCH_CL_DIR/name.cl with the given options (the
// -D sizes) as OpenCL C 1.2, finding headers it shares with the other
// sides in BENCH_CL_DIR, without fast-math options, as nvcc's default
// is precise division and square root too.  A failed build prints the log
// and `error=no-build`, which run.sh shows as it is.
static void ocl_init(const char *name, const char *options)
{
    char path[4096], opts[1024];
    cl_int err;
    ocl.device = ocl_cpu_device(name);
    ocl.context = clCreateContext(NULL, 1, &ocl.device, NULL, NULL, &err);
    CHECK_ERR("clCreateContext", err);
    ocl.queue = clCreateCommandQueue(ocl.context, ocl.device, 0, &err);
    CHECK_ERR("clCreateCommandQueue", err);
    snprintf(path, sizeof path, "%s/%s.cl", BENCH_CL_DIR, name);
    char *text = ocl_read_file(path);
    if (!text) {
        perror(path);
        printf("BENCH %s error=no-build\n", name);
        exit(1);
    }
    const char *src = text;
    ocl.program = clCreateProgramWithSource(ocl.context, 1, &src, NULL, &err);
    CHECK_ERR("clCreateProgramWithSource", err);
    snprintf(opts, sizeof opts, "-cl-std=CL1.2 -I %s %s", BENCH_CL_DIR,
             options);
    err = clBuildProgram(ocl.program, 1, &ocl.device, opts, NULL, NULL);
    if (err != CL_SUCCESS) {
        size_t size = 0;
        clGetProgramBuildInfo(ocl.program, ocl.device, CL_PROGRAM_BUILD_LOG,
                              0, NULL, &size);
        char *log = malloc(size + 1);
        if (log && clGetProgramBuildInfo(ocl.program, ocl.device,
                                         CL_PROGRAM_BUILD_LOG, size, log,
                                         NULL) == CL_SUCCESS) {
            log[size] = '\0';
            fprintf(stderr, "%s: build log:\n%s\n", path, log);
        }
        free(log);
        fprintf(stderr, "%s: clBuildProgram(\"%s\"): OpenCL error %d\n",
                path, opts, (int)err);
        printf("BENCH %s error=no-build\n", name); /* run.sh's word */
        exit(1);
    }
    free(text);
}

static cl_kernel ocl_kernel(const char *name)
{
    char what[256];
    cl_int err;
    cl_kernel k = clCreateKernel(ocl.program, name, &err);
    snprintf(what, sizeof what, "clCreateKernel(\"%s\")", name);
    CHECK_ERR(what, err);
    if (ocl.n_kernels == OCL_MAX_OBJECTS)
        ocl_fail(__FILE__, __LINE__, "too many kernels", CL_OUT_OF_RESOURCES);
    return ocl.kernels[ocl.n_kernels++] = k;
}

// A device buffer of the given size, holding a copy of init unless it is
// NULL (then its contents are undefined, as after cudaMalloc).
static cl_mem ocl_alloc(size_t bytes, const void *init)
{
    cl_int err;
    cl_mem m = clCreateBuffer(ocl.context, CL_MEM_READ_WRITE, bytes, NULL,
                              &err);
    CHECK_ERR("clCreateBuffer", err);
    if (init)
        CHECK(clEnqueueWriteBuffer(ocl.queue, m, CL_TRUE, 0, bytes, init, 0,
                                   NULL, NULL));
    if (ocl.n_buffers == OCL_MAX_OBJECTS)
        ocl_fail(__FILE__, __LINE__, "too many buffers", CL_OUT_OF_RESOURCES);
    return ocl.buffers[ocl.n_buffers++] = m;
}

// Copies the buffer back to the host, waiting for the launches before.
static void ocl_read(cl_mem m, void *out, size_t bytes)
{
    CHECK(clEnqueueReadBuffer(ocl.queue, m, CL_TRUE, 0, bytes, out, 0, NULL,
                              NULL));
}

// Enqueues k over global work-items in groups of local (dims of each);
// global is the CUDA grid times the block, so it is always a multiple.
static void ocl_launch(cl_kernel k, cl_uint dims, const size_t *global,
                       const size_t *local)
{
    CHECK(clEnqueueNDRangeKernel(ocl.queue, k, dims, NULL, global, local, 0,
                                 NULL, NULL));
}

// Releases everything the helpers above made.
static void ocl_done(void)
{
    for (int i = 0; i < ocl.n_kernels; i++)
        CHECK(clReleaseKernel(ocl.kernels[i]));
    for (int i = 0; i < ocl.n_buffers; i++)
        CHECK(clReleaseMemObject(ocl.buffers[i]));
    CHECK(clReleaseProgram(ocl.program));
    CHECK(clReleaseCommandQueue(ocl.queue));
    CHECK(clReleaseContext(ocl.context));
}

static double ocl_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

// The same policy as bench.cuh: one untimed warm-up run (PoCL compiles the
// kernel for its work-group size at the first launch, as cux's JIT does),
// then the best of up to BENCH_MAX_RUNS, stopping once BENCH_BUDGET_MS is
// spent.  Each run is timed from the first enqueue to clFinish, like the
// CUDA events around the launches.
static double bench_time(void (*launch)(void *), void *arg)
{
    double best = 0.0, spent = 0.0;
    launch(arg);
    CHECK(clFinish(ocl.queue));
    for (int run = 0; run < BENCH_MAX_RUNS && spent < BENCH_BUDGET_MS;
         run++) {
        double t0 = ocl_now_ms();
        launch(arg);
        CHECK(clFinish(ocl.queue));
        double ms = ocl_now_ms() - t0;
        best = run == 0 || ms < best ? ms : best;
        spent += ms;
    }
    return best;
}

// Reports the time, or the error instead when the result was wrong.
static inline int bench_report(const char *name, double ms, int ok)
{
    return bench_print(name, "ocl_ms", ms, ok);
}

#endif
