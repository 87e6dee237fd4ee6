/* rt_fatbin.c: finds the PTX in an NVIDIA fat binary, the device code that
 * nvcc embeds in a program, so that cux can run programs nvcc built.
 *
 * A fatbin (magic 0xBA55ED50) is a 16-byte header (magic, version 1, the
 * header's size, the size of what follows) and then entries, each a header
 * of its own size followed by its payload: SASS (a cubin, kind 2) for one
 * sm_XX, or PTX text (kind 1) for one compute_XX.  cux runs PTX only, so it
 * takes the PTX entry of the highest arch it supports; SASS is machine code
 * for NVIDIA GPUs and useless here.  nvcc 13 compresses PTX with zstd by
 * default (entry flag 0x8000, payload a zstd frame); cux decodes it with
 * the system's libzstd, opened at run time so that libcux does not depend
 * on it.  The older compression of nvcc 11 and 12 (flag 0x2000, only with
 * -Xfatbin -compress-all) is not decoded: the error says how to rebuild.
 * Every offset and size is checked against the container's own size, so a
 * corrupt fatbin gives an error, never a read past its end. */
#include "rt/rt.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FATBIN_MAGIC 0xBA55ED50u
#define ZSTD_MAGIC 0xFD2FB528u
#define KIND_PTX 1
#define KIND_SASS 2
#define FLAG_COMPRESSED_OLD 0x2000u
#define FLAG_COMPRESSED_ZSTD 0x8000u
#define ENTRY_MIN 0x40          /* the fields below end here */
#define HEADER_SIZE 0x10
/* A bound on a fatbin and on decompressed PTX: larger means corrupt. */
#define SIZE_LIMIT ((uint64_t)1 << 31)
/* The newest arch whose PTX cux expects to read (compute_90; arch-specific
 * PTX beyond it, such as wgmma, has no meaning on cux's devices). */
#define NEWEST_ARCH 90

/* One entry's fields, from the layout nvcc writes (little-endian). */
typedef struct entry {
    unsigned kind;
    unsigned arch;              /* 75 for sm_75 / compute_75 */
    uint64_t flags;
    const unsigned char *data;  /* payload as stored */
    uint64_t size;              /* stored bytes (compressed if so) */
    uint64_t plain_size;        /* decompressed size, if compressed */
} entry;

static uint16_t rd16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static uint64_t rd64(const unsigned char *p)
{
    return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

/* Reads the entry at offset off of a container of end bytes into *e and
 * returns the next entry's offset, or 0 if this one does not fit. */
static uint64_t read_entry(const unsigned char *base, uint64_t off,
                           uint64_t end, entry *e)
{
    if (end - off < ENTRY_MIN)
        return 0;
    const unsigned char *p = base + off;
    uint32_t head = rd32(p + 4);
    uint64_t size = rd64(p + 8);
    if (head < ENTRY_MIN || head > end - off || size > end - off - head)
        return 0;
    uint32_t compressed = rd32(p + 16);
    *e = (entry){
        .kind = rd16(p),
        .arch = rd32(p + 28),
        .flags = rd64(p + 40),
        .data = p + head,
        /* a compressed payload is padded; its own size is exact */
        .size = compressed && compressed <= size ? compressed : size,
        .plain_size = rd64(p + 56),
    };
    return off + head + size;
}

/* The decompressor of libzstd (its public API: ZSTD_decompress returns the
 * size written or an error code that ZSTD_isError recognises). */
typedef size_t (*zstd_decompress_fn)(void *, size_t, const void *, size_t);
typedef unsigned (*zstd_is_error_fn)(size_t);

static bool unzstd(const entry *e, char *out, char *why, size_t why_size)
{
    void *lib = dlopen("libzstd.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(why, why_size, "its PTX is zstd-compressed (nvcc 13 does "
                 "that by default) and libzstd.so.1 cannot be loaded; "
                 "install libzstd, or rebuild with nvcc -no-compress");
        return false;
    }
    zstd_decompress_fn dec = (zstd_decompress_fn)(uintptr_t)dlsym(
        lib, "ZSTD_decompress");
    zstd_is_error_fn is_error = (zstd_is_error_fn)(uintptr_t)dlsym(
        lib, "ZSTD_isError");
    bool ok = false;
    if (dec && is_error) {
        size_t n = dec(out, (size_t)e->plain_size, e->data, (size_t)e->size);
        ok = !is_error(n) && n == e->plain_size;
    }
    dlclose(lib);
    if (!ok)
        snprintf(why, why_size, "its compressed PTX for compute_%u is "
                 "corrupt (zstd cannot decode it)", e->arch);
    return ok;
}

/* Makes the PTX text of e: borrowed from the fatbin, or decompressed into
 * *owned (the caller frees it). */
static bool entry_ptx(const entry *e, const char **ptx, size_t *len,
                      char **owned, char *why, size_t why_size)
{
    if (e->flags & FLAG_COMPRESSED_ZSTD) {
        if (e->size < 4 || rd32(e->data) != ZSTD_MAGIC ||
            !e->plain_size || e->plain_size > SIZE_LIMIT) {
            snprintf(why, why_size, "its compressed PTX for compute_%u is "
                     "corrupt (no zstd frame)", e->arch);
            return false;
        }
        char *text = malloc((size_t)e->plain_size + 1);
        if (!text) {
            snprintf(why, why_size, "out of memory decompressing its PTX");
            return false;
        }
        if (!unzstd(e, text, why, why_size)) {
            free(text);
            return false;
        }
        text[e->plain_size] = '\0';
        *owned = text;
        *ptx = text;
        *len = strnlen(text, (size_t)e->plain_size);
        return true;
    }
    if (e->flags & FLAG_COMPRESSED_OLD) {
        snprintf(why, why_size, "its PTX for compute_%u is compressed in "
                 "the format of nvcc 11/12 (-Xfatbin -compress-all), which "
                 "cux does not decode; rebuild without it (nvcc "
                 "-Xfatbin -compress-all=false, or -no-compress)", e->arch);
        return false;
    }
    /* plain PTX is NUL-padded text */
    *ptx = (const char *)e->data;
    *len = strnlen(*ptx, (size_t)e->size);
    return true;
}

bool cux_rt_nvfatbin_ptx(const void *fatbin, const char **ptx, size_t *len,
                         char **owned, char *why, size_t why_size)
{
    const unsigned char *base = fatbin;
    *ptx = NULL;
    *len = 0;
    *owned = NULL;
    if (rd32(base) != FATBIN_MAGIC || rd16(base + 6) != HEADER_SIZE ||
        rd64(base + 8) > SIZE_LIMIT) {
        snprintf(why, why_size, "its NVIDIA fat binary has a corrupt header");
        return false;
    }
    uint64_t end = HEADER_SIZE + rd64(base + 8);
    entry best = {0}, e;
    unsigned sass_arch = 0, n = 0;
    for (uint64_t off = HEADER_SIZE; off < end; n++) {
        off = read_entry(base, off, end, &e);
        if (!off) {
            snprintf(why, why_size, "its NVIDIA fat binary is corrupt "
                     "(entry %u runs past its end)", n);
            return false;
        }
        if (e.kind == KIND_SASS && e.arch > sass_arch)
            sass_arch = e.arch;
        if (e.kind != KIND_PTX)
            continue;
        /* the highest arch cux reads; failing that, the lowest there is */
        bool fits = e.arch <= NEWEST_ARCH, best_fits = best.arch &&
                                                      best.arch <= NEWEST_ARCH;
        if (!best.kind || (fits && (!best_fits || e.arch > best.arch)) ||
            (!fits && !best_fits && e.arch < best.arch))
            best = e;
    }
    if (!best.kind) {
        if (sass_arch)
            snprintf(why, why_size, "this binary carries only SASS for "
                     "sm_%u, no PTX, and cux runs PTX; rebuild with "
                     "-gencode arch=compute_%u,code=[sm_%u,compute_%u]",
                     sass_arch, sass_arch, sass_arch, sass_arch);
        else
            snprintf(why, why_size, "its NVIDIA fat binary holds no PTX");
        return false;
    }
    return entry_ptx(&best, ptx, len, owned, why, why_size);
}
