# Convenience front end; CMake is the build.  Every target is a script in scripts/.
.PHONY: demo test clang fresh-demo exhaustive bench install clean
demo:        ; scripts/demo.sh
test:        ; scripts/test.sh
clang:       ; scripts/clang.sh
fresh-demo:  ; scripts/fresh-demo.sh
exhaustive:  ; scripts/exhaustive.sh
bench:       ; scripts/bench.sh
install:     ; cmake -S . -B build -DCMAKE_BUILD_TYPE=Release && cmake --build build -j && cmake --install build
clean:       ; rm -rf build build-*
