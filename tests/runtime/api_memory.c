/* api_memory.c: memory calls no other test makes: the range attributes of
 * managed memory (cudaMemRangeGetAttribute, cudaMemRangeGetAttributes)
 * after advice and prefetches over parts of a range, and the stream-
 * ordered 3D copy and 2D/3D fills (cudaMemcpy3DAsync, cudaMemset2DAsync,
 * cudaMemset3D, cudaMemset3DAsync), with the bad arguments of each. */
#include "rt_test.h"

enum { PAGE = 4096, PAGES = 4 };

static int one_int(enum cudaMemRangeAttribute attr, const void *p,
                   size_t count)
{
    int v = 12345;
    OK(cudaMemRangeGetAttribute(&v, sizeof v, attr, p, count));
    return v;
}

/* The accessed-by list of [p, p + count) in out[0..3]. */
static void accessed_by(const void *p, size_t count, int out[4])
{
    OK(cudaMemRangeGetAttribute(out, 4 * sizeof(int),
                                cudaMemRangeAttributeAccessedBy, p, count));
}

static void range_attributes(void)
{
    char *m;
    int list[4];
    const size_t all = PAGE * PAGES;
    OK(cudaMallocManaged((void **)&m, all, cudaMemAttachGlobal));

    /* no advice, no prefetch */
    CHECK(one_int(cudaMemRangeAttributeReadMostly, m, all) == 0);
    CHECK(one_int(cudaMemRangeAttributePreferredLocation, m, all) ==
          cudaInvalidDeviceId);
    CHECK(one_int(cudaMemRangeAttributeLastPrefetchLocation, m, all) ==
          cudaInvalidDeviceId);
    accessed_by(m, all, list);
    CHECK(list[0] == cudaInvalidDeviceId && list[3] == cudaInvalidDeviceId);

    /* read duplication on the first two pages: 1 only where all of the
     * range has it */
    OK(cudaMemAdvise(m, 2 * PAGE, cudaMemAdviseSetReadMostly, 0));
    CHECK(one_int(cudaMemRangeAttributeReadMostly, m, 2 * PAGE) == 1);
    CHECK(one_int(cudaMemRangeAttributeReadMostly, m + PAGE, PAGE) == 1);
    CHECK(one_int(cudaMemRangeAttributeReadMostly, m, all) == 0);
    CHECK(one_int(cudaMemRangeAttributeReadMostly, m + PAGE, 2 * PAGE) == 0);

    /* the host preferred everywhere, then device 0 for page 2 */
    OK(cudaMemAdvise(m, all, cudaMemAdviseSetPreferredLocation,
                     cudaCpuDeviceId));
    CHECK(one_int(cudaMemRangeAttributePreferredLocation, m, all) ==
          cudaCpuDeviceId);
    OK(cudaMemAdvise(m + 2 * PAGE, PAGE, cudaMemAdviseSetPreferredLocation,
                     0));
    CHECK(one_int(cudaMemRangeAttributePreferredLocation, m + 2 * PAGE,
                  PAGE) == 0);
    CHECK(one_int(cudaMemRangeAttributePreferredLocation, m, all) ==
          cudaInvalidDeviceId);
    CHECK(one_int(cudaMemRangeAttributePreferredLocation, m, 2 * PAGE) ==
          cudaCpuDeviceId);
    OK(cudaMemAdvise(m, all, cudaMemAdviseUnsetPreferredLocation, 0));
    CHECK(one_int(cudaMemRangeAttributePreferredLocation, m + 2 * PAGE,
                  PAGE) == cudaInvalidDeviceId);
    /* read duplication was left as it was */
    CHECK(one_int(cudaMemRangeAttributeReadMostly, m, 2 * PAGE) == 1);

    /* accessed by device 0 everywhere, by the host on the first page */
    OK(cudaMemAdvise(m, all, cudaMemAdviseSetAccessedBy, 0));
    OK(cudaMemAdvise(m, PAGE, cudaMemAdviseSetAccessedBy, cudaCpuDeviceId));
    accessed_by(m, all, list);
    CHECK(list[0] == 0 && list[1] == cudaInvalidDeviceId &&
          list[3] == cudaInvalidDeviceId);
    accessed_by(m, PAGE, list);
    CHECK(list[0] == 0 && list[1] == cudaCpuDeviceId &&
          list[2] == cudaInvalidDeviceId);
    int just_one = 99; /* room for one entry: the list is cut there */
    OK(cudaMemRangeGetAttribute(&just_one, sizeof just_one,
                                cudaMemRangeAttributeAccessedBy, m, PAGE));
    CHECK(just_one == 0);
    OK(cudaMemAdvise(m, all, cudaMemAdviseUnsetAccessedBy, 0));
    accessed_by(m, PAGE, list);
    CHECK(list[0] == cudaCpuDeviceId && list[1] == cudaInvalidDeviceId);

    /* the last location asked for, where all of the range went there */
    OK(cudaMemPrefetchAsync(m, all, 0, 0));
    OK(cudaStreamSynchronize(0));
    CHECK(one_int(cudaMemRangeAttributeLastPrefetchLocation, m, all) == 0);
    OK(cudaMemPrefetchAsync(m + PAGE, PAGE, cudaCpuDeviceId, 0));
    CHECK(one_int(cudaMemRangeAttributeLastPrefetchLocation, m + PAGE,
                  PAGE) == cudaCpuDeviceId);
    CHECK(one_int(cudaMemRangeAttributeLastPrefetchLocation, m, all) ==
          cudaInvalidDeviceId);
    struct cudaMemLocation host = {cudaMemLocationTypeHost, 0};
    OK(cudaMemPrefetchAsync_v2(m, all, host, 0, 0));
    CHECK(one_int(cudaMemRangeAttributeLastPrefetchLocation, m, all) ==
          cudaCpuDeviceId);

    /* all four at once */
    int rm = -7, pref = -7, acc[2] = {-7, -7}, last = -7;
    void *data[] = {&rm, &pref, acc, &last};
    size_t sizes[] = {4, 4, sizeof acc, 4};
    enum cudaMemRangeAttribute attrs[] = {
        cudaMemRangeAttributeReadMostly,
        cudaMemRangeAttributePreferredLocation,
        cudaMemRangeAttributeAccessedBy,
        cudaMemRangeAttributeLastPrefetchLocation};
    OK(cudaMemRangeGetAttributes(data, sizes, attrs, 4, m, PAGE));
    CHECK(rm == 1 && pref == cudaInvalidDeviceId &&
          acc[0] == cudaCpuDeviceId && acc[1] == cudaInvalidDeviceId &&
          last == cudaCpuDeviceId);
    OK(cudaMemAdvise(m, all, cudaMemAdviseUnsetReadMostly, 0));
    CHECK(one_int(cudaMemRangeAttributeReadMostly, m, PAGE) == 0);

    /* bad arguments */
    int v;
    EXPECT(cudaMemRangeGetAttribute(&v, 8, cudaMemRangeAttributeReadMostly,
                                    m, PAGE),
           cudaErrorInvalidValue);
    EXPECT(cudaMemRangeGetAttribute(&v, 6, cudaMemRangeAttributeAccessedBy,
                                    m, PAGE),
           cudaErrorInvalidValue);
    EXPECT(cudaMemRangeGetAttribute(&v, 0, cudaMemRangeAttributeAccessedBy,
                                    m, PAGE),
           cudaErrorInvalidValue);
    EXPECT(cudaMemRangeGetAttribute(NULL, 4, cudaMemRangeAttributeReadMostly,
                                    m, PAGE),
           cudaErrorInvalidValue);
    EXPECT(cudaMemRangeGetAttribute(&v, 4, (enum cudaMemRangeAttribute)99,
                                    m, PAGE),
           cudaErrorInvalidValue);
    EXPECT(cudaMemRangeGetAttribute(&v, 4, cudaMemRangeAttributeReadMostly,
                                    NULL, PAGE),
           cudaErrorInvalidValue);
    EXPECT(cudaMemRangeGetAttribute(&v, 4, cudaMemRangeAttributeReadMostly,
                                    m, 0),
           cudaErrorInvalidValue);
    EXPECT(cudaMemRangeGetAttributes(data, sizes, attrs, 0, m, PAGE),
           cudaErrorInvalidValue);
    EXPECT(cudaMemRangeGetAttributes(NULL, sizes, attrs, 4, m, PAGE),
           cudaErrorInvalidValue);
    EXPECT(cudaMemRangeGetAttributes(data, NULL, attrs, 4, m, PAGE),
           cudaErrorInvalidValue);
    EXPECT(cudaMemRangeGetAttributes(data, sizes, NULL, 4, m, PAGE),
           cudaErrorInvalidValue);
    EXPECT(cudaMemAdvise(m, PAGE, (enum cudaMemoryAdvise)99, 0),
           cudaErrorInvalidValue);
    EXPECT(cudaMemAdvise(m, PAGE, cudaMemAdviseSetPreferredLocation, 7),
           cudaErrorInvalidDevice);

    /* freed memory takes its advice with it */
    OK(cudaFree(m));
    OK(cudaMallocManaged((void **)&m, all, cudaMemAttachGlobal));
    CHECK(one_int(cudaMemRangeAttributeReadMostly, m, all) == 0);
    CHECK(one_int(cudaMemRangeAttributeLastPrefetchLocation, m, all) ==
          cudaInvalidDeviceId);
    accessed_by(m, all, list);
    CHECK(list[0] == cudaInvalidDeviceId);
    OK(cudaFree(m));
    cudaGetLastError();
}

enum { W = 20, H = 4, D = 3 }; /* bytes, rows, slices */

/* Fills and a copy queued behind a gate: nothing has happened while it is
 * closed, and all of it in order once it opens. */
static void async_fills(void)
{
    struct cudaExtent e = {W, H, D};
    struct cudaPitchedPtr p;
    OK(cudaMalloc3D(&p, e));
    OK(cudaMemset3D(p, 0x11, e));
    unsigned char *back;
    OK(cudaMallocHost((void **)&back, W * H * D));
    memset(back, 0, W * H * D);
    cudaStream_t s;
    OK(cudaStreamCreate(&s));
    gate_close();
    OK(cudaLaunchHostFunc(s, gate_wait, NULL));
    /* a box 6 by 2 by 2 at the start, then 4 by 3 rows of slice 2 */
    OK(cudaMemset3DAsync(p, 0x22, (struct cudaExtent){6, 2, 2}, s));
    char *slice2 = (char *)p.ptr + 2 * p.pitch * H;
    OK(cudaMemset2DAsync(slice2 + 10, p.pitch, 0x33, 4, 3, s));
    struct cudaMemcpy3DParms down = {0};
    down.srcPtr = p;
    down.dstPtr = (struct cudaPitchedPtr){back, W, W, H};
    down.extent = e;
    down.kind = cudaMemcpyDeviceToHost;
    OK(cudaMemcpy3DAsync(&down, s));
    EXPECT(cudaStreamQuery(s), cudaErrorNotReady);
    CHECK(back[0] == 0); /* still queued */
    gate_open();
    OK(cudaStreamSynchronize(s));
    for (int z = 0; z < D; z++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                int want = 0x11;
                if (z < 2 && y < 2 && x < 6)
                    want = 0x22;
                if (z == 2 && y < 3 && x >= 10 && x < 14)
                    want = 0x33;
                CHECK(back[(z * H + y) * W + x] == want);
            }

    /* a 3D copy on a stream into a CUDA-style offset box, device to
     * device, then read back synchronously */
    struct cudaPitchedPtr q;
    OK(cudaMalloc3D(&q, e));
    OK(cudaMemset3D(q, 0, e));
    struct cudaMemcpy3DParms dd = {0};
    dd.srcPtr = p;
    dd.srcPos = (struct cudaPos){0, 0, 0};
    dd.dstPtr = q;
    dd.dstPos = (struct cudaPos){1, 1, 1};
    dd.extent = (struct cudaExtent){6, 2, 2};
    dd.kind = cudaMemcpyDeviceToDevice;
    OK(cudaMemcpy3DAsync(&dd, s));
    OK(cudaStreamSynchronize(s));
    down.srcPtr = q;
    OK(cudaMemcpy3D(&down));
    CHECK(back[(1 * H + 1) * W + 1] == 0x22 && back[(2 * H + 2) * W + 6] ==
                                                   0x22);
    CHECK(back[0] == 0 && back[(1 * H + 1) * W + 7] == 0);

    /* bad arguments */
    EXPECT(cudaMemcpy3DAsync(NULL, s), cudaErrorInvalidValue);
    dd.kind = (enum cudaMemcpyKind)9;
    EXPECT(cudaMemcpy3DAsync(&dd, s), cudaErrorInvalidMemcpyDirection);
    EXPECT(cudaMemset2DAsync(p.ptr, 4, 0, 8, 2, s),
           cudaErrorInvalidPitchValue);
    EXPECT(cudaMemset2DAsync(NULL, p.pitch, 0, 8, 2, s),
           cudaErrorInvalidValue);
    struct cudaPitchedPtr none = {NULL, p.pitch, W, H};
    EXPECT(cudaMemset3D(none, 0, e), cudaErrorInvalidValue);
    EXPECT(cudaMemset3DAsync(none, 0, e, s), cudaErrorInvalidValue);
    /* nothing to do: an empty box is fine whatever the pointer */
    OK(cudaMemset3D(none, 0, (struct cudaExtent){0, H, D}));
    OK(cudaMemset2DAsync(NULL, p.pitch, 0, 0, 2, s));
    OK(cudaStreamDestroy(s));
    OK(cudaFree(p.ptr));
    OK(cudaFree(q.ptr));
    OK(cudaFreeHost(back));
    cudaGetLastError();
}

int main(void)
{
    range_attributes();
    async_fills();
    return finish("api_memory");
}
