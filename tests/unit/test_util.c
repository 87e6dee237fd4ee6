/* test_util.c: the compiler core's toolbox (src/util): formatted strings
 * in an arena have no length limit, never overwrite one another, and
 * leave the arena's zeroing promise intact.  Prints PASS/FAIL. */
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void report(bool ok, const char *name)
{
    printf("%s %s\n", ok ? "PASS" : "FAIL", name);
    if (!ok)
        failures++;
}

/* Thousands of strings, more than a chunk holds: each keeps its text. */
static void many_strings(void)
{
    enum { N = 20000 };
    cux_arena arena = {0};
    char **s = calloc(N, sizeof *s);
    for (int i = 0; i < N; i++)
        s[i] = cux_arena_printf(&arena, "value_%d_%s", i, i % 7 ? "x" : "yy");
    bool ok = true;
    for (int i = 0; i < N && ok; i++) {
        char want[64];
        snprintf(want, sizeof want, "value_%d_%s", i, i % 7 ? "x" : "yy");
        ok = !strcmp(s[i], want);
    }
    report(ok, "arena_printf_many");
    free(s);
    cux_arena_free(&arena);
}

/* A string longer than a whole chunk, and one built from earlier ones. */
static void long_strings(void)
{
    cux_arena arena = {0};
    size_t n = 200000;
    char *big = malloc(n + 1);
    memset(big, 'q', n);
    big[n] = '\0';
    char *copy = cux_arena_printf(&arena, "<%s>", big);
    const char *nested = "0";
    for (int i = 0; i < 100; i++)
        nested = cux_arena_printf(&arena, "(%s + %d)", nested, i);
    report(strlen(copy) == n + 2 && copy[0] == '<' && copy[n + 1] == '>' &&
           copy[n / 2 + 1] == 'q', "arena_printf_long");
    report(strlen(nested) > 500 && !strncmp(nested, "((((", 4) &&
           strstr(nested, "+ 99)") != NULL, "arena_printf_nested");
    free(big);
    cux_arena_free(&arena);
}

/* A string that does not fit the rest of a chunk must not leave its
 * first attempt behind in memory the arena later hands out as zeroed. */
static void stays_zeroed(void)
{
    cux_arena arena = {0};
    char filler[2000];
    memset(filler, 'f', sizeof filler - 1);
    filler[sizeof filler - 1] = '\0';
    bool ok = true;
    for (int i = 0; i < 200 && ok; i++) {
        cux_arena_printf(&arena, "%s", filler);
        unsigned char *z = cux_arena_alloc(&arena, 48);
        for (int k = 0; k < 48; k++)
            ok = ok && z[k] == 0;
    }
    report(ok, "arena_printf_keeps_zeroing");
    cux_arena_free(&arena);
}

int main(void)
{
    many_strings();
    long_strings();
    stays_zeroed();
    return failures ? 1 : 0;
}
