/* curand_jump.c: build tool that writes include/cux/curand_jumps.h, the
 * tables cuRAND's XORWOW and MRG32k3a generators skip ahead with.
 *
 * XORWOW's 160-bit xorshift state moves by a fixed linear map M over
 * GF(2), so n steps are M^n.  With P the characteristic polynomial of M
 * (degree 160), M^n = (x^n mod P)(M): a state jumps n steps by evaluating
 * that polynomial at M on it, 160 single steps and XORs (Horner).  The
 * table holds x^(2^k) mod P for k = 0 .. 130: bits 0-63 of an offset
 * (skipahead) and bits 0-63 of a subsequence number, each 2^67 steps
 * (skipahead_sequence, k = 67 ..).  P is found here from the generator
 * itself (Berlekamp-Massey on one output bit), and every entry is checked
 * before it is written, so nothing but Marsaglia's step is assumed.
 *
 * MRG32k3a (L'Ecuyer, 1999) is two order-3 recurrences modulo m1 and m2,
 * each a 3x3 matrix A on its state: the table holds A^(2^k) mod m for
 * k = 0 .. 190: offsets (k < 64), subsequences of 2^76 draws (k = 76 ..)
 * and sequences of 2^127 (k = 127 ..), found by squaring and checked
 * against stepping the same way. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define WORDS 5                 /* 160 bits */
#define DEG 160
#define JUMPS 131               /* k = 0 .. 130 */
#define SEQ 400                 /* > 2 * DEG bits for Berlekamp-Massey */

typedef struct { uint32_t w[WORDS]; } poly;        /* bit i: x^i */
typedef struct { uint32_t w[2 * WORDS]; } wide;    /* a product */

static void step(uint32_t v[WORDS])
{
    uint32_t t = v[0] ^ (v[0] >> 2);
    memmove(v, v + 1, 4 * sizeof(*v));
    v[4] = (v[4] ^ (v[4] << 4)) ^ (t ^ (t << 1));
}

static int bit(const uint32_t *w, int i) { return (w[i / 32] >> (i % 32)) & 1; }
static void flip(uint32_t *w, int i) { w[i / 32] ^= 1u << (i % 32); }

/* The characteristic polynomial from the minimal polynomial of the bit
 * sequence s_t (bit 0 of v[4] after t steps); for a primitive M, which
 * full-period xorshift has, the two are equal, and degree 160 says so. */
static int charpoly(poly *p)
{
    uint32_t v[WORDS] = {123456789u, 362436069u, 521288629u, 88675123u,
                         5783321u};
    uint8_t s[SEQ], c[SEQ + 1] = {1}, b[SEQ + 1] = {1}, t[SEQ + 1];
    for (int i = 0; i < SEQ; i++) {
        step(v);
        s[i] = v[4] & 1;
    }
    int L = 0, m = 1;
    for (int n = 0; n < SEQ; n++) {
        int d = s[n];
        for (int i = 1; i <= L; i++)
            d ^= c[i] & s[n - i];
        if (!d) {
            m++;
            continue;
        }
        memcpy(t, c, sizeof(t));
        for (int i = 0; i + m <= SEQ; i++)
            c[i + m] ^= b[i];
        if (2 * L <= n) {
            L = n + 1 - L;
            memcpy(b, t, sizeof(b));
            m = 1;
        } else {
            m++;
        }
    }
    if (L != DEG)
        return -1;
    /* C(x) = 1 + c1 x + ... + cL x^L; P(x) = x^L C(1/x), less x^160. */
    memset(p, 0, sizeof(*p));
    for (int i = 1; i <= L; i++)
        if (c[i])
            flip(p->w, L - i);
    return 0;
}

/* a * b mod P (P's x^160 term implicit). */
static poly mulmod(const poly *a, const poly *b, const poly *p)
{
    wide r = {{0}};
    for (int i = 0; i < DEG; i++)
        if (bit(a->w, i))
            for (int j = 0; j < DEG; j++)
                if (bit(b->w, j))
                    flip(r.w, i + j);
    for (int i = 2 * DEG - 2; i >= DEG; i--)
        if (bit(r.w, i)) {
            flip(r.w, i);
            for (int j = 0; j < DEG; j++)
                if (bit(p->w, j))
                    flip(r.w, i - DEG + j);
        }
    poly out;
    memcpy(out.w, r.w, sizeof(out.w));
    return out;
}

/* c(M) v by Horner, as curand_kernel.h does it. */
static void jump(uint32_t v[WORDS], const poly *c)
{
    uint32_t acc[WORDS] = {0};
    for (int i = DEG - 1; i >= 0; i--) {
        step(acc);
        if (bit(c->w, i))
            for (int k = 0; k < WORDS; k++)
                acc[k] ^= v[k];
    }
    memcpy(v, acc, sizeof(acc));
}

/* Each entry with 2^k small enough to walk is checked by walking. */
static int check(const poly *t)
{
    for (int k = 0; k <= 16; k++) {
        uint32_t a[WORDS] = {1u, 2u, 3u, 4u, 5u}, b[WORDS];
        memcpy(b, a, sizeof(a));
        jump(a, &t[k]);
        for (long n = 0; n < 1L << k; n++)
            step(b);
        if (memcmp(a, b, sizeof(a)))
            return -1;
    }
    return 0;
}

/* --- MRG32k3a --------------------------------------------------------- */

#define MRG_JUMPS 191
static const uint64_t mrg_mod[2] = {4294967087u, 4294944443u};
/* Each recurrence's companion matrix: x_n = a x_{n-2} + b x_{n-3}, the
 * state (x_{n-3}, x_{n-2}, x_{n-1}) shifting up. */
static const int64_t mrg_coef[2][3] = {{-810728, 1403580, 0},
                                       {-1370589, 0, 527612}};

typedef struct { uint64_t a[3][3]; } mat;

static mat mat_mul(const mat *x, const mat *y, uint64_t m)
{
    mat r;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            uint64_t s = 0;
            for (int k = 0; k < 3; k++)
                s = (s + x->a[i][k] * y->a[k][j] % m) % m;
            r.a[i][j] = s;
        }
    return r;
}

static void mrg_step(int g, uint64_t v[3])
{
    int64_t m = (int64_t)mrg_mod[g];
    int64_t t = 0;
    for (int k = 0; k < 3; k++)
        t = (t + mrg_coef[g][k] * (int64_t)v[k]) % m;
    v[0] = v[1];
    v[1] = v[2];
    v[2] = (uint64_t)(t < 0 ? t + m : t);
}

static int mrg_tables(mat t[2][MRG_JUMPS])
{
    for (int g = 0; g < 2; g++) {
        mat a = {{{0, 1, 0}, {0, 0, 1}, {0}}};
        for (int k = 0; k < 3; k++) {
            int64_t c = mrg_coef[g][k] % (int64_t)mrg_mod[g];
            a.a[2][k] = (uint64_t)(c < 0 ? c + (int64_t)mrg_mod[g] : c);
        }
        t[g][0] = a;
        for (int k = 1; k < MRG_JUMPS; k++)
            t[g][k] = mat_mul(&t[g][k - 1], &t[g][k - 1], mrg_mod[g]);
        for (int k = 0; k <= 12; k++) {
            uint64_t v[3] = {12345, 67890, 13579}, w[3];
            for (int i = 0; i < 3; i++) {
                w[i] = 0;
                for (int j = 0; j < 3; j++)
                    w[i] = (w[i] + t[g][k].a[i][j] * v[j] % mrg_mod[g]) %
                           mrg_mod[g];
            }
            for (long n = 0; n < 1L << k; n++)
                mrg_step(g, v);
            if (memcmp(v, w, sizeof(v)))
                return -1;
        }
    }
    return 0;
}

static void print_mrg(mat t[2][MRG_JUMPS])
{
    printf("/* A^(2^k) mod m for MRG32k3a's two recurrences, k = 0 .. %d,\n"
           " * row by row. */\n", MRG_JUMPS - 1);
    printf("#define CUX_MRG_JUMPS %d\n", MRG_JUMPS);
    printf("CUX_RAND_TABLE unsigned int cux_mrg_jump_table[%d][2][9] = {\n",
           MRG_JUMPS);
    for (int k = 0; k < MRG_JUMPS; k++) {
        printf("    {");
        for (int g = 0; g < 2; g++) {
            printf("{");
            for (int i = 0; i < 9; i++)
                printf("%lluu%s", (unsigned long long)t[g][k].a[i / 3][i % 3],
                       i < 8 ? ", " : "");
            printf("}%s", g ? "" : ",\n     ");
        }
        printf("},\n");
    }
    printf("};\n");
}

int main(void)
{
    static mat mrg[2][MRG_JUMPS];
    if (mrg_tables(mrg)) {
        fprintf(stderr, "curand_jump: an MRG32k3a jump differs from its "
                        "steps\n");
        return 1;
    }
    poly p, t[JUMPS];
    if (charpoly(&p)) {
        fprintf(stderr, "curand_jump: XORWOW's polynomial is not 160\n");
        return 1;
    }
    memset(&t[0], 0, sizeof(t[0]));
    flip(t[0].w, 1);
    for (int k = 1; k < JUMPS; k++)
        t[k] = mulmod(&t[k - 1], &t[k - 1], &p);
    if (check(t)) {
        fprintf(stderr, "curand_jump: a jump differs from its steps\n");
        return 1;
    }
    printf("/* generated by build/curand_jump (src/tools/curand_jump.c): "
           "do not edit.\n * x^(2^k) mod P for XORWOW's characteristic "
           "polynomial P, k = 0 .. %d;\n * word i holds the coefficients "
           "of x^(32i) .. x^(32i+31). */\n", JUMPS - 1);
    printf("#define CUX_XORWOW_JUMPS %d\n", JUMPS);
    printf("CUX_RAND_TABLE unsigned int cux_xorwow_jump_table[%d][%d] = {\n",
           JUMPS, WORDS);
    for (int k = 0; k < JUMPS; k++) {
        printf("    {");
        for (int i = 0; i < WORDS; i++)
            printf("0x%08xu%s", t[k].w[i], i + 1 < WORDS ? ", " : "");
        printf("},\n");
    }
    printf("};\n");
    print_mrg(mrg);
    return 0;
}
