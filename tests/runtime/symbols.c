/* symbols.c: module variables reached through their host shadows:
 * copies to and from symbols (with offsets), addresses and sizes, and the
 * codes for bad symbols, ranges and kinds. */
#include "rt_test.h"

int main(void)
{
    void **h = register_test_module();
    int in[16], out[16];
    for (int i = 0; i < 16; i++)
        in[i] = 100 + i;
    OK(cudaMemcpyToSymbol(host_gvar, in, sizeof in, 0,
                          cudaMemcpyHostToDevice));
    memset(out, 0, sizeof out);
    OK(cudaMemcpyFromSymbol(out, host_gvar, sizeof out, 0,
                            cudaMemcpyDeviceToHost));
    CHECK(!memcmp(in, out, sizeof in));
    OK(cudaMemcpyFromSymbol(out, host_gvar, 8, 8, cudaMemcpyDeviceToHost));
    CHECK(out[0] == 102 && out[1] == 103);
    OK(cudaMemcpyToSymbol(host_gvar, in, 4, 60, cudaMemcpyHostToDevice));
    EXPECT(cudaMemcpyToSymbol(host_gvar, in, 8, 60, cudaMemcpyHostToDevice),
           cudaErrorInvalidValue);
    EXPECT(cudaMemcpyToSymbol(host_gvar, in, 4, 65, cudaMemcpyHostToDevice),
           cudaErrorInvalidValue);
    EXPECT(cudaMemcpyToSymbol(in, in, 4, 0, cudaMemcpyHostToDevice),
           cudaErrorInvalidSymbol);
    EXPECT(cudaMemcpyToSymbol(host_gvar, in, 4, 0, cudaMemcpyDeviceToHost),
           cudaErrorInvalidMemcpyDirection);
    EXPECT(cudaMemcpyFromSymbol(out, host_gvar, 4, 0,
                                cudaMemcpyHostToDevice),
           cudaErrorInvalidMemcpyDirection);

    unsigned c[4] = {1, 2, 3, 4}, cback[4] = {0};
    OK(cudaMemcpyToSymbol(host_cvar, c, sizeof c, 0, cudaMemcpyHostToDevice));
    OK(cudaMemcpyFromSymbol(cback, host_cvar, sizeof c, 0,
                            cudaMemcpyDeviceToHost));
    CHECK(cback[3] == 4);

    void *addr = NULL;
    size_t size = 0;
    OK(cudaGetSymbolAddress(&addr, host_gvar));
    OK(cudaGetSymbolSize(&size, host_gvar));
    CHECK(addr != NULL && size == 64);
    EXPECT(cudaGetSymbolAddress(&addr, &size), cudaErrorInvalidSymbol);
    EXPECT(cudaGetSymbolSize(&size, &size), cudaErrorInvalidSymbol);
    struct cudaPointerAttributes a;
    OK(cudaPointerGetAttributes(&a, (char *)addr + 4));
    CHECK(a.type == cudaMemoryTypeDevice);

    /* A kernel sees what the host copied, through the symbol address. */
    OK(launch_add_one(addr, 16, 0));
    OK(cudaMemcpyFromSymbol(out, host_gvar, 8, 0, cudaMemcpyDeviceToHost));
    CHECK(out[0] == 101 && out[1] == 102);

    cudaStream_t s;
    OK(cudaStreamCreate(&s));
    OK(cudaMemcpyToSymbolAsync(host_gvar, in, 8, 0, cudaMemcpyHostToDevice,
                               s));
    OK(cudaMemcpyFromSymbolAsync(out, host_gvar, 8, 0,
                                 cudaMemcpyDeviceToHost, s));
    OK(cudaStreamSynchronize(s));
    CHECK(out[0] == 100);
    OK(cudaStreamDestroy(s));
    __cudaUnregisterFatBinary(h);
    EXPECT(cudaGetSymbolAddress(&addr, host_gvar), cudaErrorInvalidSymbol);
    cudaGetLastError();
    return finish("symbols");
}
