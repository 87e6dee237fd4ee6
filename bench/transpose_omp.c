// transpose_omp.c: the C/OpenMP reference for transpose.cu, out = in^T for
// a 4096x4096 float matrix, blocked by 32x32 tiles.
#include "bench_omp.h"
#include "transpose.h"
#include <stdlib.h>

#define TILE 32

struct args {
    const float *in;
    float *out;
};

// Each tile is read row by row into a small buffer and written out row
// by row from the buffer's columns, as the CUDA version does through
// shared memory.  Every cache line of in and out is then used whole in one
// burst: a direct tile loop would need a tile's 32 lines, 16 KiB apart,
// to stay in one L1 set between columns, which the associativity does not
// allow.
static void transpose(void *p)
{
    struct args *x = p;
    const float *in = x->in;
    float *out = x->out;
#pragma omp parallel for collapse(2) schedule(static)
    for (int by = 0; by < N; by += TILE) {
        for (int bx = 0; bx < N; bx += TILE) {
            float buf[TILE][TILE];
            for (int r = 0; r < TILE; r++) {
                const float *src = in + (size_t)(by + r) * N + bx;
#pragma omp simd
                for (int c = 0; c < TILE; c++)
                    buf[r][c] = src[c];
            }
            for (int c = 0; c < TILE; c++) {
                float *dst = out + (size_t)(bx + c) * N + by;
#pragma omp simd
                for (int r = 0; r < TILE; r++)
                    dst[r] = buf[r][c];
            }
        }
    }
}

int main(void)
{
    size_t bytes = (size_t)N * N * sizeof(float);
    float *in = malloc(bytes), *out = malloc(bytes);
    fill(in);
    struct args x = {in, out};
    double ms = bench_time(transpose, &x);
    int bad = bench_report("transpose", ms, check(out));
    free(in);
    free(out);
    return bad;
}
