/* ocl_kernel_heap.c: the host's side of malloc, free, new and delete in
 * kernels on the OpenCL device: the heap's region of the arena, laid out
 * for the prelude's allocator (32_malloc.cl), and its size. */
#include "dev/opencl/ocl_device.h"

#include <stdint.h>

/* The heap's pages are this size (32_malloc.cl's CUX_MALLOC_PAGE). */
enum { MALLOC_PAGE = 64 };

/* Lays out and clears the heap's region: the page bitmap, the run
 * lengths, then the pages (limit bytes of them, whole bitmap words), and
 * writes its descriptor, on queue q (a lane's), before any kernel that
 * uses it is enqueued.  Caller holds the device lock. */
cudaError_t cux_ocl_malloc_heap_create(ocl_device *o, cl_command_queue q)
{
    uint64_t words = o->malloc_limit / MALLOC_PAGE / 32;
    uint64_t pages = words * 32;
    uint64_t bitmap_bytes = (words * 4 + CUX_OCL_ALIGN - 1) & ~(uint64_t)(CUX_OCL_ALIGN - 1);
    uint64_t runs_bytes = (pages * 4 + CUX_OCL_ALIGN - 1) & ~(uint64_t)(CUX_OCL_ALIGN - 1);
    uint64_t region;
    if (!words || words > UINT32_MAX / 32 ||
        !cux_ocl_heap_alloc(&o->heap, bitmap_bytes + runs_bytes +
                                          pages * MALLOC_PAGE, &region)) {
        cux_log("OpenCL device %d: no room for a %llu-byte device heap",
                o->base.ordinal, (unsigned long long)o->malloc_limit);
        return cudaErrorMemoryAllocation;
    }
    uint64_t desc[4] = {region, region + bitmap_bytes,
                        region + bitmap_bytes + runs_bytes,
                        (words << 32) | pages};
    /* the write is blocking and the queue in order: both done on return */
    cl_int err = o->api.clEnqueueFillBuffer(q, o->arena, "", 1, region,
                                            bitmap_bytes + runs_bytes, 0, NULL,
                                            NULL);
    if (err == CL_SUCCESS)
        err = o->api.clEnqueueWriteBuffer(q, o->arena, CL_TRUE,
                                          o->malloc_desc_offset, sizeof desc,
                                          desc, 0, NULL, NULL);
    if (err != CL_SUCCESS) {
        cux_ocl_heap_free(&o->heap, region);
        return cl_error(err, cudaErrorMemoryAllocation);
    }
    o->malloc_region = region;
    return cudaSuccess;
}

/* cudaLimitMallocHeapSize: taken at the next launch of a kernel that
 * uses the heap.  The runtime allows a change only before the first such
 * launch or after cudaDeviceReset, so a heap in place holds nothing
 * anyone may still use: it goes, descriptor cleared. */
void cux_ocl_set_heap_size(cux_device *dev, size_t bytes)
{
    ocl_device *o = ocl(dev);
    ocl_lane *lane;
    if (cux_ocl_lane_take(o, &lane) != cudaSuccess)
        return;
    pthread_mutex_lock(&o->lock);
    o->malloc_limit = bytes;
    if (o->malloc_region) {
        uint64_t none[4] = {0};
        cux_ocl_heap_free(&o->heap, o->malloc_region);
        o->malloc_region = 0;
        o->api.clEnqueueWriteBuffer(lane->queue, o->arena, CL_TRUE,
                                    o->malloc_desc_offset, sizeof none, none,
                                    0, NULL, NULL);
    }
    pthread_mutex_unlock(&o->lock);
    cux_ocl_lane_give(lane);
}
