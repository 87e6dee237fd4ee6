/* cooperative_groups.h: present so that NVIDIA's copy elsewhere on the include path is
 * never picked up by accident; cux does not provide cooperative groups yet. */
#error "cux does not support cooperative groups yet; see docs/compatibility.md"
