/* arena.c: bump allocation for compiler data.
 * A module's IR lives in one arena and is freed with one call. */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cux_arena_chunk {
    cux_arena_chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

enum { CHUNK_MIN = 64 * 1024 };

static size_t round16(size_t size)
{
    return (size + 15) & ~(size_t)15;
}

void *cux_arena_alloc(cux_arena *arena, size_t size)
{
    size = round16(size);
    cux_arena_chunk *chunk = arena->head;
    if (!chunk || chunk->size - chunk->used < size) {
        size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;
        chunk = cux_xcalloc(1, sizeof(*chunk) + want);
        chunk->size = want;
        chunk->next = arena->head;
        arena->head = chunk;
    }
    void *result = chunk->data + chunk->used;
    chunk->used += size;
    return result;
}

char *cux_arena_strndup(cux_arena *arena, const char *s, size_t n)
{
    char *copy = cux_arena_alloc(arena, n + 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *cux_arena_strdup(cux_arena *arena, const char *s)
{
    return cux_arena_strndup(arena, s, strlen(s));
}

char *cux_arena_printf(cux_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = cux_arena_vprintf(arena, fmt, ap);
    va_end(ap);
    return s;
}

/* Formats straight into the newest chunk's free space (a multiple of 16,
 * as every size taken from it is), so only a string that does not fit
 * there is formatted twice.  The failed attempt's bytes stay in a chunk
 * that is no longer the newest, so nothing hands them out as zeroed. */
char *cux_arena_vprintf(cux_arena *arena, const char *fmt, va_list ap)
{
    cux_arena_chunk *chunk = arena->head;
    size_t room = chunk ? chunk->size - chunk->used : 0;
    char *at = room ? (char *)chunk->data + chunk->used : NULL;
    va_list again;
    va_copy(again, ap);
    int len = vsnprintf(at, room, fmt, ap);
    if (len < 0) { /* an encoding error: "", and the attempt undone */
        if (at)
            memset(at, 0, room);
        at = cux_arena_alloc(arena, 1);
    } else if ((size_t)len < room) {
        chunk->used += round16((size_t)len + 1);
    } else {
        at = cux_arena_alloc(arena, (size_t)len + 1);
        vsnprintf(at, (size_t)len + 1, fmt, again);
    }
    va_end(again);
    return at;
}

void cux_arena_free(cux_arena *arena)
{
    cux_arena_chunk *chunk = arena->head;
    while (chunk) {
        cux_arena_chunk *next = chunk->next;
        free(chunk);
        chunk = next;
    }
    arena->head = NULL;
}

void *cux_xrealloc(void *ptr, size_t size)
{
    void *result = realloc(ptr, size ? size : 1);
    if (!result) {
        fputs("cux: out of memory\n", stderr);
        abort();
    }
    return result;
}

void *cux_xcalloc(size_t count, size_t size)
{
    void *result = calloc(count ? count : 1, size ? size : 1);
    if (!result) {
        fputs("cux: out of memory\n", stderr);
        abort();
    }
    return result;
}
