# cudart.mk: libcux again under the names of NVIDIA's CUDA runtime, so a
# program built by nvcc with `-cudart shared` runs on cux with
# LD_LIBRARY_PATH=<cux>/lib (docs/runtime.md).  Included by the Makefile.
#
# Such a program asks the dynamic linker for libcudart.so.N and for every
# symbol at version node "libcudart.so.N" (objdump -T of a binary nvcc 13
# built shows `(libcudart.so.13) cudaMalloc`); NVIDIA's runtime puts all
# its exported functions in that one node.  Each library here is the same
# objects as libcux.so with that soname and every exported symbol in that
# node.  Only the majors whose programs cux can run are built.

CUDART_MAJORS = 12 13
CUDART_LIBS = $(CUDART_MAJORS:%=lib/libcudart.so.%)

all: $(CUDART_LIBS)

# kept: make would delete them as intermediates and relink every time
.PRECIOUS: build/cudart/%.map build/pic/src/rt/abi/cudart13.o

build/cudart/%.map: mk/cudart.mk
	@mkdir -p $(dir $@)
	printf 'libcudart.so.%s {\n  global: *;\n};\n' $* > $@

# The names CUDA 13 gave new signatures, for libcudart.so.13 alone: its
# definitions replace libcux's weak CUDA 12 ones (src/rt/abi/cudart13.c).
CUDART_ABI_OBJ = $(if $(filter 13,$*),build/pic/src/rt/abi/cudart13.o)

.SECONDEXPANSION:
lib/libcudart.so.%: $(LIB_OBJ) build/cudart/%.map $$(CUDART_ABI_OBJ)
	@mkdir -p lib
	$(CC) -shared -Wl,-soname,libcudart.so.$* \
	    -Wl,--version-script,build/cudart/$*.map $(LDFLAGS) \
	    $(LIB_OBJ) $(CUDART_ABI_OBJ) -o $@ -ldl -lpthread -lm

# `cux run ./app`: the same with the library path set for the user.
all: bin/cux

bin/cux: src/tools/cux.sh
	@mkdir -p bin
	cp $< $@ && chmod 755 $@
