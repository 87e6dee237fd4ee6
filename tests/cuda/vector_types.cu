// vector_types.cu: float4, int2, uchar4, double2 loads and stores, the
// make_* constructors and per-component arithmetic.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL vector_types\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void vec(const float4 *a, const int2 *b, const uchar4 *c,
                    float4 *fo, int2 *io, uchar4 *co, double2 *dout)
{
    int i = threadIdx.x;
    float4 v = a[i];
    int2 p = b[i];
    uchar4 q = c[i];
    fo[i] = make_float4(v.w, v.z * 2.0f, v.y + p.x, v.x - q.w);
    io[i] = make_int2(p.x + p.y, p.x * (int)q.x);
    co[i] = make_uchar4(q.w, q.z, (unsigned char)(q.y + 200), q.x ^ 0xff);
    dout[i] = make_double2(v.x, (double)p.y * 0.5);
}

int main()
{
    const int n = 48;
    float4 a[n], fo[n];
    int2 b[n], io[n];
    uchar4 c[n], co[n];
    double2 dd[n];
    for (int i = 0; i < n; i++) {
        a[i] = make_float4(i * 1.0f, i * 0.5f, -i * 1.0f, i + 0.25f);
        b[i] = make_int2(i * 3, -i * 7);
        c[i] = make_uchar4(i, 2 * i, 255 - i, i * 5);
    }
    float4 *da, *dfo;
    int2 *db, *dio;
    uchar4 *dc, *dco;
    double2 *ddd;
    CHECK(cudaMalloc(&da, sizeof(a)));
    CHECK(cudaMalloc(&db, sizeof(b)));
    CHECK(cudaMalloc(&dc, sizeof(c)));
    CHECK(cudaMalloc(&dfo, sizeof(fo)));
    CHECK(cudaMalloc(&dio, sizeof(io)));
    CHECK(cudaMalloc(&dco, sizeof(co)));
    CHECK(cudaMalloc(&ddd, sizeof(dd)));
    CHECK(cudaMemcpy(da, a, sizeof(a), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(db, b, sizeof(b), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dc, c, sizeof(c), cudaMemcpyHostToDevice));
    vec<<<1, n>>>(da, db, dc, dfo, dio, dco, ddd);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(fo, dfo, sizeof(fo), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(io, dio, sizeof(io), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(co, dco, sizeof(co), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(dd, ddd, sizeof(dd), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int i = 0; i < n; i++) {
        float4 v = a[i];
        int2 p = b[i];
        uchar4 q = c[i];
        if (fo[i].x != v.w || fo[i].y != v.z * 2.0f || fo[i].z != v.y + p.x ||
            fo[i].w != v.x - q.w || io[i].x != p.x + p.y ||
            io[i].y != p.x * (int)q.x || co[i].x != q.w || co[i].y != q.z ||
            co[i].z != (unsigned char)(q.y + 200) ||
            co[i].w != (q.x ^ 0xff) || dd[i].x != v.x ||
            dd[i].y != p.y * 0.5) {
            if (bad++ < 5)
                printf("element %d differs\n", i);
        }
    }
    if (sizeof(float4) != 16 || sizeof(uchar4) != 4 || sizeof(int2) != 8) {
        printf("vector type sizes wrong\n");
        bad++;
    }
    CHECK(cudaFree(da)); CHECK(cudaFree(db)); CHECK(cudaFree(dc));
    CHECK(cudaFree(dfo)); CHECK(cudaFree(dio)); CHECK(cudaFree(dco));
    CHECK(cudaFree(ddd));
    if (bad) {
        printf("FAIL vector_types\n");
        return 1;
    }
    printf("PASS vector_types\n");
    return 0;
}
