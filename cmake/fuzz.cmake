# libFuzzer targets (tests/fuzz/fuzz_*.cpp): the core rebuilt with coverage, ASan and UBSan, clang only.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "ATTN_FUZZ needs clang: configure with -DCMAKE_CXX_COMPILER=clang++-14")
endif()

# The core gets coverage instrumentation without libFuzzer's main (fuzzer-no-link); only the
# targets link libFuzzer. Any sanitizer report is fatal so libFuzzer saves the input as a crash.
# -UNDEBUG keeps Eigen's range assertions: an index past a row that ASan cannot see still aborts.
set(ATTN_FUZZ_COMMON -fsanitize=address,undefined -fno-sanitize-recover=all -O1 -g1
    -fno-omit-frame-pointer -UNDEBUG)
target_compile_options(attn_core PRIVATE -fsanitize=fuzzer-no-link ${ATTN_FUZZ_COMMON}
  -fsanitize-coverage-ignorelist=${CMAKE_CURRENT_SOURCE_DIR}/tests/fuzz/coverage-ignorelist.txt)

file(GLOB FUZZ_SOURCES CONFIGURE_DEPENDS tests/fuzz/fuzz_*.cpp)
foreach(src ${FUZZ_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE attn_core)
  target_compile_options(${name} PRIVATE ${WARN} -fsanitize=fuzzer ${ATTN_FUZZ_COMMON})
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
endforeach()

# Writes the model-file seeds (a tiny valid model and damaged copies) for the current format, so
# the corpus follows the format when it changes.
add_executable(make_model_seeds tests/fuzz/make_model_seeds.cpp)
target_link_libraries(make_model_seeds PRIVATE attn_core)
target_compile_options(make_model_seeds PRIVATE ${WARN} ${ATTN_FUZZ_COMMON})
target_link_options(make_model_seeds PRIVATE -fsanitize=address,undefined)
