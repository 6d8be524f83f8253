# tests/fuzz/replay.cmake -- the fuzz targets inside the normal test suite
# (included by tests/CMakeLists.txt; any compiler, no libFuzzer).
#
# Each target tests/fuzz/fuzz_<t>.c is linked with replay_main.c as
# fuzz_replay_<t> and run by ctest over its seeds (labels quick, fuzz):
# the files fuzz_seeds writes (fixture test fuzz_seeds), the project's own
# configs/*.ini and tests/data/*.npy; and over tests/fuzz/regressions/<t>/,
# the minimised inputs of bugs the fuzzers found (fuzz_regressions_<t>).  The
# libFuzzer builds of the same files are tests/fuzz/CMakeLists.txt (CT_FUZZ=ON).
set(CT_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
set(CT_FUZZ_TARGETS config npy sim_state variant)
set(CT_FUZZ_LIB_config ct_bench_config)
set(CT_FUZZ_LIB_npy ct_core)
set(CT_FUZZ_LIB_sim_state ct_bench_measure)
set(CT_FUZZ_LIB_variant ct_family)

add_executable(fuzz_seeds ${CT_FUZZ_DIR}/fuzz_seeds.c)
target_link_libraries(fuzz_seeds PRIVATE ct_bench_config ct_warnings)

set(CT_FUZZ_SEED_DIR ${CMAKE_CURRENT_BINARY_DIR}/fuzz_seeds.d)
add_test(NAME fuzz_seeds COMMAND fuzz_seeds ${CT_FUZZ_SEED_DIR} ${CMAKE_SOURCE_DIR}/tests/data)
set_tests_properties(fuzz_seeds PROPERTIES LABELS "quick;fuzz" FIXTURES_SETUP fuzz_seeds)

file(GLOB CT_FUZZ_INPUTS_config CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/configs/*.ini)
file(GLOB CT_FUZZ_INPUTS_npy CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/data/*.npy)
# how many seeds must be accepted: every fixture; of the configs only some, as
# a config naming an ISA this CPU lacks (e5_kernels.ini: avx512) is rightly refused
set(CT_FUZZ_MIN_ACCEPTED_config 5)
list(LENGTH CT_FUZZ_INPUTS_npy CT_FUZZ_MIN_ACCEPTED_npy)
set(CT_FUZZ_MIN_ACCEPTED_sim_state 4)
set(CT_FUZZ_MIN_ACCEPTED_variant 10)

foreach(t ${CT_FUZZ_TARGETS})
  add_executable(fuzz_replay_${t} ${CT_FUZZ_DIR}/fuzz_${t}.c ${CT_FUZZ_DIR}/replay_main.c)
  target_include_directories(fuzz_replay_${t} PRIVATE ${CT_FUZZ_DIR})
  target_link_libraries(fuzz_replay_${t} PRIVATE ${CT_FUZZ_LIB_${t}} ct_warnings)
  target_compile_definitions(fuzz_replay_${t} PRIVATE CT_FUZZ_REPLAY)
  # the seeds must reach the parser's success path, not only its errors
  add_test(NAME fuzz_replay_${t}
           COMMAND fuzz_replay_${t} --min-accepted ${CT_FUZZ_MIN_ACCEPTED_${t}}
                   ${CT_FUZZ_SEED_DIR}/${t} ${CT_FUZZ_INPUTS_${t}})
  set_tests_properties(fuzz_replay_${t} PROPERTIES LABELS "quick;fuzz"
                       FIXTURES_REQUIRED fuzz_seeds ENVIRONMENT "OMP_NUM_THREADS=2")
  file(GLOB regressions CONFIGURE_DEPENDS ${CT_FUZZ_DIR}/regressions/${t}/*)
  if(regressions)
    add_test(NAME fuzz_regressions_${t} COMMAND fuzz_replay_${t} -v ${regressions})
    set_tests_properties(fuzz_regressions_${t} PROPERTIES LABELS "quick;fuzz"
                         ENVIRONMENT "OMP_NUM_THREADS=2")
  endif()
endforeach()
