// mixed_kinds.cu: devices of two kinds in one process (CUX_DEVICE=cpu,opencl;
// tests/unit/mixed_kinds.sh runs it): kernels on each, copies between their
// memories (peer, device-to-device from either side, 2-D with pitches,
// cudaMemcpyDefault), fills and symbols, checked on the host.
#include <cstdio>
#include <cstring>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("line %d: %s: %s\n", __LINE__, #call, cudaGetErrorString(e_)); \
    return 1; } } while (0)

__device__ int offset;

__global__ void fill(int *v, int n, int scale)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] = i * scale + offset;
}

__global__ void add_one(int *v, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        v[i] += 1;
}

static int expect(const int *h, int n, int scale, int off, int plus,
                  const char *what)
{
    for (int i = 0; i < n; i++)
        if (h[i] != i * scale + off + plus) {
            printf("%s: v[%d] = %d, expected %d\n", what, i, h[i],
                   i * scale + off + plus);
            return 1;
        }
    return 0;
}

int main()
{
    const int n = 3000;
    int count = 0, h[n];
    CHECK(cudaGetDeviceCount(&count));
    if (count < 2) { printf("%d device(s), expected two kinds\n", count); return 1; }
    int access = 1;
    CHECK(cudaDeviceCanAccessPeer(&access, 0, 1));
    if (access) { printf("a device reaches another kind's memory\n"); return 1; }
    int *buf[2];
    for (int d = 0; d < 2; d++) {
        int off = 100 * (d + 1);
        CHECK(cudaSetDevice(d));
        CHECK(cudaMemcpyToSymbol(offset, &off, sizeof off));
        CHECK(cudaMalloc(&buf[d], n * sizeof(int)));
        fill<<<(n + 255) / 256, 256>>>(buf[d], n, d + 2);
        CHECK(cudaGetLastError());
        CHECK(cudaDeviceSynchronize());
    }
    // each device's own result, read with the other device current
    CHECK(cudaSetDevice(1));
    CHECK(cudaMemcpy(h, buf[0], sizeof h, cudaMemcpyDeviceToHost));
    if (expect(h, n, 2, 100, 0, "device 0's kernel")) return 1;
    CHECK(cudaSetDevice(0));
    CHECK(cudaMemcpy(h, buf[1], sizeof h, cudaMemcpyDefault));
    if (expect(h, n, 3, 200, 0, "device 1's kernel")) return 1;
    // peer copy 1 -> 0, then a kernel on 0 uses it
    CHECK(cudaMemcpyPeer(buf[0], 0, buf[1], 1, sizeof h));
    add_one<<<(n + 255) / 256, 256>>>(buf[0], n);
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(h, buf[0], sizeof h, cudaMemcpyDeviceToHost));
    if (expect(h, n, 3, 200, 1, "peer copy")) return 1;
    // device-to-device 0 -> 1 with device 0 current
    CHECK(cudaMemcpy(buf[1], buf[0], sizeof h, cudaMemcpyDeviceToDevice));
    CHECK(cudaSetDevice(1));
    add_one<<<(n + 255) / 256, 256>>>(buf[1], n);
    CHECK(cudaDeviceSynchronize());
    CHECK(cudaMemcpy(h, buf[1], sizeof h, cudaMemcpyDeviceToHost));
    if (expect(h, n, 3, 200, 2, "device-to-device copy")) return 1;
    // a fill of device 1's memory and a host copy into it, device 0 current
    CHECK(cudaSetDevice(0));
    CHECK(cudaMemset(buf[1], 0, sizeof h));
    CHECK(cudaMemcpy(h, buf[1], sizeof h, cudaMemcpyDeviceToHost));
    if (expect(h, n, 0, 0, 0, "fill")) return 1;
    for (int i = 0; i < n; i++) h[i] = 7 * i;
    CHECK(cudaMemcpy(buf[1], h, sizeof h, cudaMemcpyHostToDevice));
    memset(h, 0, sizeof h);
    CHECK(cudaMemcpy(h, buf[1], sizeof h, cudaMemcpyDefault));
    if (expect(h, n, 7, 0, 0, "host to device")) return 1;
    // 2-D: a 20 x 50 box between pitches 80 (device 1) and 120 bytes (device 0)
    CHECK(cudaMemcpy2D(buf[0], 120, buf[1], 80, 80, 50, cudaMemcpyDeviceToDevice));
    int rows[50 * 30];
    CHECK(cudaMemcpy(rows, buf[0], sizeof rows, cudaMemcpyDeviceToHost));
    for (int r = 0; r < 50; r++)
        for (int c = 0; c < 20; c++)
            if (rows[r * 30 + c] != 7 * (r * 20 + c)) {
                printf("2-D copy: row %d column %d = %d\n", r, c, rows[r * 30 + c]);
                return 1;
            }
    for (int d = 0; d < 2; d++) {
        CHECK(cudaSetDevice(d));
        CHECK(cudaFree(buf[d]));
    }
    printf("PASS\n");
    return 0;
}
