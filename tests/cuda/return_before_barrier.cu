// return_before_barrier.cu: __syncthreads after threads of the block
// have returned (CUDA counts them as arrived): the threads past the end
// of the data return at once and the others stage a stencil through
// shared memory; and threads that leave a loop of barriers one by one,
// the rest going on to exchange values each trip.  Compared with the
// host's; the threads that returned leave their outputs untouched.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL return_before_barrier\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

enum { BLOCK = 128, UNTOUCHED = -7 };

// out[i] = in[i - 1] + in[i] + in[i + 1] within the block's valid part
__global__ void stencil(const int *in, int *out, int n)
{
    __shared__ int s[BLOCK];
    int i = blockIdx.x * BLOCK + threadIdx.x;
    if (i >= n)
        return;
    s[threadIdx.x] = in[i];
    __syncthreads();
    int valid = min(BLOCK, n - (int)(blockIdx.x * BLOCK));
    int left = threadIdx.x > 0 ? s[threadIdx.x - 1] : 0;
    int right = (int)threadIdx.x + 1 < valid ? s[threadIdx.x + 1] : 0;
    __syncthreads();
    s[threadIdx.x] = left + s[threadIdx.x] + right;
    __syncthreads();
    out[i] = s[threadIdx.x] * 2 - s[(threadIdx.x + 1) % valid];
}

// Thread t leaves in trip t % 9; each trip every thread still there adds
// the value its right neighbour left in the previous trip (0 once that
// neighbour has gone), between barriers.
__global__ void leaving(int *out)
{
    __shared__ int s[BLOCK + 1];
    unsigned t = threadIdx.x;
    int trips = t % 9, acc = (int)t;
    s[t] = acc;
    if (t == 0)
        s[BLOCK] = 0;
    __syncthreads();
    for (int k = 0; k < 9; k++) {
        int right = s[t + 1];
        __syncthreads();
        if (k == trips) {
            s[t] = 0;          // seen by the neighbour's next read
            out[blockIdx.x * BLOCK + t] = acc;
            return;
        }
        acc += right + k;
        s[t] = acc;
        __syncthreads();
    }
    out[blockIdx.x * BLOCK + t] = acc;
}

static int check_stencil(void)
{
    const int n = 3 * BLOCK + 37;
    const int total = 4 * BLOCK;
    int in[3 * BLOCK + 37], out[4 * BLOCK], *din, *dout;
    for (int i = 0; i < n; i++)
        in[i] = (i * 37) % 101 - 50;
    CHECK(cudaMalloc(&din, n * sizeof(int)));
    CHECK(cudaMalloc(&dout, total * sizeof(int)));
    CHECK(cudaMemcpy(din, in, n * sizeof(int), cudaMemcpyHostToDevice));
    for (int i = 0; i < total; i++)
        out[i] = UNTOUCHED;
    CHECK(cudaMemcpy(dout, out, total * sizeof(int), cudaMemcpyHostToDevice));
    stencil<<<4, BLOCK>>>(din, dout, n);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, total * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < 4; b++) {
        int valid = n - b * BLOCK < BLOCK ? n - b * BLOCK : BLOCK, s[BLOCK];
        for (int t = 0; t < valid; t++) {
            int i = b * BLOCK + t;
            s[t] = (t > 0 ? in[i - 1] : 0) + in[i] +
                   (t + 1 < valid ? in[i + 1] : 0);
        }
        for (int t = 0; t < BLOCK; t++) {
            int want = t < valid ? s[t] * 2 - s[(t + 1) % valid] : UNTOUCHED;
            if (out[b * BLOCK + t] != want && bad++ < 3)
                printf("stencil %d: %d, want %d\n", b * BLOCK + t,
                       out[b * BLOCK + t], want);
        }
    }
    CHECK(cudaFree(din));
    CHECK(cudaFree(dout));
    return bad;
}

static int check_leaving(void)
{
    int out[2 * BLOCK], *dout;
    CHECK(cudaMalloc(&dout, sizeof out));
    leaving<<<2, BLOCK>>>(dout);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
    int s[BLOCK + 1], acc[BLOCK], gone[BLOCK + 1] = {0};
    for (int t = 0; t < BLOCK; t++)
        s[t] = acc[t] = t;
    s[BLOCK] = 0;
    for (int k = 0; k < 9; k++) {
        int right[BLOCK];
        for (int t = 0; t < BLOCK; t++)
            right[t] = s[t + 1];
        for (int t = 0; t < BLOCK; t++)
            if (!gone[t] && k == t % 9) {
                s[t] = 0;
                gone[t] = 1;
            } else if (!gone[t]) {
                acc[t] += right[t] + k;
                s[t] = acc[t];
            }
    }
    int bad = 0;
    for (int b = 0; b < 2; b++)
        for (int t = 0; t < BLOCK; t++)
            if (out[b * BLOCK + t] != acc[t] && bad++ < 3)
                printf("leaving %d: %d, want %d\n", t, out[b * BLOCK + t],
                       acc[t]);
    CHECK(cudaFree(dout));
    return bad;
}

int main()
{
    int bad = check_stencil() + check_leaving();
    if (bad) {
        printf("FAIL return_before_barrier (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS return_before_barrier\n");
    return 0;
}
