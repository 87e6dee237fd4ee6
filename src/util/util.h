/* util.h: the compiler core's small toolbox, libc only.
 * Arena, growable arrays, string maps, hashing and diagnostics; each group
 * below is one file of src/util/. */
#ifndef CUX_UTIL_H
#define CUX_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* arena.c: bump allocator; everything allocated from it dies together. */
typedef struct cux_arena_chunk cux_arena_chunk;
typedef struct cux_arena {
    cux_arena_chunk *head; /* newest chunk first */
} cux_arena;

void *cux_arena_alloc(cux_arena *arena, size_t size); /* zeroed, 16-aligned */
char *cux_arena_strndup(cux_arena *arena, const char *s, size_t n);
char *cux_arena_strdup(cux_arena *arena, const char *s);
/* A formatted string of any length, NUL-terminated, in the arena. */
char *cux_arena_printf(cux_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *cux_arena_vprintf(cux_arena *arena, const char *fmt, va_list ap);
void cux_arena_free(cux_arena *arena);

/* Growable array of any element type: CUX_ARRAY(int) a = {0};
 * CUX_PUSH(a, 5); a.data[0]; a.len.  Owned by whoever holds it; release
 * with free(a.data).  Growth failure aborts via cux_xrealloc (the only
 * place the core gives up on out-of-memory: it cannot report partial
 * parses sensibly without memory for the report). */
#define CUX_ARRAY(T) struct { T *data; uint32_t len, cap; }
#define CUX_PUSH(arr, value)                                               \
    do {                                                                  \
        if ((arr).len == (arr).cap) {                                     \
            (arr).cap = (arr).cap ? (arr).cap * 2 : 8;                    \
            (arr).data = cux_xrealloc((arr).data,                         \
                                      (size_t)(arr).cap * sizeof(*(arr).data)); \
        }                                                                 \
        (arr).data[(arr).len++] = (value);                                \
    } while (0)

void *cux_xrealloc(void *ptr, size_t size);
void *cux_xcalloc(size_t count, size_t size);

/* hash.c: FNV-1a for cache keys and maps; a string -> uint32 map. */
uint64_t cux_hash64(const void *data, size_t len, uint64_t seed);

typedef struct cux_strmap_slot {
    const char *key; /* borrowed; must outlive the map */
    uint32_t keylen;
    uint32_t value;
} cux_strmap_slot;

typedef struct cux_strmap {
    cux_strmap_slot *slots;
    uint32_t cap, count;
} cux_strmap;

/* Returns true and sets *value if key is present. */
bool cux_strmap_get(const cux_strmap *map, const char *key, size_t keylen,
                    uint32_t *value);
/* Inserts or overwrites. */
void cux_strmap_put(cux_strmap *map, const char *key, size_t keylen,
                    uint32_t value);
void cux_strmap_free(cux_strmap *map);

/* diag.c: diagnostics collected, never printed by library code itself.
 * A diagnostic names origin:line:column, as compilers do. */
typedef struct cux_diag {
    char message[512]; /* first error, formatted "origin:line:col: error: ..." */
    uint32_t count;    /* number of errors reported */
} cux_diag;

void cux_diag_report(cux_diag *diag, const char *origin, uint32_t line,
                     uint32_t column, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void cux_diag_vreport(cux_diag *diag, const char *origin, uint32_t line,
                      uint32_t column, const char *fmt, va_list ap);

/* strbuf.c: growable text buffer for printers and code generators. */
typedef struct cux_strbuf {
    char *data; /* always NUL-terminated once anything was appended */
    size_t len, cap;
} cux_strbuf;

void cux_strbuf_append(cux_strbuf *buf, const char *text, size_t len);
void cux_strbuf_puts(cux_strbuf *buf, const char *text);
void cux_strbuf_printf(cux_strbuf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cux_strbuf_vprintf(cux_strbuf *buf, const char *fmt, va_list ap);
void cux_strbuf_free(cux_strbuf *buf);

/* A short busy wait before blocking on a condition variable: waking a
 * sleeping thread costs tens of microseconds, more than a short kernel.
 * CUX_SPIN_ROUNDS pauses are some tens of microseconds. */
enum { CUX_SPIN_ROUNDS = 1000 };

static inline void cux_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

#endif
