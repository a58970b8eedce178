# Golden tests. Runs tbexplain on one input and compares the output with a
# committed file; with UPDATE=1, rewrites every golden file instead.
#
#   explanation goldens:  samples/<path>.txt  ->  tests/golden/<path>.<ext>
#                         (every output format, with the built-in rules:
#                         text .txt, brief .brief, json .json, jsonl .jsonl,
#                         quickfix .qf, github .github, sarif .sarif,
#                         markdown .md)
#   parser goldens:       tests/formats/<lang>/<name>.txt and
#                         tests/corpus/<case>/input.txt  ->  tests/parse-golden/...events
#                         (--format events, no rules: what the parser saw)
#
# The environment is pinned so that output does not depend on the machine:
# no user rules (XDG_CONFIG_HOME points nowhere), no colour, 80 columns.

set(ENV{XDG_CONFIG_HOME} "${SOURCE_DIR}/tests/no-such-config-dir")
set(ENV{NO_COLOR} "1")
set(ENV{COLUMNS} "80")

# The formats of the explanation goldens and their file extensions.
set(SAMPLE_FORMATS text brief json jsonl quickfix github sarif markdown)
set(EXT_text txt)
set(EXT_brief brief)
set(EXT_json json)
set(EXT_jsonl jsonl)
set(EXT_quickfix qf)
set(EXT_github github)
set(EXT_sarif sarif)
set(EXT_markdown md)

# run_one(INPUT FORMAT RULES OUT_VAR): INPUT relative to SOURCE_DIR.
function(run_one input format rules out_var)
  set(extra)
  if(NOT rules)
    set(extra --no-default-rules)
  endif()
  if(format STREQUAL "brief")
    set(format text)
    list(APPEND extra --brief)
  endif()
  execute_process(
    COMMAND ${TBEXPLAIN} --format ${format} --color never ${extra} ${input}
    WORKING_DIRECTORY ${SOURCE_DIR}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tbexplain exited ${rc} on ${input}:\n${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

# golden_of(INPUT FORMAT OUT_VAR): the golden file for an input and format.
function(golden_of input format out_var)
  if(input MATCHES "^samples/(.*)\\.txt$")
    set(path "tests/golden/${CMAKE_MATCH_1}.${EXT_${format}}")
  elseif(input MATCHES "^tests/formats/(.*)$")
    set(path "tests/parse-golden/formats/${CMAKE_MATCH_1}.events")
  elseif(input MATCHES "^tests/corpus/([^/]*)/input\\.txt$")
    set(path "tests/parse-golden/corpus/${CMAKE_MATCH_1}.events")
  else()
    message(FATAL_ERROR "no golden file for ${input}")
  endif()
  set(${out_var} "${SOURCE_DIR}/${path}" PARENT_SCOPE)
endfunction()

if(UPDATE)
  file(GLOB_RECURSE samples RELATIVE ${SOURCE_DIR} ${SOURCE_DIR}/samples/*.txt)
  foreach(input ${samples})
    foreach(format ${SAMPLE_FORMATS})
      run_one(${input} ${format} ON out)
      golden_of(${input} ${format} path)
      file(WRITE ${path} "${out}")
    endforeach()
  endforeach()
  file(GLOB_RECURSE parsed RELATIVE ${SOURCE_DIR}
       ${SOURCE_DIR}/tests/formats/*.txt ${SOURCE_DIR}/tests/corpus/*/input.txt)
  foreach(input ${parsed})
    run_one(${input} events OFF out)
    golden_of(${input} events path)
    file(WRITE ${path} "${out}")
  endforeach()
  message(STATUS "golden files rewritten; review `git diff tests/golden tests/parse-golden` before committing")
  return()
endif()

if(FORMAT STREQUAL "events")
  run_one(${INPUT} events OFF out)
else()
  run_one(${INPUT} ${FORMAT} ON out)
endif()
golden_of(${INPUT} ${FORMAT} path)
if(NOT EXISTS ${path})
  message(FATAL_ERROR "no golden file ${path}; create it with the update-golden target and review it")
endif()
file(READ ${path} expected)
if(NOT out STREQUAL expected)
  string(REGEX REPLACE "[/.]" "_" flat "${INPUT}.${FORMAT}")
  set(actual "${CMAKE_CURRENT_BINARY_DIR}/golden-actual-${flat}")
  file(WRITE ${actual} "${out}")
  execute_process(COMMAND diff -u ${path} ${actual})
  message(FATAL_ERROR "output differs from ${path} (actual output: ${actual})")
endif()
