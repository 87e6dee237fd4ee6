/* 45_surface.h: where a lane's suld/sust access falls in a surface.  The
 * x coordinate counts bytes, the others elements; the layer of a1d/a2d
 * is unsigned (PTX ISA, suld).  Out-of-range coordinates are the
 * instruction's to handle (.trap faults, .zero drops the access); with
 * .clamp they move to the nearest place inside the surface. */

CUX_INL int64_t cux_surf_clamp(int64_t c, int64_t last)
{
    return c < 0 ? 0 : c > last ? last : c;
}

/* Byte offset from s->data of an access of `size` bytes at (x, y, z) of
 * `layer`: -1 if outside the surface (with clamp, only an access wider
 * than a row), -2 if the handle is null.  Coordinates a geometry lacks
 * are 0. */
CUX_INL int64_t cux_surf_offset(const cux_surface_desc *s, int32_t x,
                                int32_t y, int32_t z, uint32_t layer,
                                uint32_t size, int clamp)
{
    if (!s)
        return -2;
    int64_t last_x = (int64_t)s->row_bytes - (int64_t)size;
    int64_t xx = x, yy = y, zz = z, ll = layer;
    if (last_x < 0)
        return -1;
    if (clamp) {
        xx = cux_surf_clamp(xx, last_x);
        yy = cux_surf_clamp(yy, (int64_t)s->height - 1);
        zz = cux_surf_clamp(zz, (int64_t)s->depth - 1);
        ll = cux_surf_clamp(ll, (int64_t)s->layers - 1);
    }
    /* One unsigned compare per coordinate: negatives wrap to huge. */
    if ((uint64_t)xx > (uint64_t)last_x || (uint64_t)yy >= s->height ||
        (uint64_t)zz >= s->depth || (uint64_t)ll >= s->layers)
        return -1;
    return (ll * (int64_t)s->depth + zz) * (int64_t)s->slice_pitch +
           yy * (int64_t)s->pitch + xx;
}
