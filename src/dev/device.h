/* device.h: the interface between the runtime core (src/rt) and a device.
 * A device is a table of functions; the runtime implements CUDA's
 * semantics (streams, events, errors, launch checks) once above it. */
#ifndef CUX_DEVICE_H
#define CUX_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "driver_types.h" /* cudaError_t, struct cudaDeviceProp */
#include "analysis/analysis.h"
#include "util/util.h"
#include "dev/surface_desc.h"
#include "dev/texture_desc.h"

typedef struct cux_device cux_device;
typedef struct cux_module cux_module; /* a loaded PTX module, per device */
typedef struct cux_kernel cux_kernel; /* an .entry of a loaded module */

/* What a kernel's parameters look like, from its PTX signature. */
typedef struct cux_param_info {
    uint32_t offset; /* byte offset in the packed parameter buffer */
    uint32_t size;   /* bytes */
} cux_param_info;

typedef struct cux_kernel_info {
    const char *name;          /* mangled name, borrowed from the module */
    uint32_t n_params;
    const cux_param_info *params;
    uint32_t param_bytes;      /* size of the packed buffer */
    uint32_t static_smem;      /* bytes of .shared declared in the module */
    uint32_t local_bytes;      /* per-thread local memory */
    uint32_t reqntid[3];       /* 0 if not required */
    uint32_t maxntid[3];       /* 0 if not given */
    bool uses_heap;            /* device malloc/free/new/delete */
    bool uses_printf;          /* device printf */
} cux_kernel_info;

/* Who reaches an allocation directly. */
typedef enum cux_mem_access {
    CUX_MEM_DEVICE_ONLY, /* cudaMalloc, pitched, 3-D, arrays: the host only
                          * through mem_copy and mem_fill */
    CUX_MEM_HOST_TOO,    /* cudaMallocManaged: host code reads and writes
                          * it through the same pointer */
} cux_mem_access;

/* A box of bytes that a copy or fill covers: `depth` slices of `height`
 * rows of `width` bytes.  On each side rows start `pitch` bytes apart and
 * slices `slice` bytes apart; a linear copy is one row of one slice. */
typedef struct cux_mem_box {
    size_t width, height, depth;
    size_t dst_pitch, dst_slice;
    size_t src_pitch, src_slice; /* unused by a fill */
} cux_mem_box;

/* Which sides of a copy are this device's memory. */
typedef enum cux_copy_kind {
    CUX_COPY_HOST_TO_DEVICE,
    CUX_COPY_DEVICE_TO_HOST,
    CUX_COPY_DEVICE_TO_DEVICE,
} cux_copy_kind;

/* dev/mem_box.c: a box copied (rows as if through a temporary row when
 * they overlap) or filled, both sides addressable from the host; and the
 * same as the mem_copy and mem_fill of a device whose memory is host
 * memory. */
void cux_mem_box_copy(void *dst, const void *src, const cux_mem_box *box);
void cux_mem_box_fill(void *dst, unsigned char value, const cux_mem_box *box);
cudaError_t cux_host_memory_copy(cux_device *dev, void *dst, const void *src,
                                 const cux_mem_box *box, cux_copy_kind kind);
cudaError_t cux_host_memory_fill(cux_device *dev, void *dst,
                                 unsigned char value, const cux_mem_box *box);

typedef struct cux_launch {
    uint32_t grid[3], block[3];
    uint32_t dynamic_smem;     /* bytes of extern __shared__ */
    const void *params;        /* packed as cux_kernel_info says */
    bool cooperative;          /* cudaLaunchCooperativeKernel: every block
                                  resident at once, grid barriers work;
                                  the runtime has checked the grid fits */
} cux_launch;

/* Every member runs on whatever thread the runtime calls it from: the
 * application's, or a stream's worker.  The runtime serialises calls per
 * stream and may call from several streams at once, so a device locks
 * what it shares; no runtime lock is held across a call unless a member
 * says so.  No pointer argument is NULL unless a member says it may be.
 * Members return cudaSuccess or the CUDA error that describes the
 * failure; on failure they write one line naming the place to stderr
 * (through cux_log) and change nothing.  Asynchrony is the runtime's: a
 * member runs to completion, and the runtime calls it from the stream's
 * worker when the CUDA call was asynchronous (as PoCL's device ops run to
 * completion under its command-queue layer), so a device sees each
 * stream's work in order, from one thread at a time. */
typedef struct cux_device_ops {
    const char *kind; /* "cpu", "opencl" */

    /* Fills the properties CUDA reports for this device; called once,
     * when the runtime creates its devices. */
    void (*get_properties)(cux_device *dev, struct cudaDeviceProp *prop);

    /* Device memory for cudaMalloc, cudaMallocManaged, pitched and 3-D
     * allocations and CUDA arrays; size > 0.  The pointer is the CUDA
     * device pointer, unique among the device's live allocations; the
     * host may dereference it only when `access` is CUX_MEM_HOST_TOO
     * (on the CPU device it always can, elsewhere the device maps or
     * shares such memory).  On failure *ptr is NULL and the result
     * cudaErrorMemoryAllocation. */
    cudaError_t (*mem_alloc)(cux_device *dev, size_t size,
                             cux_mem_access access, void **ptr);
    /* Frees what mem_alloc returned, once; the runtime has waited for
     * every stream of the device, so no kernel or copy still uses it. */
    void (*mem_free)(cux_device *dev, void *ptr);

    /* Copies `box` from src to dst.  A device side is an address inside
     * an allocation of mem_alloc (or a module global's) of this device
     * or of another device of its kind (peer copies), a host side is
     * ordinary host memory; `kind` says which is which.  Device-to-device
     * rows may overlap (the result is as if through a temporary row).
     * The runtime has checked the arguments and never touches device
     * memory itself; it calls this at once for a synchronous cudaMemcpy,
     * and from the stream's worker thread, in stream order, for an
     * asynchronous one, so one stream's copies, fills and launches reach
     * the device in order.  Runs to completion before returning. */
    cudaError_t (*mem_copy)(cux_device *dev, void *dst, const void *src,
                            const cux_mem_box *box, cux_copy_kind kind);
    /* Sets every byte of `box` at dst (device memory) to value; called
     * as mem_copy is. */
    cudaError_t (*mem_fill)(cux_device *dev, void *dst, unsigned char value,
                            const cux_mem_box *box);

    /* Loads a module from PTX text (len bytes, need not end in NUL), at
     * most once per module and device, under the runtime's load lock;
     * cux_dev_module_prepare does the device-neutral part.  `origin`
     * names it in diagnostics; the text stays valid until module_unload
     * (the CPU device compiles the module at its first launch).  Returns
     * a module the caller owns (module_unload) or cudaErrorInvalidPtx /
     * cudaErrorUnsupportedPtxVersion / cudaErrorNoKernelImageForDevice. */
    cudaError_t (*module_load)(cux_device *dev, const char *ptx, size_t len,
                               const char *origin, cux_module **out);
    void (*module_unload)(cux_device *dev, cux_module *mod);

    /* Finds an .entry by mangled name; the kernel and *info (which may
     * be NULL if not wanted) live as long as the module.
     * cudaErrorInvalidDeviceFunction if absent. */
    cudaError_t (*module_get_kernel)(cux_device *dev, cux_module *mod,
                                     const char *name, cux_kernel **out,
                                     const cux_kernel_info **info);
    /* Address and size of a module-scope .global or .const variable, as
     * a device pointer.  cudaErrorInvalidSymbol if absent. */
    cudaError_t (*module_get_global)(cux_device *dev, cux_module *mod,
                                     const char *name, void **ptr,
                                     size_t *size);
    /* Makes the module's code use `storage`, which the caller owns, for
     * the variable from now on (a __managed__ variable's host memory),
     * leaving its bytes as they are; before the module's first launch.
     * cudaErrorInvalidSymbol if absent. */
    cudaError_t (*module_place_global)(cux_device *dev, cux_module *mod,
                                       const char *name, void *storage);
    /* The device heap's size (cudaLimitMallocHeapSize): what malloc and
     * new in kernels may take in all before they return NULL.  May be
     * NULL for a device without a heap of its own. */
    void (*set_heap_size)(cux_device *dev, size_t bytes);
    /* Page-locked host memory (cudaHostAlloc, cudaHostRegister) that
     * kernels may now use in place (visible) or no longer (freed or
     * unregistered), as they may on a GPU with unified addressing.  NULL
     * for a device whose kernels reach all host memory (the CPU). */
    void (*host_memory_visible)(cux_device *dev, void *ptr, size_t size,
                                bool visible);

    /* Runs a kernel to completion on the calling thread (which the device
     * may fan out to its own workers).  Launch-configuration checks have
     * been done by the runtime.  Returns cudaErrorAssert,
     * cudaErrorLaunchFailure, cudaErrorIllegalAddress... for faults. */
    cudaError_t (*launch)(cux_device *dev, cux_kernel *kernel,
                          const cux_launch *launch);

    /* Texture objects: the device copies *desc (the memory it names
     * must outlive the object) and returns the handle kernels receive as
     * cudaTextureObject_t; destroy takes such a handle, once.  A device
     * without textures sets texture_create to NULL: the runtime then
     * returns cudaErrorNotSupported. */
    cudaError_t (*texture_create)(cux_device *dev,
                                  const cux_texture_desc *desc,
                                  unsigned long long *handle);
    void (*texture_destroy)(cux_device *dev, unsigned long long handle);
    /* Surface objects, likewise: the handle kernels receive as
     * cudaSurfaceObject_t.  NULL surface_create: cudaErrorNotSupported. */
    cudaError_t (*surface_create)(cux_device *dev,
                                  const cux_surface_desc *desc,
                                  unsigned long long *handle);
    void (*surface_destroy)(cux_device *dev, unsigned long long handle);

    /* Frees the device, at exit, after the runtime has unloaded its
     * modules and freed its memory. */
    void (*destroy)(cux_device *dev);
} cux_device_ops;

struct cux_device {
    const cux_device_ops *ops;
    int ordinal;              /* CUDA device number */
};

/* dev/module.c: loading PTX, the same for every device.  Parses,
 * checks the version, runs the pass list (src/analysis/pipeline.c) and
 * prints what CUX_DUMP asks for.  On success the caller owns *module
 * (cux_ptx_module_free) and *analysis (cux_module_analysis_free); else
 * cudaErrorInvalidPtx or cudaErrorUnsupportedPtxVersion, with one line
 * on stderr naming the place. */
cudaError_t cux_dev_module_prepare(const char *ptx, size_t len,
                                   const char *origin,
                                   cux_ptx_module **module,
                                   cux_module_analysis *analysis);
/* CUX_DUMP as CUX_DUMP_* flags. */
unsigned cux_dev_dump_flags(void);

/* The most devices a process sees (CUDA's ordinals 0 .. 15). */
#define CUX_MAX_DEVICES 16

/* dev/registry.c: the device kinds of this build. */
typedef struct cux_device_kind {
    const char *name;         /* as CUX_DEVICE names it: "cpu", "opencl" */
    /* How many devices of this kind the machine offers, 1 to
     * CUX_MAX_DEVICES, before CUDA_VISIBLE_DEVICES filters them; 0
     * after writing one line naming the setting that makes it none. */
    int (*count)(void);
    /* Creates the kind's device number `index` of `count` (its identity:
     * name, PCI address, share of the machine) as CUDA device `ordinal`;
     * the caller owns it (ops->destroy).  NULL if it cannot start. */
    cux_device *(*create)(int ordinal, int index, int count);
} cux_device_kind;

/* The kinds that `names` (CUX_DEVICE: one kind, or several separated
 * by commas, as "cpu,opencl") calls for, in its order, into out; their
 * number.  NULL or empty: the default kind.  For a name the build does
 * not know, or one named twice, writes one line saying so and returns
 * 0. */
enum { CUX_DEVICE_KINDS = 4 }; /* out's size */
int cux_device_kinds_choose(const char *names, const cux_device_kind **out);

/* dev/cpu/cpu_device.c (registered as "cpu"): CUX_CPU_DEVICES devices
 * sharing out the cores. */
int cux_cpu_device_count(void);
cux_device *cux_cpu_device_create(int ordinal, int index, int count);

/* dev/opencl/opencl_device.c (registered as "opencl"): the first device
 * of each OpenCL platform the ICD loader offers. */
int cux_opencl_device_count(void);
cux_device *cux_opencl_device_create(int ordinal, int index, int count);

/* rt/rt_printf.c: a service of the runtime to devices.  Device printf
 * output (text, copied) is held in the runtime's context until the next
 * synchronising call, as on a GPU.  Thread-safe. */
void cux_printf_append(const char *text, size_t len);

/* rt/rt_context.c: a service of the runtime to devices.  Waits for the
 * work queued on every stream (what the runtime's exit handler does
 * first), for a device whose driver goes away at exit before that
 * handler runs (dev/opencl).  Not from a stream's own worker. */
void cux_finish_pending_work(void);

/* dev/printf_format.c: formats one device printf call: `fmt` with the
 * argument buffer that PTX vprintf receives (each argument aligned to its
 * own size; float promoted to double; %s a generic pointer), appended to
 * *out.  Never crashes on a bad format; prints what CUDA would. */
void cux_printf_format(cux_strbuf *out, const char *fmt, const char *args);
/* The same for a device whose %s pointers the host may not be able to
 * read: a string whose address string_ok refuses is printed as a
 * placeholder. */
typedef bool (*cux_printf_string_ok)(void *ctx, uint64_t address);
void cux_printf_format_checked(cux_strbuf *out, const char *fmt,
                               const char *args,
                               cux_printf_string_ok string_ok, void *ctx);

/* dev/log.c: one line on stderr, prefixed "cux: ". */
void cux_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
