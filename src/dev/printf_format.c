/* printf_format.c: formats one device printf call from the argument
 * buffer that PTX hands to vprintf, as the CUDA driver does on the host.
 *
 * The buffer holds each argument at an offset aligned to its own size:
 * 4 bytes for int (char and short are promoted to it), 8 for long, long
 * long, size_t, pointers and double (float is promoted to double).  The
 * format is cut into literal text and single conversions; each conversion
 * is rebuilt from its parsed parts (flags, then `*.*` for width and
 * precision, then a length modifier chosen here) and handed to snprintf
 * with an argument of exactly the type that rebuilt format names, so a
 * bad or hostile format can never make the C library read the wrong type.
 *
 * CUDA's rules kept here: at most 32 arguments are consumed, and a
 * conversion past that is printed as written; a conversion with no
 * argument buffer at all is likewise printed as written; an unknown
 * conversion letter is printed as written and consumes nothing.  %n
 * writes nothing and prints nothing, but it consumes its pointer, which
 * the compiler did place in the buffer, so later arguments stay aligned. */
#include "dev/device.h"

#include <string.h>

enum { MAX_ARGS = 32, MAX_FIELD = 1 << 16 };

typedef enum { LEN_NONE, LEN_HH, LEN_H, LEN_64 } length;

typedef struct args_cursor {
    const char *base; /* NULL: the call had no arguments */
    size_t offset;
    int used;         /* arguments consumed so far */
    cux_printf_string_ok string_ok; /* NULL: every %s is host-readable */
    void *ctx;
} args_cursor;

typedef struct conv {
    char flags[8];
    int width, prec;  /* prec < 0: none */
    length len;
    char letter;
} conv;

/* Copies out the next argument of `size` bytes; false when none is left. */
static bool take(args_cursor *cur, void *out, size_t size)
{
    if (!cur->base || cur->used >= MAX_ARGS)
        return false;
    cur->offset = (cur->offset + size - 1) & ~(size - 1);
    memcpy(out, cur->base + cur->offset, size);
    cur->offset += size;
    cur->used++;
    return true;
}

static int clamp_field(long v)
{
    return v > MAX_FIELD ? MAX_FIELD : (int)v;
}

/* Reads digits or `*` for a width or precision; sets *missing if `*`
 * found no argument (the caller then prints the conversion as written). */
static int field(const char **p, args_cursor *cur, bool *missing)
{
    if (**p == '*') {
        int v = 0;
        (*p)++;
        if (!take(cur, &v, 4))
            *missing = true;
        return v;
    }
    long v = 0;
    for (; **p >= '0' && **p <= '9'; (*p)++)
        if (v <= MAX_FIELD)
            v = v * 10 + (**p - '0');
    return clamp_field(v);
}

static length parse_length(const char **p)
{
    const char *s = *p;
    if (s[0] == 'h' && s[1] == 'h') {
        *p += 2;
        return LEN_HH;
    }
    if (s[0] == 'l' && s[1] == 'l') {
        *p += 2;
        return LEN_64;
    }
    if (s[0] == 'h') {
        *p += 1;
        return LEN_H;
    }
    if (s[0] && strchr("lzjtLq", s[0])) {
        *p += 1;
        return LEN_64;
    }
    return LEN_NONE;
}

/* Parses the conversion after a '%' up to and including its letter.
 * Returns false if a `*` ran out of arguments. */
static bool parse_conv(const char **p, args_cursor *cur, conv *c)
{
    bool missing = false;
    size_t nflags = 0;
    while (**p && strchr("-+ #0", **p)) {
        if (nflags < sizeof(c->flags) - 1 && !strchr(c->flags, **p))
            c->flags[nflags++] = **p;
        (*p)++;
    }
    c->width = field(p, cur, &missing);
    if (c->width < 0) { /* a negative `*` width means left-justify */
        c->width = clamp_field(-(long)c->width);
        if (!strchr(c->flags, '-') && nflags < sizeof(c->flags) - 1)
            c->flags[nflags++] = '-';
    }
    c->prec = -1;
    if (**p == '.') {
        (*p)++;
        c->prec = clamp_field(field(p, cur, &missing));
    }
    c->len = parse_length(p);
    c->letter = **p;
    if (**p)
        (*p)++;
    return !missing;
}

/* Builds "%<flags>*.*<mod><letter>" for snprintf. */
static void build(char *fmt, const conv *c, const char *mod, char letter)
{
    size_t n = 0;
    fmt[n++] = '%';
    for (const char *f = c->flags; *f; f++)
        fmt[n++] = *f;
    memcpy(fmt + n, "*.*", 3);
    n += 3;
    while (*mod)
        fmt[n++] = *mod++;
    fmt[n++] = letter;
    fmt[n] = '\0';
}

static bool format_int(cux_strbuf *out, const conv *c, args_cursor *cur)
{
    char fmt[24];
    bool is_signed = c->letter == 'd' || c->letter == 'i';
    long long v = 0;
    if (c->len == LEN_64) {
        if (!take(cur, &v, 8))
            return false;
    } else {
        int32_t w;
        if (!take(cur, &w, 4))
            return false;
        if (c->len == LEN_HH)
            v = is_signed ? (long long)(signed char)w : (unsigned char)w;
        else if (c->len == LEN_H)
            v = is_signed ? (long long)(short)w : (unsigned short)w;
        else
            v = is_signed ? (long long)w : (long long)(uint32_t)w;
    }
    build(fmt, c, "ll", c->letter);
    if (is_signed)
        cux_strbuf_printf(out, fmt, c->width, c->prec, v);
    else
        cux_strbuf_printf(out, fmt, c->width, c->prec,
                          (unsigned long long)v);
    return true;
}

static bool format_float(cux_strbuf *out, const conv *c, args_cursor *cur)
{
    char fmt[24];
    double v;
    if (!take(cur, &v, 8))
        return false;
    build(fmt, c, "", c->letter);
    cux_strbuf_printf(out, fmt, c->width, c->prec, v);
    return true;
}

static bool format_string(cux_strbuf *out, const conv *c, args_cursor *cur)
{
    char fmt[24];
    const char *s;
    if (!take(cur, &s, 8))
        return false;
    if (s && cur->string_ok &&
        !cur->string_ok(cur->ctx, (uint64_t)(uintptr_t)s))
        s = "(string outside the device's memory)";
    build(fmt, c, "", 's');
    cux_strbuf_printf(out, fmt, c->width, c->prec, s ? s : "(null)");
    return true;
}

static bool format_other(cux_strbuf *out, const conv *c, args_cursor *cur)
{
    char fmt[24];
    if (c->letter == 'c') {
        int32_t ch;
        if (!take(cur, &ch, 4))
            return false;
        build(fmt, c, "", 'c');
        cux_strbuf_printf(out, fmt, c->width, c->prec, (int)ch);
        return true;
    }
    void *ptr;
    if (!take(cur, &ptr, 8))
        return false;
    if (c->letter == 'p') {
        build(fmt, c, "", 'p');
        cux_strbuf_printf(out, fmt, c->width, c->prec, ptr);
    }
    return true; /* %n: consumed, nothing written anywhere */
}

/* Formats one conversion; false if it could not be (unknown letter, or
 * its argument is missing) and should be printed as written. */
static bool format_conv(cux_strbuf *out, const conv *c, args_cursor *cur)
{
    switch (c->letter) {
    case 'd': case 'i': case 'o': case 'u': case 'x': case 'X':
        return format_int(out, c, cur);
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G':
    case 'a': case 'A':
        return format_float(out, c, cur);
    case 's':
        return format_string(out, c, cur);
    case 'c': case 'p': case 'n':
        return format_other(out, c, cur);
    case '%':
        cux_strbuf_append(out, "%", 1);
        return true;
    default:
        return false;
    }
}

void cux_printf_format(cux_strbuf *out, const char *fmt, const char *args)
{
    cux_printf_format_checked(out, fmt, args, NULL, NULL);
}

void cux_printf_format_checked(cux_strbuf *out, const char *fmt,
                               const char *args,
                               cux_printf_string_ok string_ok, void *ctx)
{
    args_cursor cur = {args, 0, 0, string_ok, ctx};
    const char *p = fmt;
    if (!fmt)
        return;
    while (*p) {
        const char *pct = strchr(p, '%');
        if (!pct) {
            cux_strbuf_puts(out, p);
            return;
        }
        cux_strbuf_append(out, p, (size_t)(pct - p));
        p = pct + 1;
        conv c = {{0}, 0, -1, LEN_NONE, 0};
        bool ok = parse_conv(&p, &cur, &c) && c.letter;
        if (!ok || !format_conv(out, &c, &cur))
            cux_strbuf_append(out, pct, (size_t)(p - pct));
    }
}
