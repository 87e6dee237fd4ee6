/* cusparse.h: present so that NVIDIA's copy elsewhere on the include path is
 * never picked up by accident; cux does not provide cuSPARSE yet. */
#error "cux does not support cuSPARSE yet; see docs/compatibility.md"
