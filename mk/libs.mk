# libs.mk: CUDA's libraries as cux builds them (src/lib/<name>/), each a
# shared library over libcux and a well-kept CPU library.  Included by the
# Makefile.
#
# libcublas.so.12 is cuBLAS on OpenBLAS (docs/cublas.md); its soname is
# NVIDIA's, and lib/libcublas.so points at it so that `cuxcc ... -lcublas`
# finds it in cux's lib/ (cuxcc puts that directory first on -L and on
# the rpath).  It finds libcux.so next to itself through $ORIGIN.
#
# libcublasLt.so.12 is cuBLASLt's matmul API on OpenBLAS (src/lib/cublaslt/,
# docs/cublas.md), built the same way; as NVIDIA's, it is a library of its
# own that neither needs libcublas nor is needed by it.
#
# libcufft.so.11 is cuFFT on FFTW (docs/cufft.md), built the same way;
# 11 is the soname of CUDA 12's cuFFT.
#
# libcurand.so.10 is cuRAND (docs/curand.md), the same way (10 for CUDA 12
# and 13 alike).  Its device API and the library share
# include/cux/curand_core.h, whose XORWOW jump table
# include/cux/curand_jumps.h the build computes (src/tools/curand_jump.c);
# it is generated, never committed.  So are the Sobol generators' direction
# vectors, build/gen/curand_sobol_dirs.c, which src/tools/curand_sobol.c
# computes from Joe and Kuo's published table (src/tools/new-joe-kuo-6.20000),
# and MTGP32's parameter sets, include/cux/curand_mtgp32_params.h, which
# src/tools/curand_mtgp.c checks and writes from Saito and Matsumoto's
# published table (src/tools/mtgp32dc-params-11213.txt) for the library and
# the device API's curand_mtgp32dc_p_11213.h.
#
# A program nvcc built asks for each library by its soname and for every
# symbol at a version node of that name (`(libcublas.so.13)
# cublasCreate_v2`), as with libcudart (mk/cudart.mk).  So each library
# puts its symbols in such a node, and the sonames of CUDA 13's libraries
# (libcublas.so.13, libcufft.so.12) are built too, from the same objects
# over libcudart.so.13, the runtime those programs load already: one
# runtime in the process, not two.

CUBLAS_OBJ = $(patsubst %.c,build/pic/%.o,$(wildcard src/lib/cublas/*.c))
CUBLASLT_OBJ = $(patsubst %.c,build/pic/%.o,$(wildcard src/lib/cublaslt/*.c))
CUFFT_OBJ = $(patsubst %.c,build/pic/%.o,$(wildcard src/lib/cufft/*.c))
CURAND_OBJ = $(patsubst %.c,build/pic/%.o,$(wildcard src/lib/curand/*.c)) \
    build/pic/gen/curand_sobol_dirs.o
CURAND_JUMP = include/cux/curand_jumps.h
CURAND_MTGP = include/cux/curand_mtgp32_params.h
CUX_LIB_NAMES = libcublas.so libcublas.so.12 libcublas.so.13 \
    libcublasLt.so libcublasLt.so.12 libcublasLt.so.13 \
    libcufft.so libcufft.so.11 libcufft.so.12 libcurand.so libcurand.so.10

all: lib/libcublas.so lib/libcublas.so.13 lib/libcublasLt.so \
    lib/libcublasLt.so.13 lib/libcufft.so lib/libcufft.so.12 \
    lib/libcurand.so $(CURAND_JUMP) $(CURAND_MTGP)

.PRECIOUS: build/libs/%.map
build/libs/%.map: mk/libs.mk
	@mkdir -p $(dir $@)
	printf '%s {\n  global: *;\n};\n' $* > $@

CUBLAS_LIBS = -lopenblas -lpthread
CUFFT_LIBS = -lfftw3_threads -lfftw3f_threads -lfftw3 -lfftw3f -lpthread
CURAND_LIBS = -lm -lpthread

# link SONAME OBJECTS RUNTIME LIBS: one library with its version node.
link_lib = $(CC) -shared -Wl,-soname,$(1) \
    -Wl,--version-script,build/libs/$(1).map $(LDFLAGS) $(2) -o $@ \
    -Llib $(3) $(4) -Wl,-rpath,'$$ORIGIN'

lib/libcublas.so.12: $(CUBLAS_OBJ) lib/libcux.so build/libs/libcublas.so.12.map
	@mkdir -p lib
	$(call link_lib,libcublas.so.12,$(CUBLAS_OBJ),-lcux,$(CUBLAS_LIBS))

lib/libcublas.so.13: $(CUBLAS_OBJ) lib/libcudart.so.13 \
                     build/libs/libcublas.so.13.map
	$(call link_lib,libcublas.so.13,$(CUBLAS_OBJ),-l:libcudart.so.13,$(CUBLAS_LIBS))

lib/libcublas.so: lib/libcublas.so.12
	ln -sf libcublas.so.12 $@

lib/libcublasLt.so.12: $(CUBLASLT_OBJ) lib/libcux.so \
                       build/libs/libcublasLt.so.12.map
	@mkdir -p lib
	$(call link_lib,libcublasLt.so.12,$(CUBLASLT_OBJ),-lcux,$(CUBLAS_LIBS))

lib/libcublasLt.so.13: $(CUBLASLT_OBJ) lib/libcudart.so.13 \
                       build/libs/libcublasLt.so.13.map
	$(call link_lib,libcublasLt.so.13,$(CUBLASLT_OBJ),-l:libcudart.so.13,$(CUBLAS_LIBS))

lib/libcublasLt.so: lib/libcublasLt.so.12
	ln -sf libcublasLt.so.12 $@

lib/libcufft.so.11: $(CUFFT_OBJ) lib/libcux.so build/libs/libcufft.so.11.map
	@mkdir -p lib
	$(call link_lib,libcufft.so.11,$(CUFFT_OBJ),-lcux,$(CUFFT_LIBS))

lib/libcufft.so.12: $(CUFFT_OBJ) lib/libcudart.so.13 \
                    build/libs/libcufft.so.12.map
	$(call link_lib,libcufft.so.12,$(CUFFT_OBJ),-l:libcudart.so.13,$(CUFFT_LIBS))

lib/libcufft.so: lib/libcufft.so.11
	ln -sf libcufft.so.11 $@

# Written to a temporary name first: cuxcc may read include/ meanwhile.
$(CURAND_JUMP): src/tools/curand_jump.c build/flags
	@mkdir -p build
	$(CC) $(WARN) $(CFLAGS) $< -o build/curand_jump
	build/curand_jump > $@.tmp && mv $@.tmp $@

$(CURAND_OBJ): $(CURAND_JUMP) $(CURAND_MTGP)

$(CURAND_MTGP): src/tools/curand_mtgp.c src/tools/mtgp32dc-params-11213.txt \
                build/flags
	@mkdir -p build
	$(CC) $(WARN) $(CFLAGS) $< -o build/curand_mtgp
	build/curand_mtgp src/tools/mtgp32dc-params-11213.txt > $@.tmp && \
	    mv $@.tmp $@

build/gen/curand_sobol_dirs.c: src/tools/curand_sobol.c \
                               src/tools/new-joe-kuo-6.20000 build/flags
	@mkdir -p build/gen
	$(CC) $(WARN) $(CFLAGS) $< -o build/curand_sobol
	build/curand_sobol src/tools/new-joe-kuo-6.20000 > $@.tmp && mv $@.tmp $@

lib/libcurand.so.10: $(CURAND_OBJ) lib/libcux.so build/libs/libcurand.so.10.map
	@mkdir -p lib
	$(call link_lib,libcurand.so.10,$(CURAND_OBJ),-lcux,$(CURAND_LIBS))

lib/libcurand.so: lib/libcurand.so.10
	ln -sf libcurand.so.10 $@

-include $(CUBLAS_OBJ:.o=.d) $(CUBLASLT_OBJ:.o=.d) $(CUFFT_OBJ:.o=.d) $(CURAND_OBJ:.o=.d)

define install_libs
	install -m 644 lib/libcublas.so.12 lib/libcublas.so.13 \
	    $(DESTDIR)$(PREFIX)/lib
	ln -sf libcublas.so.12 $(DESTDIR)$(PREFIX)/lib/libcublas.so
	install -m 644 lib/libcublasLt.so.12 lib/libcublasLt.so.13 \
	    $(DESTDIR)$(PREFIX)/lib
	ln -sf libcublasLt.so.12 $(DESTDIR)$(PREFIX)/lib/libcublasLt.so
	install -m 644 lib/libcufft.so.11 lib/libcufft.so.12 \
	    $(DESTDIR)$(PREFIX)/lib
	ln -sf libcufft.so.11 $(DESTDIR)$(PREFIX)/lib/libcufft.so
	install -m 644 lib/libcurand.so.10 $(DESTDIR)$(PREFIX)/lib
	ln -sf libcurand.so.10 $(DESTDIR)$(PREFIX)/lib/libcurand.so
endef
