/* math_funcs.cu: math functions, which nvcc inlines into the PTX (no
 * __nv_* calls), in float and double, checked against the host's libm
 * within a few ulps. */
#include <cmath>
#include <cstdio>

__global__ void mathk(const float *x, float *f, double *d, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float v = x[i];
    double w = v;
    f[8 * i + 0] = sinf(v);
    f[8 * i + 1] = cosf(v);
    f[8 * i + 2] = expf(v * 0.1f);
    f[8 * i + 3] = logf(fabsf(v) + 1.0f);
    f[8 * i + 4] = sqrtf(fabsf(v));
    f[8 * i + 5] = powf(fabsf(v) + 0.5f, 1.5f);
    f[8 * i + 6] = tanhf(v * 0.3f);
    f[8 * i + 7] = atan2f(v, 2.0f);
    d[4 * i + 0] = sin(w);
    d[4 * i + 1] = exp(w * 0.1);
    d[4 * i + 2] = log(fabs(w) + 1.0);
    d[4 * i + 3] = sqrt(fabs(w)) / (1.0 + w * w);
}

static bool close(double got, double want, double tol)
{
    return fabs(got - want) <= tol * (1.0 + fabs(want));
}

int main()
{
    const int n = 200;
    static float hx[n], hf[8 * n];
    static double hd[4 * n];
    for (int i = 0; i < n; i++)
        hx[i] = (i - n / 2) * 0.173f;
    float *x, *f;
    double *d;
    cudaMalloc(&x, sizeof hx);
    cudaMalloc(&f, sizeof hf);
    cudaMalloc(&d, sizeof hd);
    cudaMemcpy(x, hx, sizeof hx, cudaMemcpyHostToDevice);
    mathk<<<(n + 63) / 64, 64>>>(x, f, d, n);
    cudaMemcpy(hf, f, sizeof hf, cudaMemcpyDeviceToHost);
    cudaError_t err = cudaMemcpy(hd, d, sizeof hd, cudaMemcpyDeviceToHost);
    if (err != cudaSuccess) {
        printf("FAIL %s\n", cudaGetErrorString(err));
        return 1;
    }
    for (int i = 0; i < n; i++) {
        double v = hx[i];
        double wf[8] = {sin(v), cos(v), exp((float)(hx[i] * 0.1f)),
                        log(fabs(v) + 1.0), sqrt(fabs(v)),
                        pow(fabs(v) + 0.5, 1.5), tanh((float)(hx[i] * 0.3f)),
                        atan2(v, 2.0)};
        double wd[4] = {sin(v), exp(v * 0.1), log(fabs(v) + 1.0),
                        sqrt(fabs(v)) / (1.0 + v * v)};
        for (int k = 0; k < 8; k++)
            if (!close(hf[8 * i + k], wf[k], 1e-5)) {
                printf("FAIL float fn %d at x=%g: %.9g, want %.9g\n", k, v,
                       hf[8 * i + k], wf[k]);
                return 1;
            }
        for (int k = 0; k < 4; k++)
            if (!close(hd[4 * i + k], wd[k], 1e-13)) {
                printf("FAIL double fn %d at x=%g: %.17g, want %.17g\n", k,
                       v, hd[4 * i + k], wd[k]);
                return 1;
            }
    }
    printf("PASS\n");
    return 0;
}
