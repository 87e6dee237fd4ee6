// functor_struct.cu: functors and structs passed by value to kernels: a
// template kernel taking a functor, a 100-byte struct, a float4 member.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL functor_struct\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

struct Affine {
    float a, b;
    __host__ __device__ float operator()(float x) const { return a * x + b; }
};

struct Clamp {
    int lo, hi;
    __host__ __device__ float operator()(float x) const
    {
        return x < lo ? lo : x > hi ? hi : x;
    }
};

template <typename F>
__global__ void map(F f, const float *in, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[i] = f(in[i]);
}

struct Table100 {
    int v[25];                          // 100 bytes
};

struct Packed {
    char tag;
    float4 vec;                         // forces 16-byte alignment
    int k;
    double d;
};

__global__ void use_structs(Table100 t, Packed p, float *out)
{
    int i = threadIdx.x;
    float w[4] = { p.vec.x, p.vec.y, p.vec.z, p.vec.w };
    out[i] = t.v[i % 25] * w[i % 4] + p.tag + p.k + (float)p.d;
}

int main()
{
    const int n = 64;
    float in[n], out[n];
    for (int i = 0; i < n; i++)
        in[i] = i - 20.0f;
    float *din, *dout;
    CHECK(cudaMalloc(&din, sizeof(in)));
    CHECK(cudaMalloc(&dout, sizeof(out)));
    CHECK(cudaMemcpy(din, in, sizeof(in), cudaMemcpyHostToDevice));
    int bad = 0;
    Affine af = { 1.5f, -2.0f };
    map<<<1, n>>>(af, din, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++)
        if (out[i] != af(in[i]) && bad++ < 3)
            printf("affine %d: %g vs %g\n", i, out[i], af(in[i]));
    Clamp cl = { -5, 17 };
    map<<<1, n>>>(cl, din, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    for (int i = 0; i < n; i++)
        if (out[i] != cl(in[i]) && bad++ < 3)
            printf("clamp %d: %g vs %g\n", i, out[i], cl(in[i]));
    Table100 t;
    for (int k = 0; k < 25; k++)
        t.v[k] = k * k - 40;
    Packed p;
    p.tag = 7;
    p.vec = make_float4(0.5f, -1.0f, 2.0f, 4.0f);
    p.k = 1000;
    p.d = 0.25;
    use_structs<<<1, n>>>(t, p, dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof(out), cudaMemcpyDeviceToHost));
    float w[4] = { 0.5f, -1.0f, 2.0f, 4.0f };
    for (int i = 0; i < n; i++) {
        float want = t.v[i % 25] * w[i % 4] + 7 + 1000 + 0.25f;
        if (out[i] != want && bad++ < 5)
            printf("structs %d: %g vs %g\n", i, out[i], want);
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    if (bad || sizeof(Table100) != 100) {
        printf("FAIL functor_struct\n");
        return 1;
    }
    printf("PASS functor_struct\n");
    return 0;
}
