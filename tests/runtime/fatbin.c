/* fatbin.c: fat binaries the runtime cannot run: an NVIDIA fat binary
 * with a corrupt header makes its kernels fail with
 * cudaErrorNoKernelImageForDevice (nvfatbin.c tests good ones),
 * broken PTX fails at launch with cudaErrorInvalidPtx; neither crashes,
 * and nothing is compiled before the first launch. */
#include "rt_test.h"

static char stub_nv, stub_bad;

int main(void)
{
    static const unsigned char nvidia[16] = {0x50, 0xed, 0x55, 0xba, 1, 0};
    static test_wrapper nv_wrap = {0x466243b1, 1, nvidia, NULL};
    void **h1 = __cudaRegisterFatBinary(&nv_wrap);
    __cudaRegisterFunction(h1, &stub_nv, (char *)"k", "k", -1, NULL, NULL,
                           NULL, NULL, NULL);
    __cudaRegisterFatBinaryEnd(h1);

    static unsigned char bad[256];
    make_container(bad, ".version 7.0\n.target sm_75\nBROKEN @@ this is "
                        "not PTX\n");
    static test_wrapper bad_wrap = {0x466243b1, 1, bad, NULL};
    void **h2 = __cudaRegisterFatBinary(&bad_wrap);
    __cudaRegisterFunction(h2, &stub_bad, (char *)"k", "k", -1, NULL, NULL,
                           NULL, NULL, NULL);
    __cudaRegisterFatBinaryEnd(h2);

    dim3 one = {1, 1, 1};
    EXPECT(cudaLaunchKernel(&stub_nv, one, one, NULL, 0, 0),
           cudaErrorNoKernelImageForDevice);
    EXPECT(cudaLaunchKernel(&stub_nv, one, one, NULL, 0, 0),
           cudaErrorNoKernelImageForDevice);
    EXPECT(cudaLaunchKernel(&stub_bad, one, one, NULL, 0, 0),
           cudaErrorInvalidPtx);
    EXPECT(cudaGetLastError(), cudaErrorInvalidPtx);
    /* Not sticky: the runtime still works. */
    void *p;
    OK(cudaMalloc(&p, 4));
    OK(cudaFree(p));
    __cudaUnregisterFatBinary(h1);
    __cudaUnregisterFatBinary(h2);
    EXPECT(cudaLaunchKernel(&stub_nv, one, one, NULL, 0, 0),
           cudaErrorInvalidDeviceFunction);
    cudaGetLastError();
    return finish("fatbin");
}
