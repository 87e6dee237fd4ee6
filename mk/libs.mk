# libs.mk: CUDA's libraries as cux builds them (src/lib/<name>/), each a
# shared library over libcux and a well-kept CPU library.  Included by the
# Makefile.
#
# libcublas.so.12 is cuBLAS on OpenBLAS (docs/cublas.md); its soname is
# NVIDIA's, and lib/libcublas.so points at it so that `cuxcc ... -lcublas`
# finds it in cux's lib/ (cuxcc puts that directory first on -L and on
# the rpath).  It finds libcux.so next to itself through $ORIGIN.
#
# libcurand.so.10 is cuRAND (docs/curand.md), the same way.  Its device
# API and the library share include/cux/curand_core.h, whose XORWOW jump
# table include/cux/curand_jumps.h the build computes
# (src/tools/curand_jump.c); it is generated, never committed.

CUBLAS_OBJ = $(patsubst %.c,build/pic/%.o,$(wildcard src/lib/cublas/*.c))
CURAND_OBJ = $(patsubst %.c,build/pic/%.o,$(wildcard src/lib/curand/*.c))
CURAND_JUMP = include/cux/curand_jumps.h
CUX_LIB_NAMES = libcublas.so libcublas.so.12 libcurand.so libcurand.so.10

all: lib/libcublas.so lib/libcurand.so $(CURAND_JUMP)

lib/libcublas.so.12: $(CUBLAS_OBJ) lib/libcux.so
	@mkdir -p lib
	$(CC) -shared -Wl,-soname,libcublas.so.12 $(LDFLAGS) $(CUBLAS_OBJ) \
	    -o $@ -Llib -lcux -lopenblas -lpthread -Wl,-rpath,'$$ORIGIN'

lib/libcublas.so: lib/libcublas.so.12
	ln -sf libcublas.so.12 $@

-include $(CUBLAS_OBJ:.o=.d)

# Written to a temporary name first: cuxcc may read include/ meanwhile.
$(CURAND_JUMP): src/tools/curand_jump.c build/flags
	@mkdir -p build
	$(CC) $(WARN) $(CFLAGS) $< -o build/curand_jump
	build/curand_jump > $@.tmp && mv $@.tmp $@

$(CURAND_OBJ): $(CURAND_JUMP)

lib/libcurand.so.10: $(CURAND_OBJ) lib/libcux.so
	@mkdir -p lib
	$(CC) -shared -Wl,-soname,libcurand.so.10 $(LDFLAGS) $(CURAND_OBJ) \
	    -o $@ -Llib -lcux -lm -lpthread -Wl,-rpath,'$$ORIGIN'

lib/libcurand.so: lib/libcurand.so.10
	ln -sf libcurand.so.10 $@

-include $(CURAND_OBJ:.o=.d)

define install_libs
	install -m 644 lib/libcublas.so.12 $(DESTDIR)$(PREFIX)/lib
	ln -sf libcublas.so.12 $(DESTDIR)$(PREFIX)/lib/libcublas.so
	install -m 644 lib/libcurand.so.10 $(DESTDIR)$(PREFIX)/lib
	ln -sf libcurand.so.10 $(DESTDIR)$(PREFIX)/lib/libcurand.so
endef
