// atomic_bitwise.cu: atomicAnd, atomicOr and atomicXor on 32- and 64-bit
// words, each thread owning one bit.
#include <cuda_runtime.h>
#include <cstdio>
#include <cstdlib>

#define CHECK(call) do { cudaError_t e_ = (call); if (e_ != cudaSuccess) { \
    printf("%s:%d: %s -> %s\nFAIL atomic_bitwise\n", __FILE__, __LINE__, \
           #call, cudaGetErrorString(e_)); exit(1); } } while (0)

__global__ void bits(unsigned *w, unsigned long long *l)
{
    int t = threadIdx.x;               // 0..63
    unsigned bit = 1u << (t & 31);
    if (t % 3 == 0)
        atomicOr(&w[0], bit);
    if (t % 5 == 0)
        atomicAnd(&w[1], ~bit);
    atomicXor(&w[2], bit);             // each bit flipped twice: unchanged
    if (t < 32)
        atomicXor(&w[3], bit);         // each bit flipped once
    if (t % 2)
        atomicOr(&l[0], 1ull << t);
    if (t % 7 == 0)
        atomicAnd(&l[1], ~(1ull << t));
    atomicXor(&l[2], 1ull << t);
}

int main()
{
    unsigned w[4] = { 0, 0xffffffffu, 0x12345678u, 0x0f0f0f0fu };
    unsigned long long l[3] = { 0, ~0ull, 0xdeadbeefcafef00dull };
    unsigned ww[4] = { 0, 0xffffffffu, 0x12345678u, ~0x0f0f0f0fu };
    unsigned long long wl[3] = { 0, ~0ull, ~0xdeadbeefcafef00dull };
    for (int t = 0; t < 64; t++) {
        unsigned bit = 1u << (t & 31);
        if (t % 3 == 0) ww[0] |= bit;
        if (t % 5 == 0) ww[1] &= ~bit;
        if (t % 2) wl[0] |= 1ull << t;
        if (t % 7 == 0) wl[1] &= ~(1ull << t);
    }
    unsigned *dw;
    unsigned long long *dl;
    CHECK(cudaMalloc(&dw, sizeof(w)));
    CHECK(cudaMalloc(&dl, sizeof(l)));
    CHECK(cudaMemcpy(dw, w, sizeof(w), cudaMemcpyHostToDevice));
    CHECK(cudaMemcpy(dl, l, sizeof(l), cudaMemcpyHostToDevice));
    bits<<<1, 64>>>(dw, dl);
    CHECK(cudaGetLastError());
    CHECK(cudaMemcpy(w, dw, sizeof(w), cudaMemcpyDeviceToHost));
    CHECK(cudaMemcpy(l, dl, sizeof(l), cudaMemcpyDeviceToHost));
    CHECK(cudaFree(dw));
    CHECK(cudaFree(dl));
    int bad = 0;
    for (int k = 0; k < 4; k++)
        if (w[k] != ww[k] && ++bad)
            printf("word %d: %#x, expected %#x\n", k, w[k], ww[k]);
    for (int k = 0; k < 3; k++)
        if (l[k] != wl[k] && ++bad)
            printf("long %d: %#llx, expected %#llx\n", k, l[k], wl[k]);
    if (bad) {
        printf("FAIL atomic_bitwise\n");
        return 1;
    }
    printf("PASS atomic_bitwise\n");
    return 0;
}
