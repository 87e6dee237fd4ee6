/* test_printf_format.c: cux_printf_format against expected text, with
 * argument buffers packed the way clang packs a device printf call.
 * Build: gcc -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -Isrc -Iinclude
 *   tests/unit/test_printf_format.c src/dev/printf_format.c src/util/[*].c */
#include "dev/device.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The vprintf buffer: each argument aligned to its own size. */
typedef struct pack {
    _Alignas(8) char buf[1024];
    size_t off;
} pack;

static void put(pack *p, const void *v, size_t n)
{
    p->off = (p->off + n - 1) & ~(n - 1);
    memcpy(p->buf + p->off, v, n);
    p->off += n;
}

static void pi(pack *p, int32_t v) { put(p, &v, 4); }
static void pl(pack *p, int64_t v) { put(p, &v, 8); }
static void pd(pack *p, double v) { put(p, &v, 8); }
static void pp(pack *p, const void *v) { put(p, &v, 8); }

static int failures, checks;

static void check(const char *fmt, const pack *p, const char *want)
{
    cux_strbuf out = {0};
    cux_printf_format(&out, fmt, p ? p->buf : NULL);
    const char *got = out.data ? out.data : "";
    checks++;
    if (strcmp(got, want) != 0) {
        failures++;
        printf("FAIL \"%s\": got \"%s\", want \"%s\"\n", fmt, got, want);
    }
    cux_strbuf_free(&out);
}

static void test_plain(void)
{
    check("hello\n", NULL, "hello\n");
    check("", NULL, "");
    check("100%% sure", NULL, "100% sure");
    check("%d", NULL, "%d"); /* no buffer: printed as written */
    check("tail %", NULL, "tail %");
    pack p = {0};
    pi(&p, 5);
    check("%y %d", &p, "%y 5"); /* unknown letter consumes nothing */
    check("%5", &p, "%5");
    check("%l", &p, "%l");
}

static void test_ints(void)
{
    pack p = {0};
    pi(&p, 42);
    pi(&p, -42);
    pi(&p, 7);
    pi(&p, 7);
    check("%d %i|%5d|%-5d|", &p, "42 -42|    7|7    |");
    check("%05d %+d % d", &p, "00042 -42  7");
    pack q = {0};
    pi(&q, -1);
    pi(&q, 255);
    pi(&q, 255);
    pi(&q, 8);
    pi(&q, 8);
    check("%u %x %#X %o %#o", &q, "4294967295 ff 0XFF 10 010");
    check("%.3d|%8.3d|%-+6d|", &q, "-001|     255|+255  |");
    pack h = {0};
    pi(&h, 70000);
    pi(&h, 200);
    pi(&h, 300);
    pi(&h, 0x12345);
    check("%hd %hhd %hhu %hx", &h, "4464 -56 44 2345");
}

static void test_longs(void)
{
    pack p = {0};
    pl(&p, -1234567890123LL);
    pl(&p, (int64_t)18446744073709551615ULL);
    pl(&p, 0x1234567890abLL);
    pl(&p, 42);
    pl(&p, -3);
    pl(&p, 9);
    check("%lld %llu %lx %zu %jd %td", &p,
          "-1234567890123 18446744073709551615 1234567890ab 42 -3 9");
    pack m = {0}; /* int, long long, int, double, string: alignment */
    pi(&m, 1);
    pl(&m, 2);
    pi(&m, 3);
    pd(&m, 4.5);
    pp(&m, "five");
    check("%d %ld %d %.1f %s", &m, "1 2 3 4.5 five");
    check("%d %lld %d %f %s", &m, "1 2 3 4.500000 five");
}

static void test_floats(void)
{
    pack p = {0};
    pd(&p, 3.14159265);
    pd(&p, 3.14159265);
    pd(&p, 12345.678);
    pd(&p, 0.0001234);
    pd(&p, 1e20);
    pd(&p, 1.0);
    check("%f %.2f %10.3e %g %G %a", &p,
          "3.141593 3.14  1.235e+04 0.0001234 1E+20 0x1p+0");
    pack s = {0};
    pd(&s, 1.0 / 0.0);
    pd(&s, -1.0 / 0.0);
    pd(&s, NAN);
    pd(&s, -0.0);
    pd(&s, 2.5);
    check("%F %f %f %f %E", &s, "INF -inf nan -0.000000 2.500000E+00");
    check("%lf %Lf %8.1f|%-8.1f|%+.0f", &s, "inf -inf      nan|-0.0    |+2");
    pack a = {0};
    pd(&a, 255.5);
    check("%A", &a, "0X1.FFP+7");
}

static void test_strings(void)
{
    pack p = {0};
    pp(&p, "abc");
    pp(&p, "abcdef");
    pp(&p, "xy");
    pp(&p, NULL);
    check("%s %.2s %-6s| %s", &p, "abc ab xy    | (null)");
    pack c = {0};
    pi(&c, 'A');
    pi(&c, 'z');
    check("%c%3c", &c, "A  z");
    int x = 0;
    pack ptr = {0};
    pp(&ptr, &x);
    char want[64];
    snprintf(want, sizeof(want), "%p", (void *)&x);
    check("%p", &ptr, want);
}

static void test_star(void)
{
    pack p = {0};
    pi(&p, 6);
    pi(&p, 42);
    pi(&p, -6);
    pi(&p, 42);
    pi(&p, 3);
    pd(&p, 2.0);
    pi(&p, -1);
    pd(&p, 2.0);
    check("%*d|%*d|%.*f|%.*f", &p, "    42|42    |2.000|2.000000");
    pack q = {0};
    pi(&q, 8);
    pi(&q, 3);
    pd(&q, 1.0);
    check("%-*.*e|", &q, "1.000e+00|");
    check("%*d", NULL, "%*d"); /* no arguments at all */
}

static void test_n_and_limits(void)
{
    int target = 99;
    pack p = {0};
    pp(&p, &target);
    pi(&p, 7);
    check("a%nb%d", &p, "ab7");
    if (target != 99) {
        failures++;
        printf("FAIL %%n wrote through its pointer\n");
    }
    pack m = {0};
    char fmt[3 * 33 + 1] = "", want[256] = "";
    for (int i = 0; i < 33; i++) {
        pi(&m, i);
        strcat(fmt, "%d,");
        if (i < 32)
            sprintf(want + strlen(want), "%d,", i);
    }
    strcat(want, "%d,"); /* the 33rd argument is ignored */
    check(fmt, &m, want);
    pack w = {0};
    pi(&w, 1);
    cux_strbuf out = {0};
    cux_printf_format(&out, "%1000000d", w.buf);
    checks++;
    if (out.len != 65536) {
        failures++;
        printf("FAIL huge width: %zu bytes\n", out.len);
    }
    cux_strbuf_free(&out);
}

int main(void)
{
    test_plain();
    test_ints();
    test_longs();
    test_floats();
    test_strings();
    test_star();
    test_n_and_limits();
    printf("%s printf_format: %d checks, %d failures\n",
           failures ? "FAIL" : "PASS", checks, failures);
    return failures != 0;
}
