/* launch.c: kernel launches through cudaLaunchKernel and through the
 * <<<>>> ABI (push/pop of the call configuration), CUDA's configuration
 * checks and their codes, kernel attributes and occupancy. */
#include "rt_test.h"

static void results(void)
{
    int host[100], *d;
    for (int i = 0; i < 100; i++)
        host[i] = i;
    OK(cudaMalloc((void **)&d, sizeof host));
    OK(cudaMemcpy(d, host, sizeof host, cudaMemcpyHostToDevice));
    OK(launch_add_one(d, 100, 0));
    OK(launch_add_one(d, 100, 0));
    OK(cudaMemcpy(host, d, sizeof host, cudaMemcpyDeviceToHost));
    int good = 1;
    for (int i = 0; i < 100; i++)
        good &= host[i] == i + 2;
    CHECK(good);

    /* What clang's host stub does for add_one<<<2, 64>>>(d, 100). */
    dim3 grid = {2, 1, 1}, block = {64, 1, 1}, g, b;
    size_t shmem;
    cudaStream_t stream;
    CHECK(__cudaPushCallConfiguration(grid, block, 0, NULL) == 0);
    OK(__cudaPopCallConfiguration(&g, &b, &shmem, &stream));
    CHECK(g.x == 2 && b.x == 64 && shmem == 0 && stream == NULL);
    int n = 100;
    void *args[] = {&d, &n};
    OK(cudaLaunchKernel(&stub_add_one, g, b, args, shmem, stream));
    OK(cudaDeviceSynchronize());
    OK(cudaMemcpy(host, d, sizeof host, cudaMemcpyDeviceToHost));
    CHECK(host[0] == 3 && host[99] == 102);
    EXPECT(__cudaPopCallConfiguration(&g, &b, &shmem, &stream),
           cudaErrorMissingConfiguration);
    cudaGetLastError();

    cudaStream_t s;
    OK(cudaStreamCreate(&s));
    OK(launch_add_one(d, 100, s));
    OK(cudaStreamSynchronize(s));
    OK(cudaStreamDestroy(s));
    OK(launch_add_one(d, 100, cudaStreamPerThread));
    OK(cudaStreamSynchronize(cudaStreamPerThread));
    OK(cudaMemcpy(host, d, sizeof host, cudaMemcpyDeviceToHost));
    CHECK(host[5] == 10);
    OK(cudaFree(d));
}

static cudaError_t try_config(dim3 grid, dim3 block, size_t shmem)
{
    int ms = 0;
    void *args[] = {&ms};
    return cudaLaunchKernel(&stub_spin, grid, block, args, shmem, 0);
}

static void configs(void)
{
    dim3 one = {1, 1, 1};
    EXPECT(try_config((dim3){0, 1, 1}, one, 0),
           cudaErrorInvalidConfiguration);
    /* A launch error is recorded as the last error but is not sticky. */
    EXPECT(cudaGetLastError(), cudaErrorInvalidConfiguration);
    OK(cudaGetLastError());
    OK(try_config(one, one, 0));
    EXPECT(try_config(one, (dim3){1025, 1, 1}, 0),
           cudaErrorInvalidConfiguration);
    EXPECT(try_config(one, (dim3){32, 33, 1}, 0),
           cudaErrorInvalidConfiguration);
    EXPECT(try_config(one, (dim3){1, 1, 65}, 0),
           cudaErrorInvalidConfiguration);
    EXPECT(try_config((dim3){1, 65536, 1}, one, 0),
           cudaErrorInvalidConfiguration);
    EXPECT(try_config((dim3){1, 1, 65536}, one, 0),
           cudaErrorInvalidConfiguration);
    OK(try_config((dim3){70000, 1, 1}, one, 0));
    OK(try_config(one, (dim3){1024, 1, 1}, 48 * 1024));
    EXPECT(try_config(one, one, 48 * 1024 + 1), cudaErrorInvalidValue);
    OK(cudaFuncSetAttribute(&stub_spin,
                            cudaFuncAttributeMaxDynamicSharedMemorySize,
                            64 * 1024));
    OK(try_config(one, one, 64 * 1024));
    EXPECT(try_config(one, one, 64 * 1024 + 1), cudaErrorInvalidValue);
    EXPECT(cudaFuncSetAttribute(&stub_spin,
                                cudaFuncAttributeMaxDynamicSharedMemorySize,
                                1 << 30),
           cudaErrorInvalidValue);
    EXPECT(cudaLaunchKernel(&stub_unknown, one, one, NULL, 0, 0),
           cudaErrorInvalidDeviceFunction);
    EXPECT(cudaLaunchKernel(&stub_add_one, one, one, NULL, 0, 0),
           cudaErrorInvalidValue);
    EXPECT(cudaLaunchKernel(&stub_spin, one, one, (void *[]){&(int){0}}, 0,
                            (cudaStream_t)0x77),
           cudaErrorInvalidResourceHandle);
    OK(cudaDeviceSynchronize());
    cudaGetLastError();
}

static void attributes(void)
{
    struct cudaFuncAttributes attr;
    OK(cudaFuncGetAttributes(&attr, &stub_add_one));
    CHECK(attr.maxThreadsPerBlock == 1024);
    CHECK(attr.sharedSizeBytes == 0);
    EXPECT(cudaFuncGetAttributes(&attr, &stub_unknown),
           cudaErrorInvalidDeviceFunction);
    EXPECT(cudaFuncGetAttributes(NULL, &stub_add_one),
           cudaErrorInvalidValue);
    OK(cudaFuncSetCacheConfig(&stub_add_one, cudaFuncCachePreferL1));
    const char *name = NULL;
    OK(cudaFuncGetName(&name, &stub_add_one));
    CHECK(name && !strcmp(name, "add_one"));
    int blocks = 0;
    OK(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocks, &stub_add_one,
                                                     256, 0));
    CHECK(blocks >= 1);
    EXPECT(cudaOccupancyMaxActiveBlocksPerMultiprocessor(NULL, &stub_add_one,
                                                         256, 0),
           cudaErrorInvalidValue);
    cudaGetLastError();
}

int main(void)
{
    register_test_module();
    results();
    configs();
    attributes();
    return finish("launch");
}
