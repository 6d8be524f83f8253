# tests/fuzz/instrument.cmake -- CT_FUZZ=ON (included by the top-level
# CMakeLists.txt before any target): every library and executable of this
# build tree is compiled with libFuzzer's coverage instrumentation,
# AddressSanitizer and UBSan (any UB finding aborts, so the fuzzer records it).
# The fuzz targets link libFuzzer itself (tests/fuzz/CMakeLists.txt).
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "CT_FUZZ=ON needs clang for libFuzzer: "
                      "CC=clang cmake -S . -B build-fuzz -DCT_FUZZ=ON")
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                    -fno-omit-frame-pointer
                    -Wno-pass-failed) # instrumented loops cannot honour the kernels' vectorize pragmas
add_link_options(-fsanitize=address,undefined)
