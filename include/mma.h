/* mma.h: present so that NVIDIA's copy elsewhere on the include path is
 * never picked up by accident; cux does not provide warp matrix multiply (mma.h) yet. */
#error "cux does not support warp matrix multiply (mma.h) yet; see docs/compatibility.md"
