/* hash.c: FNV-1a hashing and an open-addressing string map.
 * The map borrows its keys: parsers point them into the source text. */
#include "util.h"

#include <stdlib.h>
#include <string.h>

uint64_t cux_hash64(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *bytes = data;
    uint64_t hash = 0xcbf29ce484222325ull ^ seed;
    for (size_t i = 0; i < len; i++) {
        hash ^= bytes[i];
        hash *= 0x100000001b3ull;
    }
    return hash;
}

static cux_strmap_slot *find_slot(const cux_strmap *map, const char *key,
                                  size_t keylen)
{
    uint32_t mask = map->cap - 1;
    uint32_t index = (uint32_t)cux_hash64(key, keylen, 0) & mask;
    for (;;) {
        cux_strmap_slot *slot = &map->slots[index];
        if (!slot->key ||
            (slot->keylen == keylen && !memcmp(slot->key, key, keylen)))
            return slot;
        index = (index + 1) & mask;
    }
}

bool cux_strmap_get(const cux_strmap *map, const char *key, size_t keylen,
                    uint32_t *value)
{
    if (!map->cap)
        return false;
    cux_strmap_slot *slot = find_slot(map, key, keylen);
    if (!slot->key)
        return false;
    *value = slot->value;
    return true;
}

static void grow(cux_strmap *map)
{
    cux_strmap old = *map;
    map->cap = old.cap ? old.cap * 2 : 64;
    map->slots = cux_xcalloc(map->cap, sizeof(*map->slots));
    map->count = 0;
    for (uint32_t i = 0; i < old.cap; i++)
        if (old.slots[i].key)
            cux_strmap_put(map, old.slots[i].key, old.slots[i].keylen,
                           old.slots[i].value);
    free(old.slots);
}

void cux_strmap_put(cux_strmap *map, const char *key, size_t keylen,
                    uint32_t value)
{
    if ((map->count + 1) * 2 > map->cap)
        grow(map);
    cux_strmap_slot *slot = find_slot(map, key, keylen);
    if (!slot->key) {
        slot->key = key;
        slot->keylen = (uint32_t)keylen;
        map->count++;
    }
    slot->value = value;
}

void cux_strmap_free(cux_strmap *map)
{
    free(map->slots);
    map->slots = NULL;
    map->cap = map->count = 0;
}
