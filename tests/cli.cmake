# End-to-end checks of the command line: exit status, messages, inputs.
# Each check runs tbexplain and tests its status and output with regexes.

set(ENV{XDG_CONFIG_HOME} "${SOURCE_DIR}/tests/no-such-config-dir")
set(ENV{NO_COLOR} "1")
set(ENV{COLUMNS} "80")
string(ASCII 27 ESC)
set(sample "${SOURCE_DIR}/samples/mixed/cffi-backend-python313-pyo3.txt")

# check(NAME name RC status [STDIN file] [OUT regex] [ERR regex] ARGS ...)
function(check)
  cmake_parse_arguments(C "" "NAME;RC;STDIN;OUT;ERR;NOT_OUT" "ARGS" ${ARGN})
  set(stdin_arg)
  if(C_STDIN)
    set(stdin_arg INPUT_FILE ${C_STDIN})
  else()
    set(stdin_arg INPUT_FILE /dev/null)
  endif()
  execute_process(COMMAND ${TBEXPLAIN} ${C_ARGS} ${stdin_arg}
                  WORKING_DIRECTORY ${SOURCE_DIR}
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  set(bad "")
  if(NOT rc STREQUAL C_RC)
    string(APPEND bad "  exit status ${rc}, expected ${C_RC}\n")
  endif()
  if(DEFINED C_OUT AND NOT out MATCHES "${C_OUT}")
    string(APPEND bad "  stdout does not match: ${C_OUT}\n")
  endif()
  if(DEFINED C_NOT_OUT AND out MATCHES "${C_NOT_OUT}")
    string(APPEND bad "  stdout matches what it must not: ${C_NOT_OUT}\n")
  endif()
  if(DEFINED C_ERR AND NOT err MATCHES "${C_ERR}")
    string(APPEND bad "  stderr does not match: ${C_ERR}\n")
  endif()
  if(bad)
    message(SEND_ERROR "FAIL ${C_NAME}\n${bad}  stdout:\n${out}\n  stderr:\n${err}")
  else()
    message(STATUS "ok   ${C_NAME}")
  endif()
endfunction()

check(NAME help RC 0 OUT "Usage: tbexplain" ARGS --help)
check(NAME help-exit-status RC 0 OUT "2  usage error, unreadable file" ARGS --help)
check(NAME version RC 0 OUT "^tbexplain [0-9]+\\.[0-9]+" ARGS --version)
check(NAME unknown-option RC 2 ERR "unknown option '--fromat'; did you mean '--format'\\?" ARGS --fromat json)
check(NAME unknown-format RC 2 ERR "unknown format 'jsn'; did you mean 'json'\\?" ARGS --format jsn)
check(NAME bad-color RC 2 ERR "--color must be auto, always or never" ARGS --color sometimes)
check(NAME file-argument RC 0 OUT "1 incident in .*cffi-backend-python313-pyo3.txt" ARGS ${sample})
check(NAME stdin-redirect RC 0 STDIN ${sample} OUT "1 incident in <stdin>")
check(NAME stdin-dash RC 0 STDIN ${sample} OUT "1 incident in <stdin>" ARGS -)
check(NAME empty-input RC 0 OUT "no Python or Rust error found" ARGS /dev/null)
check(NAME unreadable-file-is-reported-and-others-read RC 2
      ERR "cannot read no/such/file.txt: No such file or directory"
      OUT "1 incident in no/such/file.txt, .*cffi-backend-python313-pyo3.txt"
      ARGS no/such/file.txt ${sample})
check(NAME jobs-keeps-order-and-status RC 2
      ERR "cannot read no/such/file.txt: No such file or directory"
      OUT "2 incidents in no/such/file.txt, .*cffi-backend-python313-pyo3.txt, <stdin>"
      STDIN ${sample} ARGS -j 3 no/such/file.txt ${sample} -)
check(NAME jobs-negative RC 2 ERR "--jobs must be a number of files, 0 or more, not '-1'" ARGS -j -1 ${sample})
check(NAME jobs-not-a-number RC 2 ERR "--jobs must be a number of files, 0 or more, not 'all'" ARGS --jobs all ${sample})
check(NAME json-contract RC 0 OUT "\"version\": 1,.*\"events\": .*\"kind\": \"rust.panic\".*\"findings\": "
      ARGS --format json ${sample})
check(NAME no-colour-when-piped RC 0 NOT_OUT "${ESC}" ARGS ${sample})
check(NAME colour-always RC 0 OUT "${ESC}.1m" ARGS --color always ${sample})
check(NAME bad-rules-exit-2 RC 2
      ERR "tests/data/bad-rules/bad.yaml:[0-9]+:[0-9]+: error: "
      ARGS --rules tests/data/bad-rules ${sample})
check(NAME missing-rules-dir RC 2 ERR "no-such-dir: error: not a directory of rules"
      ARGS --rules no-such-dir ${sample})
check(NAME rules-subcommand-typo RC 2 ERR "unknown rules subcommand 'lnt'; did you mean 'lint'\\?"
      ARGS rules lnt)
check(NAME rules-lint-clean RC 0 OUT "rules, no problems" ARGS rules lint)
check(NAME rules-list RC 0 OUT "python\\.cffi-backend" ARGS rules list)
check(NAME rules-patterns RC 0 OUT "\n\\^No module named '_cffi_backend'\n" ARGS rules patterns)
# capture: patterns too, though they only take groups.
check(NAME rules-patterns-capture RC 0 OUT "\n\\^\\(\\?P<function>\\.\\+\\?\\)::h\\[0-9a-f\\]\\{16\\}\\$\n" ARGS rules patterns)

# A folder of one's own compiled into DIR.cache, used while it is up to
# date, and the YAML read again once the folder changes.
set(own "$ENV{TMPDIR}")
if(NOT own)
  set(own "/tmp")
endif()
string(RANDOM LENGTH 8 ALPHABET 0123456789 suffix)
set(own "${own}/tbexplain-cli-own-rules-${suffix}")
file(REMOVE_RECURSE "${own}" "${own}.cache")
set(own_rule "- id: own.cffi\n  title: OWN-RULE-ONE {fact.python.version}\n  priority: 99\n  match:\n    exception: {type: ModuleNotFoundError, message: \"_cffi_backend\"}\n  explanation: ours\n  remediation:\n    - text: do it\n")
file(WRITE "${own}/own.yaml" "${own_rule}")
check(NAME rules-compile-own-folder RC 0 OUT "1 rules compiled into .*own-rules-[0-9]*\\.cache"
      ARGS rules compile --no-default-rules --rules ${own})
if(NOT EXISTS "${own}.cache")
  message(SEND_ERROR "FAIL rules-compile-own-folder: no ${own}.cache")
endif()
check(NAME own-folder-from-cache RC 0 OUT "OWN-RULE-ONE 3\\.13" ARGS --no-default-rules --rules ${own} ${sample})
# The cache is what is read: a file of the same size put back at the same
# time is taken as unchanged (docs/rules.md), so the old title shows.
execute_process(COMMAND cp -p "${own}/own.yaml" "${own}-ref.yaml")
string(REPLACE "OWN-RULE-ONE" "OWN-RULE-TWO" own_rule "${own_rule}")
file(WRITE "${own}/own.yaml" "${own_rule}")
execute_process(COMMAND touch -r "${own}-ref.yaml" "${own}/own.yaml")
check(NAME own-folder-cache-is-read RC 0 OUT "OWN-RULE-ONE 3\\.13" ARGS --no-default-rules --rules ${own} ${sample})
# An edit (a new time): the file is hashed, differs, and the YAML is read.
file(TOUCH "${own}/own.yaml")
check(NAME own-folder-edited-reads-yaml RC 0 OUT "OWN-RULE-TWO 3\\.13" ARGS --no-default-rules --rules ${own} ${sample})
file(REMOVE_RECURSE "${own}" "${own}-ref.yaml" "${own}.cache")

# A pipe that closes early (`tbexplain log | head`): no error message, exit 0.
execute_process(COMMAND ${TBEXPLAIN} --format events ${SOURCE_DIR}/tests/formats/python/recursion_mutual_py3.11.txt
                COMMAND head -c 100
                WORKING_DIRECTORY ${SOURCE_DIR}
                RESULTS_VARIABLE rcs OUTPUT_VARIABLE out ERROR_VARIABLE err)
list(GET rcs 0 rc)
if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
  message(SEND_ERROR "FAIL closed-pipe: exit ${rc}, stderr: ${err}")
else()
  message(STATUS "ok   closed-pipe")
endif()

check(NAME directory-is-unreadable RC 2 ERR "cannot read tests: Is a directory" ARGS tests ${sample})
