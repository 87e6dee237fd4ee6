/* 40_texture.cl: texture fetches (tex) and surface accesses (suld, sust)
 * in software over the arena, as the CPU device does them: a texture or
 * surface object is the CUDA address of the device's copy of the
 * runtime's descriptor (dev/texture_desc.h, dev/surface_desc.h, laid out
 * here field for field; opencl_device.c pins the offsets), whose data
 * address is arena memory (linear memory or a CUDA array).  Address
 * modes, point and linear filtering and element or normalized reads
 * follow the CUDA Programming Guide's texture fetching appendix; linear
 * filtering weights keep full float precision, not 9-bit fractions. */

typedef struct cux_tex_desc {
    ulong data;                 /* CUDA address of texel (0, 0, 0) */
    ulong width, height, depth; /* texels, 1 for missing dims */
    ulong pitch, slice_pitch;   /* bytes */
    uint dims, layers, cubemap, linear, channels, channel_bits, kind;
    uint address_mode[3];       /* 0 wrap, 1 clamp, 2 mirror, 3 border */
    uint filter_linear, read_normalized, normalized_coords;
    float border[4];
} cux_tex_desc;

typedef struct cux_surf_desc {
    ulong data;                 /* element (0, 0, 0) of layer 0 */
    ulong row_bytes, height, depth, layers, pitch, slice_pitch;
    uint elem, dims;
} cux_surf_desc;

/* The descriptor at CUDA address h, copied; false for 0 or an address
 * with no descriptor's room in the arena. */
#define CUX_DESC_OF(T, h, out)                                            \
    ((h) && (h) - AB_ <= CUX_ARENA_BYTES - sizeof(T) && !((h) & 7UL)      \
         ? ((out) = *(__global const T *)(A_ + ((h) - AB_)), 1) : 0)

/* Texel index i of a dimension of n texels after addressing; -1 for the
 * border.  Wrap and mirror need normalized coordinates, else clamp. */
CUX_INL long cux_tex_address(long i, long n, uint mode, uint normalized)
{
    if (!normalized && (mode == 0 || mode == 2))
        mode = 1;
    if (mode == 0)
        return ((i % n) + n) % n;
    if (mode == 2) {
        long period = 2 * n, m = ((i % period) + period) % period;
        return m < n ? m : period - 1 - m;
    }
    if (mode == 3)
        return i < 0 || i >= n ? -1 : i;
    return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/* Channel c of the texel at CUDA address p: as float (normalized if the
 * read mode says so), its element bits in *bits. */
CUX_INL float cux_tex_channel(__global uchar *A_, ulong AB_,
                              const cux_tex_desc *t, ulong p, uint c,
                              int *bits)
{
    uint bytes = t->channel_bits / 8;
    ulong q = p + (ulong)c * bytes;
    if (t->kind == 2) { /* float channels: half or float */
        float f = bytes == 2 ? cux_half_to_float(CUX_GLOBAL(ushort, q))
                             : CUX_GLOBAL(float, q);
        *bits = as_int(f);
        return f;
    }
    long v;
    if (bytes == 1)
        v = t->kind == 0 ? (long)CUX_GLOBAL(char, q) : (long)CUX_GLOBAL(uchar, q);
    else if (bytes == 2)
        v = t->kind == 0 ? (long)CUX_GLOBAL(short, q) : (long)CUX_GLOBAL(ushort, q);
    else
        v = t->kind == 0 ? (long)CUX_GLOBAL(int, q) : (long)CUX_GLOBAL(uint, q);
    *bits = (int)v;
    if (!t->read_normalized)
        return (float)v;
    /* unsigned: v / (2^n - 1); signed: v / (2^(n-1) - 1), -1 at least */
    float max = (float)((1UL << (t->channel_bits - (t->kind == 0))) - 1);
    return fmax((float)v / max, -1.0f);
}

/* Texel (i, j, k) after addressing: four floats and four element-bit
 * words; a missing alpha reads 1. */
CUX_INL void cux_tex_texel(__global uchar *A_, ulong AB_,
                           const cux_tex_desc *t, long i, long j, long k,
                           float *f, int *n)
{
    i = cux_tex_address(i, (long)t->width, t->address_mode[0],
                        t->normalized_coords);
    j = t->dims > 1 ? cux_tex_address(j, (long)t->height, t->address_mode[1],
                                      t->normalized_coords) : 0;
    k = t->dims > 2 ? cux_tex_address(k, (long)t->depth, t->address_mode[2],
                                      t->normalized_coords) : 0;
    for (uint c = 0; c < 4; c++) {
        f[c] = c < 3 || t->channels > 3 ? 0.0f : 1.0f;
        n[c] = c < 3 || t->channels > 3 ? 0 : 1;
    }
    if (i < 0 || j < 0 || k < 0) {
        for (uint c = 0; c < 4; c++) {
            f[c] = t->border[c];
            n[c] = as_int(t->border[c]);
        }
        return;
    }
    ulong p = t->data + (ulong)k * t->slice_pitch + (ulong)j * t->pitch +
              (ulong)i * t->channels * (t->channel_bits / 8);
    for (uint c = 0; c < t->channels && c < 4; c++)
        f[c] = cux_tex_channel(A_, AB_, t, p, c, &n[c]);
    if (t->channels < 4 && !(t->kind != 2 && !t->read_normalized))
        f[3] = 1.0f; /* a float read's missing alpha */
}

/* The cube face direction (x, y, z) points at and the face coordinates
 * in [0, 1] (the Programming Guide's cubemap table: the component of
 * largest magnitude m picks the face, the other two signed as the table
 * says give (s / m + 1) / 2 and (t / m + 1) / 2).  A zero or NaN
 * direction reads the centre of face 0. */
CUX_INL uint cux_tex_cube_face(float x, float y, float z, float *s, float *t)
{
    float ax = fabs(x), ay = fabs(y), az = fabs(z), m, sc, tc;
    uint face;
    if (ax >= ay && ax >= az) {
        face = x >= 0 ? 0 : 1;
        m = ax;
        sc = x >= 0 ? -z : z;
        tc = -y;
    } else if (ay >= az) {
        face = y >= 0 ? 2 : 3;
        m = ay;
        sc = x;
        tc = y >= 0 ? z : -z;
    } else {
        face = z >= 0 ? 4 : 5;
        m = az;
        sc = z >= 0 ? x : -x;
        tc = -y;
    }
    if (!(m > 0)) {
        *s = *t = 0.5f;
        return 0;
    }
    *s = (sc / m + 1) * 0.5f;
    *t = (tc / m + 1) * 0.5f;
    return face;
}

/* Geometries beyond the texture's own dims (as the C generator's). */
#define CUX_TEX_LAYERED 1
#define CUX_TEX_CUBE 2

/* One tex: out[] gets four 32-bit results, floats if want_float, else
 * the elements' bits.  Integer coordinates (ix, iy, iz) or float ones;
 * geom may name a layer (clamped to the texture's) or a cube direction,
 * either of which reads one slice. */
CUX_INL void cux_tex_sample(__global uchar *A_, ulong AB_, ulong handle,
                            int int_coords, float x, float y, float z,
                            int ix, int iy, int iz, int layer, int geom,
                            int want_float, __private uint *out)
{
    cux_tex_desc t;
    float f[4] = {0, 0, 0, 0}, g[4];
    int n[4] = {0, 0, 0, 0}, m[4];
    for (uint c = 0; c < 4; c++)
        out[c] = 0;
    if (!CUX_DESC_OF(cux_tex_desc, handle, t) || !t.data)
        return; /* an unbound texture reads zero */
    if (geom) {
        ulong index = 0;
        if (geom & CUX_TEX_CUBE) {
            index = cux_tex_cube_face(x, y, z, &x, &y);
            z = 0;
            t.normalized_coords = 1; /* face coordinates are */
        }
        if (geom & CUX_TEX_LAYERED) {
            long last = t.layers ? (long)t.layers - 1 : 0;
            long l = layer < 0 ? 0 : layer > last ? last : layer;
            index += (ulong)l * (t.cubemap ? 6 : 1);
        }
        t.data += index * t.slice_pitch;
        t.depth = 1;
        if (t.dims > 2)
            t.dims = 2;
    }
    if (int_coords || t.linear) {
        long i = int_coords ? ix : (long)floor(x);
        if (t.linear && (i < 0 || (ulong)i >= t.width))
            return; /* tex1Dfetch out of range reads zero */
        cux_tex_texel(A_, AB_, &t, i, int_coords ? iy : (long)floor(y),
                      int_coords ? iz : (long)floor(z), f, n);
    } else {
        if (t.normalized_coords) {
            x *= (float)t.width;
            y *= (float)t.height;
            z *= (float)t.depth;
        }
        if (!t.filter_linear) {
            cux_tex_texel(A_, AB_, &t, (long)floor(x), (long)floor(y),
                          (long)floor(z), f, n);
        } else {
            float xb = x - 0.5f, yb = y - 0.5f, zb = z - 0.5f;
            long i0 = (long)floor(xb), j0 = (long)floor(yb), k0 = (long)floor(zb);
            float a = xb - (float)i0, b = t.dims > 1 ? yb - (float)j0 : 0;
            float cz = t.dims > 2 ? zb - (float)k0 : 0;
            for (uint corner = 0; corner < 8; corner++) {
                uint di = corner & 1, dj = corner >> 1 & 1, dk = corner >> 2;
                float w = (di ? a : 1 - a) * (dj ? b : 1 - b) *
                          (dk ? cz : 1 - cz);
                if (w == 0.0f)
                    continue;
                cux_tex_texel(A_, AB_, &t, i0 + di, j0 + dj, k0 + dk, g, m);
                for (uint c = 0; c < 4; c++)
                    f[c] += w * g[c];
            }
        }
    }
    for (uint c = 0; c < 4; c++)
        out[c] = want_float ? as_uint(f[c]) : (uint)n[c];
}

/* suld/sust: the CUDA address of an access of `size` bytes at byte x,
 * element y and z, of `layer`; 0 (with *why 1) outside the surface (with
 * clamp, only an access wider than a row: the coordinates move to the
 * nearest place inside), 0 with *why 2 for a null or bad handle.
 * Coordinates a geometry lacks are 0; the layer is unsigned. */
CUX_INL long cux_surf_clamp(long c, long last)
{
    return c < 0 ? 0 : c > last ? last : c;
}

CUX_INL ulong cux_surf_address(__global uchar *A_, ulong AB_, ulong handle,
                               int x, int y, int z, uint layer, uint size,
                               int clamp, __private int *why)
{
    cux_surf_desc s;
    *why = 0;
    if (!CUX_DESC_OF(cux_surf_desc, handle, s)) {
        *why = 2;
        return 0;
    }
    long last_x = (long)s.row_bytes - (long)size;
    long xx = x, yy = y, zz = z, ll = layer;
    if (clamp && last_x >= 0) {
        xx = cux_surf_clamp(xx, last_x);
        yy = cux_surf_clamp(yy, (long)s.height - 1);
        zz = cux_surf_clamp(zz, (long)s.depth - 1);
        ll = cux_surf_clamp(ll, (long)s.layers - 1);
    }
    /* one unsigned compare per coordinate: negatives wrap to huge */
    if (last_x < 0 || (ulong)xx > (ulong)last_x || (ulong)yy >= s.height ||
        (ulong)zz >= s.depth || (ulong)ll >= s.layers) {
        *why = 1;
        return 0;
    }
    return s.data + (ulong)((ll * (long)s.depth + zz) * (long)s.slice_pitch +
                            yy * (long)s.pitch + xx);
}
