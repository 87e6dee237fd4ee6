/* ocl_api.c: loads OpenCL through the ICD loader at run time and lists
 * the devices it offers. */
#include "dev/opencl/ocl_api.h"

#include <dlfcn.h>
#include <string.h>

bool cux_ocl_api_load(cux_ocl_api *api)
{
    memset(api, 0, sizeof *api);
    api->lib = dlopen("libOpenCL.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!api->lib)
        api->lib = dlopen("libOpenCL.so", RTLD_NOW | RTLD_LOCAL);
    if (!api->lib)
        return false;
    bool ok = true;
#define CUX_OCL_LOAD(name)                                                \
    *(void **)&api->name = dlsym(api->lib, #name);                        \
    ok = ok && api->name;
    CUX_OCL_FUNCS(CUX_OCL_LOAD)
#undef CUX_OCL_LOAD
    if (!ok) {
        cux_ocl_api_unload(api);
        return false;
    }
    return true;
}

void cux_ocl_api_unload(cux_ocl_api *api)
{
    if (api->lib)
        dlclose(api->lib);
    memset(api, 0, sizeof *api);
}

int cux_ocl_devices(const cux_ocl_api *api, cl_device_id *out, int max)
{
    cl_platform_id platforms[16];
    cl_uint n_platforms = 0;
    if (api->clGetPlatformIDs(16, platforms, &n_platforms) != CL_SUCCESS)
        return 0;
    if (n_platforms > 16)
        n_platforms = 16;
    int n = 0;
    for (cl_uint p = 0; p < n_platforms && n < max; p++) {
        cl_device_id dev;
        cl_uint found = 0;
        if (api->clGetDeviceIDs(platforms[p],
                                CL_DEVICE_TYPE_CPU | CL_DEVICE_TYPE_GPU |
                                    CL_DEVICE_TYPE_ACCELERATOR,
                                1, &dev, &found) == CL_SUCCESS && found)
            out[n++] = dev;
    }
    return n;
}
