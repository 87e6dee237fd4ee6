// bit_cast.cu: __float_as_int, __int_as_float, __float_as_uint,
// __double_as_longlong, __longlong_as_double, __hiloint2double and friends.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL bit_cast\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void casts(const float *f, const double *d, int *fi, float *back,
                      long long *dl, double *dback, int *hi, int *lo)
{
    int i = threadIdx.x;
    fi[i] = __float_as_int(f[i]);
    // Flip the sign bit through the integer view.
    back[i] = __int_as_float(__float_as_int(f[i]) ^ (int)0x80000000);
    dl[i] = __double_as_longlong(d[i]);
    hi[i] = __double2hiint(d[i]);
    lo[i] = __double2loint(d[i]);
    dback[i] = __hiloint2double(hi[i], lo[i] + 1)
               + __longlong_as_double(0) + (double)__float_as_uint(0.0f);
}

int main()
{
    const int n = 8;
    float f[n] = { 1.0f, -2.0f, 0.0f, -0.0f, 3.14159f, 1e-40f, 3e38f, 0.1f };
    double d[n] = { 1.0, -2.0, 0.5, 1e300, 3.141592653589793, 1e-310, -0.1,
                    12345.678 };
    int fi[n], hi[n], lo[n];
    float back[n];
    long long dl[n];
    double dback[n];
    float *df, *dbk;
    double *dd, *ddb;
    int *dfi, *dhi, *dlo;
    long long *ddl;
    CHECK(cudaMalloc(&df, sizeof(f)));
    CHECK(cudaMalloc(&dd, sizeof(d)));
    CHECK(cudaMalloc(&dfi, sizeof(fi)));
    CHECK(cudaMalloc(&dbk, sizeof(back)));
    CHECK(cudaMalloc(&ddl, sizeof(dl)));
    CHECK(cudaMalloc(&ddb, sizeof(dback)));
    CHECK(cudaMalloc(&dhi, sizeof(hi)));
    CHECK(cudaMalloc(&dlo, sizeof(lo)));
    CHECK(cudaMemcpy(df, f, sizeof(f), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dd, d, sizeof(d), cudaMemcpyHostToDevice));
    casts<<<1, n>>>(df, dd, dfi, dbk, ddl, ddb, dhi, dlo);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(fi, dfi, sizeof(fi), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(back, dbk, sizeof(back), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(dl, ddl, sizeof(dl), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(dback, ddb, sizeof(dback), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(hi, dhi, sizeof(hi), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(lo, dlo, sizeof(lo), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        int wi;
        long long wl;
        float wb = -f[i];
        memcpy(&wi, &f[i], 4);
        memcpy(&wl, &d[i], 8);
        unsigned long long bumped = ((unsigned long long)(wl >> 32) << 32)
                                    | (unsigned)((int)wl + 1);
        double wdb;
        memcpy(&wdb, &bumped, 8);
        if ((fi[i] != wi || memcmp(&back[i], &wb, 4) || dl[i] != wl ||
             hi[i] != (int)(wl >> 32) || lo[i] != (int)wl ||
             memcmp(&dback[i], &wdb, 8)) && bad++ < 5)
            printf("i=%d: %#x/%#x %g/%g %#llx/%#llx %.17g/%.17g\n", i, fi[i],
                   wi, back[i], wb, dl[i], wl, dback[i], wdb);
    }
    if (fi[0] != 0x3f800000 || fi[3] != (int)0x80000000) {
        printf("1.0f -> %#x, -0.0f -> %#x\n", fi[0], fi[3]);
        bad++;
    }
    CHECK(cudaFree(df)); CHECK(cudaFree(dd)); CHECK(cudaFree(dfi));
    CHECK(cudaFree(dbk)); CHECK(cudaFree(ddl)); CHECK(cudaFree(ddb));
    CHECK(cudaFree(dhi)); CHECK(cudaFree(dlo));
    if (bad) {
        printf("FAIL bit_cast\n");
        return 1;
    }
    printf("PASS bit_cast\n");
    return 0;
}
