/* curand.h: present so that NVIDIA's copy elsewhere on the include path is
 * never picked up by accident; cux does not provide cuRAND yet. */
#error "cux does not support cuRAND yet; see docs/compatibility.md"
