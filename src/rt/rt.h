/* rt.h: internals of the CUDA runtime core, shared by the files of src/rt.
 * One context object holds all mutable state; each section below is one file.
 *
 * Lock order: ctx.load_lock (module loads) -> ctx.lock (registries) ->
 * stream->lock -> ctx.event_lock; ctx.mem_lock (allocation table),
 * ctx.printf_lock and ctx.graph_lock (graph handles, stream capture) are
 * leaves, except that graph_lock may be held while taking mem_lock (graph
 * memory); rt_managed.c's hints lock is a leaf under any of them (freeing
 * managed memory takes it with mem_lock held).  No lock is held while
 * waiting on a stream. */
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
/* A name whose CUDA 13 signature differs from CUDA 12's (cudaMemAdvise,
 * the graph edge calls, ...), defined here with CUDA 12's: weak, so that
 * libcudart.so.13 puts CUDA 13's in its place (src/rt/abi/cudart13.c),
 * which is what a program nvcc 13 built calls by the plain name. */
#define CUX_EXPORT_CUDA12 CUX_EXPORT __attribute__((weak))
#define CUX_RT_MAX_DEVICES CUX_MAX_DEVICES

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
    uint64_t id;                /* cudaStreamGetId's, unique in the process */
    atomic_int refs;
    pthread_mutex_t lock;
    pthread_cond_t cond;        /* broadcast on every change of done/queue */
    cux_rt_work *head, *tail;
    uint64_t enqueued, done;
    bool running;               /* worker thread exists */
    bool stopping;              /* worker exits once the queue drains */
    pthread_t thread;
    struct CUstream_st *next_live; /* ctx.streams, under ctx.lock */
    struct cux_rt_capture *capture; /* the capture sequence s is in, or
                                 * NULL; under ctx.graph_lock */
    /* cudaStreamSetAttribute's hints, kept to be read back (under lock;
     * rt_stream_attr.c); zero: none set */
    struct cudaAccessPolicyWindow access_window;
    enum cudaSynchronizationPolicy sync_policy;
    cudaLaunchMemSyncDomainMap domain_map;
    cudaLaunchMemSyncDomain domain;
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
    /* A record made during stream capture stands for a set of graph
     * nodes instead of a (stream, seq); under ctx.graph_lock. */
    struct cux_rt_capture *capture; /* referenced; NULL if not captured */
    struct CUgraphNode_st **captured; /* owned array */
    uint32_t n_captured;
};

typedef struct cux_rt_device {
    cux_device *dev;
    struct cudaDeviceProp prop;
    struct CUstream_st *legacy; /* created lazily, under ctx.lock */
    size_t limits[16];          /* indexed by enum cudaLimit */
    /* A kernel that uses the device heap, or printf, has been launched:
     * cudaDeviceSetLimit may no longer resize them.  Set by the
     * launching thread, read by any. */
    bool heap_launched, printf_launched;
    int cache_config, shmem_config;
    unsigned flags;
    uint32_t peers;             /* bit p: peer access to device p enabled
                                 * (cudaDeviceEnablePeerAccess); under
                                 * ctx.lock */
    /* the default memory pool (made when first asked for) and the one
     * cudaMallocAsync takes from; under ctx.mem_lock (rt_mempool.c) */
    struct CUmemPoolHandle_st *default_pool, *current_pool;
    struct CUmemPoolHandle_st *graph_pool; /* backs graph allocations */
} cux_rt_device;

typedef struct cux_rt_fatbin cux_rt_fatbin;
typedef struct cux_rt_link cux_rt_link;
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

/* The graph handles alive (graphs, nodes, executable graphs), so that a
 * null or destroyed handle is refused rather than followed: an
 * open-addressing set of addresses with tombstones. */
typedef struct cux_rt_handles {
    const void **keys;          /* NULL: empty; CUX_RT_HANDLE_GONE: deleted */
    uint32_t cap, used;         /* used counts tombstones too */
} cux_rt_handles;

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
    bool mixed_kinds;           /* devices of more than one kind: copies
                                 * go to the device whose memory it is */
    bool launch_blocking;       /* CUDA_LAUNCH_BLOCKING=1 */
    atomic_int sticky;          /* cudaError_t poisoning the context */
    struct CUstream_st *streams;
    struct CUevent_st *events;
    cux_rt_fatbin *fatbins;
    cux_rt_link *links;         /* relocatable code per image (rt_link.c) */
    cux_rt_map funcs;           /* host stub -> cux_rt_func */
    cux_rt_map vars;            /* host shadow -> cux_rt_var */
    cux_rt_obj *arrays;         /* struct cudaArray */
    cux_rt_obj *textures;       /* texture objects (rt_texture.c) */
    cux_rt_obj *surfaces;       /* surface objects (rt_surface.c) */
    cux_rt_obj *mempools;       /* created memory pools (rt_mempool.c) */
    cux_rt_alloc *allocs;       /* sorted by base, under mem_lock */
    uint32_t allocs_len, allocs_cap;
    pthread_mutex_t printf_lock;
    cux_strbuf printf_text;     /* device printf not yet written, under
                                 * printf_lock */
    pthread_mutex_t graph_lock; /* the fields below, every capture sequence
                                 * and the capture fields of streams and
                                 * events */
    cux_rt_handles graph_handles;
    struct cux_rt_capture *captures; /* in progress, any thread */
    unsigned long long capture_ids; /* last id given to a capture */
    struct CUgraph_st *graphs;  /* top-level graphs, for exit cleanup */
    struct CUgraphExec_st *execs;
    uint64_t node_ids;          /* last id given to a graph node */
    struct cux_rt_graph_mem *graph_mems; /* under mem_lock */
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
    int capture_mode;           /* cudaThreadExchangeStreamCaptureMode */
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
/* Tells dev's device its limits[cudaLimitMallocHeapSize] (rt_device.c). */
void cux_rt_heap_size_changed(cux_rt_device *dev);
cux_rt_device *cux_rt_device_at(int ordinal); /* NULL if invalid */
/* A new context's limits and cache configuration (at start and after
 * cudaDeviceReset). */
void cux_rt_device_defaults(cux_rt_device *d);
/* Notes that `info`'s kernel is being launched on dev (its heap and
 * printf limits are fixed from now on). */
void cux_rt_note_launch(cux_rt_device *dev, const cux_kernel_info *info);
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

/* An object the API names by the 64-bit handle its device issued
 * (texture and surface objects), on a list like any other. */
typedef struct cux_rt_handle_obj {
    cux_rt_obj obj;
    unsigned long long handle;
} cux_rt_handle_obj;
/* Copies `size` bytes at offset `field` of the live object with this
 * handle to out; cudaErrorInvalidValue if there is none. */
cudaError_t cux_rt_handle_read(cux_rt_obj **list, unsigned long long handle,
                               void *out, size_t field, size_t size);
/* Unlinks the object with this handle (cudaErrorInvalidValue if there
 * is none), waits for its device's work, which may still use it, and
 * passes it to release. */
cudaError_t cux_rt_handle_destroy(cux_rt_obj **list, unsigned long long handle,
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
/* A stream priority clamped into the range CUDA reports, as CUDA clamps
 * it (rt_stream.c). */
int cux_rt_stream_clamp_priority(int priority);
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
/* Resolves a handle to a live event with a new reference (release it
 * with cux_rt_event_release); cudaErrorInvalidResourceHandle if none. */
cudaError_t cux_rt_event_get(cudaEvent_t handle, struct CUevent_st **out);
void cux_rt_events_destroy(int device);

/* rt_fatbin.c -------------------------------------------------------- */

/* Finds the PTX of an NVIDIA fat binary (what nvcc embeds; magic
 * 0xBA55ED50): the entry of the highest compute_XX that cux reads.  On
 * success *ptx and *len give its text, borrowed from fatbin or, when it
 * was compressed, in *owned, a new buffer the caller frees.  Otherwise
 * returns false with why (a sentence naming the problem and, where there
 * is one, the nvcc option that avoids it) in why[why_size]. */
bool cux_rt_nvfatbin_ptx(const void *fatbin, const char **ptx, size_t *len,
                         char **owned, char *why, size_t why_size);

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
    bool host_storage;          /* managed, and its memory is the host
                                   variable itself (clang's host code) */
    bool initialised;           /* host_storage: initialiser copied in */
    int texref_dims;            /* texture reference: 1..3; else 0 */
    int texref_read_mode;       /* its cudaTextureReadMode */
    bool texref_bound;          /* under ctx.lock, as is the offset */
    size_t texref_offset;       /* bytes below the pointer bound */
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

/* rt_link.c ---------------------------------------------------------- */
/* Adds a relocatable module to the link of its program image (made at
 * the image's first registration); *index names it there.  The input's
 * text is borrowed until cux_rt_link_drop.  Caller holds ctx.lock. */
cux_rt_link *cux_rt_link_add(const char *image,
                             const cux_ptx_link_input *input,
                             uint32_t *index);
/* The image of module `index` is going away; the last drop frees the
 * link and its modules.  Caller holds ctx.load_lock. */
void cux_rt_link_drop(cux_rt_link *link, uint32_t index);
/* Links the image's modules (once) and loads the result on dev (once);
 * *out is borrowed from the link.  cudaErrorInvalidPtx, with one line
 * naming the symbol, when the link fails.  Caller holds ctx.load_lock. */
cudaError_t cux_rt_link_load(cux_rt_link *link, uint32_t index,
                             cux_rt_device *dev, cux_module **out);
/* The linked module's name for module index's symbol `name`. */
const char *cux_rt_link_name(const cux_rt_link *link, uint32_t index,
                             const char *name);
/* Device reset (-1: all) and exit; caller holds ctx.load_lock. */
void cux_rt_links_unload(int device);
void cux_rt_links_free(void);

/* rt_memory.c -------------------------------------------------------- */
enum {
    CUX_RT_MEM_DEVICE,          /* cudaMalloc and friends */
    CUX_RT_MEM_HOST,            /* cudaMallocHost / cudaHostAlloc */
    CUX_RT_MEM_REGISTERED,      /* cudaHostRegister: not ours to free */
    CUX_RT_MEM_MANAGED,         /* cudaMallocManaged */
    CUX_RT_MEM_SYMBOL,          /* module variable: not ours to free */
    CUX_RT_MEM_ARRAY            /* a CUDA array's bytes: freed with it */
};

/* cux_rt_alloc.flags of a CUX_RT_MEM_SYMBOL: a __managed__ variable. */
#define CUX_RT_SYMBOL_MANAGED 1u

struct cux_rt_alloc {
    char *base;
    size_t size;
    int kind;                   /* CUX_RT_MEM_* */
    int device;
    unsigned flags;
    struct CUmemPoolHandle_st *pool; /* what cudaMalloc*Async took it
                                        from, or NULL */
    struct cux_rt_graph_mem *gmem; /* the graph allocation it is, or NULL */
};

/* Stream-ordered pools (rt_mempool.c, the API; rt_mempool_cache.c, the
 * caching allocator).  Counts, caches and the device pools are under
 * ctx.mem_lock. */
enum { CUX_RT_POOL_CLASSES = 225 }; /* size classes up to 2^64 */
struct cux_rt_block;
struct CUmemPoolHandle_st {
    cux_rt_obj obj;             /* first: on ctx.mempools if created */
    struct cudaMemPoolProps props;
    uint64_t release_threshold;
    int reuse[3];               /* cudaMemPoolReuse*, indexed by attr - 1 */
    size_t used, used_high;     /* bytes of blocks handed out */
    size_t reserved, reserved_high; /* used + cached: held from the device */
    size_t cached;              /* bytes of the blocks on the lists */
    bool destroyed;             /* freed when its last allocation is */
    /* cudaMemPoolSetAccess's flags for each other device (the owner
     * always reads and writes); recorded: devices of one kind reach each
     * other's memory anyway. */
    enum cudaMemAccessFlags access[CUX_RT_MAX_DEVICES];
    struct cux_rt_block *free[CUX_RT_POOL_CLASSES]; /* cached, by class */
    struct cux_rt_block *spare; /* records to reuse, so a free mallocs
                                 * nothing */
};

struct CUmemPoolHandle_st *cux_rt_mempool_current(int device);
/* The device's pool for graph allocations (made on first use); NULL for
 * an invalid device. */
struct CUmemPoolHandle_st *cux_rt_mempool_graph(int device);
void cux_rt_mempools_free(int device);
/* At a synchronising call: each pool of the device (-1: all) above its
 * release threshold gives settled memory back to the system. */
void cux_rt_mempools_sync(int device);
/* Allocates size bytes of device memory from pool for use in stream s
 * (NULL: no stream, only blocks whose frees are done), entered in the
 * allocation table; the call queues a wait on s if a reused block
 * needs one. */
cudaError_t cux_rt_pool_alloc(void **ptr, size_t size,
                              struct CUmemPoolHandle_st *pool,
                              struct CUstream_st *s);

/* rt_mempool_cache.c: the block of `size` bytes (rounded to its class)
 * for stream s, from pool's cache or the device; charged to pool. */
cudaError_t cux_rt_mempool_get(struct CUmemPoolHandle_st *pool, size_t size,
                               struct CUstream_st *s, void **out);
/* Caches a block freed in s's order (s NULL: free now); false if the pool
 * was destroyed, and then the caller gives the memory back to the device
 * in s's order (the pool itself is gone once nothing is left). */
bool cux_rt_mempool_put(struct CUmemPoolHandle_st *pool, void *base,
                        size_t size, struct CUstream_st *s);
/* Releases settled blocks until at most keep bytes are reserved. */
void cux_rt_mempool_trim(struct CUmemPoolHandle_st *pool, uint64_t keep);
/* The bytes a block of size really takes. */
size_t cux_rt_mempool_rounded(size_t size);
/* Each needs mem_lock held: the release threshold at a synchronising
 * call; the whole cache back to the device. */
void cux_rt_mempool_sync_one(struct CUmemPoolHandle_st *pool);
void cux_rt_mempool_drop_cache(struct CUmemPoolHandle_st *pool);
/* Waits until every cached block's free has run; without mem_lock. */
void cux_rt_mempool_wait_frees(struct CUmemPoolHandle_st *pool);
/* An allocation of size bytes the caller gave back to the device (reset)
 * leaves the pool's counts; a destroyed pool goes with its last one.
 * Caller holds mem_lock. */
void cux_rt_mempool_forget(struct CUmemPoolHandle_st *pool, size_t size);

/* Lists a graph allocation made live by a launch. */
void cux_rt_alloc_add_graph(struct cux_rt_graph_mem *g);
/* Looks up the allocation containing ptr; false if none. */
bool cux_rt_alloc_find(const void *ptr, cux_rt_alloc *out);
void cux_rt_alloc_add(void *base, size_t size, int kind, int device,
                      unsigned flags);
void cux_rt_allocs_free(int device);
/* Tells every device whose kernels do not reach all host memory that
 * host memory kernels use in place (page-locked memory, a conditional
 * graph node's handle) has come or gone. */
void cux_rt_host_memory_visible(void *base, size_t size, bool visible);
/* Forgets the entry of `kind` starting at base, if any. */
void cux_rt_alloc_remove(const void *base, int kind);

/* rt_managed.c: forgets the advice and prefetch locations kept for
 * [base, base + size), when that managed memory is freed. */
void cux_rt_hints_forget(const void *base, size_t size);

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
/* Frees the arrays of a device (-1: all); texture and surface objects
 * over them go first (cux_rt_textures_free, cux_rt_surfaces_free). */
void cux_rt_arrays_free(int device);

/* rt_texture.c ------------------------------------------------------- */

/* Destroys the texture objects of a device (-1: all). */
void cux_rt_textures_free(int device);
/* Checks CUDA's descriptors of a texture (view may be NULL) and flattens
 * them into the device's form, t; the error CUDA gives if they are bad.
 * Shared by texture objects and references (rt_texture_reference.c). */
cudaError_t cux_rt_texture_flatten(const struct cudaResourceDesc *res,
                                   const struct cudaTextureDesc *tex,
                                   const struct cudaResourceViewDesc *view,
                                   cux_texture_desc *t);

/* rt_surface.c ------------------------------------------------------- */

/* Destroys the surface objects of a device (-1: all). */
void cux_rt_surfaces_free(int device);

/* rt_stream_attr.c -------------------------------------------------- */
/* CUDA's checks of an access policy window for device (streams and
 * launches alike). */
cudaError_t cux_rt_check_window(int device,
                                const struct cudaAccessPolicyWindow *w);

/* rt_launch.c -------------------------------------------------------- */
cudaError_t cux_rt_check_config(const cux_rt_device *dev,
                                const cux_rt_func *f, dim3 grid, dim3 block,
                                size_t shmem);
/* The one launch path (cudaLaunchKernel, cudaLaunchCooperativeKernel,
 * cudaLaunchKernelExC): checks, then queues on stream or captures a
 * kernel node.  Copies args; does not set the thread's last error. */
cudaError_t cux_rt_launch(const void *func, dim3 grid, dim3 block,
                          void **args, size_t shmem, cudaStream_t stream,
                          bool cooperative);

/* rt_memcpy.c -------------------------------------------------------- */

/* A copy or fill of any shape, carried out by the device: queued work and
 * graph nodes hold one. */
enum { CUX_RT_HOST_TO_HOST = -1 }; /* a direction beside cux_copy_kind */
typedef struct cux_rt_copy {
    cux_device *dev;
    char *dst;
    const char *src;
    cux_mem_box box;
    int direction;              /* cux_copy_kind or CUX_RT_HOST_TO_HOST */
    bool fill;                  /* memset: value instead of src */
    unsigned char value;
    cudaError_t status;         /* what the device returned */
} cux_rt_copy;

/* Carries out op (a cux_rt_copy) on the calling thread; sets status. */
void cux_rt_copy_run(void *op);
/* The direction of a copy of CUDA's kind; cudaMemcpyDefault looks both
 * pointers up. */
int cux_rt_copy_direction(enum cudaMemcpyKind kind, const void *dst,
                          const void *src);
/* Checks a cudaMemcpy3DParms and describes it in *op; an empty extent
 * gives a box of width 0. */
cudaError_t cux_rt_copy_describe_3d(cux_rt_device *dev,
                                    const struct cudaMemcpy3DParms *p,
                                    cux_rt_copy *op);

/* rt_graph.c --------------------------------------------------------- */

typedef struct CUgraphNode_st cux_rt_node;

/* A kernel node's launch, its arguments copied when it is set, as CUDA
 * copies them. */
typedef struct cux_rt_kernel_params {
    cux_device *dev;
    cux_kernel *kernel;
    const void *func;           /* the kernel as the program names it
                                   (its host-side address), which
                                   GetParams gives back */
    const char *name;           /* mangled, borrowed from the module */
    const cux_kernel_info *info; /* the module's, as long as it lives */
    dim3 grid, block;
    unsigned shmem;
    uint32_t n_args;
    size_t packed_bytes;
    char *packed;               /* owned: the arguments as launch takes them */
    void **args;                /* owned: args[i] points into packed */
    bool cooperative;           /* captured from cudaLaunchCooperativeKernel */
} cux_rt_kernel_params;

/* A graph allocation (rt_graph_mem.c): memory fixed when its node is
 * made, held while a node, a plan step or a live allocation refers to
 * it, then given back to the device's graph pool. */
typedef struct cux_rt_graph_mem {
    atomic_int refs;
    char *base;
    size_t size;
    int device;
    atomic_bool live;           /* launched and not freed since */
    struct CUgraphExec_st *owner; /* the executable of its graph, if any;
                                 * under graph_lock */
    struct cux_rt_graph_mem *next; /* ctx.graph_mems, under mem_lock */
} cux_rt_graph_mem;

/* A conditional handle (rt_graph_cond.c): the handle CUDA code holds is
 * this struct's address, which is also the address of `value`, so that
 * device code sets it with one store (cudaGraphSetConditional). */
typedef struct cux_rt_cond {
    uint32_t value;             /* first; read and written atomically */
    uint32_t dflt;              /* defaultLaunchValue */
    unsigned flags;             /* cudaGraphCondAssignDefault or 0 */
    atomic_int refs;            /* its graph, conditional nodes, plans */
    struct CUgraph_st *graph;   /* that made it; NULL once destroyed;
                                 * under graph_lock */
    struct CUgraphExec_st *owner; /* the one executable using it, if any;
                                 * under graph_lock */
} cux_rt_cond;

/* What a node does; which member is meant follows from its type. */
typedef union cux_rt_node_params {
    cux_rt_kernel_params kernel;
    struct {
        cux_rt_copy op;
        char *pattern;          /* owned source row of a memset node whose
                                 * element bytes differ, else NULL */
        struct cudaMemsetParams memset; /* as set, for GetParams */
        struct cudaMemcpy3DParms memcpy; /* as set, for GetParams */
    } copy;
    struct cudaHostNodeParams host;
    struct CUgraph_st *child;   /* owned */
    struct {
        cux_rt_graph_mem *mem;  /* referenced */
        struct cudaMemAllocNodeParams params; /* as given, dptr set */
        struct cudaMemAccessDesc *descs; /* owned: params.accessDescs */
    } alloc;                    /* and a free node: mem alone */
    struct {
        cux_rt_cond *handle;    /* referenced */
        enum cudaGraphConditionalNodeType type;
        uint32_t size;          /* number of bodies */
        struct CUgraph_st **bodies; /* owned graphs, in an owned array the
                                 * program holds as phGraph_out; NULL in
                                 * a plan step (rt_graph_exec.c) */
    } cond;
} cux_rt_node_params;

struct CUgraphNode_st {
    struct CUgraph_st *graph;   /* owner; NULL while detached */
    uint32_t index;             /* position in graph->nodes */
    enum cudaGraphNodeType type;
    uint64_t id;                /* unique: executable graphs refer by it */
    cux_rt_node **deps;         /* incoming edges, owned array */
    uint32_t n_deps, cap_deps;
    cux_rt_node **outs;         /* outgoing edges, owned array */
    uint32_t n_outs, cap_outs;
    cux_rt_node_params p;
};

struct CUgraph_st {
    cux_rt_node **nodes;        /* owned, in creation order */
    uint32_t n_nodes, cap_nodes;
    cux_rt_node *parent;        /* the child-graph or conditional node
                                 * owning it, or NULL */
    cux_rt_cond **conds;        /* handles made for it, referenced */
    uint32_t n_conds, cap_conds;
    struct cux_rt_capture *capture; /* the capture building it, or NULL */
    struct CUgraph_st *next_live, *prev_live; /* ctx.graphs, top level */
};

/* Copies or frees a node's parameters by type. */
void cux_rt_params_copy(enum cudaGraphNodeType type, cux_rt_node_params *dst,
                        const cux_rt_node_params *src);
void cux_rt_params_free(enum cudaGraphNodeType type, cux_rt_node_params *p);
/* A copy of g (new handles, registered); keep_ids keeps node ids. */
struct CUgraph_st *cux_rt_graph_clone(const struct CUgraph_st *g,
                                      bool keep_ids);
/* Node for a whole graph (takes ownership of child). */
cux_rt_node *cux_rt_node_child(struct CUgraph_st *child);

/* Starts a call on one node: devices ready, graph_lock taken (also on
 * failure: release it with cux_rt_graph_node_done), the node live and,
 * unless type is cudaGraphNodeTypeCount, of that type. */
cudaError_t cux_rt_graph_node_begin(cudaGraphNode_t node,
                                    enum cudaGraphNodeType type,
                                    const void *out);
cudaError_t cux_rt_graph_node_done(cudaError_t err);

/* Detached nodes for stream capture, with their parameters copied; the
 * capture attaches them (cux_rt_capture_node). */
cux_rt_node *cux_rt_node_kernel(cux_rt_device *dev, cux_rt_func *f,
                                dim3 grid, dim3 block, size_t shmem,
                                void **args);
cux_rt_node *cux_rt_node_copy(const cux_rt_copy *op);
cux_rt_node *cux_rt_node_host(cudaHostFn_t fn, void *user);
/* A new empty graph, registered as a live handle. */
struct CUgraph_st *cux_rt_graph_new(void);
/* Adds a detached node (takes ownership) to g after deps, which are
 * nodes of g.  Caller holds ctx.graph_lock. */
void cux_rt_graph_attach(struct CUgraph_st *g, cux_rt_node *n,
                         cux_rt_node *const *deps, size_t n_deps);
/* Puts a top-level graph on ctx.graphs, which exit frees.  Caller holds
 * graph_lock. */
void cux_rt_graph_publish(struct CUgraph_st *g);
/* Attaches a built node (owned; NULL if building failed with `built`,
 * which is returned) to g after deps, checked; the last error is set. */
cudaError_t cux_rt_graph_add(cudaGraphNode_t *out, struct CUgraph_st *g,
                             const cudaGraphNode_t *deps, size_t n_deps,
                             cux_rt_node *node, cudaError_t built);
/* Destroys a graph, live or not registered. Caller holds graph_lock. */
void cux_rt_graph_free(struct CUgraph_st *g);
/* Frees a detached node; caller holds graph_lock if it may hold a child
 * graph (whose handles it unregisters). */
void cux_rt_node_free(cux_rt_node *n);
/* Whether a node can reach `to` along its edges (from == to counts). */
bool cux_rt_node_reaches(const cux_rt_node *from, const cux_rt_node *to);
/* Handle set: each needs ctx.graph_lock held. */
bool cux_rt_handle_live(const void *h);
void cux_rt_handle_add(const void *h);
void cux_rt_handle_remove(const void *h);
/* Frees every graph, executable graph and capture (exit, reset). */
void cux_rt_graphs_free(void);

/* Checks cudaGraphEdgeData: default edges only (cudaErrorNotSupported
 * for others, cudaErrorInvalidValue for reserved bytes). */
cudaError_t cux_rt_edge_data_check(const cudaGraphEdgeData *e, size_t n);

/* rt_graph_cond.c ---------------------------------------------------- */

void cux_rt_cond_ref(cux_rt_cond *h);
void cux_rt_cond_unref(cux_rt_cond *h);
/* Copies a conditional node's parameters (a reference to the handle,
 * clones of the bodies, owned by dst's node once it adopts them) or
 * frees them.  Caller holds graph_lock. */
void cux_rt_cond_params_copy(cux_rt_node_params *dst,
                             const cux_rt_node_params *src);
void cux_rt_cond_params_free(cux_rt_node_params *p);
/* Makes n the parent of its child graph or bodies. */
void cux_rt_node_adopt(cux_rt_node *n);
/* Drops the handles a graph being freed made.  Caller holds graph_lock. */
void cux_rt_graph_conds_free(struct CUgraph_st *g);
/* Whether g holds a conditional node (child graphs included), which
 * makes it impossible to clone or embed.  Caller holds graph_lock. */
bool cux_rt_graph_has_cond(const struct CUgraph_st *g);
/* Whether g is a conditional node's body, or inside one.  Caller holds
 * graph_lock. */
bool cux_rt_graph_in_body(const struct CUgraph_st *g);

/* rt_graph_exec.c ---------------------------------------------------- */
void cux_rt_graph_execs_free(void);

/* rt_graph_mem.c ----------------------------------------------------- */

/* Parameters of memory nodes: copying takes a reference, freeing drops
 * it. */
void cux_rt_mem_params_copy(enum cudaGraphNodeType type,
                            cux_rt_node_params *dst,
                            const cux_rt_node_params *src);
void cux_rt_mem_params_free(enum cudaGraphNodeType type,
                            cux_rt_node_params *p);
/* Drops a reference; the last gives the memory back to the graph pool
 * in s's order (NULL: now). */
void cux_rt_graph_mem_unref(cux_rt_graph_mem *g, struct CUstream_st *s);
/* cudaFree/cudaFreeAsync of a live graph allocation. */
void cux_rt_graph_mem_freed(cux_rt_graph_mem *g, struct CUstream_st *s);
/* Whether a graph has memory nodes, which cannot be cloned, embedded or
 * updated.  Caller holds graph_lock. */
bool cux_rt_graph_has_mem(const struct CUgraph_st *g);
/* Detached nodes for stream capture of cudaMallocAsync (the address in
 * *ptr) and cudaFreeAsync (cudaErrorInvalidValue unless ptr is a graph
 * allocation). */
cudaError_t cux_rt_node_mem_alloc(int device, size_t size,
                                  const struct cudaMemPoolProps *props,
                                  void **ptr, cux_rt_node **out);
cudaError_t cux_rt_node_mem_free(void *ptr, cux_rt_node **out);
/* Frees the graph allocations of a device (-1: all) at reset and exit;
 * after the graphs and the allocation table. */
void cux_rt_graph_mems_free(int device);
/* A launch's alloc step: listed in the table, live, referenced. */
void cux_rt_graph_mem_launched(cux_rt_graph_mem *g);
/* A launch's free step (and auto-free): unlisted, no longer live. */
void cux_rt_graph_mem_unlist(cux_rt_graph_mem *g, struct CUstream_st *s);
/* cudaErrorInvalidValue if free node n frees what g frees already.
 * Caller holds graph_lock. */
cudaError_t cux_rt_graph_check_free(const struct CUgraph_st *g,
                                    const cux_rt_node *n);

/* rt_graph_capture.c ------------------------------------------------- */

typedef struct cux_rt_capture cux_rt_capture;

/* Before a call queues work on s: *capturing says whether s is capturing
 * (then the call records a node with cux_rt_capture_node instead).  Fails
 * with cudaErrorStreamCaptureInvalidated if s's capture was invalidated,
 * or cudaErrorStreamCaptureImplicit if s is the legacy stream and a
 * blocking stream of its device is capturing (that capture is then
 * invalidated, as in CUDA). */
cudaError_t cux_rt_capture_check(struct CUstream_st *s, bool *capturing);
/* Appends n (takes ownership) to s's capture after s's current
 * dependencies, and makes it s's only dependency. */
cudaError_t cux_rt_capture_node(struct CUstream_st *s, cux_rt_node *n);
/* Before a call that waits for s (synchronize, query, a synchronous copy
 * on it): cudaErrorStreamCaptureUnsupported if s is capturing, and the
 * legacy stream's implicit rule as cux_rt_capture_check; both
 * invalidate the capture concerned. */
cudaError_t cux_rt_capture_sync(struct CUstream_st *s);
/* Before a "potentially unsafe" call (cudaMalloc, synchronous copies):
 * cudaErrorStreamCaptureUnsupported when the thread's capture mode
 * forbids it, invalidating the captures that forbid it. */
cudaError_t cux_rt_capture_unsafe(void);
/* cudaEventRecord on a capturing s: the event comes to stand for s's
 * current nodes (*captured true).  Otherwise forgets any captured
 * record of e, and the caller records it as usual. */
cudaError_t cux_rt_capture_record(struct CUevent_st *e, struct CUstream_st *s,
                                  bool *captured);
/* cudaStreamWaitEvent where s is capturing or e was captured: joins s
 * to e's capture or adds e's nodes to s's dependencies (*captured
 * true), or fails with the error CUDA gives. */
cudaError_t cux_rt_capture_wait(struct CUstream_st *s, struct CUevent_st *e,
                                bool *captured);
/* Whether e's last record was captured (queries then fail with
 * cudaErrorCapturedEvent). */
bool cux_rt_capture_event_captured(struct CUevent_st *e);
/* Drops what e holds of a capture: its last release calls it. */
void cux_rt_capture_event_free(struct CUevent_st *e);
/* Ends the capture of a stream being destroyed. */
void cux_rt_capture_stream_gone(struct CUstream_st *s);
/* A graph being captured into is being freed (a conditional body whose
 * node went): the capture is invalidated.  Caller holds graph_lock. */
void cux_rt_capture_graph_gone(struct CUgraph_st *g);

#endif
