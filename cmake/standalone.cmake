# SPDX-License-Identifier: GPL-2.0-only
#
# Standalone build of the module against an installed ns-3 (Debian 12: libns3-dev, ns-3.37).
#
# It defines build_lib() and build_lib_example() with the signatures of ns-3's own macros, so
# the module's CMakeLists.txt files are the same in both builds. What it builds:
#   libns3-file-distribution      the module library (model/ and helper/)
#   bin/<example>                 every example in examples/
#   bin/file-distribution-tests   ns-3's TestRunner with the module's TestSuites linked in
# and it registers with CTest one test per TestSuite (found by name in the test sources) and
# one per entry of test/examples-to-run.py, pcaps-wireshark (test/check-pcaps.sh: tshark
# decodes the examples' pcaps) and package-list (test/check-package-list.sh: utils/common.sh
# installs every package ns-3's CMake package refers to).

if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE Release CACHE STRING "Build type" FORCE)
endif()
# Debian's ns-3.37 headers do not compile as C++20 (ns3/singleton.h), so standalone is C++17.
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
set(CMAKE_CXX_EXTENSIONS OFF)
set(CMAKE_RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
set(CMAKE_LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)

find_package(ns3 REQUIRED)
message(STATUS "file-distribution: standalone build against ns-3 ${ns3_VERSION} (${ns3_DIR})")

# The names ns-3's build system gives its module targets, as ns3Config.cmake exports them.
foreach(
  module
  core
  network
  internet
  point-to-point
  applications
  csma
  stats
  traffic-control
)
  set(lib${module} ns3::lib${module})
endforeach()

enable_testing()

# Debian's ns-3 is built without logging and exports no compile definitions: turn NS_LOG on
# (and NS_ASSERT in debug builds) for the module's own code.
function(_fd_common_options target)
  target_compile_definitions(
    ${target} PRIVATE NS3_LOG_ENABLE $<$<CONFIG:Debug>:NS3_ASSERT_ENABLE>
  )
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
endfunction()

function(build_lib)
  cmake_parse_arguments(
    BLIB "" "LIBNAME" "SOURCE_FILES;HEADER_FILES;LIBRARIES_TO_LINK;TEST_SOURCES" ${ARGN}
  )
  set(lib lib${BLIB_LIBNAME})
  add_library(${lib} SHARED ${BLIB_SOURCE_FILES})
  set_target_properties(${lib} PROPERTIES OUTPUT_NAME ns3-${BLIB_LIBNAME})
  target_link_libraries(${lib} PUBLIC ${BLIB_LIBRARIES_TO_LINK})
  _fd_common_options(${lib})

  # Sources include their headers as "ns3/<header>.h", as inside ns-3: mirror the headers there.
  set(inc ${CMAKE_BINARY_DIR}/include)
  foreach(header ${BLIB_HEADER_FILES})
    get_filename_component(name ${header} NAME)
    configure_file(${CMAKE_CURRENT_SOURCE_DIR}/${header} ${inc}/ns3/${name} COPYONLY)
  endforeach()
  target_include_directories(${lib} PUBLIC ${inc})
  set(${lib} ${lib} PARENT_SCOPE)
  set(${lib} ${lib}) # for the examples folder added below

  if(BLIB_TEST_SOURCES)
    set(runner ${BLIB_LIBNAME}-tests)
    add_executable(${runner} ${CMAKE_CURRENT_SOURCE_DIR}/cmake/test-runner-main.cc
                             ${BLIB_TEST_SOURCES})
    target_link_libraries(${runner} PRIVATE ${lib})
    _fd_common_options(${runner})
    foreach(source ${BLIB_TEST_SOURCES})
      file(STRINGS ${source} lines REGEX "TestSuite\\(\"[^\"]+\"")
      foreach(line ${lines})
        string(REGEX MATCH "TestSuite\\(\"([^\"]+)\"" _ "${line}")
        add_test(NAME ${CMAKE_MATCH_1} COMMAND ${runner} --suite=${CMAKE_MATCH_1})
      endforeach()
      set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${source})
    endforeach()
  endif()

  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/examples/CMakeLists.txt)
    add_subdirectory(examples)
  endif()

  # The entries of test/examples-to-run.py, ("name --args", "condition", "condition").
  set(to_run ${CMAKE_CURRENT_SOURCE_DIR}/test/examples-to-run.py)
  if(EXISTS ${to_run})
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${to_run})
    file(STRINGS ${to_run} lines REGEX "^[ ]*\\(\"[^\"]+\"")
    foreach(line ${lines})
      string(REGEX MATCH "\\(\"([^\"]+)\"" _ "${line}")
      separate_arguments(command UNIX_COMMAND "${CMAKE_MATCH_1}")
      list(POP_FRONT command example)
      string(MAKE_C_IDENTIFIER "${CMAKE_MATCH_1}" test_name)
      add_test(NAME example-${test_name} COMMAND ${CMAKE_BINARY_DIR}/bin/${example} ${command})
      set_tests_properties(example-${test_name} PROPERTIES LABELS example)
    endforeach()
  endif()

  # Wireshark must decode the examples' pcaps with its default settings. Without tshark the
  # test fails (with the script's message) rather than passing silently: utils/ installs it.
  find_program(TSHARK tshark)
  if(NOT TSHARK)
    message(WARNING "tshark not found: the test pcaps-wireshark fails until it is installed")
  endif()
  add_test(NAME pcaps-wireshark COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/test/check-pcaps.sh
                                        ${CMAKE_BINARY_DIR}/bin)
  set_tests_properties(pcaps-wireshark PROPERTIES LABELS pcap TIMEOUT 600)
  if(TSHARK)
    set_tests_properties(pcaps-wireshark PROPERTIES ENVIRONMENT TSHARK=${TSHARK})
  endif()

  # A swarm whose only seed leaves before a full copy exists must end with the stall report
  # and exit code 1 (it used to wait silently for the time limit).
  add_test(
    NAME example-bittorrent-swarm-stall-report
    COMMAND
      bash -c
      "out=$(\"$0\" --hosts=5 --seed-session=0.5s); rc=$?; echo \"$out\"; [ $rc -eq 1 ] && grep -q 'piece(s) held by no live peer:' <<<\"$out\""
      ${CMAKE_BINARY_DIR}/bin/bittorrent-swarm
  )
  set_tests_properties(example-bittorrent-swarm-stall-report PROPERTIES LABELS example)

  # utils/common.sh must install every package Debian's ns-3 CMake package refers to, or a
  # clean Debian 12 fails at the generate step; the second test checks that the check detects
  # the three packages libns3-dev does not pull in.
  set(check_packages bash ${CMAKE_CURRENT_SOURCE_DIR}/test/check-package-list.sh ${ns3_DIR})
  add_test(NAME package-list COMMAND ${check_packages})
  add_test(
    NAME package-list-detects-drift
    COMMAND ${check_packages} --expect-missing "libxml2-dev libpython3.11-dev libsqlite3-dev"
  )
  set_tests_properties(package-list package-list-detects-drift PROPERTIES SKIP_RETURN_CODE 77)
endfunction()

function(build_lib_example)
  cmake_parse_arguments(BLIB_EXAMPLE "" "NAME" "SOURCE_FILES;HEADER_FILES;LIBRARIES_TO_LINK" ${ARGN})
  add_executable(${BLIB_EXAMPLE_NAME} ${BLIB_EXAMPLE_SOURCE_FILES})
  target_link_libraries(${BLIB_EXAMPLE_NAME} PRIVATE ${BLIB_EXAMPLE_LIBRARIES_TO_LINK})
  _fd_common_options(${BLIB_EXAMPLE_NAME})
endfunction()
