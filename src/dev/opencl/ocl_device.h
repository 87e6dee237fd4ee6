/* ocl_device.h: the OpenCL device's state, shared by the files that
 * implement it (opencl_device.c, and the services kernels use from the
 * arena: ocl_kernel_heap.c, ocl_clock.c, ocl_texture_objects.c). */
#ifndef CUX_OCL_DEVICE_H
#define CUX_OCL_DEVICE_H

#include "dev/opencl/ocl_api.h"
#include "dev/opencl/opencl.h"

#include <pthread.h>
#include <stdatomic.h>

/* Host memory that kernels use in place (__managed__ variables,
 * page-locked memory): at most this many ranges, listed in the arena
 * for them too (10_ops.cl's windows). */
enum { CUX_OCL_MAX_WINDOWS = 255 };

typedef struct ocl_device {
    cux_device base;
    cux_ocl_api api;
    cl_device_id id;
    cl_context ctx;
    cl_command_queue queue;
    cl_mem arena;
    void *host;             /* the arena's host memory, if unified */
    uint64_t arena_base;    /* CUDA address of the arena's first byte */
    uint64_t arena_size;
    bool unified, fp64;
    cux_ocl_heap heap;
    pthread_mutex_t lock;   /* the heap and the queue */
    bool closing;           /* the process is exiting: OpenCL is off limits */
    uint64_t svc_offset;    /* printf's service area in the arena */
    uint64_t fault_offset;  /* the kernels' bad-address record (prelude) */
    cux_ocl_printf_ctx printf_ctx;
    /* The device heap of malloc and new in kernels (32_malloc.cl): its
     * size (cudaLimitMallocHeapSize), its region of the arena once a
     * kernel that uses it has been launched (0 before), and the
     * descriptor the kernels read at malloc_desc_offset. */
    uint64_t malloc_limit, malloc_region, malloc_desc_offset;
    /* Host memory kernels use in place (__managed__ variables), listed
     * for them at windows_offset (10_ops.cl); only where the arena's
     * device address is its host address (host_addressable). */
    bool host_addressable;
    uint64_t windows_offset;
    uint32_t n_windows;
    uint64_t windows[CUX_OCL_MAX_WINDOWS][2]; /* first and end addresses */
    pthread_mutex_t build_lock; /* a module's rebuild */
    /* The clock kernels read (34_clock.cl): its two words in the arena,
     * the rate %clock64 counts at and where it counts from. */
    uint64_t clock_offset, clock_epoch_ns;
    uint32_t clock_khz;
} ocl_device;

static inline ocl_device *ocl(cux_device *dev)
{
    return (ocl_device *)dev;
}

/* Takes the device lock for a call into OpenCL; false (lock not held)
 * once the process is exiting. */
static inline bool enter(ocl_device *o)
{
    pthread_mutex_lock(&o->lock);
    if (!o->closing)
        return true;
    pthread_mutex_unlock(&o->lock);
    return false;
}

static inline cudaError_t cl_error(cl_int err, cudaError_t fallback)
{
    return err == CL_SUCCESS ? cudaSuccess
         : err == CL_MEM_OBJECT_ALLOCATION_FAILURE ||
           err == CL_OUT_OF_HOST_MEMORY ? cudaErrorMemoryAllocation
         : fallback;
}

/* ocl_kernel_heap.c: malloc and new in kernels.  The heap's region is
 * laid out at the first launch of a kernel that uses it (caller holds
 * the device lock); its size is cudaLimitMallocHeapSize. */
cudaError_t cux_ocl_malloc_heap_create(ocl_device *o);
void cux_ocl_set_heap_size(cux_device *dev, size_t bytes);

/* ocl_clock.c: the clock kernels read (34_clock.cl).  clock_start
 * (caller holds the device lock) sets the host clock word and, where
 * the arena is host memory, starts a thread that keeps it current until
 * clock_stop. */
typedef struct cux_ocl_ticker {
    pthread_t thread;
    _Atomic uint64_t *word;
    atomic_bool stop;
    bool running;
} cux_ocl_ticker;
uint64_t cux_ocl_now_ns(void);
void cux_ocl_clock_start(ocl_device *o, cux_ocl_ticker *t);
void cux_ocl_clock_stop(cux_ocl_ticker *t);

/* ocl_texture_objects.c: texture and surface objects, the CUDA address
 * of the device's copy of their descriptors. */
cudaError_t cux_ocl_texture_create(cux_device *dev,
                                   const cux_texture_desc *desc,
                                   unsigned long long *handle);
cudaError_t cux_ocl_surface_create(cux_device *dev,
                                   const cux_surface_desc *desc,
                                   unsigned long long *handle);
void cux_ocl_descriptor_release(cux_device *dev, unsigned long long handle);

#endif
