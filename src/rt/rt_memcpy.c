/* rt_memcpy.c: copies and fills (1D, 2D, 3D, synchronous and stream
 * ordered) and the symbol copies built on them.
 *
 * One copy description covers every shape, and the device carries it out
 * (its mem_copy and mem_fill): the runtime never touches device memory,
 * which on some devices is not host memory at all.  Synchronous calls run
 * on the calling thread in the legacy stream's order.  Asynchronous calls
 * are queued, except when one side is pageable host memory: CUDA returns
 * from those only once the host buffer may be reused, so they run in
 * stream order on the calling thread as well. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

/* A copy with both sides in host memory (cudaMemcpyHostToHost, or
 * cudaMemcpyDefault between host pointers) needs no device. */
#define HOST_TO_HOST CUX_RT_HOST_TO_HOST

/* Graph nodes hold the same description (rt.h). */
typedef cux_rt_copy copy_op;

/* The device whose memory ptr is, or NULL for host memory and memory the
 * runtime does not know. */
static cux_device *owner(const void *ptr)
{
    cux_rt_alloc a;
    if (!cux_rt_alloc_find(ptr, &a) || a.kind == CUX_RT_MEM_HOST ||
        a.kind == CUX_RT_MEM_REGISTERED)
        return NULL;
    cux_rt_device *d = cux_rt_device_at(a.device);
    return d ? d->dev : NULL;
}

/* With devices of several kinds (CUX_DEVICE=cpu,opencl) one kind's
 * mem_copy cannot reach another kind's memory: a copy or fill goes to the
 * device whose memory its device side is, and a copy between two kinds'
 * memory passes through a host buffer, as one between GPUs without peer
 * access does.  True if it was carried out here. */
static bool route_by_owner(copy_op *op)
{
    bool to_device = op->direction == CUX_COPY_HOST_TO_DEVICE ||
                     op->direction == CUX_COPY_DEVICE_TO_DEVICE;
    bool from_device = !op->fill &&
                       (op->direction == CUX_COPY_DEVICE_TO_HOST ||
                        op->direction == CUX_COPY_DEVICE_TO_DEVICE);
    cux_device *to = to_device ? owner(op->dst) : NULL;
    cux_device *from = from_device ? owner(op->src) : NULL;
    if (!to || !from || to->ops == from->ops) {
        if (to || from)
            op->dev = to ? to : from;
        return false;
    }
    size_t row = op->box.width, slice = row * op->box.height;
    size_t bytes = slice * op->box.depth;
    char *staged = malloc(bytes ? bytes : 1);
    if (!staged) {
        op->status = cudaErrorMemoryAllocation;
        return true;
    }
    cux_mem_box out = op->box, in = op->box;
    out.dst_pitch = in.src_pitch = row;
    out.dst_slice = in.src_slice = slice;
    op->status = from->ops->mem_copy(from, staged, op->src, &out,
                                     CUX_COPY_DEVICE_TO_HOST);
    if (op->status == cudaSuccess)
        op->status = to->ops->mem_copy(to, op->dst, staged, &in,
                                       CUX_COPY_HOST_TO_DEVICE);
    free(staged);
    return true;
}

void cux_rt_copy_run(void *arg)
{
    copy_op *op = arg;
    if (cux_rt_ctx()->mixed_kinds && route_by_owner(op))
        return;
    const cux_device_ops *ops = op->dev->ops;
    if (op->fill)
        op->status = ops->mem_fill(op->dev, op->dst, op->value, &op->box);
    else if (op->direction == HOST_TO_HOST)
        cux_mem_box_copy(op->dst, op->src, &op->box);
    else
        op->status = ops->mem_copy(op->dev, op->dst, op->src, &op->box,
                                   (cux_copy_kind)op->direction);
}

typedef struct copy_work {
    cux_rt_work base;
    copy_op op;
} copy_work;

/* A queued copy that fails is reported at the next synchronising call,
 * as a GPU's asynchronous fault is. */
static void run_copy(cux_rt_work *w, struct CUstream_st *s)
{
    (void)s;
    copy_op *op = &((copy_work *)w)->op;
    cux_rt_copy_run(op);
    if (op->status != cudaSuccess)
        cux_rt_set_sticky(op->status);
}

static void free_copy(cux_rt_work *w)
{
    free(w);
}

static bool pageable(const void *ptr)
{
    return !cux_rt_alloc_find(ptr, NULL);
}

static bool in_device_memory(const void *ptr)
{
    cux_rt_alloc a;
    return cux_rt_alloc_find(ptr, &a) &&
           (a.kind == CUX_RT_MEM_DEVICE || a.kind == CUX_RT_MEM_MANAGED ||
            a.kind == CUX_RT_MEM_SYMBOL || a.kind == CUX_RT_MEM_ARRAY);
}

/* The device's direction for CUDA's kind; cudaMemcpyDefault looks both
 * pointers up, as CUDA does under unified addressing. */
int cux_rt_copy_direction(enum cudaMemcpyKind kind, const void *dst,
                          const void *src)
{
    switch (kind) {
    case cudaMemcpyHostToHost:
        return HOST_TO_HOST;
    case cudaMemcpyHostToDevice:
        return CUX_COPY_HOST_TO_DEVICE;
    case cudaMemcpyDeviceToHost:
        return CUX_COPY_DEVICE_TO_HOST;
    case cudaMemcpyDeviceToDevice:
        return CUX_COPY_DEVICE_TO_DEVICE;
    default: {
        bool to_device = in_device_memory(dst);
        bool from_device = in_device_memory(src);
        if (to_device)
            return from_device ? CUX_COPY_DEVICE_TO_DEVICE
                               : CUX_COPY_HOST_TO_DEVICE;
        return from_device ? CUX_COPY_DEVICE_TO_HOST : HOST_TO_HOST;
    }
    }
}

/* The bytes from a side's first byte to its last one past, as a box of
 * rows and slices lays them out. */
static size_t box_span(const cux_mem_box *b, size_t pitch, size_t slice)
{
    return (b->depth - 1) * slice + (b->height - 1) * pitch + b->width;
}

/* CUDA refuses a device-side range that no live allocation holds whole:
 * one past the end, in freed memory or never allocated is
 * cudaErrorInvalidValue before anything is copied.  Any allocation the
 * runtime made or registered counts (pinned and managed memory, module
 * variables, arrays); host memory it does not know is unchecked, as it
 * is on CUDA.  Cost: one lookup in the sorted allocation table per
 * device side, under mem_lock for the lookup only. */
static cudaError_t check_device_side(const void *p, size_t span)
{
    cux_rt_alloc a;
    if (!cux_rt_alloc_find(p, &a) ||
        span > (size_t)(a.base + a.size - (const char *)p))
        return cudaErrorInvalidValue;
    return cudaSuccess;
}

static cudaError_t check_ranges(const copy_op *op)
{
    const cux_mem_box *b = &op->box;
    bool dst_device = op->fill || op->direction == CUX_COPY_HOST_TO_DEVICE ||
                      op->direction == CUX_COPY_DEVICE_TO_DEVICE;
    bool src_device = !op->fill &&
                      (op->direction == CUX_COPY_DEVICE_TO_HOST ||
                       op->direction == CUX_COPY_DEVICE_TO_DEVICE);
    cudaError_t err = cudaSuccess;
    if (dst_device)
        err = check_device_side(op->dst,
                                box_span(b, b->dst_pitch, b->dst_slice));
    if (err == cudaSuccess && src_device)
        err = check_device_side(op->src,
                                box_span(b, b->src_pitch, b->src_slice));
    return err;
}

/* Runs op on its device in the order of `stream`: at once on this
 * thread for synchronous calls, else queued. */
static cudaError_t submit(copy_op *op, cudaStream_t stream, bool async)
{
    struct CUstream_st *s;
    bool capturing = false;
    /* A synchronous copy is "potentially unsafe" during capture. */
    cudaError_t err = async ? cudaSuccess : cux_rt_capture_unsafe();
    if (err == cudaSuccess)
        err = cux_rt_stream_get(stream, &s);
    if (err != cudaSuccess)
        return err;
    err = async ? cux_rt_capture_check(s, &capturing) : cux_rt_capture_sync(s);
    /* Captured, memory a graph allocates is not in the table until a
     * launch makes it live, so the ranges are checked only out of
     * capture. */
    if (err == cudaSuccess && !capturing)
        err = check_ranges(op);
    if (err != cudaSuccess || capturing) {
        /* Captured, the copy runs at each launch of the graph, pageable
         * host memory or not. */
        if (err == cudaSuccess)
            err = cux_rt_capture_node(s, cux_rt_node_copy(op));
        cux_rt_stream_release(s);
        return err;
    }
    if (async && (op->fill || (!pageable(op->dst) && !pageable(op->src)))) {
        copy_work *w = cux_xcalloc(1, sizeof(*w));
        w->base.run = run_copy;
        w->base.release = free_copy;
        w->op = *op;
        cux_rt_stream_enqueue(s, &w->base);
    } else {
        cux_rt_stream_run_sync(s, cux_rt_copy_run, op);
        err = op->status;
    }
    cux_rt_stream_release(s);
    if (!async)
        cux_rt_printf_flush();
    return err != cudaSuccess ? err : cux_rt_sticky();
}

static cudaError_t check_kind(enum cudaMemcpyKind kind)
{
    return (unsigned)kind > cudaMemcpyDefault ?
           cudaErrorInvalidMemcpyDirection : cudaSuccess;
}

static cudaError_t copy_1d(void *dst, const void *src, size_t count,
                           enum cudaMemcpyKind kind, cudaStream_t stream,
                           bool async)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess)
        err = check_kind(kind);
    if (err != cudaSuccess || count == 0)
        return err;
    if (!dst || !src)
        return cudaErrorInvalidValue;
    copy_op op = {.dev = dev->dev, .dst = dst, .src = src,
                  .box = {.width = count, .height = 1, .depth = 1},
                  .direction = cux_rt_copy_direction(kind, dst, src)};
    return submit(&op, stream, async);
}

CUX_EXPORT cudaError_t cudaMemcpy(void *dst, const void *src, size_t count,
                                  enum cudaMemcpyKind kind)
{
    return cux_rt_ret(copy_1d(dst, src, count, kind, NULL, false));
}

CUX_EXPORT cudaError_t cudaMemcpyAsync(void *dst, const void *src,
                                       size_t count, enum cudaMemcpyKind kind,
                                       cudaStream_t stream)
{
    return cux_rt_ret(copy_1d(dst, src, count, kind, stream, true));
}

static cudaError_t check_peer(int dstDevice, int srcDevice)
{
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return err;
    if (!cux_rt_device_at(dstDevice) || !cux_rt_device_at(srcDevice))
        return cudaErrorInvalidDevice;
    return cudaSuccess;
}

/* "This function is asynchronous with respect to the host, but
 * serialized with respect to all pending and future asynchronous work in
 * to the current device, srcDevice, and dstDevice": cux waits for the
 * two devices' work, then copies in the current device's legacy order,
 * and is done when it returns.  Every device of a kind reaches every
 * other's memory, so the current device's mem_copy carries it out. */
CUX_EXPORT cudaError_t cudaMemcpyPeer(void *dst, int dstDevice,
                                      const void *src, int srcDevice,
                                      size_t count)
{
    cudaError_t err = check_peer(dstDevice, srcDevice);
    if (err == cudaSuccess && count) {
        cux_rt_sync_device(srcDevice);
        if (dstDevice != srcDevice)
            cux_rt_sync_device(dstDevice);
    }
    if (err == cudaSuccess)
        err = copy_1d(dst, src, count, cudaMemcpyDeviceToDevice, NULL, false);
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaMemcpyPeerAsync(void *dst, int dstDevice,
                                           const void *src, int srcDevice,
                                           size_t count, cudaStream_t stream)
{
    cudaError_t err = check_peer(dstDevice, srcDevice);
    if (err == cudaSuccess)
        err = copy_1d(dst, src, count, cudaMemcpyDeviceToDevice, stream,
                      true);
    return cux_rt_ret(err);
}

static cudaError_t copy_2d(void *dst, size_t dpitch, const void *src,
                           size_t spitch, size_t width, size_t height,
                           enum cudaMemcpyKind kind, cudaStream_t stream,
                           bool async)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess)
        err = check_kind(kind);
    if (err != cudaSuccess || width == 0 || height == 0)
        return err;
    /* "cudaErrorInvalidPitchValue: dpitch or spitch is smaller than
     * width". */
    if (width > dpitch || width > spitch)
        return cudaErrorInvalidPitchValue;
    if (!dst || !src)
        return cudaErrorInvalidValue;
    copy_op op = {.dev = dev->dev, .dst = dst, .src = src,
                  .box = {.width = width, .height = height, .depth = 1,
                          .dst_pitch = dpitch, .src_pitch = spitch},
                  .direction = cux_rt_copy_direction(kind, dst, src)};
    return submit(&op, stream, async);
}

CUX_EXPORT cudaError_t cudaMemcpy2D(void *dst, size_t dpitch,
                                    const void *src, size_t spitch,
                                    size_t width, size_t height,
                                    enum cudaMemcpyKind kind)
{
    return cux_rt_ret(copy_2d(dst, dpitch, src, spitch, width, height, kind,
                              NULL, false));
}

CUX_EXPORT cudaError_t cudaMemcpy2DAsync(void *dst, size_t dpitch,
                                         const void *src, size_t spitch,
                                         size_t width, size_t height,
                                         enum cudaMemcpyKind kind,
                                         cudaStream_t stream)
{
    return cux_rt_ret(copy_2d(dst, dpitch, src, spitch, width, height, kind,
                              stream, true));
}

static char *pitched_at(struct cudaPitchedPtr p, struct cudaPos pos)
{
    return (char *)p.ptr + (pos.z * p.ysize + pos.y) * p.pitch + pos.x;
}

/* One side of a 3D copy that is a CUDA array, as the pitched memory it
 * is, with its position scaled from elements to bytes.  The box (e, in
 * bytes wide) must fit in the array: cudaErrorInvalidValue otherwise. */
static cudaError_t array_side(cudaArray_const_t a, struct cudaPos *pos,
                              struct cudaExtent e, struct cudaPitchedPtr *out)
{
    if (!cux_rt_array_live(a))
        return cudaErrorInvalidValue;
    size_t h = a->extent.height ? a->extent.height : 1;
    size_t d = a->extent.depth ? a->extent.depth : 1;
    pos->x *= a->elem;
    if (pos->x + e.width > a->pitch || pos->y + e.height > h ||
        pos->z + e.depth > d)
        return cudaErrorInvalidValue;
    *out = (struct cudaPitchedPtr){.ptr = a->data, .pitch = a->pitch,
                                   .xsize = a->extent.width, .ysize = h};
    return cudaSuccess;
}

/* "The extent is defined in terms of that array's elements" when a CUDA
 * array takes part (bytes otherwise), and so are its position's x. */
static cudaError_t array_sides(const struct cudaMemcpy3DParms *p,
                               struct cudaExtent *e,
                               struct cudaPitchedPtr *src,
                               struct cudaPos *spos,
                               struct cudaPitchedPtr *dst,
                               struct cudaPos *dpos)
{
    if ((p->srcArray && p->srcPtr.ptr) || (p->dstArray && p->dstPtr.ptr))
        return cudaErrorInvalidValue; /* one of the two per side */
    cudaArray_const_t a = p->srcArray ? p->srcArray : p->dstArray;
    if (a && cux_rt_array_live(a))
        e->width *= a->elem;
    cudaError_t err = cudaSuccess;
    if (p->srcArray)
        err = array_side(p->srcArray, spos, *e, src);
    if (err == cudaSuccess && p->dstArray)
        err = array_side(p->dstArray, dpos, *e, dst);
    return err;
}

cudaError_t cux_rt_copy_describe_3d(cux_rt_device *dev,
                                    const struct cudaMemcpy3DParms *p,
                                    copy_op *op)
{
    cudaError_t err = p ? check_kind(p->kind) : cudaErrorInvalidValue;
    if (err != cudaSuccess)
        return err;
    struct cudaExtent e = p->extent;
    struct cudaPitchedPtr src = p->srcPtr, dst = p->dstPtr;
    struct cudaPos spos = p->srcPos, dpos = p->dstPos;
    *op = (copy_op){.dev = dev->dev};
    if (e.width == 0 || e.height == 0 || e.depth == 0)
        return cudaSuccess;
    if ((err = array_sides(p, &e, &src, &spos, &dst, &dpos)) != cudaSuccess)
        return err;
    if (!dst.ptr || !src.ptr)
        return cudaErrorInvalidValue;
    if (e.width > dst.pitch || e.width > src.pitch)
        return cudaErrorInvalidPitchValue;
    op->dst = pitched_at(dst, dpos);
    op->src = pitched_at(src, spos);
    op->box = (cux_mem_box){
        .width = e.width, .height = e.height, .depth = e.depth,
        .dst_pitch = dst.pitch, .src_pitch = src.pitch,
        .dst_slice = dst.pitch * dst.ysize,
        .src_slice = src.pitch * src.ysize};
    op->direction = cux_rt_copy_direction(p->kind, op->dst, op->src);
    return cudaSuccess;
}

static cudaError_t copy_3d(const struct cudaMemcpy3DParms *p,
                           cudaStream_t stream, bool async)
{
    cux_rt_device *dev;
    copy_op op;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess)
        err = cux_rt_copy_describe_3d(dev, p, &op);
    if (err != cudaSuccess || op.box.width == 0)
        return err;
    return submit(&op, stream, async);
}

CUX_EXPORT cudaError_t cudaMemcpy3D(const struct cudaMemcpy3DParms *p)
{
    return cux_rt_ret(copy_3d(p, NULL, false));
}

CUX_EXPORT cudaError_t cudaMemcpy3DAsync(const struct cudaMemcpy3DParms *p,
                                         cudaStream_t stream)
{
    return cux_rt_ret(copy_3d(p, stream, true));
}

/* A 3D copy between devices is cudaMemcpy3D from one device's memory to
 * another's: devices of a kind share one address space, so the current
 * device's copy reaches both.  The synchronous form is ordered as
 * cudaMemcpyPeer is (the two devices' work first), the asynchronous one
 * on its stream. */
static cudaError_t copy_3d_peer(const struct cudaMemcpy3DPeerParms *p,
                                cudaStream_t stream, bool async)
{
    if (!p)
        return cudaErrorInvalidValue;
    cudaError_t err = check_peer(p->dstDevice, p->srcDevice);
    if (err != cudaSuccess)
        return err;
    struct cudaMemcpy3DParms q = {
        .srcArray = p->srcArray, .srcPos = p->srcPos, .srcPtr = p->srcPtr,
        .dstArray = p->dstArray, .dstPos = p->dstPos, .dstPtr = p->dstPtr,
        .extent = p->extent, .kind = cudaMemcpyDeviceToDevice};
    if (!async) {
        cux_rt_sync_device(p->srcDevice);
        if (p->dstDevice != p->srcDevice)
            cux_rt_sync_device(p->dstDevice);
    }
    return copy_3d(&q, stream, async);
}

CUX_EXPORT cudaError_t cudaMemcpy3DPeer(const struct cudaMemcpy3DPeerParms *p)
{
    return cux_rt_ret(copy_3d_peer(p, NULL, false));
}

CUX_EXPORT cudaError_t cudaMemcpy3DPeerAsync(
    const struct cudaMemcpy3DPeerParms *p, cudaStream_t stream)
{
    return cux_rt_ret(copy_3d_peer(p, stream, true));
}

/* Fills ------------------------------------------------------------------ */

static cudaError_t fill(void *dst, size_t pitch, int value, size_t width,
                        size_t height, size_t depth, size_t slice,
                        cudaStream_t stream, bool async)
{
    cux_rt_device *dev;
    cudaError_t err = cux_rt_enter(&dev);
    if (err != cudaSuccess || width == 0 || height == 0 || depth == 0)
        return err;
    if (!dst)
        return cudaErrorInvalidValue;
    if (height > 1 && width > pitch)
        return cudaErrorInvalidPitchValue;
    copy_op op = {.dev = dev->dev, .dst = dst,
                  .box = {.width = width, .height = height, .depth = depth,
                          .dst_pitch = pitch, .dst_slice = slice},
                  .fill = true, .value = (unsigned char)value};
    return submit(&op, stream, async);
}

CUX_EXPORT cudaError_t cudaMemset(void *devPtr, int value, size_t count)
{
    return cux_rt_ret(fill(devPtr, count, value, count, 1, 1, 0, NULL,
                           false));
}

CUX_EXPORT cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count,
                                       cudaStream_t stream)
{
    return cux_rt_ret(fill(devPtr, count, value, count, 1, 1, 0, stream,
                           true));
}

CUX_EXPORT cudaError_t cudaMemset2D(void *devPtr, size_t pitch, int value,
                                    size_t width, size_t height)
{
    return cux_rt_ret(fill(devPtr, pitch, value, width, height, 1, 0, NULL,
                           false));
}

CUX_EXPORT cudaError_t cudaMemset2DAsync(void *devPtr, size_t pitch,
                                         int value, size_t width,
                                         size_t height, cudaStream_t stream)
{
    return cux_rt_ret(fill(devPtr, pitch, value, width, height, 1, 0, stream,
                           true));
}

CUX_EXPORT cudaError_t cudaMemset3D(struct cudaPitchedPtr p, int value,
                                    struct cudaExtent e)
{
    return cux_rt_ret(fill(p.ptr, p.pitch, value, e.width, e.height, e.depth,
                           p.pitch * p.ysize, NULL, false));
}

CUX_EXPORT cudaError_t cudaMemset3DAsync(struct cudaPitchedPtr p, int value,
                                         struct cudaExtent e,
                                         cudaStream_t stream)
{
    return cux_rt_ret(fill(p.ptr, p.pitch, value, e.width, e.height, e.depth,
                           p.pitch * p.ysize, stream, true));
}

/* Symbols ---------------------------------------------------------------- */

/* The device address of symbol+offset, checked to hold count bytes. */
static cudaError_t symbol_at(const void *symbol, size_t offset, size_t count,
                             char **out)
{
    cux_rt_device *dev;
    cux_rt_var *v;
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess)
        err = cux_rt_var_resolve(symbol, dev, &v);
    if (err != cudaSuccess)
        return err;
    if (offset > v->size || count > v->size - offset)
        return cudaErrorInvalidValue;
    *out = (char *)v->dptr[dev->dev->ordinal] + offset;
    return cudaSuccess;
}

static cudaError_t to_symbol(const void *symbol, const void *src,
                             size_t count, size_t offset,
                             enum cudaMemcpyKind kind, cudaStream_t stream,
                             bool async)
{
    char *dst;
    if (kind != cudaMemcpyHostToDevice && kind != cudaMemcpyDeviceToDevice &&
        kind != cudaMemcpyDefault)
        return cudaErrorInvalidMemcpyDirection;
    cudaError_t err = symbol_at(symbol, offset, count, &dst);
    if (err == cudaSuccess)
        err = copy_1d(dst, src, count, kind, stream, async);
    return err;
}

static cudaError_t from_symbol(void *dst, const void *symbol, size_t count,
                               size_t offset, enum cudaMemcpyKind kind,
                               cudaStream_t stream, bool async)
{
    char *src;
    if (kind != cudaMemcpyDeviceToHost && kind != cudaMemcpyDeviceToDevice &&
        kind != cudaMemcpyDefault)
        return cudaErrorInvalidMemcpyDirection;
    cudaError_t err = symbol_at(symbol, offset, count, &src);
    if (err == cudaSuccess)
        err = copy_1d(dst, src, count, kind, stream, async);
    return err;
}

CUX_EXPORT cudaError_t cudaMemcpyToSymbol(const void *symbol, const void *src,
                                          size_t count, size_t offset,
                                          enum cudaMemcpyKind kind)
{
    return cux_rt_ret(to_symbol(symbol, src, count, offset, kind, NULL,
                                false));
}

CUX_EXPORT cudaError_t cudaMemcpyToSymbolAsync(const void *symbol,
                                               const void *src, size_t count,
                                               size_t offset,
                                               enum cudaMemcpyKind kind,
                                               cudaStream_t stream)
{
    return cux_rt_ret(to_symbol(symbol, src, count, offset, kind, stream,
                                true));
}

CUX_EXPORT cudaError_t cudaMemcpyFromSymbol(void *dst, const void *symbol,
                                            size_t count, size_t offset,
                                            enum cudaMemcpyKind kind)
{
    return cux_rt_ret(from_symbol(dst, symbol, count, offset, kind, NULL,
                                  false));
}

CUX_EXPORT cudaError_t cudaMemcpyFromSymbolAsync(void *dst,
                                                 const void *symbol,
                                                 size_t count, size_t offset,
                                                 enum cudaMemcpyKind kind,
                                                 cudaStream_t stream)
{
    return cux_rt_ret(from_symbol(dst, symbol, count, offset, kind, stream,
                                  true));
}

CUX_EXPORT cudaError_t cudaGetSymbolAddress(void **devPtr, const void *symbol)
{
    char *addr;
    if (!devPtr)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = symbol_at(symbol, 0, 0, &addr);
    if (err == cudaSuccess)
        *devPtr = addr;
    return cux_rt_ret(err);
}

CUX_EXPORT cudaError_t cudaGetSymbolSize(size_t *size, const void *symbol)
{
    cux_rt_device *dev;
    cux_rt_var *v;
    if (!size)
        return cux_rt_ret(cudaErrorInvalidValue);
    cudaError_t err = cux_rt_enter(&dev);
    if (err == cudaSuccess)
        err = cux_rt_var_resolve(symbol, dev, &v);
    if (err == cudaSuccess)
        *size = v->size;
    return cux_rt_ret(err);
}
