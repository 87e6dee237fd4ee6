// uniform_store.cu: stores where every lane of a warp writes the same
// address (a register the whole warp shares, a __shared__ or __device__
// variable): CUDA keeps one live lane's write, which one unspecified, so
// the test accepts any live lane's value and nothing else: not a lane
// that was masked off, not what was there before.  Covers scalar and
// vector (float4) stores, full warps, partial warps, warps with exited
// lanes and the last, short warp of a block.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL uniform_store\n", __FILE__, \
           __LINE__, #call, cudaGetErrorString(e_)); exit(1); } } while (0)

#define BLOCK 80 /* two full warps and a warp of 16 */
#define BLOCKS 3
#define CASES 5

__device__ int last_writer[BLOCKS];

// Which threads of a block store in case c.
__host__ __device__ bool stores(int c, int t)
{
    switch (c) {
    case 0: return true;                  /* every lane */
    case 1: return t % 3 == 1;            /* some lanes of each warp */
    case 2: return t == 37;               /* one lane of one warp */
    case 3: return t >= 70;               /* part of the short warp */
    default: return (t & 32) != 0;        /* all of warp 1, none of 0, 2 */
    }
}

// out[b * CASES + c]: case c's shared word after the block's stores,
// copied out by thread 0; vec[b]: a float4 stored by the odd threads.
__global__ void uniform(int *out, float4 *vec, int *marker)
{
    __shared__ int word[CASES];
    int t = threadIdx.x;
    if (t < CASES)
        word[t] = -1;
    __syncthreads();
    for (int c = 0; c < CASES; c++)
        if (stores(c, t))
            word[c] = t;               /* a shared variable's address */
    __syncthreads();
    if (t < CASES)
        out[blockIdx.x * CASES + t] = word[t];
    if (t & 1) {
        float *slot = (float *)&vec[blockIdx.x]; /* one register address */
        *(float4 *)slot = make_float4(t, t + 0.25f, t + 0.5f, t + 0.75f);
    }
    if (t > 40)
        return; /* lanes 41..63 of warp 1 have exited below */
    if (t % 2 == 0)
        last_writer[blockIdx.x] = t; /* a __device__ variable */
    __syncthreads();
    if (t == 0)
        marker[blockIdx.x] = last_writer[blockIdx.x];
}

int main()
{
    int *d_out, *d_marker;
    float4 *d_vec;
    CHECK(cudaMalloc(&d_out, BLOCKS * CASES * sizeof(int)));
    CHECK(cudaMalloc(&d_marker, BLOCKS * sizeof(int)));
    CHECK(cudaMalloc(&d_vec, BLOCKS * sizeof(float4)));
    uniform<<<BLOCKS, BLOCK>>>(d_out, d_vec, d_marker);
    CHECK(cudaGetLastError());
    int out[BLOCKS * CASES], marker[BLOCKS];
    float4 vec[BLOCKS];
    CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(marker, d_marker, sizeof marker, cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(vec, d_vec, sizeof vec, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int b = 0; b < BLOCKS; b++) {
        for (int c = 0; c < CASES; c++) {
            int v = out[b * CASES + c];
            if (v < 0 || v >= BLOCK || !stores(c, v)) {
                printf("block %d case %d: word holds %d, not a storing thread\n",
                       b, c, v);
                bad++;
            }
        }
        int t = (int)vec[b].x;
        if (!(t & 1) || t >= BLOCK || vec[b].y != t + 0.25f ||
            vec[b].z != t + 0.5f || vec[b].w != t + 0.75f) {
            printf("block %d: float4 (%g %g %g %g) is no odd thread's\n", b,
                   vec[b].x, vec[b].y, vec[b].z, vec[b].w);
            bad++;
        }
        if (marker[b] < 0 || marker[b] > 40 || marker[b] % 2) {
            printf("block %d: __device__ variable holds %d, not an even "
                   "thread of 0..40\n", b, marker[b]);
            bad++;
        }
    }
    if (bad) {
        printf("FAIL uniform_store\n");
        return 1;
    }
    printf("PASS uniform_store\n");
    return 0;
}
