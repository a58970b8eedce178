# Runs tbexplain on one sample (SAMPLE, FORMAT) and compares the output with
# tests/golden/SAMPLE.FORMAT-extension; with UPDATE=1, rewrites every golden
# file instead. Run from CTest; see tests/CMakeLists.txt.
#
# The environment is pinned so that output does not depend on the machine:
# no user rules (XDG_CONFIG_HOME points nowhere), no colour.

set(ENV{XDG_CONFIG_HOME} "${SOURCE_DIR}/tests/no-such-config-dir")
set(ENV{NO_COLOR} "1")
set(ENV{COLUMNS} "80")

function(run_one sample format out_var)
  execute_process(
    COMMAND ${TBEXPLAIN} --format ${format} --color never samples/${sample}
    WORKING_DIRECTORY ${SOURCE_DIR}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tbexplain exited ${rc} on samples/${sample}:\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

function(golden_path sample format out_var)
  string(REGEX REPLACE "\\.txt$" "" base "${sample}")
  if(format STREQUAL "text")
    set(${out_var} "${SOURCE_DIR}/tests/golden/${base}.txt" PARENT_SCOPE)
  else()
    set(${out_var} "${SOURCE_DIR}/tests/golden/${base}.${format}" PARENT_SCOPE)
  endif()
endfunction()

if(UPDATE)
  file(GLOB_RECURSE samples RELATIVE ${SOURCE_DIR}/samples ${SOURCE_DIR}/samples/*.txt)
  foreach(sample ${samples})
    foreach(format text json)
      run_one(${sample} ${format} out)
      golden_path(${sample} ${format} path)
      file(WRITE ${path} "${out}")
    endforeach()
  endforeach()
  message(STATUS "golden files rewritten; review `git diff tests/golden` before committing")
  return()
endif()

run_one(${SAMPLE} ${FORMAT} out)
golden_path(${SAMPLE} ${FORMAT} path)
if(NOT EXISTS ${path})
  message(FATAL_ERROR "no golden file ${path}; create it with the update-golden target and review it")
endif()
file(READ ${path} expected)
if(NOT out STREQUAL expected)
  string(REGEX REPLACE "[/.]" "_" flat "${SAMPLE}.${FORMAT}")
  set(actual "${CMAKE_CURRENT_BINARY_DIR}/golden-actual-${flat}")
  file(WRITE ${actual} "${out}")
  execute_process(COMMAND diff -u ${path} ${actual})
  message(FATAL_ERROR "output differs from ${path} (actual output: ${actual})")
endif()
