/* arena.c: bump allocation for compiler data.
 * A module's IR lives in one arena and is freed with one call. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cux_arena_chunk {
    cux_arena_chunk *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

enum { CHUNK_MIN = 64 * 1024 };

void *cux_arena_alloc(cux_arena *arena, size_t size)
{
    size = (size + 15) & ~(size_t)15;
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
