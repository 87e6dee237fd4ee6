// shared_partial_runs.cu: part of a warp reading and writing consecutive
// shared-memory elements (`if (t < k) s[t] = ...`, the steps of a tree):
// the words of the lanes that do not run must keep their values, also
// where they lie before the first or past the last element of the
// block's shared arrays, for 4- and 8-byte elements, static and dynamic
// shared memory, and blocks whose last warp is partial.  Each output is
// compared with the host's.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL shared_partial_runs\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { N = 96 };

// s holds N ints; thread t of the block's n threads.  Steps of a tree
// over s, then stores by the upper lanes of each warp only (in the first
// warp their run starts before s), then loads and stores by the lower
// lanes (in the last warp their run ends past s).
__global__ void ints(int *out, int shift)
{
    __shared__ int before[3];
    __shared__ int s[N];
    __shared__ int after[3];
    int t = threadIdx.x, n = blockDim.x;
    if (t < 3) {
        before[t] = -1 - t;
        after[t] = -10 - t;
    }
    for (int i = t; i < N; i += n)
        s[i] = i * 7 + blockIdx.x;
    __syncthreads();
    for (int k = N / 2; k > 0; k /= 2) {
        if (t < k)
            s[t] += s[t + k];
        __syncthreads();
    }
    int lane = t % 32;
    if (lane >= shift && t - shift < N)
        s[t - shift] = s[t - shift] * 3 + lane; // lanes below shift idle
    __syncthreads();
    int v = 0;
    if (lane < 32 - shift && t + shift < N)
        v = s[t + shift];                        // the run ends past s
    __syncthreads();
    if (lane < 32 - shift && t + shift < N)
        s[t + shift] = v - t;
    __syncthreads();
    for (int i = t; i < N; i += n)
        out[blockIdx.x * (N + 6) + i] = s[i];
    if (t < 3) {
        out[blockIdx.x * (N + 6) + N + t] = before[t];
        out[blockIdx.x * (N + 6) + N + 3 + t] = after[t];
    }
}

// The same steps on doubles in dynamic shared memory (8-byte elements:
// a run is 256 bytes).
__global__ void doubles(double *out, int shift)
{
    extern __shared__ double d[];
    int t = threadIdx.x, n = blockDim.x;
    for (int i = t; i < N; i += n)
        d[i] = i * 0.5 + blockIdx.x;
    __syncthreads();
    for (int k = N / 2; k > 0; k /= 2) {
        if (t < k)
            d[t] += d[t + k];
        __syncthreads();
    }
    int lane = t % 32;
    if (lane >= shift && t - shift < N)
        d[t - shift] = d[t - shift] * 3 + lane;
    __syncthreads();
    double v = 0;
    if (lane < 32 - shift && t + shift < N)
        v = d[t + shift];
    __syncthreads();
    if (lane < 32 - shift && t + shift < N)
        d[t + shift] = v - t;
    __syncthreads();
    for (int i = t; i < N; i += n)
        out[blockIdx.x * N + i] = d[i];
}

template <typename T>
static void host_steps(T *s, int n, int shift)
{
    for (int k = N / 2; k > 0; k /= 2)
        for (int t = 0; t < k && t < n; t++)
            s[t] += s[t + k];
    for (int t = shift; t < n && t - shift < N; t++)
        if (t % 32 >= shift)
            s[t - shift] = s[t - shift] * 3 + t % 32;
    for (int t = 0; t < n && t + shift < N; t++)
        if (t % 32 < 32 - shift)
            s[t + shift] -= t;
}

int main()
{
    const int blocks = 3;
    const int sizes[] = {32, 64, 96, 100, 128};
    const int shifts[] = {1, 5, 17, 31};
    int *di;
    double *dd;
    CHECK(cudaMalloc(&di, blocks * (N + 6) * sizeof(int)));
    CHECK(cudaMalloc(&dd, blocks * N * sizeof(double)));
    int failures = 0;
    for (int n : sizes)
        for (int shift : shifts) {
            int hi[blocks * (N + 6)];
            double hd[blocks * N];
            ints<<<blocks, n>>>(di, shift);
            doubles<<<blocks, n, N * sizeof(double)>>>(dd, shift);
            CHECK(cudaGetLastError());
            CHECK(cudaMemcpy(hi, di, sizeof hi, cudaMemcpyDeviceToHost));
            CHECK(cudaMemcpy(hd, dd, sizeof hd, cudaMemcpyDeviceToHost));
            for (int b = 0; b < blocks; b++) {
                int s[N];
                double d[N];
                for (int i = 0; i < N; i++) {
                    s[i] = i * 7 + b;
                    d[i] = i * 0.5 + b;
                }
                host_steps(s, n, shift);
                host_steps(d, n, shift);
                for (int i = 0; i < N; i++) {
                    if (hi[b * (N + 6) + i] != s[i] && failures++ < 5)
                        printf("ints n=%d shift=%d block %d: s[%d] = %d, "
                               "expected %d\n", n, shift, b, i,
                               hi[b * (N + 6) + i], s[i]);
                    if (hd[b * N + i] != d[i] && failures++ < 5)
                        printf("doubles n=%d shift=%d block %d: d[%d] = %g, "
                               "expected %g\n", n, shift, b, i, hd[b * N + i],
                               d[i]);
                }
                for (int j = 0; j < 3; j++)
                    if ((hi[b * (N + 6) + N + j] != -1 - j ||
                         hi[b * (N + 6) + N + 3 + j] != -10 - j) &&
                        failures++ < 5)
                        printf("ints n=%d shift=%d: the arrays around s "
                               "changed\n", n, shift);
            }
        }
    CHECK(cudaFree(di));
    CHECK(cudaFree(dd));
    if (failures) {
        printf("FAIL shared_partial_runs (%d mismatches)\n", failures);
        return 1;
    }
    printf("PASS shared_partial_runs\n");
    return 0;
}
