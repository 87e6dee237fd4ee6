// many_params.cu: a kernel with 14 parameters of mixed types and sizes
// (char, short, int, unsigned, long long, float, double, pointers), so
// that parameter offsets and alignment padding must all be right.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL many_params\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void mixed(char c, double d, short s, int *ip, float f,
                      long long ll, unsigned char uc, double *dp, int i,
                      unsigned short us, float f2, unsigned u, char c2,
                      long long *lp)
{
    int t = threadIdx.x;
    ip[t] = c + s + i + uc + us + c2 + (int)u + t;
    dp[t] = d * t + f + f2;
    lp[t] = ll + t;
}

int main()
{
    const int n = 40;
    int *ip, hi[n];
    double *dp, hd[n];
    long long *lp, hl[n];
    CHECK(cudaMalloc(&ip, sizeof(hi)));
    CHECK(cudaMalloc(&dp, sizeof(hd)));
    CHECK(cudaMalloc(&lp, sizeof(hl)));
    mixed<<<1, n>>>((char)-5, 1.25, (short)-300, ip, 0.5f,
                    0x123456789abcdefll, (unsigned char)200, dp, 100000,
                    (unsigned short)60000, -2.25f, 7u, (char)9, lp);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(hi, ip, sizeof(hi), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(hd, dp, sizeof(hd), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(hl, lp, sizeof(hl), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int t = 0; t < n; t++) {
        int wi = -5 - 300 + 100000 + 200 + 60000 + 9 + 7 + t;
        double wd = 1.25 * t + 0.5f + -2.25f;
        long long wl = 0x123456789abcdefll + t;
        if ((hi[t] != wi || hd[t] != wd || hl[t] != wl) && bad++ < 5)
            printf("thread %d: %d/%d %g/%g %lld/%lld\n", t, hi[t], wi, hd[t],
                   wd, hl[t], wl);
    }
    CHECK(cudaFree(ip));
    CHECK(cudaFree(dp));
    CHECK(cudaFree(lp));
    if (bad) {
        printf("FAIL many_params\n");
        return 1;
    }
    printf("PASS many_params\n");
    return 0;
}
