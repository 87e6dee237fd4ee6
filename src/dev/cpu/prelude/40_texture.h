/* 40_texture.h: texture sampling for the tex instruction: address modes,
 * point and linear filtering, element or normalized reads, as the CUDA
 * Programming Guide's texture fetching appendix describes (linear
 * filtering weights keep full float precision, not 9-bit fractions). */

/* Maps texel index i of a dimension of n texels; -1 means the border. */
CUX_INL int64_t cux_tex_address(int64_t i, int64_t n, uint32_t mode,
                                uint32_t normalized)
{
    if (!normalized && (mode == 0 || mode == 2))
        mode = 1; /* wrap and mirror need normalized coordinates */
    switch (mode) {
    case 0:
        return ((i % n) + n) % n;
    case 2: {
        int64_t period = 2 * n, m = ((i % period) + period) % period;
        return m < n ? m : period - 1 - m;
    }
    case 3:
        return i < 0 || i >= n ? -1 : i;
    default:
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }
}

/* One channel of the texel at p, as float (normalized if asked) or as
 * the integer bits of an element-type read. */
CUX_INL float cux_tex_channel(const cux_texture_desc *t, const char *p,
                              int c, int32_t *as_int)
{
    uint32_t bytes = t->channel_bits / 8;
    const char *q = p + (size_t)c * bytes;
    int64_t v = 0;
    if (t->kind == 2) { /* float channels */
        float f;
        if (bytes == 2) {
            uint16_t h;
            memcpy(&h, q, 2);
            f = cux_half_to_float(h);
        } else {
            memcpy(&f, q, 4);
        }
        memcpy(as_int, &f, 4);
        return f;
    }
    if (bytes == 1)
        v = t->kind == 0 ? (int64_t)*(const int8_t *)q : (int64_t)*(const uint8_t *)q;
    else if (bytes == 2) {
        uint16_t u;
        memcpy(&u, q, 2);
        v = t->kind == 0 ? (int64_t)(int16_t)u : (int64_t)u;
    } else {
        uint32_t u;
        memcpy(&u, q, 4);
        v = t->kind == 0 ? (int64_t)(int32_t)u : (int64_t)u;
    }
    *as_int = (int32_t)v;
    if (!t->read_normalized)
        return (float)v;
    double max = (double)((1ull << (t->channel_bits - (t->kind == 0))) - 1);
    double f = v / max;
    return (float)(f < -1.0 ? -1.0 : f);
}

/* Reads texel (i, j, k) after addressing into f[4] / n[4]. */
CUX_INL void cux_tex_texel(const cux_texture_desc *t, int64_t i, int64_t j,
                           int64_t k, float *f, int32_t *n)
{
    i = cux_tex_address(i, (int64_t)t->width, t->address_mode[0],
                        t->normalized_coords);
    j = t->dims > 1 ? cux_tex_address(j, (int64_t)t->height,
                                      t->address_mode[1],
                                      t->normalized_coords) : 0;
    k = t->dims > 2 ? cux_tex_address(k, (int64_t)t->depth,
                                      t->address_mode[2],
                                      t->normalized_coords) : 0;
    for (int c = 0; c < 4; c++) {
        f[c] = c < 3 || t->channels > 3 ? 0.0f : 1.0f;
        n[c] = c < 3 || t->channels > 3 ? 0 : 1;
    }
    if (i < 0 || j < 0 || k < 0) {
        for (int c = 0; c < 4; c++) {
            f[c] = t->border[c];
            memcpy(&n[c], &t->border[c], 4);
        }
        return;
    }
    const char *p = t->data + (size_t)k * t->slice_pitch +
                    (size_t)j * t->pitch +
                    (size_t)i * t->channels * (t->channel_bits / 8);
    for (int c = 0; c < (int)t->channels && c < 4; c++)
        f[c] = cux_tex_channel(t, p, c, &n[c]);
    if (t->channels < 4 && !(t->kind != 2 && !t->read_normalized))
        f[3] = 1.0f; /* missing alpha of a float read */
}

/* The face a cube fetch's direction (x, y, z) points at, with the
 * face's coordinates in [0, 1], by the CUDA Programming Guide's cubemap
 * table: the component of largest magnitude m picks the face, the other
 * two (signed as the table says) give ((s / m + 1) / 2, (t / m + 1) / 2).
 * A zero or NaN direction reads the centre of face 0. */
CUX_INL uint32_t cux_tex_cube_face(float x, float y, float z, float *s,
                                   float *t)
{
    float ax = fabsf(x), ay = fabsf(y), az = fabsf(z), m, sc, tc;
    uint32_t face;
    if (ax >= ay && ax >= az) {
        face = x >= 0 ? 0 : 1, m = ax, sc = x >= 0 ? -z : z, tc = -y;
    } else if (ay >= az) {
        face = y >= 0 ? 2 : 3, m = ay, sc = x, tc = y >= 0 ? z : -z;
    } else {
        face = z >= 0 ? 4 : 5, m = az, sc = z >= 0 ? x : -x, tc = -y;
    }
    if (!(m > 0)) {
        *s = *t = 0.5f;
        return 0;
    }
    *s = (sc / m + 1) * 0.5f;
    *t = (tc / m + 1) * 0.5f;
    return face;
}

/* Geometries of cux_tex_sample beyond the texture's own dims. */
enum { CUX_TEX_LAYERED = 1, CUX_TEX_CUBE = 2 };

/* The tex instruction for one lane: out[] gets four 32-bit results,
 * floats when want_float, else the element integers.  geom holds
 * CUX_TEX_LAYERED (the fetch names a layer, clamped to the texture's)
 * and CUX_TEX_CUBE (x, y, z are a direction): either reads one slice. */
CUX_INL void cux_tex_sample(uint64_t handle, int int_coords, float x,
                            float y, float z, int32_t ix, int32_t iy,
                            int32_t iz, int32_t layer, int geom,
                            int want_float, uint32_t out[4])
{
    const cux_texture_desc *t = (const cux_texture_desc *)(uintptr_t)handle;
    float f[4], g[4];
    int32_t n[4], m[4];
    cux_texture_desc slice;
    memset(out, 0, 16);
    if (!t || !t->data) /* an unbound texture reference reads zero */
        return;
    if (geom) {
        slice = *t;
        uint64_t index = 0;
        if (geom & CUX_TEX_CUBE) {
            index = cux_tex_cube_face(x, y, z, &x, &y);
            z = 0;
            slice.normalized_coords = 1; /* face coordinates are */
        }
        if (geom & CUX_TEX_LAYERED) {
            int64_t last = t->layers ? (int64_t)t->layers - 1 : 0;
            int64_t l = layer < 0 ? 0 : layer > last ? last : layer;
            index += (uint64_t)l * (t->cubemap ? 6 : 1);
        }
        slice.data += index * t->slice_pitch;
        slice.depth = 1;
        if (slice.dims > 2)
            slice.dims = 2;
        t = &slice;
    }
    if (int_coords || t->linear) {
        int64_t i = int_coords ? ix : (int64_t)floorf(x);
        if (t->linear && (i < 0 || (uint64_t)i >= t->width))
            return; /* tex1Dfetch out of range reads zero */
        cux_tex_texel(t, i, int_coords ? iy : (int64_t)floorf(y),
                      int_coords ? iz : (int64_t)floorf(z), f, n);
    } else {
        if (t->normalized_coords) {
            x *= (float)t->width;
            y *= (float)t->height;
            z *= (float)t->depth;
        }
        if (!t->filter_linear) {
            cux_tex_texel(t, (int64_t)floorf(x), (int64_t)floorf(y),
                          (int64_t)floorf(z), f, n);
        } else {
            float xb = x - 0.5f, yb = y - 0.5f, zb = z - 0.5f;
            int64_t i0 = (int64_t)floorf(xb), j0 = (int64_t)floorf(yb);
            int64_t k0 = (int64_t)floorf(zb);
            float a = xb - (float)i0, b = t->dims > 1 ? yb - (float)j0 : 0;
            float cz = t->dims > 2 ? zb - (float)k0 : 0;
            for (int c = 0; c < 4; c++)
                f[c] = 0;
            for (int corner = 0; corner < 8; corner++) {
                int di = corner & 1, dj = corner >> 1 & 1, dk = corner >> 2;
                float w = (di ? a : 1 - a) * (dj ? b : 1 - b) *
                          (dk ? cz : 1 - cz);
                if (w == 0.0f)
                    continue;
                cux_tex_texel(t, i0 + di, j0 + dj, k0 + dk, g, m);
                for (int c = 0; c < 4; c++)
                    f[c] += w * g[c];
            }
        }
    }
    for (int c = 0; c < 4; c++) {
        if (want_float)
            memcpy(&out[c], &f[c], 4);
        else
            out[c] = (uint32_t)n[c];
    }
}
