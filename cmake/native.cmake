# Native build: unit tests (doctest, run by ctest) and the command-line tools of the core.
option(ATTN_FUZZ "Build only the libFuzzer targets of tests/fuzz (needs clang++-14)" OFF)
option(ATTN_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(ATTN_BUILD_TOOLS "Build the command-line tools in tools/" ON)
if(ATTN_FUZZ)
  # A tree of its own: the core instrumented for coverage, no unit tests, no tools.
  include(cmake/fuzz.cmake)
  return()
endif()

enable_testing()
find_path(DOCTEST_DIR doctest/doctest.h PATHS /usr/include REQUIRED)
file(GLOB TEST_SOURCES CONFIGURE_DEPENDS tests/native/*.cpp)
add_executable(core_tests ${TEST_SOURCES})
target_link_libraries(core_tests PRIVATE attn_core)
target_include_directories(core_tests SYSTEM PRIVATE ${DOCTEST_DIR})
target_compile_options(core_tests PRIVATE ${WARN})
add_test(NAME core_tests COMMAND core_tests)

if(ATTN_SANITIZE)
  # -O1 keeps the run fast while leaving stacks readable; -UNDEBUG turns Eigen's index and size
  # assertions back on, since an out-of-range coefficient inside one allocation escapes ASan.
  set(ATTN_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=all)
  foreach(t attn_core core_tests)
    target_compile_options(${t} PRIVATE ${ATTN_SAN_FLAGS} -O1 -g1 -fno-omit-frame-pointer -UNDEBUG)
  endforeach()
  target_link_options(core_tests PRIVATE ${ATTN_SAN_FLAGS})
  # Any report aborts the run (so ctest fails); leaks are reported too.
  set_tests_properties(core_tests PROPERTIES ENVIRONMENT
    "ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1;UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endif()

if(ATTN_BUILD_TOOLS)
  file(GLOB TOOL_SOURCES CONFIGURE_DEPENDS tools/*.cpp)
  foreach(src ${TOOL_SOURCES})
    get_filename_component(name ${src} NAME_WE)
    add_executable(${name} ${src})
    target_link_libraries(${name} PRIVATE attn_core)
    target_compile_options(${name} PRIVATE ${WARN})
  endforeach()
endif()
