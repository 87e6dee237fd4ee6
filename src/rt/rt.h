/* rt.h: internals of the CUDA runtime core, shared by the files of src/rt.
 * One context object holds all mutable state; each section below is one file.
 *
 * Lock order: ctx.load_lock (module loads) -> ctx.lock (registries) ->
 * stream->lock -> ctx.event_lock; ctx.mem_lock (allocation table) and
 * ctx.printf_lock are leaves.  No lock is held while waiting on a
 * stream. */
#ifndef CUX_RT_H
#define CUX_RT_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cuda_runtime_api.h"
#include "dev/device.h"

#define CUX_EXPORT __attribute__((visibility("default")))
#define CUX_RT_MAX_DEVICES 16

/* rt_context.c ------------------------------------------------------- */

/* A unit of work queued on a stream.  Concrete kinds embed it first. */
typedef struct cux_rt_dep {
    struct CUstream_st *stream; /* holds a reference */
    uint64_t seq;               /* wait until stream->done >= seq */
} cux_rt_dep;

typedef struct cux_rt_work cux_rt_work;
struct cux_rt_work {
    cux_rt_work *next;
    uint64_t seq;               /* position in its stream */
    void (*run)(cux_rt_work *w, struct CUstream_st *s); /* may be NULL */
    void (*release)(cux_rt_work *w);                    /* frees w */
    cux_rt_dep *deps;           /* owned */
    uint32_t n_deps;
};

enum { CUX_RT_STREAM_USER, CUX_RT_STREAM_LEGACY, CUX_RT_STREAM_THREAD };

/* A stream: an ordered queue run by its own worker thread (started at the
 * first enqueue).  seq numbers count enqueued items; `done` trails them. */
struct CUstream_st {
    int device;
    int kind;                   /* CUX_RT_STREAM_* */
    unsigned flags;             /* cudaStreamNonBlocking or 0 */
    int priority;
    atomic_int refs;
    pthread_mutex_t lock;
    pthread_cond_t cond;        /* broadcast on every change of done/queue */
    cux_rt_work *head, *tail;
    uint64_t enqueued, done;
    bool running;               /* worker thread exists */
    bool stopping;              /* worker exits once the queue drains */
    pthread_t thread;
    struct CUstream_st *next_live; /* ctx.streams, under ctx.lock */
};

struct CUevent_st {
    unsigned flags;
    int device;
    atomic_int refs;            /* registry + pending records */
    struct CUstream_st *stream; /* last record, referenced; NULL: never */
    uint64_t seq;               /* that record's position */
    uint64_t gen;               /* bumped by each record */
    uint64_t time_ns;           /* CLOCK_MONOTONIC at completion */
    struct CUevent_st *next_live;
};

typedef struct cux_rt_device {
    cux_device *dev;
    struct cudaDeviceProp prop;
    struct CUstream_st *legacy; /* created lazily, under ctx.lock */
    size_t limits[16];          /* indexed by enum cudaLimit */
    int cache_config, shmem_config;
    unsigned flags;
} cux_rt_device;

typedef struct cux_rt_fatbin cux_rt_fatbin;
typedef struct cux_rt_func cux_rt_func;
typedef struct cux_rt_var cux_rt_var;
typedef struct cux_rt_alloc cux_rt_alloc;

/* An object on one of the context's handle lists (CUDA arrays, texture
 * objects), embedded first in it: the list checks handles before use and
 * frees what is left at reset and exit. */
typedef struct cux_rt_obj cux_rt_obj;
struct cux_rt_obj {
    cux_rt_obj *next;           /* under ctx.lock */
    int device;
};

/* Open-addressing map from a host address to a runtime object. */
typedef struct cux_rt_map {
    const void **keys;
    void **values;
    uint32_t cap, len;
} cux_rt_map;

typedef struct cux_rt_context {
    pthread_once_t devices_once; /* devices created on first need */
    atomic_bool shut_down;      /* exit cleanup has begun */
    pthread_mutex_t lock;       /* registries below */
    pthread_mutex_t load_lock;  /* module loads */
    pthread_mutex_t mem_lock;   /* allocation table */
    pthread_mutex_t event_lock; /* fields of every event */
    pthread_key_t thread_key;   /* runs per-thread cleanup at thread exit */
    cux_rt_device devices[CUX_RT_MAX_DEVICES];
    int n_devices;
    cudaError_t init_error;     /* why there are no devices */
    bool devices_ready;
    bool launch_blocking;       /* CUDA_LAUNCH_BLOCKING=1 */
    atomic_int sticky;          /* cudaError_t poisoning the context */
    struct CUstream_st *streams;
    struct CUevent_st *events;
    cux_rt_fatbin *fatbins;
    cux_rt_map funcs;           /* host stub -> cux_rt_func */
    cux_rt_map vars;            /* host shadow -> cux_rt_var */
    cux_rt_obj *arrays;         /* struct cudaArray */
    cux_rt_obj *textures;       /* texture objects (rt_texture.c) */
    cux_rt_alloc *allocs;       /* sorted by base, under mem_lock */
    uint32_t allocs_len, allocs_cap;
    pthread_mutex_t printf_lock;
    cux_strbuf printf_text;     /* device printf not yet written, under
                                 * printf_lock */
} cux_rt_context;

#define CUX_RT_CONFIG_DEPTH 16
typedef struct cux_rt_config {
    dim3 grid, block;
    size_t shmem;
    void *stream;
} cux_rt_config;

/* The host thread's share of the state: CUDA keeps these per thread. */
typedef struct cux_rt_thread {
    int device;                 /* current device */
    cudaError_t last_error;     /* non-sticky, reset by cudaGetLastError */
    cux_rt_config configs[CUX_RT_CONFIG_DEPTH];
    int n_configs;
    struct CUstream_st *per_thread[CUX_RT_MAX_DEVICES];
} cux_rt_thread;

/* The context, initialised on first use; never fails (devices come
 * later, in cux_rt_ready). */
cux_rt_context *cux_rt_ctx(void);
cux_rt_thread *cux_rt_self(void);
/* Creates the devices once; cudaSuccess or cudaErrorNoDevice... */
cudaError_t cux_rt_devices(void);
/* Start of every API call that uses a device: devices ready, no sticky
 * error, and the current device in *dev (may be NULL). */
cudaError_t cux_rt_enter(cux_rt_device **dev);
cux_rt_device *cux_rt_device_at(int ordinal); /* NULL if invalid */
/* Records err as the thread's last error (unless success/not-ready) and
 * returns it: every API function returns through this. */
cudaError_t cux_rt_ret(cudaError_t err);
/* Poisons the context with a kernel fault (first fault wins). */
void cux_rt_set_sticky(cudaError_t err);
cudaError_t cux_rt_sticky(void);
uint64_t cux_rt_now_ns(void);
/* Frees everything the program made on a device (-1: all), as
 * cudaDeviceReset and exit must: waits for its work first. */
void cux_rt_device_clear(int device);

/* Handle lists: each takes ctx.lock itself. */
void cux_rt_obj_add(cux_rt_obj **list, cux_rt_obj *o, int device);
/* Whether o is on the list; with `take`, also unlinks it. */
bool cux_rt_obj_find(cux_rt_obj **list, const cux_rt_obj *o, bool take);
/* Unlinks the objects of a device (-1: all) and passes each to release,
 * without the lock. */
void cux_rt_obj_free_all(cux_rt_obj **list, int device,
                         void (*release)(cux_rt_obj *o));

/* rt_printf.c -------------------------------------------------------- */

/* Writes the device printf output held so far (cux_printf_append in
 * dev/device.h) to stdout: every synchronising call does. */
void cux_rt_printf_flush(void);

/* rt_stream.c -------------------------------------------------------- */

/* Resolves a handle (0, cudaStreamLegacy, cudaStreamPerThread or a live
 * stream) to a stream with a new reference, or fails with
 * cudaErrorInvalidResourceHandle. */
cudaError_t cux_rt_stream_get(cudaStream_t handle, struct CUstream_st **out);
void cux_rt_stream_release(struct CUstream_st *s);
/* cux_rt_enter followed by cux_rt_stream_get: how a call on a stream
 * starts. */
cudaError_t cux_rt_enter_stream(cudaStream_t handle, struct CUstream_st **out);
struct CUstream_st *cux_rt_stream_ref(struct CUstream_st *s);
/* Queues w (takes ownership) with the implicit dependencies of the legacy
 * stream; returns its seq. */
uint64_t cux_rt_stream_enqueue(struct CUstream_st *s, cux_rt_work *w);
/* Runs fn(arg) on the calling thread in s's order: after everything
 * queued before, before anything queued after. */
void cux_rt_stream_run_sync(struct CUstream_st *s, void (*fn)(void *),
                            void *arg);
void cux_rt_stream_wait(struct CUstream_st *s, uint64_t seq);
bool cux_rt_stream_reached(struct CUstream_st *s, uint64_t seq);
/* Waits for every stream of the device (-1: all devices). */
void cux_rt_sync_device(int device);
/* Stops and frees every stream (exit, reset); -1 for all devices. */
void cux_rt_streams_destroy(int device, bool keep_legacy);
void cux_rt_thread_streams_release(cux_rt_thread *t);
/* Drains, joins and releases a stream already unlinked from ctx.streams. */
void cux_rt_streams_destroy_one(struct CUstream_st *s);
/* Queues an empty item on s that waits for `on` to reach seq. */
void cux_rt_stream_enqueue_wait(struct CUstream_st *s,
                                struct CUstream_st *on, uint64_t seq);

/* rt_event.c --------------------------------------------------------- */
void cux_rt_event_release(struct CUevent_st *e);
void cux_rt_events_destroy(int device);

/* rt_register.c ------------------------------------------------------ */
struct cux_rt_func {
    const void *host;           /* host stub address: the key */
    char *name;                 /* mangled device name, owned */
    cux_rt_fatbin *fatbin;
    cux_kernel *kernel[CUX_RT_MAX_DEVICES];
    const cux_kernel_info *info[CUX_RT_MAX_DEVICES];
    int max_dynamic_smem;       /* attribute MaxDynamicSharedMemorySize */
    int carveout;
    int cache_config;
};

struct cux_rt_var {
    const void *host;           /* host shadow address: the key */
    char *name;                 /* owned */
    cux_rt_fatbin *fatbin;
    size_t size;
    bool constant, managed;
    void **managed_ptr;         /* host pointer slot of a managed var */
    void *dptr[CUX_RT_MAX_DEVICES];
};

/* Finds a kernel by host stub and makes sure its module is loaded on the
 * device; cudaErrorInvalidDeviceFunction, cudaErrorInvalidPtx... */
cudaError_t cux_rt_func_resolve(const void *host, cux_rt_device *dev,
                                cux_rt_func **out);
/* Same for a variable: its device address on dev. */
cudaError_t cux_rt_var_resolve(const void *host, cux_rt_device *dev,
                               cux_rt_var **out);
/* Unloads every module from a device, -1: all (reset and exit). */
void cux_rt_modules_unload(int device);
void cux_rt_registry_free(void);

/* rt_memory.c -------------------------------------------------------- */
enum {
    CUX_RT_MEM_DEVICE,          /* cudaMalloc and friends */
    CUX_RT_MEM_HOST,            /* cudaMallocHost / cudaHostAlloc */
    CUX_RT_MEM_REGISTERED,      /* cudaHostRegister: not ours to free */
    CUX_RT_MEM_MANAGED,         /* cudaMallocManaged */
    CUX_RT_MEM_SYMBOL,          /* module variable: not ours to free */
    CUX_RT_MEM_ARRAY            /* a CUDA array's bytes: freed with it */
};

struct cux_rt_alloc {
    char *base;
    size_t size;
    int kind;                   /* CUX_RT_MEM_* */
    int device;
    unsigned flags;
};

/* Looks up the allocation containing ptr; false if none. */
bool cux_rt_alloc_find(const void *ptr, cux_rt_alloc *out);
void cux_rt_alloc_add(void *base, size_t size, int kind, int device,
                      unsigned flags);
void cux_rt_allocs_free(int device);
/* Forgets the entry of `kind` starting at base, if any. */
void cux_rt_alloc_remove(const void *base, int kind);

/* rt_array.c --------------------------------------------------------- */

/* A CUDA array: texels packed row after row, slice after slice, in
 * device memory it owns.  Arrays live on ctx.arrays. */
struct cudaArray {
    cux_rt_obj obj;             /* first: on ctx.arrays */
    char *data;                 /* device memory, owned */
    struct cudaChannelFormatDesc desc;
    struct cudaExtent extent;   /* as allocated: 0 for missing dims */
    unsigned flags;             /* cudaArray* flags */
    size_t elem;                /* bytes per texel */
    size_t pitch;               /* width * elem */
    size_t rows;                /* max(height, 1) * max(depth, 1) */
};

/* Checks a channel descriptor as a texel format: 1, 2 or 4 channels of
 * one width (8, 16, 32 bits); cudaErrorInvalidChannelDescriptor or
 * cudaErrorNotSupported otherwise. */
cudaError_t cux_rt_channel_check(const struct cudaChannelFormatDesc *d,
                                 unsigned *channels, unsigned *bits);
bool cux_rt_array_live(cudaArray_const_t array);
/* Frees the arrays of a device (-1: all); texture objects over them go
 * first (cux_rt_textures_free). */
void cux_rt_arrays_free(int device);

/* rt_texture.c ------------------------------------------------------- */

/* Destroys the texture objects of a device (-1: all). */
void cux_rt_textures_free(int device);

/* rt_launch.c -------------------------------------------------------- */
cudaError_t cux_rt_check_config(const cux_rt_device *dev,
                                const cux_rt_func *f, dim3 grid, dim3 block,
                                size_t shmem);

#endif
