/* ocl_texture_objects.c: texture and surface objects on the OpenCL
 * device: the device's copies of the runtime's descriptors in the arena,
 * which the prelude's sampler reads (40_texture.cl). */
#include "dev/opencl/ocl_device.h"

#include <stddef.h>

/* Kernels read the runtime's descriptors as 40_texture.cl lays them out:
 * these pin the layout both sides assume. */
_Static_assert(sizeof(void *) == 8 &&
               offsetof(cux_texture_desc, dims) == 48 &&
               offsetof(cux_texture_desc, address_mode) == 76 &&
               offsetof(cux_texture_desc, border) == 100 &&
               sizeof(cux_texture_desc) == 120,
               "cux_texture_desc as 40_texture.cl reads it");
_Static_assert(offsetof(cux_surface_desc, elem) == 56 &&
               sizeof(cux_surface_desc) == 64,
               "cux_surface_desc as 40_texture.cl reads it");

/* A texture or surface object is the CUDA address of the device's copy
 * of its descriptor in the arena, where kernels read it; the data
 * address in it is a device pointer, so arena memory already. */
static cudaError_t copy_descriptor(ocl_device *o, const void *desc,
                                   size_t size, unsigned long long *handle)
{
    uint64_t offset;
    ocl_lane *lane;
    cudaError_t taken = cux_ocl_lane_take(o, &lane);
    if (taken != cudaSuccess)
        return taken;
    pthread_mutex_lock(&o->lock);
    cl_int err = CL_MEM_OBJECT_ALLOCATION_FAILURE;
    if (cux_ocl_heap_alloc(&o->heap, size, &offset)) {
        err = o->api.clEnqueueWriteBuffer(lane->queue, o->arena, CL_TRUE,
                                          offset, size, desc, 0, NULL, NULL);
        if (err != CL_SUCCESS)
            cux_ocl_heap_free(&o->heap, offset);
    }
    pthread_mutex_unlock(&o->lock);
    cux_ocl_lane_give(lane);
    if (err != CL_SUCCESS)
        return cl_error(err, cudaErrorMemoryAllocation);
    *handle = o->arena_base + offset;
    return cudaSuccess;
}

void cux_ocl_descriptor_release(cux_device *dev, unsigned long long handle)
{
    ocl_device *o = ocl(dev);
    pthread_mutex_lock(&o->lock);
    cux_ocl_heap_free(&o->heap, handle - o->arena_base);
    pthread_mutex_unlock(&o->lock);
}

cudaError_t cux_ocl_texture_create(cux_device *dev,
                                   const cux_texture_desc *desc,
                                   unsigned long long *handle)
{
    return copy_descriptor(ocl(dev), desc, sizeof *desc, handle);
}

cudaError_t cux_ocl_surface_create(cux_device *dev,
                                   const cux_surface_desc *desc,
                                   unsigned long long *handle)
{
    return copy_descriptor(ocl(dev), desc, sizeof *desc, handle);
}
