/* memory.c: allocation calls, copies of every kind and shape, fills,
 * pointer attributes, host registration, and the codes CUDA returns for
 * bad pointers, kinds and sizes. */
#include "rt_test.h"

#include <stdlib.h>

static void allocation(void)
{
    int *d = NULL, *h = NULL, *m = NULL;
    OK(cudaMalloc((void **)&d, 1024));
    CHECK(d != NULL);
    OK(cudaFree(d));
    EXPECT(cudaFree(d), cudaErrorInvalidValue); /* double free */
    OK(cudaFree(NULL));
    int local;
    EXPECT(cudaFree(&local), cudaErrorInvalidValue); /* foreign pointer */
    OK(cudaMalloc((void **)&d, 1024));
    EXPECT(cudaFree(d + 1), cudaErrorInvalidValue); /* inside, not base */
    EXPECT(cudaFreeHost(d), cudaErrorInvalidValue);
    OK(cudaMallocHost((void **)&h, 1024));
    EXPECT(cudaFree(h), cudaErrorInvalidValue);
    OK(cudaFreeHost(h));
    OK(cudaHostAlloc((void **)&h, 64, cudaHostAllocMapped));
    unsigned flags = 0;
    OK(cudaHostGetFlags(&flags, h));
    CHECK(flags == cudaHostAllocMapped);
    void *dp = NULL;
    OK(cudaHostGetDevicePointer(&dp, h, 0));
    CHECK(dp == h);
    OK(cudaFreeHost(h));
    EXPECT(cudaHostAlloc((void **)&h, 64, 0x100), cudaErrorInvalidValue);
    EXPECT(cudaMallocManaged((void **)&m, 0, cudaMemAttachGlobal),
           cudaErrorInvalidValue);
    OK(cudaMallocManaged((void **)&m, 256, cudaMemAttachGlobal));
    m[3] = 7; /* managed memory is reachable from the host */
    OK(cudaMemPrefetchAsync(m, 256, 0, 0));
    OK(cudaMemAdvise(m, 256, cudaMemAdviseSetReadMostly, 0));
    OK(cudaFree(m));
    void *z = (void *)1;
    OK(cudaMalloc(&z, 0));
    CHECK(z == NULL);
    OK(cudaFree(d));

    size_t pitch = 0;
    OK(cudaMallocPitch((void **)&d, &pitch, 100, 10));
    CHECK(pitch >= 100 && pitch % 256 == 0);
    OK(cudaFree(d));
    struct cudaPitchedPtr pp;
    struct cudaExtent ext = {40, 3, 2};
    OK(cudaMalloc3D(&pp, ext));
    CHECK(pp.pitch >= 40 && pp.xsize == 40 && pp.ysize == 3);
    OK(cudaFree(pp.ptr));

    cudaStream_t s;
    OK(cudaStreamCreate(&s));
    OK(cudaMallocAsync((void **)&d, 128, s));
    OK(cudaMemsetAsync(d, 0, 128, s));
    OK(cudaFreeAsync(d, s));
    EXPECT(cudaFreeAsync(&local, s), cudaErrorInvalidValue);
    /* The pool caches the block, but the pointer is freed: a second
     * free of it, by either call, is refused, and it is no longer
     * device memory to cudaPointerGetAttributes. */
    EXPECT(cudaFreeAsync(d, s), cudaErrorInvalidValue);
    EXPECT(cudaFree(d), cudaErrorInvalidValue);
    struct cudaPointerAttributes pa;
    OK(cudaPointerGetAttributes(&pa, d));
    CHECK(pa.type == cudaMemoryTypeUnregistered);
    OK(cudaStreamSynchronize(s));
    OK(cudaStreamDestroy(s));
}

static void copies(void)
{
    int host[64], back[64];
    int *d, *d2;
    for (int i = 0; i < 64; i++)
        host[i] = i * 3;
    OK(cudaMalloc((void **)&d, sizeof host));
    OK(cudaMalloc((void **)&d2, sizeof host));
    OK(cudaMemcpy(d, host, sizeof host, cudaMemcpyHostToDevice));
    OK(cudaMemcpy(d2, d, sizeof host, cudaMemcpyDeviceToDevice));
    memset(back, 0, sizeof back);
    OK(cudaMemcpy(back, d2, sizeof back, cudaMemcpyDeviceToHost));
    CHECK(!memcmp(host, back, sizeof host));
    memset(back, 0, sizeof back);
    OK(cudaMemcpy(back, d2, sizeof back, cudaMemcpyDefault));
    CHECK(!memcmp(host, back, sizeof host));
    OK(cudaMemcpy(back, host, sizeof back, cudaMemcpyHostToHost));
    EXPECT(cudaMemcpy(d, host, 4, (enum cudaMemcpyKind)7),
           cudaErrorInvalidMemcpyDirection);
    EXPECT(cudaMemcpy(NULL, host, 4, cudaMemcpyHostToDevice),
           cudaErrorInvalidValue);
    EXPECT(cudaMemcpy(d, NULL, 4, cudaMemcpyHostToDevice),
           cudaErrorInvalidValue);
    OK(cudaMemcpy(NULL, NULL, 0, cudaMemcpyHostToDevice));

    OK(cudaMemset(d, 0xff, sizeof host));
    OK(cudaMemcpy(back, d, sizeof back, cudaMemcpyDeviceToHost));
    CHECK(back[0] == -1 && back[63] == -1);

    /* 2D: 4 rows of 3 ints out of rows of 8 ints. */
    OK(cudaMemset(d, 0, sizeof host));
    OK(cudaMemcpy2D(d, 3 * sizeof(int), host, 8 * sizeof(int),
                    3 * sizeof(int), 4, cudaMemcpyHostToDevice));
    OK(cudaMemcpy(back, d, 12 * sizeof(int), cudaMemcpyDeviceToHost));
    CHECK(back[0] == 0 && back[3] == host[8] && back[11] == host[26]);
    EXPECT(cudaMemcpy2D(d, 4, host, 16, 8, 2, cudaMemcpyHostToDevice),
           cudaErrorInvalidPitchValue);
    OK(cudaMemset2D(d, 16, 1, 8, 2));

    /* 3D: a 2x2x2 box of bytes. */
    unsigned char src[4 * 4 * 4], dst[2 * 2 * 2];
    for (int i = 0; i < 64; i++)
        src[i] = (unsigned char)i;
    struct cudaMemcpy3DParms p;
    memset(&p, 0, sizeof p);
    p.srcPtr = (struct cudaPitchedPtr){src, 4, 4, 4};
    p.srcPos = (struct cudaPos){1, 1, 1};
    p.dstPtr = (struct cudaPitchedPtr){dst, 2, 2, 2};
    p.extent = (struct cudaExtent){2, 2, 2};
    p.kind = cudaMemcpyHostToHost;
    OK(cudaMemcpy3D(&p));
    CHECK(dst[0] == 21 && dst[1] == 22 && dst[2] == 25 && dst[7] == 42);

    cudaStream_t s;
    int *pinned;
    OK(cudaStreamCreate(&s));
    OK(cudaMallocHost((void **)&pinned, sizeof host));
    OK(cudaMemcpyAsync(d, host, sizeof host, cudaMemcpyHostToDevice, s));
    OK(cudaMemcpyAsync(pinned, d, sizeof host, cudaMemcpyDeviceToHost, s));
    OK(cudaStreamSynchronize(s));
    CHECK(!memcmp(pinned, host, sizeof host));
    OK(cudaMemcpy2DAsync(d, 8, host, 8, 8, 2, cudaMemcpyHostToDevice, s));
    EXPECT(cudaMemcpyAsync(d, host, 4, cudaMemcpyHostToDevice,
                           (cudaStream_t)pinned),
           cudaErrorInvalidResourceHandle);
    OK(cudaStreamSynchronize(s));
    OK(cudaStreamDestroy(s));
    OK(cudaFreeHost(pinned));
    OK(cudaFree(d));
    OK(cudaFree(d2));
}

static void attributes(void)
{
    struct cudaPointerAttributes a;
    char *d, *h, *m;
    OK(cudaMalloc((void **)&d, 100));
    OK(cudaMallocHost((void **)&h, 100));
    OK(cudaMallocManaged((void **)&m, 100, cudaMemAttachGlobal));
    OK(cudaPointerGetAttributes(&a, d + 50));
    CHECK(a.type == cudaMemoryTypeDevice && a.device == 0);
    CHECK(a.devicePointer == d + 50 && a.hostPointer == NULL);
    OK(cudaPointerGetAttributes(&a, h));
    CHECK(a.type == cudaMemoryTypeHost && a.hostPointer == h);
    OK(cudaPointerGetAttributes(&a, m + 99));
    CHECK(a.type == cudaMemoryTypeManaged && a.devicePointer == m + 99);
    int local;
    OK(cudaPointerGetAttributes(&a, &local));
    CHECK(a.type == cudaMemoryTypeUnregistered && a.devicePointer == NULL);
    EXPECT(cudaPointerGetAttributes(NULL, d), cudaErrorInvalidValue);
    OK(cudaPointerGetAttributes(&a, d + 100)); /* one past the end */
    CHECK(a.type == cudaMemoryTypeUnregistered);

    char *buf = malloc(4096);
    OK(cudaHostRegister(buf, 4096, cudaHostRegisterDefault));
    EXPECT(cudaHostRegister(buf + 100, 10, 0),
           cudaErrorHostMemoryAlreadyRegistered);
    OK(cudaPointerGetAttributes(&a, buf + 10));
    CHECK(a.type == cudaMemoryTypeHost && a.hostPointer == buf + 10);
    void *dp;
    OK(cudaHostGetDevicePointer(&dp, buf, 0));
    CHECK(dp == buf);
    OK(cudaHostUnregister(buf));
    EXPECT(cudaHostUnregister(buf), cudaErrorHostMemoryNotRegistered);
    EXPECT(cudaHostGetDevicePointer(&dp, buf, 0), cudaErrorInvalidValue);
    EXPECT(cudaHostRegister(NULL, 10, 0), cudaErrorInvalidValue);
    free(buf);
    OK(cudaFree(d));
    OK(cudaFreeHost(h));
    OK(cudaFree(m));
}

int main(void)
{
    allocation();
    copies();
    attributes();
    cudaGetLastError();
    return finish("memory");
}
