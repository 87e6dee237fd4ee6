/* nvfatbin.c: NVIDIA fat binaries (what nvcc embeds) made by hand: the
 * PTX entry of the highest arch cux reads is the one that runs, through
 * both launch paths (cudaLaunchKernel and nvcc 13's __cudaGetKernel +
 * __cudaLaunchKernel); SASS only, an entry past the end, a bad header and
 * compressed payloads that do not decode fail the launch with
 * cudaErrorNoKernelImageForDevice and never crash. */
#include <stdlib.h>

#include "rt_test.h"

/* Entry fields at the offsets nvcc writes (docs/runtime.md). */
enum { PTX = 1, SASS = 2, ZSTD = 0x8000, OLD_COMPRESS = 0x2000 };

static void put(unsigned char *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Appends an entry at *off of fb; size is what the header claims. */
static void entry(unsigned char *fb, size_t *off, int kind, int arch,
                  unsigned flags, const void *payload, size_t len,
                  uint64_t size)
{
    unsigned char *e = fb + *off;
    memset(e, 0, 64);
    put(e, (uint64_t)kind, 2);
    put(e + 2, 0x101, 2);
    put(e + 4, 64, 4);
    put(e + 8, size, 8);
    put(e + 28, (uint64_t)arch, 4);
    put(e + 40, flags | 0x11, 8);
    if (flags & (ZSTD | OLD_COMPRESS)) {
        put(e + 16, len, 4);
        put(e + 56, 4096, 8);
    }
    memcpy(e + 64, payload, len);
    *off += 64 + ((len + 7) & ~(size_t)7);
}

static void header(unsigned char *fb, size_t end)
{
    put(fb, 0xBA55ED50u, 4);
    put(fb + 4, 1, 2);
    put(fb + 6, 16, 2);
    put(fb + 8, end - 16, 8);
}

static test_wrapper wraps[8];
static char stubs[8];
static int n_fb;

/* Registers fb with add_one as stubs[i]; returns i. */
static int reg(const unsigned char *fb)
{
    int i = n_fb++;
    wraps[i] = (test_wrapper){0x466243b1, 1, fb, NULL};
    void **h = __cudaRegisterFatBinary(&wraps[i]);
    __cudaRegisterFunction(h, &stubs[i], (char *)"add_one", "add_one", -1,
                           NULL, NULL, NULL, NULL, NULL);
    __cudaRegisterFatBinaryEnd(h);
    return i;
}

static cudaError_t launch(int i, int *p)
{
    int n = 64;
    void *args[] = {&p, &n};
    dim3 one = {1, 1, 1}, block = {64, 1, 1};
    return cudaLaunchKernel(&stubs[i], one, block, args, 0, 0);
}

static const char junk_ptx[] = ".version 7.0\n.target sm_60\nNOT PTX @@\n";
static const unsigned char sass[24] = {0x7f, 'E', 'L', 'F'};

int main(void)
{
    static unsigned char good[8192], sass_only[256], past_end[256],
        bad_head[64], bad_zstd[256], old_comp[256];
    size_t off = 16;
    entry(good, &off, SASS, 75, 0, sass, sizeof sass, 24);
    entry(good, &off, PTX, 60, 0, junk_ptx, sizeof junk_ptx,
          (sizeof junk_ptx + 7) & ~7u);
    entry(good, &off, PTX, 75, 0, test_ptx, sizeof test_ptx,
          (sizeof test_ptx + 7) & ~7u);
    entry(good, &off, PTX, 120, 0, junk_ptx, sizeof junk_ptx,
          (sizeof junk_ptx + 7) & ~7u);
    header(good, off);
    int g = reg(good);

    off = 16;
    entry(sass_only, &off, SASS, 86, 0, sass, sizeof sass, 24);
    header(sass_only, off);
    int s = reg(sass_only);

    off = 16;
    entry(past_end, &off, PTX, 75, 0, junk_ptx, sizeof junk_ptx, 1u << 20);
    header(past_end, off);
    int p = reg(past_end);

    header(bad_head, 64);
    bad_head[6] = 99; /* header size */
    int b = reg(bad_head);

    static const unsigned char frame[16] = {0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3};
    off = 16;
    entry(bad_zstd, &off, PTX, 75, ZSTD, frame, sizeof frame, 16);
    header(bad_zstd, off);
    int z = reg(bad_zstd);

    off = 16;
    entry(old_comp, &off, PTX, 75, OLD_COMPRESS, frame, sizeof frame, 16);
    header(old_comp, off);
    int o = reg(old_comp);

    int *d, h[64];
    OK(cudaMalloc((void **)&d, sizeof h));
    OK(cudaMemset(d, 0, sizeof h));
    OK(launch(g, d));
    cudaKernel_t k = NULL;
    OK(__cudaGetKernel(&k, &stubs[g]));
    int n = 64;
    void *args[] = {&d, &n};
    dim3 one = {1, 1, 1}, block = {64, 1, 1};
    OK(__cudaLaunchKernel(k, one, block, args, 0, 0));
    OK(__cudaLaunchKernel_ptsz(k, one, block, args, 0, 0));
    OK(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
    for (int i = 0; i < 64; i++)
        CHECK(h[i] == 3);
    EXPECT(__cudaGetKernel(&k, &stub_unknown),
           cudaErrorInvalidDeviceFunction);

    int bad[] = {s, p, b, z, o};
    for (int i = 0; i < 5; i++) {
        EXPECT(launch(bad[i], d), cudaErrorNoKernelImageForDevice);
        EXPECT(cudaGetLastError(), cudaErrorNoKernelImageForDevice);
    }
    /* not sticky: the good module still runs */
    OK(launch(g, d));
    OK(cudaDeviceSynchronize());
    OK(cudaFree(d));
    return finish("nvfatbin");
}
