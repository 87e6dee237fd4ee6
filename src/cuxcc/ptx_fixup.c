/* ptx_fixup.c: repairs PTX that clang's NVPTX back end gets wrong, before
 * the PTX is wrapped.  PTX means what the ISA says it means, so the
 * repairs belong where the PTX is known to come from clang, not in the
 * device's front end, which must run hand-written and nvcc PTX as is.
 * Inline asm (between clang's "begin/end inline asm" comments) is the
 * user's own PTX and is never touched.
 *
 * Sign-dropping bfe.  LLVM up to 20 (fixed by llvm-project PR 130862)
 * selects `(x >> c) & (2^len - 1)` on a signed 64-bit x as `bfe.u64 d, x,
 * c, len` even when c + len > 64; the ISA fills the bits past the operand
 * with zero for .u64, but the shift filled them with x's sign.  The check
 * that should refuse it measures the field against the 32-bit shift
 * amount's width.  So `(long long)t < 0 ? 7 : 0`, which LLVM turns into
 * `(t >> 63) & 7`, gives 1 instead of 7 and CRC- and GF(2)-style code
 * computes garbage.  A logical shift never reaches bfe in that shape
 * (LLVM folds the mask away when it covers every bit left), so such a
 * bfe is always the arithmetic one, and becomes `shr.s` then `and`.
 *
 * Unmasked 64-bit rotate.  LLVM up to 18 (fixed by PR 89399) expands a
 * 64-bit rotate by a register amount as
 *     shl.b64 %lhs, x, a;  sub.u32 %amt2, 64, a;  shr.b64 %rhs, x, %amt2;
 * (or shr first for a right rotate) after dropping the source's `a & 63`,
 * since a rotate's amount counts modulo 64; PTX shifts clamp instead, so
 * any a >= 64 gives 0.  The repair masks a into %amt2 first:
 *     and.b32 %amt2, a, 63;  shl.b64 %lhs, x, %amt2;
 *     sub.u32 %amt2, 64, %amt2;  ...
 * which gives x for a multiple of 64 (the shr by 64 clamps to 0). */
#include "cuxcc.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *start; /* the text of one operand, not NUL-terminated */
    int len;
} operand;

/* One `bfe.uN d, a, pos, len;` line with immediate pos and len. */
typedef struct {
    operand prefix;   /* leading white space and "@%p1 " if guarded */
    int bits;         /* 32 or 64 */
    operand dst, src;
    unsigned pos, len;
} bfe_line;

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* An operand ends at ',' or ';'; it holds no white space in clang's PTX. */
static const char *read_operand(const char *p, const char *end, operand *op)
{
    p = skip_space(p, end);
    op->start = p;
    while (p < end && *p != ',' && *p != ';' && *p != ' ' && *p != '\t')
        p++;
    op->len = (int)(p - op->start);
    p = skip_space(p, end);
    return op->len > 0 ? p : NULL;
}

static bool read_unsigned(const operand *op, unsigned *value)
{
    if (op->len == 0 || op->len > 3)
        return false;
    unsigned v = 0;
    for (int i = 0; i < op->len; i++) {
        if (!isdigit((unsigned char)op->start[i]))
            return false;
        v = v * 10 + (unsigned)(op->start[i] - '0');
    }
    *value = v;
    return true;
}

static bool parse_bfe(const char *line, const char *end, bfe_line *b)
{
    const char *p = skip_space(line, end);
    if (p < end && *p == '@') {
        while (p < end && *p != ' ' && *p != '\t')
            p++;
        p = skip_space(p, end);
    }
    b->prefix = (operand){line, (int)(p - line)};
    if (end - p > 8 && !strncmp(p, "bfe.u64", 7))
        b->bits = 64;
    else if (end - p > 8 && !strncmp(p, "bfe.u32", 7))
        b->bits = 32;
    else
        return false;
    p += 7;
    operand pos, len;
    const char *q = read_operand(p, end, &b->dst);
    if (!q || *q != ',' || !(q = read_operand(q + 1, end, &b->src)) ||
        *q != ',' || !(q = read_operand(q + 1, end, &pos)) || *q != ',' ||
        !(q = read_operand(q + 1, end, &len)) || *q != ';')
        return false;
    return read_unsigned(&pos, &b->pos) && read_unsigned(&len, &b->len);
}

/* The field reaches past the operand only through the sign-filling
 * shift; pos at or past the width is a plain bfe (all fill). */
static bool is_sign_filled_field(const bfe_line *b)
{
    return b->pos < (unsigned)b->bits && b->pos + b->len > (unsigned)b->bits;
}

static void emit_arithmetic_field(cux_strbuf *out, const bfe_line *b)
{
    cux_strbuf_printf(out, "%.*sshr.s%d \t%.*s, %.*s, %u;\n",
                      b->prefix.len, b->prefix.start, b->bits, b->dst.len,
                      b->dst.start, b->src.len, b->src.start, b->pos);
    if (b->len >= (unsigned)b->bits)
        return;
    cux_strbuf_printf(out, "%.*sand.b%d \t%.*s, %.*s, %llu;\n",
                      b->prefix.len, b->prefix.start, b->bits, b->dst.len,
                      b->dst.start, b->dst.len, b->dst.start,
                      (1ull << b->len) - 1);
}

static bool contains(const char *line, const char *end, const char *what)
{
    size_t n = strlen(what);
    for (const char *p = line; p + n <= end; p++)
        if (!memcmp(p, what, n))
            return true;
    return false;
}

/* `shl.b64 %lhs, x, a;` (or shr) of clang's rotate expansion, whose next
 * line is `sub.u32 %amt2, 64, a;` with the same register a. */
typedef struct {
    operand prefix, shift, x, amount;
} rotate_head;

static bool parse_rotate(const char *line, const char *end, const char *next,
                         const char *next_end, rotate_head *r)
{
    const char *p = skip_space(line, end);
    r->prefix = (operand){line, (int)(p - line)};
    if (end - p < 8 || (strncmp(p, "shl.b64", 7) && strncmp(p, "shr.b64", 7)))
        return false;
    r->shift = (operand){p, 7};
    operand dst, sub_amount;
    const char *q = read_operand(p + 7, end, &dst);
    if (!q || *q != ',' || dst.len != 4 || memcmp(dst.start, "%lhs", 4) ||
        !(q = read_operand(q + 1, end, &r->x)) || *q != ',' ||
        !(q = read_operand(q + 1, end, &r->amount)) || *q != ';' ||
        r->amount.start[0] != '%')
        return false;
    p = skip_space(next, next_end);
    if (next_end - p < 20 || strncmp(p, "sub.u32", 7))
        return false;
    q = skip_space(p + 7, next_end);
    if (next_end - q < 13 || strncmp(q, "%amt2, 64,", 10))
        return false;
    q = read_operand(q + 10, next_end, &sub_amount);
    return q && *q == ';' && sub_amount.len == r->amount.len &&
           !memcmp(sub_amount.start, r->amount.start, (size_t)r->amount.len);
}

static void emit_masked_rotate(cux_strbuf *out, const rotate_head *r)
{
    const char *in = r->prefix.start;
    int indent = r->prefix.len;
    cux_strbuf_printf(out, "%.*sand.b32 \t%%amt2, %.*s, 63;\n", indent, in,
                      r->amount.len, r->amount.start);
    cux_strbuf_printf(out, "%.*s%.*s \t%%lhs, %.*s, %%amt2;\n", indent, in,
                      r->shift.len, r->shift.start, r->x.len, r->x.start);
    cux_strbuf_printf(out, "%.*ssub.u32 \t%%amt2, 64, %%amt2;\n", indent, in);
}

/* Rewrites text into out; returns how many instructions it repaired. */
static int repair(const char *text, size_t size, cux_strbuf *out)
{
    int repaired = 0;
    bool in_asm = false;
    const char *end_of_text = text + size;
    for (const char *line = text; line < end_of_text;) {
        const char *nl = memchr(line, '\n', (size_t)(end_of_text - line));
        const char *end = nl ? nl : end_of_text;
        const char *next = nl ? nl + 1 : end_of_text;
        const char *nl2 = memchr(next, '\n', (size_t)(end_of_text - next));
        const char *next_end = nl2 ? nl2 : end_of_text;
        bfe_line b;
        rotate_head r;
        if (contains(line, end, "// begin inline asm")) {
            in_asm = true;
        } else if (contains(line, end, "// end inline asm")) {
            in_asm = false;
        } else if (!in_asm && parse_bfe(line, end, &b) &&
                   is_sign_filled_field(&b)) {
            emit_arithmetic_field(out, &b);
            repaired++;
            line = next;
            continue;
        } else if (!in_asm && parse_rotate(line, end, next, next_end, &r)) {
            emit_masked_rotate(out, &r);
            repaired++;
            line = nl2 ? nl2 + 1 : end_of_text; /* the sub is rewritten too */
            continue;
        }
        cux_strbuf_append(out, line, (size_t)(next - line));
        line = next;
    }
    return repaired;
}

int cux_cc_fix_clang_ptx(const cux_cc_opts *opts, const char *ptx_path)
{
    cux_cc_note(opts, "cuxcc: repair clang's PTX in %s", ptx_path);
    if (opts->dryrun)
        return 0;
    size_t size = 0;
    char *text = cux_cc_slurp(ptx_path, &size);
    if (!text)
        return 1;
    cux_strbuf out = {0};
    int repaired = repair(text, size, &out);
    free(text);
    bool ok = true;
    if (repaired) {
        FILE *f = fopen(ptx_path, "wb");
        ok = f && fwrite(out.data, 1, out.len, f) == out.len;
        if (f && fclose(f))
            ok = false;
        if (!ok)
            fprintf(stderr, "cuxcc: cannot write %s: %s\n", ptx_path,
                    strerror(errno));
    }
    cux_strbuf_free(&out);
    return ok ? 0 : 1;
}
