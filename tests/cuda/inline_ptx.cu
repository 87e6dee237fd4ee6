// inline_ptx.cu: inline PTX in device code: reading %laneid, a 64-bit
// add built from add.cc/addc, and a scoped predicate with selp.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL inline_ptx\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__device__ unsigned long long add64(unsigned long long a,
                                    unsigned long long b)
{
    unsigned lo, hi;
    asm("add.cc.u32 %0, %2, %4;\n\t"
        "addc.u32 %1, %3, %5;"
        : "=r"(lo), "=r"(hi)
        : "r"((unsigned)a), "r"((unsigned)(a >> 32)),
          "r"((unsigned)b), "r"((unsigned)(b >> 32)));
    return ((unsigned long long)hi << 32) | lo;
}

__global__ void ptx(const unsigned long long *x, unsigned long long *sum,
                    unsigned *lane, unsigned *sel)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    unsigned l;
    asm("mov.u32 %0, %%laneid;" : "=r"(l));
    lane[i] = l;
    sum[i] = add64(x[i], x[i] * 3 + 0xffffffffull);
    unsigned v;
    asm("{\n\t.reg .pred p;\n\t"
        "setp.lt.u32 p, %1, 16;\n\t"
        "selp.u32 %0, 111, 222, p;\n\t}"
        : "=r"(v) : "r"(l));
    sel[i] = v;
}

int main()
{
    const int n = 96;
    unsigned long long x[n], sum[n];
    unsigned lane[n], sel[n];
    for (int i = 0; i < n; i++)
        x[i] = 0xfffffff0ull * (i + 1) + (i % 3 ? 0x80000000ull : 0);
    unsigned long long *dx, *ds;
    unsigned *dl, *dsel;
    CHECK(cudaMalloc(&dx, sizeof(x)));
    CHECK(cudaMalloc(&ds, sizeof(sum)));
    CHECK(cudaMalloc(&dl, sizeof(lane)));
    CHECK(cudaMalloc(&dsel, sizeof(sel)));
    CHECK(cudaMemcpy(dx, x, sizeof(x), cudaMemcpyHostToDevice));
    ptx<<<2, 48>>>(dx, ds, dl, dsel);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(sum, ds, sizeof(sum), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(lane, dl, sizeof(lane), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(sel, dsel, sizeof(sel), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        unsigned wl = (i % 48) % 32;
        unsigned long long ws = x[i] + (x[i] * 3 + 0xffffffffull);
        unsigned wsel = wl < 16 ? 111 : 222;
        if ((lane[i] != wl || sum[i] != ws || sel[i] != wsel) && bad++ < 5)
            printf("thread %d: lane %u/%u sum %#llx/%#llx sel %u/%u\n", i,
                   lane[i], wl, sum[i], ws, sel[i], wsel);
    }
    CHECK(cudaFree(dx)); CHECK(cudaFree(ds));
    CHECK(cudaFree(dl)); CHECK(cudaFree(dsel));
    if (bad) {
        printf("FAIL inline_ptx\n");
        return 1;
    }
    printf("PASS inline_ptx\n");
    return 0;
}
