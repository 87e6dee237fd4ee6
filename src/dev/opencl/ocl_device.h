/* ocl_device.h: the OpenCL device's state, shared by the files that
 * implement it (opencl_device.c, its command queues in ocl_lanes.c, and
 * the services kernels use from the arena: ocl_kernel_heap.c,
 * ocl_clock.c, ocl_texture_objects.c). */
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

/* A lane: an in-order command queue and the service areas that kernels
 * launched on it write, which one call of the device at a time holds
 * (ocl_lanes.c says why).  Its areas start at `area` in the arena: the
 * fault record (10_ops.cl: cux_bad_address) and its scratch word in the
 * first 64 bytes, printf's records (30_runtime.cl) from CUX_OCL_LANE_SVC.
 * A kernel finds them through its global work offset, which the launch
 * sets to `area`. */
enum {
    CUX_OCL_MAX_LANES = 32,
    CUX_OCL_LANE_SVC = CUX_OCL_ALIGN,
    CUX_OCL_LANE_BYTES = CUX_OCL_LANE_SVC + CUX_OCL_PRINTF_BYTES,
};

typedef struct ocl_lane {
    struct ocl_device *dev;
    cl_command_queue queue;
    uint64_t area;          /* arena offset of its service areas */
    bool busy;              /* a call holds it (under the device lock) */
} ocl_lane;

typedef struct ocl_device {
    cux_device base;
    cux_ocl_api api;
    cl_device_id id;
    cl_context ctx;
    cl_mem arena;
    void *host;             /* the arena's host memory, if unified */
    uint64_t arena_base;    /* CUDA address of the arena's first byte */
    uint64_t arena_size;
    bool unified, fp64;
    cux_ocl_heap heap;
    /* Held for the device's shared state (the heap, the lanes, the
     * windows, the kernel heap's region), never across a kernel's run or
     * a copy: those hold a lane instead. */
    pthread_mutex_t lock;
    bool closing;           /* the process is exiting: OpenCL is off limits */
    ocl_lane *lanes[CUX_OCL_MAX_LANES];
    uint32_t n_lanes, n_busy;
    pthread_cond_t lane_free; /* a lane was given back */
    cux_ocl_printf_ctx printf_ctx; /* each lane's, but for `device` */
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

/* Takes the device lock for a short call into OpenCL that needs no
 * queue (releasing a kernel); false (lock not held) once the process is
 * exiting. */
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

/* ocl_lanes.c: the device's command queues.  lane_take gives the caller
 * a lane of its own until lane_give, waiting while all are held;
 * cudaErrorCudartUnloading once the process is exiting,
 * cudaErrorMemoryAllocation (logged) if there is none and none can be
 * made.  Not with the device lock held, nor with a lane held already.
 * lanes_close keeps every later call out of OpenCL and waits for the
 * lanes held to come back; lanes_destroy frees them, at the device's
 * end. */
cudaError_t cux_ocl_lane_take(ocl_device *o, ocl_lane **out);
void cux_ocl_lane_give(ocl_lane *lane);
void cux_ocl_lanes_close(ocl_device *o);
void cux_ocl_lanes_destroy(ocl_device *o);

/* ocl_kernel_heap.c: malloc and new in kernels.  The heap's region is
 * laid out at the first launch of a kernel that uses it (caller holds
 * the device lock and a lane, whose queue it uses); its size is
 * cudaLimitMallocHeapSize. */
cudaError_t cux_ocl_malloc_heap_create(ocl_device *o, cl_command_queue q);
void cux_ocl_set_heap_size(cux_device *dev, size_t bytes);

/* ocl_clock.c: the clock kernels read (34_clock.cl).  clock_start sets
 * the host clock word (through q, the caller's lane's queue) and, where
 * the arena is host memory, starts a thread that keeps it current until
 * clock_stop. */
typedef struct cux_ocl_ticker {
    pthread_t thread;
    _Atomic uint64_t *word;
    atomic_bool stop;
    bool running;
} cux_ocl_ticker;
uint64_t cux_ocl_now_ns(void);
void cux_ocl_clock_start(ocl_device *o, cl_command_queue q,
                         cux_ocl_ticker *t);
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
