// small_int_arrays.cu: unsigned char, signed char, unsigned short and
// short arrays: byte and half-word loads/stores next to each other,
// with wrap-around and sign extension.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL small_int_arrays\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void small(unsigned char *uc, signed char *sc, unsigned short *us,
                      short *ss, int *wide, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    uc[i] = (unsigned char)(uc[i] + 100);
    sc[i] = (signed char)(sc[i] * 3);
    us[i] = (unsigned short)(us[i] + 40000);
    ss[i] = (short)(ss[i] - 20000);
    wide[i] = uc[i] + sc[i] + us[i] + ss[i];
}

int main()
{
    const int n = 777;
    unsigned char uc[n];
    signed char sc[n];
    unsigned short us[n];
    short ss[n];
    int wide[n];
    for (int i = 0; i < n; i++) {
        uc[i] = (unsigned char)(i * 7);
        sc[i] = (signed char)(i * 13);
        us[i] = (unsigned short)(i * 977);
        ss[i] = (short)(i * 131 - 30000);
    }
    unsigned char *duc;
    signed char *dsc;
    unsigned short *dus;
    short *dss;
    int *dw;
    CHECK(cudaMalloc(&duc, sizeof(uc)));
    CHECK(cudaMalloc(&dsc, sizeof(sc)));
    CHECK(cudaMalloc(&dus, sizeof(us)));
    CHECK(cudaMalloc(&dss, sizeof(ss)));
    CHECK(cudaMalloc(&dw, sizeof(wide)));
    CHECK(cudaMemcpy(duc, uc, sizeof(uc), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dsc, sc, sizeof(sc), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dus, us, sizeof(us), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dss, ss, sizeof(ss), cudaMemcpyHostToDevice));
    small<<<(n + 127) / 128, 128>>>(duc, dsc, dus, dss, dw, n);
    CHECK(cudaGetLastError());
    unsigned char ruc[n];
    signed char rsc[n];
    unsigned short rus[n];
    short rss[n];
    CHECK(cudaMemcpy(ruc, duc, sizeof(uc), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(rsc, dsc, sizeof(sc), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(rus, dus, sizeof(us), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(rss, dss, sizeof(ss), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(wide, dw, sizeof(wide), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        unsigned char a = (unsigned char)(uc[i] + 100);
        signed char b = (signed char)(sc[i] * 3);
        unsigned short c = (unsigned short)(us[i] + 40000);
        short d = (short)(ss[i] - 20000);
        int w = a + b + c + d;
        if ((ruc[i] != a || rsc[i] != b || rus[i] != c || rss[i] != d ||
             wide[i] != w) && bad++ < 5)
            printf("i=%d: %u/%u %d/%d %u/%u %d/%d %d/%d\n", i, ruc[i], a,
                   rsc[i], b, rus[i], c, rss[i], d, wide[i], w);
    }
    CHECK(cudaFree(duc)); CHECK(cudaFree(dsc)); CHECK(cudaFree(dus));
    CHECK(cudaFree(dss)); CHECK(cudaFree(dw));
    if (bad) {
        printf("FAIL small_int_arrays\n");
        return 1;
    }
    printf("PASS small_int_arrays\n");
    return 0;
}
