/* grid_sync.cu: a program built wholly by nvcc whose cooperative kernel
 * syncs the grid with NVIDIA's grid.sync() (a spin on the workspace the
 * driver passes in %envreg1/%envreg2): each of several rounds, every
 * block publishes a value and, after the sync, reads its neighbour's;
 * is_valid() is true in the cooperative launch and false in an ordinary
 * one, where grid.sync() traps (cudaErrorLaunchFailure, sticky).  More
 * blocks than workers, so blocks wait suspended.  Checked on the host. */
#include <cooperative_groups.h>
#include <cstdio>

namespace cg = cooperative_groups;

enum { ROUNDS = 5, THREADS = 96 };

__global__ void neighbours(int *slots, int *out)
{
    cg::grid_group grid = cg::this_grid();
    unsigned b = (unsigned)grid.block_rank(), nb = (unsigned)grid.num_blocks();
    int sum = 0;
    for (int r = 0; r < ROUNDS; r++) {
        if (threadIdx.x == 0)
            slots[b] = (int)(b * 100 + r);
        grid.sync();
        sum += slots[(b + 1) % nb];
        grid.sync();
    }
    out[grid.thread_rank()] = sum;
}

__global__ void validity(int *out)
{
    out[blockIdx.x * blockDim.x + threadIdx.x] = cg::this_grid().is_valid();
}

__global__ void unguarded(int *out)
{
    cg::this_grid().sync();
    out[0] = 1;
}

int main()
{
    int per_sm = 0, sms = 0, bad = 0;
    cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, neighbours,
                                                  THREADS, 0);
    cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0);
    unsigned nb = per_sm * sms < 24 ? per_sm * sms : 24, n = nb * THREADS;
    int *slots, *out, *h = new int[n];
    cudaMalloc(&slots, nb * sizeof(int));
    cudaMalloc(&out, n * sizeof(int));
    void *args[] = {&slots, &out};
    cudaError_t err = cudaLaunchCooperativeKernel((void *)neighbours, nb,
                                                  THREADS, args, 0, 0);
    cudaMemcpy(h, out, n * sizeof(int), cudaMemcpyDeviceToHost);
    for (unsigned i = 0; i < n; i++) {
        unsigned next = (i / THREADS + 1) % nb;
        int want = 0;
        for (int r = 0; r < ROUNDS; r++)
            want += (int)(next * 100 + r);
        bad += h[i] != want;
    }
    validity<<<2, 32>>>(out);
    cudaMemcpy(h, out, 64 * sizeof(int), cudaMemcpyDeviceToHost);
    for (int i = 0; i < 64; i++)
        bad += h[i] != 0;
    void *vargs[] = {&out};
    cudaLaunchCooperativeKernel((void *)validity, 2, 32, vargs, 0, 0);
    cudaMemcpy(h, out, 64 * sizeof(int), cudaMemcpyDeviceToHost);
    for (int i = 0; i < 64; i++)
        bad += h[i] != 1;
    cudaError_t before = cudaGetLastError();
    unguarded<<<2, 32>>>(out);
    cudaError_t trapped = cudaDeviceSynchronize();
    cudaError_t sticky = cudaMemcpy(h, out, sizeof(int),
                                    cudaMemcpyDeviceToHost);
    delete[] h; /* the device memory goes with the sticky error's reset */
    if (err != cudaSuccess || bad || before != cudaSuccess ||
        trapped != cudaErrorLaunchFailure || sticky != cudaErrorLaunchFailure) {
        printf("launch %s, %d wrong, ordinary grid.sync %s then %s\n",
               cudaGetErrorName(err), bad, cudaGetErrorName(trapped),
               cudaGetErrorName(sticky));
        printf("FAIL grid_sync\n");
        return 1;
    }
    printf("PASS grid_sync\n");
    return 0;
}
