/* rt_managed.c: unified-memory hints (cudaMemAdvise, cudaMemPrefetchAsync)
 * and the range queries that read them back (cudaMemRangeGetAttribute,
 * cudaMemRangeGetAttributes).
 *
 * Every byte is already where both the host and every device reach it,
 * so a hint moves nothing; but CUDA documents what the queries answer
 * after each hint, so the hints are kept: a list of byte ranges, sorted
 * and disjoint, each with the advice and last prefetch location of all
 * its bytes.  A byte in no range has had no advice and no prefetch.  The
 * ranges are kept at byte granularity where CUDA keeps pages: a query
 * answers as CUDA does for a range whose pages were advised whole. */
#include "rt/rt.h"

#include <stdlib.h>
#include <string.h>

/* The devices and the host as bits of an accessed-by set. */
_Static_assert(CUX_RT_MAX_DEVICES < 31, "accessed-by bits");
#define HOST_BIT (1u << 31)

typedef struct {
    const char *lo, *hi;                /* [lo, hi) */
    bool read_mostly;
    struct cudaMemLocation preferred;   /* type None: no preference */
    uint32_t accessed_by;               /* bit d: device d; HOST_BIT */
    struct cudaMemLocation prefetched;  /* type None: never prefetched */
} hint_range;

/* A leaf lock: nothing else is taken while it is held. */
static pthread_mutex_t hints_lock = PTHREAD_MUTEX_INITIALIZER;
static hint_range *hints;
static size_t hints_len;

static bool no_hint(const hint_range *h)
{
    return !h->read_mostly && h->preferred.type == cudaMemLocationTypeNone &&
           !h->accessed_by && h->prefetched.type == cudaMemLocationTypeNone;
}

static bool same_location(struct cudaMemLocation a, struct cudaMemLocation b)
{
    return a.type == b.type && a.id == b.id;
}

static bool same_hints(const hint_range *a, const hint_range *b)
{
    return a->read_mostly == b->read_mostly &&
           same_location(a->preferred, b->preferred) &&
           a->accessed_by == b->accessed_by &&
           same_location(a->prefetched, b->prefetched);
}

typedef void (*hint_apply)(hint_range *h, const void *arg);

static void emit(hint_range *out, size_t *n, hint_range h)
{
    if (h.lo == h.hi || no_hint(&h))
        return; /* a byte without hints needs no range */
    if (*n && out[*n - 1].hi == h.lo && same_hints(&out[*n - 1], &h)) {
        out[*n - 1].hi = h.hi;
        return;
    }
    out[(*n)++] = h;
}

/* Applies `apply` to every byte of [lo, hi): ranges that straddle an end
 * are split there, bytes without a range get a fresh one, and ranges
 * left with no hint are dropped.  Caller holds hints_lock. */
static void paint(const char *lo, const char *hi, hint_apply apply,
                  const void *arg)
{
    /* Each old range gives at most three pieces; the gaps between them
     * inside [lo, hi), at most one more each and one at the end. */
    hint_range *out = cux_xcalloc(2 * hints_len + 3, sizeof(*out));
    size_t n = 0;
    const char *at = lo; /* the first byte of [lo, hi) not yet painted */
    for (size_t i = 0; i < hints_len; i++) {
        hint_range h = hints[i], piece;
        if (h.hi <= lo || h.lo >= hi) {
            if (h.lo >= hi && at < hi) {
                piece = (hint_range){.lo = at, .hi = hi};
                apply(&piece, arg);
                emit(out, &n, piece);
                at = hi;
            }
            emit(out, &n, h);
            continue;
        }
        if (h.lo < lo) {
            piece = h;
            piece.hi = lo;
            emit(out, &n, piece);
        }
        const char *start = h.lo > lo ? h.lo : lo;
        if (at < start) {
            piece = (hint_range){.lo = at, .hi = start};
            apply(&piece, arg);
            emit(out, &n, piece);
        }
        piece = h;
        piece.lo = start;
        piece.hi = h.hi < hi ? h.hi : hi;
        apply(&piece, arg);
        emit(out, &n, piece);
        at = piece.hi;
        if (h.hi > hi) {
            piece = h;
            piece.lo = hi;
            emit(out, &n, piece);
        }
    }
    if (at < hi) {
        hint_range piece = {.lo = at, .hi = hi};
        apply(&piece, arg);
        emit(out, &n, piece);
    }
    free(hints);
    hints = out;
    hints_len = n;
}

static void clear_all(hint_range *h, const void *arg)
{
    (void)arg;
    *h = (hint_range){.lo = h->lo, .hi = h->hi};
}

void cux_rt_hints_forget(const void *base, size_t size)
{
    pthread_mutex_lock(&hints_lock);
    if (hints_len)
        paint(base, (const char *)base + size, clear_all, NULL);
    pthread_mutex_unlock(&hints_lock);
}

/* What one advice does to a range. */
typedef struct {
    enum cudaMemoryAdvise advice;
    struct cudaMemLocation location;
} advice_arg;

static uint32_t location_bit(struct cudaMemLocation l)
{
    return l.type == cudaMemLocationTypeDevice ? 1u << l.id : HOST_BIT;
}

static void apply_advice(hint_range *h, const void *arg)
{
    const advice_arg *a = arg;
    switch (a->advice) {
    case cudaMemAdviseSetReadMostly: h->read_mostly = true; break;
    case cudaMemAdviseUnsetReadMostly: h->read_mostly = false; break;
    case cudaMemAdviseSetPreferredLocation:
        h->preferred = a->location;
        break;
    case cudaMemAdviseUnsetPreferredLocation:
        h->preferred = (struct cudaMemLocation){cudaMemLocationTypeNone, 0};
        break;
    case cudaMemAdviseSetAccessedBy:
        h->accessed_by |= location_bit(a->location);
        break;
    case cudaMemAdviseUnsetAccessedBy:
        h->accessed_by &= ~location_bit(a->location);
        break;
    }
}

static void apply_prefetch(hint_range *h, const void *arg)
{
    h->prefetched = *(const struct cudaMemLocation *)arg;
}

/* CUDA 13's form (CUDA 12.2's _v2) names a location; a device ordinal, or
 * cudaCpuDeviceId for the host, is the older spelling of one. */
static cudaError_t check_location(struct cudaMemLocation location)
{
    switch (location.type) {
    case cudaMemLocationTypeDevice:
        return cux_rt_device_at(location.id) ? cudaSuccess
                                             : cudaErrorInvalidDevice;
    case cudaMemLocationTypeHost: case cudaMemLocationTypeHostNuma:
    case cudaMemLocationTypeHostNumaCurrent:
        return cudaSuccess;
    default:
        return cudaErrorInvalidValue;
    }
}

static struct cudaMemLocation location_of(int device)
{
    struct cudaMemLocation l = {cudaMemLocationTypeDevice, device};
    if (device == cudaCpuDeviceId)
        l = (struct cudaMemLocation){cudaMemLocationTypeHost, 0};
    return l;
}

/* [devPtr, devPtr + count) as a byte range; false for NULL, an empty
 * range or one that wraps around. */
static bool byte_range(const void *devPtr, size_t count, const char **lo,
                       const char **hi)
{
    uintptr_t p = (uintptr_t)devPtr;
    if (!devPtr || count == 0 || p + count < p)
        return false;
    *lo = devPtr;
    *hi = *lo + count;
    return true;
}

CUX_EXPORT cudaError_t cudaMemPrefetchAsync_v2(const void *devPtr,
                                               size_t count,
                                               struct cudaMemLocation location,
                                               unsigned int flags,
                                               cudaStream_t stream)
{
    struct CUstream_st *s;
    const char *lo, *hi;
    cudaError_t err = cux_rt_enter_stream(stream, &s);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    cux_rt_stream_release(s);
    if (!byte_range(devPtr, count, &lo, &hi) || flags != 0)
        return cux_rt_ret(cudaErrorInvalidValue);
    if ((err = check_location(location)) != cudaSuccess)
        return cux_rt_ret(err);
    /* Nothing moves, but "the last location that the application
     * requested to prefetch the memory range to" is what
     * cudaMemRangeAttributeLastPrefetchLocation reads back. */
    pthread_mutex_lock(&hints_lock);
    paint(lo, hi, apply_prefetch, &location);
    pthread_mutex_unlock(&hints_lock);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaMemAdvise_v2(const void *devPtr, size_t count,
                                        enum cudaMemoryAdvise advice,
                                        struct cudaMemLocation location)
{
    const char *lo, *hi;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!byte_range(devPtr, count, &lo, &hi) ||
        advice < cudaMemAdviseSetReadMostly ||
        advice > cudaMemAdviseUnsetAccessedBy)
        return cux_rt_ret(cudaErrorInvalidValue);
    if ((err = check_location(location)) != cudaSuccess)
        return cux_rt_ret(err);
    advice_arg a = {advice, location};
    pthread_mutex_lock(&hints_lock);
    paint(lo, hi, apply_advice, &a);
    pthread_mutex_unlock(&hints_lock);
    return cudaSuccess;
}

CUX_EXPORT_CUDA12 cudaError_t cudaMemPrefetchAsync(const void *devPtr,
                                                   size_t count,
                                                   int dstDevice,
                                                   cudaStream_t stream)
{
    return cudaMemPrefetchAsync_v2(devPtr, count, location_of(dstDevice), 0,
                                   stream);
}

CUX_EXPORT_CUDA12 cudaError_t cudaMemAdvise(const void *devPtr,
                                            size_t count,
                                            enum cudaMemoryAdvise advice,
                                            int device)
{
    return cudaMemAdvise_v2(devPtr, count, advice, location_of(device));
}

/* Range queries ----------------------------------------------------------
 * What every byte of [lo, hi) shares: a byte without a range has no
 * advice, so a gap makes read duplication 0, the accessed-by set empty
 * and the locations "not all the same". */
typedef struct {
    bool read_mostly;
    struct cudaMemLocation preferred, prefetched; /* type None: differ */
    uint32_t accessed_by;
} range_hints;

static range_hints range_query(const char *lo, const char *hi)
{
    range_hints r = {true, {cudaMemLocationTypeNone, 0},
                     {cudaMemLocationTypeNone, 0}, ~0u};
    bool first = true, gap = false;
    const char *at = lo;
    pthread_mutex_lock(&hints_lock);
    for (size_t i = 0; i < hints_len && at < hi; i++) {
        const hint_range *h = &hints[i];
        if (h->hi <= at)
            continue;
        if (h->lo > at) {
            gap = true;
            break;
        }
        r.read_mostly = r.read_mostly && h->read_mostly;
        r.accessed_by &= h->accessed_by;
        if (first) {
            r.preferred = h->preferred;
            r.prefetched = h->prefetched;
            first = false;
        } else {
            if (!same_location(r.preferred, h->preferred))
                r.preferred.type = cudaMemLocationTypeNone;
            if (!same_location(r.prefetched, h->prefetched))
                r.prefetched.type = cudaMemLocationTypeNone;
        }
        at = h->hi;
    }
    pthread_mutex_unlock(&hints_lock);
    if (gap || at < hi)
        r = (range_hints){0};
    return r;
}

/* A location as the int the range attributes report: a device ordinal,
 * cudaCpuDeviceId for the host, cudaInvalidDeviceId for none. */
static int location_int(struct cudaMemLocation l)
{
    switch (l.type) {
    case cudaMemLocationTypeDevice:
        return l.id;
    case cudaMemLocationTypeNone:
        return cudaInvalidDeviceId;
    default:
        return cudaCpuDeviceId;
    }
}

/* Writes one attribute of r to data, with CUDA's checks of its size:
 * 4 bytes for the 32-bit ones, a non-zero multiple of 4 for the
 * accessed-by list ("If this attribute is specified, data will be
 * interpreted as an array of 32-bit integers, and dataSize must be a
 * non-zero multiple of 4"), which lists the devices and ends, as far as
 * it goes, with cudaInvalidDeviceId. */
static cudaError_t range_attribute(const range_hints *r, void *data,
                                   size_t dataSize,
                                   enum cudaMemRangeAttribute attribute)
{
    int value;
    if (!data)
        return cudaErrorInvalidValue;
    switch (attribute) {
    case cudaMemRangeAttributeReadMostly:
        value = r->read_mostly;
        break;
    case cudaMemRangeAttributePreferredLocation:
        value = location_int(r->preferred);
        break;
    case cudaMemRangeAttributeLastPrefetchLocation:
        value = location_int(r->prefetched);
        break;
    case cudaMemRangeAttributeAccessedBy: {
        if (dataSize == 0 || dataSize % 4)
            return cudaErrorInvalidValue;
        int *out = data;
        size_t n = dataSize / 4, k = 0;
        for (int d = 0; d < CUX_RT_MAX_DEVICES && k < n; d++)
            if (r->accessed_by & (1u << d))
                out[k++] = d;
        if ((r->accessed_by & HOST_BIT) && k < n)
            out[k++] = cudaCpuDeviceId;
        while (k < n)
            out[k++] = cudaInvalidDeviceId;
        return cudaSuccess;
    }
    default:
        return cudaErrorInvalidValue;
    }
    if (dataSize != 4)
        return cudaErrorInvalidValue;
    memcpy(data, &value, 4);
    return cudaSuccess;
}

CUX_EXPORT cudaError_t cudaMemRangeGetAttribute(
    void *data, size_t dataSize, enum cudaMemRangeAttribute attribute,
    const void *devPtr, size_t count)
{
    return cudaMemRangeGetAttributes(&data, &dataSize, &attribute, 1, devPtr,
                                     count);
}

/* All the attributes from one look at the hints, so they agree with each
 * other even while another thread advises. */
CUX_EXPORT cudaError_t cudaMemRangeGetAttributes(
    void **data, size_t *dataSizes, enum cudaMemRangeAttribute *attributes,
    size_t numAttributes, const void *devPtr, size_t count)
{
    const char *lo, *hi;
    cudaError_t err = cux_rt_enter(NULL);
    if (err != cudaSuccess)
        return cux_rt_ret(err);
    if (!data || !dataSizes || !attributes || numAttributes == 0 ||
        !byte_range(devPtr, count, &lo, &hi))
        return cux_rt_ret(cudaErrorInvalidValue);
    range_hints r = range_query(lo, hi);
    for (size_t i = 0; i < numAttributes && err == cudaSuccess; i++)
        err = range_attribute(&r, data[i], dataSizes[i], attributes[i]);
    return cux_rt_ret(err);
}
