/* api_devices.c: device, stream, event and kernel calls no other test
 * makes, on two devices (CUX_CPU_DEVICES=2, set before the first call):
 * cudaDeviceGetP2PAttribute, cudaMemcpy3DPeer(Async), cudaInitDevice,
 * cudaSetValidDevices, the cudaIpc* calls (not supported: CUDA's
 * argument errors, then cudaErrorNotSupported), cudaStreamGetId,
 * cudaEventRecordWithFlags, cudaGetFuncBySymbol, cudaSetDoubleForDevice
 * and ForHost, the occupancy calls with flags and
 * cudaFuncSetSharedMemConfig, with the bad arguments of each. */
#include "rt_test.h"

#include <pthread.h>
#include <stdlib.h>

static void p2p_attributes(void)
{
    int v = -1, can = -1;
    OK(cudaDeviceCanAccessPeer(&can, 0, 1));
    OK(cudaDeviceGetP2PAttribute(&v, cudaDevP2PAttrAccessSupported, 0, 1));
    CHECK(v == 1 && v == can);
    OK(cudaDeviceGetP2PAttribute(&v, cudaDevP2PAttrAccessSupported, 1, 0));
    CHECK(v == 1);
    OK(cudaDeviceGetP2PAttribute(&v, cudaDevP2PAttrNativeAtomicSupported, 0,
                                 1));
    CHECK(v == 1);
    OK(cudaDeviceGetP2PAttribute(&v, cudaDevP2PAttrCudaArrayAccessSupported,
                                 0, 1));
    CHECK(v == 1);
    v = -1;
    OK(cudaDeviceGetP2PAttribute(&v, cudaDevP2PAttrPerformanceRank, 0, 1));
    CHECK(v == 0);
    v = -1;
    OK(cudaDeviceGetP2PAttribute(
        &v, cudaDevP2PAttrOnlyPartialNativeAtomicSupported, 0, 1));
    CHECK(v == 0);
    /* the same device, or one that is not there */
    EXPECT(cudaDeviceGetP2PAttribute(&v, cudaDevP2PAttrAccessSupported, 1, 1),
           cudaErrorInvalidDevice);
    EXPECT(cudaDeviceGetP2PAttribute(&v, cudaDevP2PAttrAccessSupported, 0, 2),
           cudaErrorInvalidDevice);
    EXPECT(cudaDeviceGetP2PAttribute(&v, cudaDevP2PAttrAccessSupported, -1,
                                     0),
           cudaErrorInvalidDevice);
    EXPECT(cudaDeviceGetP2PAttribute(NULL, cudaDevP2PAttrAccessSupported, 0,
                                     1),
           cudaErrorInvalidValue);
    EXPECT(cudaDeviceGetP2PAttribute(&v, (enum cudaDeviceP2PAttr)99, 0, 1),
           cudaErrorInvalidValue);
}

enum { W = 24, H = 4, D = 3 }; /* bytes, rows, slices */

/* A 3D copy from device 0's pitched memory to device 1's, whole and then
 * a box at an offset on a stream, read back through the host. */
static void peer_3d(void)
{
    struct cudaExtent e = {W, H, D};
    struct cudaPitchedPtr a, b;
    OK(cudaSetDevice(0));
    OK(cudaMalloc3D(&a, e));
    OK(cudaSetDevice(1));
    OK(cudaMalloc3D(&b, e));
    OK(cudaMemset3D(b, 0, e));
    OK(cudaSetDevice(0));
    unsigned char host[D][H][W], back[D][H][W];
    for (int z = 0; z < D; z++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                host[z][y][x] = (unsigned char)(z * 64 + y * 16 + x);
    struct cudaMemcpy3DParms up = {0};
    up.srcPtr = (struct cudaPitchedPtr){host, W, W, H};
    up.dstPtr = a;
    up.extent = e;
    up.kind = cudaMemcpyHostToDevice;
    OK(cudaMemcpy3D(&up));

    struct cudaMemcpy3DPeerParms p = {0};
    p.srcPtr = a;
    p.srcDevice = 0;
    p.dstPtr = b;
    p.dstDevice = 1;
    p.extent = e;
    OK(cudaMemcpy3DPeer(&p));
    struct cudaMemcpy3DParms down = {0};
    down.srcPtr = b;
    down.dstPtr = (struct cudaPitchedPtr){back, W, W, H};
    down.extent = e;
    down.kind = cudaMemcpyDeviceToHost;
    OK(cudaMemcpy3D(&down));
    CHECK(memcmp(host, back, sizeof host) == 0);

    /* A box 8 bytes by 2 rows by 2 slices from (4, 1, 1) of device 1's
     * memory to (0, 0, 0) of device 0's, in a stream's order. */
    OK(cudaMemset3D(a, 0xee, e));
    cudaStream_t s;
    OK(cudaStreamCreate(&s));
    struct cudaMemcpy3DPeerParms q = {0};
    q.srcPtr = b;
    q.srcDevice = 1;
    q.srcPos = (struct cudaPos){4, 1, 1};
    q.dstPtr = a;
    q.dstDevice = 0;
    q.extent = (struct cudaExtent){8, 2, 2};
    OK(cudaMemcpy3DPeerAsync(&q, s));
    OK(cudaStreamSynchronize(s));
    down.srcPtr = a;
    OK(cudaMemcpy3D(&down));
    for (int z = 0; z < D; z++)
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                int in = z < 2 && y < 2 && x < 8;
                CHECK(back[z][y][x] ==
                      (in ? host[z + 1][y + 1][x + 4] : 0xee));
            }

    EXPECT(cudaMemcpy3DPeer(NULL), cudaErrorInvalidValue);
    EXPECT(cudaMemcpy3DPeerAsync(NULL, s), cudaErrorInvalidValue);
    q.dstDevice = 2;
    EXPECT(cudaMemcpy3DPeer(&q), cudaErrorInvalidDevice);
    q.dstDevice = 0;
    q.srcDevice = -1;
    EXPECT(cudaMemcpy3DPeerAsync(&q, s), cudaErrorInvalidDevice);
    q.srcDevice = 1;
    q.srcPtr.ptr = NULL;
    EXPECT(cudaMemcpy3DPeer(&q), cudaErrorInvalidValue);
    OK(cudaStreamDestroy(s));
    OK(cudaFree(a.ptr));
    OK(cudaFree(b.ptr));
}

static void init_and_valid_devices(void)
{
    int now = -1;
    unsigned flags = 0;
    OK(cudaSetDevice(0));
    OK(cudaInitDevice(1, 0, 0));
    OK(cudaGetDevice(&now));
    CHECK(now == 0); /* initialised, not made current */
    /* with cudaInitDeviceFlagsAreValid the flags go to that device */
    OK(cudaInitDevice(1, cudaDeviceScheduleBlockingSync,
                      cudaInitDeviceFlagsAreValid));
    OK(cudaGetDevice(&now));
    CHECK(now == 0);
    OK(cudaGetDeviceFlags(&flags));
    CHECK(!(flags & cudaDeviceScheduleBlockingSync));
    OK(cudaSetDevice(1));
    OK(cudaGetDeviceFlags(&flags));
    CHECK(flags & cudaDeviceScheduleBlockingSync);
    OK(cudaInitDevice(1, cudaDeviceScheduleAuto,
                      cudaInitDeviceFlagsAreValid));
    OK(cudaGetDeviceFlags(&flags));
    CHECK(!(flags & cudaDeviceScheduleBlockingSync));
    EXPECT(cudaInitDevice(2, 0, 0), cudaErrorInvalidDevice);
    EXPECT(cudaInitDevice(-1, 0, 0), cudaErrorInvalidDevice);
    EXPECT(cudaInitDevice(0, 0, 0x10), cudaErrorInvalidValue);
    EXPECT(cudaInitDevice(0, cudaDeviceScheduleSpin | cudaDeviceScheduleYield,
                          cudaInitDeviceFlagsAreValid),
           cudaErrorInvalidValue);

    int order[] = {1, 0}, bad[] = {0, 5};
    OK(cudaSetDevice(0));
    OK(cudaSetValidDevices(order, 2));
    OK(cudaGetDevice(&now));
    CHECK(now == 1);
    EXPECT(cudaSetValidDevices(NULL, 1), cudaErrorInvalidValue);
    EXPECT(cudaSetValidDevices(order, 0), cudaErrorInvalidValue);
    EXPECT(cudaSetValidDevices(bad, 2), cudaErrorInvalidDevice);
    OK(cudaGetDevice(&now));
    CHECK(now == 1); /* a refused list changes nothing */
    OK(cudaSetDevice(0));
}

/* cux's device memory and events belong to this process: nothing can be
 * exported, so every call that gets past CUDA's argument checks says
 * cudaErrorNotSupported and writes nothing. */
static void ipc(void)
{
    int v = -1;
    OK(cudaDeviceGetAttribute(&v, cudaDevAttrIpcEventSupport, 0));
    CHECK(v == 0);
    cudaEvent_t ev;
    OK(cudaEventCreateWithFlags(&ev, cudaEventInterprocess |
                                         cudaEventDisableTiming));
    cudaIpcEventHandle_t eh;
    memset(&eh, 0x5a, sizeof eh);
    EXPECT(cudaIpcGetEventHandle(&eh, ev), cudaErrorNotSupported);
    CHECK(eh.reserved[0] == 0x5a && eh.reserved[CUDA_IPC_HANDLE_SIZE - 1] ==
                                        0x5a);
    EXPECT(cudaIpcGetEventHandle(NULL, ev), cudaErrorInvalidValue);
    EXPECT(cudaIpcGetEventHandle(&eh, NULL), cudaErrorInvalidResourceHandle);
    cudaEvent_t opened = NULL;
    EXPECT(cudaIpcOpenEventHandle(&opened, eh), cudaErrorNotSupported);
    CHECK(opened == NULL);
    EXPECT(cudaIpcOpenEventHandle(NULL, eh), cudaErrorInvalidValue);
    OK(cudaEventDestroy(ev));

    char *d, host[16];
    OK(cudaMalloc((void **)&d, 256));
    cudaIpcMemHandle_t mh;
    memset(&mh, 0x5a, sizeof mh);
    EXPECT(cudaIpcGetMemHandle(&mh, d), cudaErrorNotSupported);
    CHECK(mh.reserved[0] == 0x5a);
    EXPECT(cudaIpcGetMemHandle(NULL, d), cudaErrorInvalidValue);
    EXPECT(cudaIpcGetMemHandle(&mh, d + 8), cudaErrorInvalidValue);
    EXPECT(cudaIpcGetMemHandle(&mh, host), cudaErrorInvalidValue);
    void *p = NULL;
    EXPECT(cudaIpcOpenMemHandle(&p, mh, cudaIpcMemLazyEnablePeerAccess),
           cudaErrorNotSupported);
    CHECK(p == NULL);
    EXPECT(cudaIpcOpenMemHandle(&p, mh, 0), cudaErrorNotSupported);
    EXPECT(cudaIpcOpenMemHandle(NULL, mh, 0), cudaErrorInvalidValue);
    EXPECT(cudaIpcOpenMemHandle(&p, mh, 0x8), cudaErrorInvalidValue);
    EXPECT(cudaIpcCloseMemHandle(d), cudaErrorNotSupported);
    EXPECT(cudaIpcCloseMemHandle(NULL), cudaErrorInvalidValue);
    OK(cudaFree(d));
    cudaGetLastError();
}

static void *other_thread_id(void *arg)
{
    cudaStreamGetId(cudaStreamPerThread, arg);
    return NULL;
}

static void stream_ids(void)
{
    cudaStream_t a, b, c;
    unsigned long long ia = 0, ia2 = 0, ib = 0, ic = 0, il = 0, ip = 0,
                       in = 0, il1 = 0, other = 0;
    OK(cudaSetDevice(0));
    OK(cudaStreamCreate(&a));
    OK(cudaStreamCreateWithFlags(&b, cudaStreamNonBlocking));
    OK(cudaStreamGetId(a, &ia));
    OK(cudaStreamGetId(a, &ia2));
    OK(cudaStreamGetId(b, &ib));
    CHECK(ia == ia2 && ia != ib);
    OK(cudaStreamGetId(cudaStreamLegacy, &il));
    OK(cudaStreamGetId(cudaStreamPerThread, &ip));
    OK(cudaStreamGetId(NULL, &in));
    CHECK(in == il); /* NULL is the legacy stream in this build */
    CHECK(il != ip && il != ia && il != ib && ip != ia && ip != ib);
    pthread_t t;
    pthread_create(&t, NULL, other_thread_id, &other);
    pthread_join(t, NULL);
    CHECK(other != 0 && other != ip && other != il);
    OK(cudaSetDevice(1));
    OK(cudaStreamGetId(cudaStreamLegacy, &il1));
    CHECK(il1 != il && il1 != ip);
    OK(cudaSetDevice(0));
    /* unique for the life of the program: no id comes back */
    OK(cudaStreamDestroy(a));
    OK(cudaStreamCreate(&c));
    OK(cudaStreamGetId(c, &ic));
    CHECK(ic != ia && ic != ib && ic != il && ic != ip && ic != il1);
    EXPECT(cudaStreamGetId(c, NULL), cudaErrorInvalidValue);
    OK(cudaStreamDestroy(b));
    OK(cudaStreamDestroy(c));
}

static void record_with_flags(void)
{
    cudaEvent_t ev;
    cudaStream_t s;
    OK(cudaEventCreate(&ev));
    OK(cudaStreamCreate(&s));
    gate_close();
    OK(cudaLaunchHostFunc(s, gate_wait, NULL));
    OK(cudaEventRecordWithFlags(ev, s, cudaEventRecordDefault));
    EXPECT(cudaEventQuery(ev), cudaErrorNotReady); /* behind the gate */
    gate_open();
    OK(cudaEventSynchronize(ev));
    OK(cudaEventRecordWithFlags(ev, s, cudaEventRecordExternal));
    OK(cudaEventSynchronize(ev));
    OK(cudaEventQuery(ev));
    EXPECT(cudaEventRecordWithFlags(ev, s, 0x80), cudaErrorInvalidValue);
    EXPECT(cudaEventRecordWithFlags(NULL, s, 0),
           cudaErrorInvalidResourceHandle);
    OK(cudaStreamDestroy(s));
    OK(cudaEventDestroy(ev));
    cudaGetLastError();
}

static void kernels(void)
{
    cudaFunction_t f = NULL, g = NULL;
    OK(cudaGetFuncBySymbol(&f, &stub_add_one));
    CHECK(f != NULL);
    OK(cudaGetFuncBySymbol(&g, &stub_add_one));
    CHECK(g == f);
    OK(cudaGetFuncBySymbol(&g, &stub_spin));
    CHECK(g != NULL && g != f);
    EXPECT(cudaGetFuncBySymbol(&g, &stub_unknown),
           cudaErrorInvalidDeviceFunction);
    EXPECT(cudaGetFuncBySymbol(NULL, &stub_add_one), cudaErrorInvalidValue);

    /* the CPU device has doubles: "this function does nothing" */
    double x = 1.0 / 3.0;
    OK(cudaSetDoubleForDevice(&x));
    CHECK(x == 1.0 / 3.0);
    OK(cudaSetDoubleForHost(&x));
    CHECK(x == 1.0 / 3.0);

    int plain = -1, flagged = -1, shared = -1;
    OK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&plain, &stub_add_one,
                                                     64, 0));
    OK(cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
        &flagged, &stub_add_one, 64, 0, cudaOccupancyDefault));
    CHECK(plain > 0 && flagged == plain);
    OK(cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
        &flagged, &stub_add_one, 64, 0, cudaOccupancyDisableCachingOverride));
    CHECK(flagged == plain);
    EXPECT(cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
               &flagged, &stub_add_one, 64, 0, 0x10),
           cudaErrorInvalidValue);
    EXPECT(cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
               &flagged, &stub_add_one, 0, 0, 0),
           cudaErrorInvalidValue);
    EXPECT(cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
               NULL, &stub_add_one, 64, 0, 0),
           cudaErrorInvalidValue);
    EXPECT(cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
               &flagged, &stub_unknown, 64, 0, 0),
           cudaErrorInvalidDeviceFunction);

    struct cudaDeviceProp prop;
    OK(cudaGetDeviceProperties(&prop, 0));
    size_t one = 0, two = 0;
    OK(cudaOccupancyAvailableDynamicSMemPerBlock(&one, &stub_add_one, 1, 64));
    OK(cudaOccupancyAvailableDynamicSMemPerBlock(&two, &stub_add_one, 2, 64));
    CHECK(one > 0 && one <= prop.sharedMemPerBlockOptin);
    CHECK(two > 0 && two <= one);
    /* two blocks that each take what it offers for two still fit */
    OK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&shared, &stub_add_one,
                                                     64, two));
    CHECK(shared >= 2);
    /* 8.0's rules: 2048 threads and 32 blocks an SM, 164 KB of shared
     * memory of which each block also takes the 1 KB reserve, in units
     * of 128 bytes, and never more than the kernel's own 48 KB */
    OK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&shared, &stub_add_one,
                                                     256, 0));
    CHECK(shared == 8);
    OK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&shared, &stub_add_one,
                                                     32, 0));
    CHECK(shared == 32);
    OK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&shared, &stub_add_one,
                                                     64, 8000));
    CHECK(shared == 18);
    OK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&shared, &stub_add_one,
                                                     256, 48 * 1024));
    CHECK(shared == 3);
    OK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&shared, &stub_add_one,
                                                     256, 48 * 1024 + 4));
    CHECK(shared == 0);
    CHECK(one == 48 * 1024 && two == 48 * 1024);
    OK(cudaOccupancyAvailableDynamicSMemPerBlock(&two, &stub_add_one, 4, 64));
    CHECK(two == 41984 - 1024);
    EXPECT(cudaOccupancyAvailableDynamicSMemPerBlock(&two, &stub_add_one, 9,
                                                     256),
           cudaErrorInvalidValue);
    EXPECT(cudaOccupancyAvailableDynamicSMemPerBlock(NULL, &stub_add_one, 1,
                                                     64),
           cudaErrorInvalidValue);
    EXPECT(cudaOccupancyAvailableDynamicSMemPerBlock(&one, &stub_add_one, 0,
                                                     64),
           cudaErrorInvalidValue);
    EXPECT(cudaOccupancyAvailableDynamicSMemPerBlock(&one, &stub_add_one, 1,
                                                     0),
           cudaErrorInvalidValue);
    EXPECT(cudaOccupancyAvailableDynamicSMemPerBlock(&one, &stub_unknown, 1,
                                                     64),
           cudaErrorInvalidDeviceFunction);

    OK(cudaFuncSetSharedMemConfig(&stub_add_one,
                                  cudaSharedMemBankSizeEightByte));
    OK(cudaFuncSetSharedMemConfig(&stub_add_one, cudaSharedMemBankSizeDefault));
    EXPECT(cudaFuncSetSharedMemConfig(&stub_add_one,
                                      (enum cudaSharedMemConfig)7),
           cudaErrorInvalidValue);
    EXPECT(cudaFuncSetSharedMemConfig(&stub_unknown,
                                      cudaSharedMemBankSizeFourByte),
           cudaErrorInvalidDeviceFunction);
    cudaGetLastError();
}

int main(void)
{
    setenv("CUX_CPU_DEVICES", "2", 1);
    unsetenv("CUDA_VISIBLE_DEVICES");
    register_test_module();
    int count = 0;
    OK(cudaGetDeviceCount(&count));
    CHECK(count == 2);
    p2p_attributes();
    peer_3d();
    init_and_valid_devices();
    ipc();
    stream_ids();
    record_with_flags();
    kernels();
    return finish("api_devices");
}
