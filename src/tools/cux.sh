#!/bin/sh
# cux: runs a program built by NVIDIA's nvcc (-cudart shared) on cux, by
# putting cux's libcudart.so.N first on the library path; what it does is
# exactly `LD_LIBRARY_PATH=<cux>/lib PROGRAM ARGS...` (docs/runtime.md).
# The library folder is ../lib beside this script, in the build tree and
# in an installed tree alike.
usage() {
    echo "usage: cux run PROGRAM [ARGS...]" >&2
    exit 2
}
[ "$1" = run ] && [ $# -ge 2 ] || usage
shift
lib=$(cd "$(dirname "$0")/../lib" 2>/dev/null && pwd) || {
    echo "cux: no lib folder beside $0" >&2
    exit 1
}
LD_LIBRARY_PATH=$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
exec "$@"
