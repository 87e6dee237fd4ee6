// cp_async_ptx.cu: cp.async written as inline PTX, as GEMM kernels do,
// so that every leg (clang's PTX and nvcc's) runs the instruction:
//  - copies of 4, 8 and 16 bytes, .ca and .cg, each lane its own
//    addresses, some lanes not running (a divergent branch);
//  - zero fill: a src-size in a register and as an immediate, and the
//    ignore-src predicate;
//  - commit_group, wait_group and wait_all between the copies and their
//    use;
//  - a double-buffered tiled matrix product whose tiles come in by
//    cp.async while the previous tile is multiplied, a GEMM mainloop,
//    with src-size 0 for the parts of the tiles beyond the matrices;
// each checked against the same computation on the host.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL cp_async_ptx\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__device__ __forceinline__ unsigned smem(const void *p)
{
    return (unsigned)__cvta_generic_to_shared(p);
}

__device__ __forceinline__ void copy4(void *dst, const void *src)
{
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4;"
                 :: "r"(smem(dst)), "l"(src) : "memory");
}

__device__ __forceinline__ void copy8_partial(void *dst, const void *src,
                                              unsigned bytes)
{
    asm volatile("cp.async.ca.shared.global [%0], [%1], 8, %2;"
                 :: "r"(smem(dst)), "l"(src), "r"(bytes) : "memory");
}

__device__ __forceinline__ void copy16(void *dst, const void *src,
                                       unsigned bytes)
{
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;"
                 :: "r"(smem(dst)), "l"(src), "r"(bytes) : "memory");
}

__device__ __forceinline__ void commit() {
    asm volatile("cp.async.commit_group;" ::: "memory");
}

template <int N> __device__ __forceinline__ void wait_group()
{
    asm volatile("cp.async.wait_group %0;" :: "n"(N) : "memory");
}

#define FORMS_BLOCK 64
#define FORM_WORDS 16 /* per thread, 64 bytes: every copy aligned */

// Thread t copies words of in[] starting at t * FORM_WORDS, in several
// forms, into its own part of a shared buffer first filled with -1, and
// writes out another thread's part: what each form copied or zeroed, and
// what it left alone, shows.
__global__ void forms(const int *in, int *out)
{
    __shared__ __align__(16) int buf[FORMS_BLOCK * FORM_WORDS];
    int t = threadIdx.x;
    int *mine = &buf[t * FORM_WORDS];
    const int *src = &in[t * FORM_WORDS];
    for (int i = 0; i < FORM_WORDS; i++)
        mine[i] = -1;
    __syncthreads();
    if (t % 3 != 1) { /* a third of the lanes copy nothing here */
        copy4(&mine[0], &src[0]);
        commit();
    }
    /* words 2..3: 8 bytes of which the first t % 9 come from in[] */
    copy8_partial(&mine[2], &src[2], t % 9);
    /* words 4..7: 16 bytes, t % 17 from in[] */
    copy16(&mine[4], &src[4], t % 17);
    commit();
    /* words 8..11: all zeros where ignore-src is set */
    asm volatile("{ .reg .pred p; setp.ne.s32 p, %2, 0;\n"
                 "  cp.async.cg.shared.global [%0], [%1], 16, p; }"
                 :: "r"(smem(&mine[8])), "l"(&src[8]), "r"(t & 4)
                 : "memory");
    /* word 12: two bytes of four, src-size an immediate */
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4, 2;"
                 :: "r"(smem(&mine[12])), "l"(&src[12]) : "memory");
    commit();
    wait_group<1>();
    asm volatile("cp.async.wait_all;" ::: "memory");
    __syncthreads();
    for (int i = 0; i < FORM_WORDS; i++)
        out[t * FORM_WORDS + i] = buf[((t + 5) % FORMS_BLOCK) * FORM_WORDS + i];
}

static void form_reference(const int *in, int *want)
{
    for (int t = 0; t < FORMS_BLOCK; t++) {
        int *w = &want[t * FORM_WORDS];
        const int *s = &in[t * FORM_WORDS];
        unsigned char *wb = (unsigned char *)w;
        const unsigned char *sb = (const unsigned char *)s;
        for (int i = 0; i < FORM_WORDS; i++)
            w[i] = -1;
        if (t % 3 != 1)
            w[0] = s[0];
        for (int b = 0; b < 8; b++)
            wb[8 + b] = b < t % 9 ? sb[8 + b] : 0;
        for (int b = 0; b < 16; b++)
            wb[16 + b] = b < t % 17 ? sb[16 + b] : 0;
        for (int i = 8; i < 12; i++)
            w[i] = (t & 4) ? 0 : s[i];
        wb[48] = sb[48];
        wb[49] = sb[49];
        wb[50] = wb[51] = 0;
    }
}

#define TILE 16
#define N 100 /* not a multiple of TILE: the last tiles are partly zeros */

// C = A * B, n x n row-major, TILE x TILE blocks of threads.  Each tile
// row is four 16-byte pieces; threads 0..63 fetch A's tile, 64..127
// B's, into the buffer the loop does not read, while it multiplies the
// other; pieces beyond the matrices have src-size 0 and read as zeros.
__global__ void matmul(const float *a, const float *b, float *c, int n)
{
    __shared__ __align__(16) float as[2][TILE][TILE];
    __shared__ __align__(16) float bs[2][TILE][TILE];
    int tx = threadIdx.x, ty = threadIdx.y, t = ty * TILE + tx;
    int row = blockIdx.y * TILE + ty, col = blockIdx.x * TILE + tx;
    int tiles = (n + TILE - 1) / TILE;
    auto fetch = [&](int k, int buf) {
        if (t >= 128)
            return;
        bool is_a = t < 64;
        int piece = t % 64, r = piece / 4, q = piece % 4 * 4;
        int gr = is_a ? blockIdx.y * TILE + r : k * TILE + r;
        int gc = is_a ? k * TILE + q : blockIdx.x * TILE + q;
        bool inside = gr < n && gc < n; /* n % 4 == 0: whole pieces */
        const float *m = is_a ? a : b;
        const float *src = inside ? &m[gr * n + gc] : m;
        float *dst = is_a ? &as[buf][r][q] : &bs[buf][r][q];
        copy16(dst, src, inside ? 16 : 0);
    };
    fetch(0, 0);
    commit();
    float sum = 0;
    for (int k = 0; k < tiles; k++) {
        if (k + 1 < tiles) {
            fetch(k + 1, (k + 1) % 2);
            commit();
            wait_group<1>(); /* tile k is in, k + 1 may still come */
        } else {
            wait_group<0>();
        }
        __syncthreads();
        for (int i = 0; i < TILE; i++)
            sum += as[k % 2][ty][i] * bs[k % 2][i][tx];
        __syncthreads(); /* read before the next fetch overwrites */
    }
    if (row < n && col < n)
        c[row * n + col] = sum;
}

static int check_forms()
{
    static int in[FORMS_BLOCK * FORM_WORDS], out[FORMS_BLOCK * FORM_WORDS],
        want[FORMS_BLOCK * FORM_WORDS];
    for (int i = 0; i < FORMS_BLOCK * FORM_WORDS; i++)
        in[i] = 0x01010101 * (i % 200 + 1) + i;
    int *d_in, *d_out;
    CHECK(cudaMalloc(&d_in, sizeof in));
    CHECK(cudaMalloc(&d_out, sizeof out));
    CHECK(cudaMemcpy(d_in, in, sizeof in, cudaMemcpyHostToDevice));
    forms<<<1, FORMS_BLOCK>>>(d_in, d_out);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(out, d_out, sizeof out, cudaMemcpyDeviceToHost));
    form_reference(in, want);
    int bad = 0;
    for (int t = 0; t < FORMS_BLOCK; t++)
        for (int i = 0; i < FORM_WORDS; i++) {
            int from = (t + 5) % FORMS_BLOCK;
            int got = out[t * FORM_WORDS + i];
            if (got != want[from * FORM_WORDS + i] && bad++ < 5)
                printf("forms: thread %d word %d: %08x, want %08x\n", from, i,
                       got, want[from * FORM_WORDS + i]);
        }
    CHECK(cudaFree(d_in));
    CHECK(cudaFree(d_out));
    return bad;
}

static int check_matmul()
{
    static float a[N * N], b[N * N], c[N * N];
    for (int i = 0; i < N * N; i++) {
        a[i] = (float)((i * 7) % 13 - 6);
        b[i] = (float)((i * 5) % 11 - 5);
    }
    float *d_a, *d_b, *d_c;
    CHECK(cudaMalloc(&d_a, sizeof a));
    CHECK(cudaMalloc(&d_b, sizeof b));
    CHECK(cudaMalloc(&d_c, sizeof c));
    CHECK(cudaMemcpy(d_a, a, sizeof a, cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(d_b, b, sizeof b, cudaMemcpyHostToDevice));
    dim3 grid((N + TILE - 1) / TILE, (N + TILE - 1) / TILE);
    matmul<<<grid, dim3(TILE, TILE)>>>(d_a, d_b, d_c, N);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(c, d_c, sizeof c, cudaMemcpyDeviceToHost));
    int bad = 0;
    for (int r = 0; r < N; r++)
        for (int col = 0; col < N; col++) {
            float want = 0; /* small integers: exact in any order */
            for (int i = 0; i < N; i++)
                want += a[r * N + i] * b[i * N + col];
            if (c[r * N + col] != want && bad++ < 5)
                printf("matmul: c[%d][%d] = %g, want %g\n", r, col,
                       c[r * N + col], want);
        }
    CHECK(cudaFree(d_a));
    CHECK(cudaFree(d_b));
    CHECK(cudaFree(d_c));
    return bad;
}

int main()
{
    int bad = check_forms() + check_matmul();
    if (bad) {
        printf("FAIL cp_async_ptx\n");
        return 1;
    }
    printf("PASS cp_async_ptx\n");
    return 0;
}
