// index_3d.cu: every thread of a 3-D grid of 3-D blocks writes its own
// threadIdx/blockIdx/blockDim/gridDim; the host checks each record.  The
// second grid has enough blocks that a CPU worker takes them in runs of
// several, which cross rows and planes of the grid.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL index_3d\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void record(int *out)
{
    int bid = (blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
    int tid = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x
              + threadIdx.x;
    int g = bid * (blockDim.x * blockDim.y * blockDim.z) + tid;
    int *r = out + 12 * g;
    r[0] = threadIdx.x; r[1] = threadIdx.y; r[2] = threadIdx.z;
    r[3] = blockIdx.x;  r[4] = blockIdx.y;  r[5] = blockIdx.z;
    r[6] = blockDim.x;  r[7] = blockDim.y;  r[8] = blockDim.z;
    r[9] = gridDim.x;   r[10] = gridDim.y;  r[11] = gridDim.z;
}

static int check(dim3 grid, dim3 block)
{
    int nt = grid.x * grid.y * grid.z * block.x * block.y * block.z;
    int *d, *h = (int *)malloc(nt * 12 * sizeof(int));
    CHECK(cudaMalloc(&d, nt * 12 * sizeof(int)));
    CHECK(cudaMemset(d, 0xff, nt * 12 * sizeof(int)));
    record<<<grid, block>>>(d);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(h, d, nt * 12 * sizeof(int), cudaMemcpyDeviceToHost));
    int bad = 0, g = 0;
    for (unsigned bz = 0; bz < grid.z; bz++)
    for (unsigned by = 0; by < grid.y; by++)
    for (unsigned bx = 0; bx < grid.x; bx++)
    for (unsigned tz = 0; tz < block.z; tz++)
    for (unsigned ty = 0; ty < block.y; ty++)
    for (unsigned tx = 0; tx < block.x; tx++, g++) {
        int want[12] = { (int)tx, (int)ty, (int)tz, (int)bx, (int)by,
                         (int)bz, (int)block.x, (int)block.y, (int)block.z,
                         (int)grid.x, (int)grid.y, (int)grid.z };
        for (int k = 0; k < 12; k++) {
            if (h[12 * g + k] != want[k] && bad++ < 5)
                printf("thread %d field %d = %d, expected %d\n", g, k,
                       h[12 * g + k], want[k]);
        }
    }
    CHECK(cudaFree(d));
    free(h);
    return bad;
}

int main()
{
    int bad = check(dim3(3, 2, 4), dim3(5, 4, 3)) +
              check(dim3(7, 5, 13), dim3(3, 2, 2));
    if (bad) {
        printf("FAIL index_3d (%d wrong)\n", bad);
        return 1;
    }
    printf("PASS index_3d\n");
    return 0;
}
