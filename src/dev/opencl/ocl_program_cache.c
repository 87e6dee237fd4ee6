/* ocl_program_cache.c: OpenCL program binaries kept between runs.
 *
 * A cux program translates its PTX to OpenCL C at its first launch and
 * hands it to the driver, which compiles it again in every process.
 * Most drivers cache their builds themselves (PoCL does: a second run's
 * build takes a few milliseconds), but nothing obliges them to, so the
 * device keeps each program's binary in cux's compile cache, beside the
 * CPU device's shared objects: <cache>/opencl/<key>.bin.  The key hashes
 * the source, the build options and what identifies the compiler (the
 * platform's name and version, the device's name and version, and the
 * driver's version), so a new driver rebuilds from source.  A binary the
 * driver refuses, or whose build fails, is only a miss: the program is
 * built from source and its binary written again.
 *
 * Not on PoCL unless CUX_OPENCL_BINARY_CACHE=1: PoCL caches its builds
 * itself, and its program binary bundles that cache's directory for the
 * program, work-group functions compiled by other processes included; a
 * binary saved while another process was compiling into that directory
 * (two tests of one program at once) made every later load abort inside
 * PoCL (pocl_binary_get_kernels_metadata), which no error code reports. */
#include "dev/opencl/ocl_api.h"

#include "dev/cache_files.h"
#include "util/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_device_info(const cux_ocl_api *api, cl_device_id dev,
                                 cl_device_info what, uint64_t key)
{
    char text[1024] = "";
    api->clGetDeviceInfo(dev, what, sizeof text - 1, text, NULL);
    return cux_hash64(text, strlen(text) + 1, key);
}

static uint64_t cache_key(const cux_ocl_api *api, cl_device_id dev,
                          const char *text, size_t len, const char *options)
{
    uint64_t key = cux_hash64(text, len, 0x6f70656e636cULL);
    key = cux_hash64(options, strlen(options) + 1, key);
    cl_platform_id platform = NULL;
    api->clGetDeviceInfo(dev, CL_DEVICE_PLATFORM, sizeof platform, &platform,
                         NULL);
    char name[1024] = "";
    api->clGetPlatformInfo(platform, CL_PLATFORM_NAME, sizeof name - 1, name,
                           NULL);
    key = cux_hash64(name, strlen(name) + 1, key);
    memset(name, 0, sizeof name);
    api->clGetPlatformInfo(platform, CL_PLATFORM_VERSION, sizeof name - 1,
                           name, NULL);
    key = cux_hash64(name, strlen(name) + 1, key);
    key = hash_device_info(api, dev, CL_DEVICE_NAME, key);
    key = hash_device_info(api, dev, CL_DEVICE_VERSION, key);
    return hash_device_info(api, dev, CL_DRIVER_VERSION, key);
}

/* The cached binary's path; false if there is no cache directory. */
static bool binary_path(char *out, size_t cap, uint64_t key)
{
    char base[900], dir[920];
    cux_cache_dir(base, sizeof base);
    snprintf(dir, sizeof dir, "%s/opencl", base);
    if (cux_make_dirs(dir) != 0)
        return false;
    return snprintf(out, cap, "%s/%016" PRIx64 ".bin", dir, key) <
           (int)cap;
}

static cl_program from_binary(const cux_ocl_api *api, cl_context ctx,
                              cl_device_id dev, const char *path,
                              const char *options)
{
    size_t size = 0;
    unsigned char *binary = cux_read_file(path, &size);
    if (!binary)
        return NULL;
    const unsigned char *binaries[1] = {binary};
    cl_int status = CL_SUCCESS, err;
    cl_program program = NULL;
    if (size)
        program = api->clCreateProgramWithBinary(ctx, 1, &dev, &size,
                                                 binaries, &status, &err);
    free(binary);
    if (program && (err != CL_SUCCESS || status != CL_SUCCESS ||
                    api->clBuildProgram(program, 1, &dev, options, NULL,
                                        NULL) != CL_SUCCESS)) {
        api->clReleaseProgram(program);
        program = NULL;
    }
    return program;
}

static void save_binary(const cux_ocl_api *api, cl_program program,
                        const char *path)
{
    size_t size = 0;
    if (api->clGetProgramInfo(program, CL_PROGRAM_BINARY_SIZES, sizeof size,
                              &size, NULL) != CL_SUCCESS || !size)
        return;
    unsigned char *binary = malloc(size);
    unsigned char *binaries[1] = {binary};
    if (binary && api->clGetProgramInfo(program, CL_PROGRAM_BINARIES,
                                        sizeof binaries, binaries,
                                        NULL) == CL_SUCCESS)
        cux_write_file_atomic(path, binary, size);
    free(binary);
}

/* CUX_OPENCL_BINARY_CACHE: 1 keeps binaries, 0 does not; by default
 * every driver but PoCL (above). */
static bool binaries_wanted(const cux_ocl_api *api, cl_device_id dev)
{
    const char *env = getenv("CUX_OPENCL_BINARY_CACHE");
    if (env && (!strcmp(env, "0") || !strcmp(env, "1")))
        return env[0] == '1';
    cl_platform_id platform = NULL;
    char name[256] = "";
    api->clGetDeviceInfo(dev, CL_DEVICE_PLATFORM, sizeof platform, &platform,
                         NULL);
    api->clGetPlatformInfo(platform, CL_PLATFORM_NAME, sizeof name - 1, name,
                           NULL);
    return strcmp(name, "Portable Computing Language") != 0;
}

cl_int cux_ocl_build_program(const cux_ocl_api *api, cl_context ctx,
                             cl_device_id dev, const char *text, size_t len,
                             const char *options, cl_program *program)
{
    char path[1024];
    bool cached = binaries_wanted(api, dev) &&
                  binary_path(path, sizeof path,
                              cache_key(api, dev, text, len, options));
    *program = cached ? from_binary(api, ctx, dev, path, options) : NULL;
    if (*program)
        return CL_SUCCESS;
    cl_int err;
    *program = api->clCreateProgramWithSource(ctx, 1, &text, &len, &err);
    if (err == CL_SUCCESS)
        err = api->clBuildProgram(*program, 1, &dev, options, NULL, NULL);
    if (err == CL_SUCCESS && cached)
        save_binary(api, *program, path);
    return err;
}
