/* ocl_api.h: the OpenCL 1.2 entry points the OpenCL device uses, loaded
 * from the ICD loader (libOpenCL.so.1) when a program first asks for the
 * device, so that libcux neither links nor needs OpenCL to run on the
 * CPU device. */
#ifndef CUX_OCL_API_H
#define CUX_OCL_API_H

#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stdbool.h>

#define CUX_OCL_FUNCS(X)                                                  \
    X(clGetPlatformIDs) X(clGetDeviceIDs) X(clGetDeviceInfo)              \
    X(clCreateContext) X(clReleaseContext) X(clCreateCommandQueue)        \
    X(clReleaseCommandQueue) X(clCreateBuffer) X(clReleaseMemObject)      \
    X(clEnqueueWriteBuffer) X(clEnqueueReadBuffer) X(clEnqueueCopyBuffer) \
    X(clEnqueueFillBuffer) X(clCreateProgramWithSource) X(clBuildProgram) \
    X(clGetProgramBuildInfo) X(clReleaseProgram) X(clCreateKernel)        \
    X(clReleaseKernel) X(clSetKernelArg) X(clEnqueueNDRangeKernel)        \
    X(clFinish) X(clCreateProgramWithBinary) X(clGetProgramInfo)          \
    X(clGetPlatformInfo)

typedef struct cux_ocl_api {
    void *lib; /* dlopen handle */
#define CUX_OCL_MEMBER(name) __typeof__(name) *name;
    CUX_OCL_FUNCS(CUX_OCL_MEMBER)
#undef CUX_OCL_MEMBER
} cux_ocl_api;

/* Loads the ICD loader and every entry point; false (api zeroed) if
 * either is missing. */
bool cux_ocl_api_load(cux_ocl_api *api);
void cux_ocl_api_unload(cux_ocl_api *api);

/* The first device of type CPU, GPU or accelerator of every platform,
 * in platform order, up to `max`; their count. */
int cux_ocl_devices(const cux_ocl_api *api, cl_device_id *out, int max);

/* ocl_program_cache.c: builds `text` (`len` bytes) for `dev` with
 * `options`: from the program binary that an earlier build of the same
 * text and options, on the same platform, device and driver, left in the
 * compile cache, else from source, leaving its binary there for the next
 * run.  *program is the program, also after a failed build (its build
 * log says why) or NULL; the result is CL_SUCCESS or the error. */
cl_int cux_ocl_build_program(const cux_ocl_api *api, cl_context ctx,
                             cl_device_id dev, const char *text, size_t len,
                             const char *options, cl_program *program);

#endif
