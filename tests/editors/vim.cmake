# Runs real Vim (or Neovim, VIM=nvim) headless with editors/vim: :TbExplain
# on a sample must fill the quickfix list with the findings, at the right
# file and line, and show the explanation in the scratch window; the
# compiler plugin must read the same output with :make.
# Prints "SKIP: ..." (CTest then reports it skipped) when not installed.
if(NOT VIM)
  message("SKIP: vim is not installed")
  return()
endif()
set(work ${BUILD_DIR}/vim-test)
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${work})
set(sample ${SOURCE_DIR}/samples/mixed/cffi-backend-python313-pyo3.txt)

# Vim takes at most ten -c commands: the steps go in a script.
file(WRITE ${work}/test.vim "
set rtp^=${SOURCE_DIR}/editors/vim
let g:tbexplain_command = '${TBEXPLAIN}'
let g:tbexplain_args = ['--no-default-rules', '--rules', '${SOURCE_DIR}/rules']
runtime plugin/tbexplain.vim
edit ${sample}
TbExplain
call writefile(map(getqflist(), 'bufname(v:val.bufnr) . \":\" . v:val.lnum . \":\" . v:val.type . \":\" . v:val.text'), '${work}/qf.txt')
call writefile(getbufline(g:tbexplain_buffer, 1, '$'), '${work}/scratch.txt')
only
edit ${sample}
compiler tbexplain
let $PATH = fnamemodify('${TBEXPLAIN}', ':h') . ':' . $PATH
silent make! --no-default-rules --rules ${SOURCE_DIR}/rules ${sample}
call writefile(map(getqflist(), 'v:val.valid . \":\" . v:val.lnum . \":\" . v:val.type'), '${work}/compiler.txt')
qa!
")
execute_process(
  COMMAND ${VIM} -N -u NONE -i NONE -n -es -S ${work}/test.vim
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "vim exited ${rc}\n${out}\n${err}")
endif()

file(READ ${work}/qf.txt qf)
file(READ ${work}/scratch.txt scratch)
file(READ ${work}/compiler.txt compiler)
message(STATUS "quickfix list:\n${qf}")
set(expect_qf
  "/home/lzwjava/projects/lzwjava.github.io/scripts/supabase/fetch.py:3:e:Python 3.13 cannot load cffi's compiled backend from the system's packages [python.cffi-backend.foreign-dist-packages]\n/home/lzwjava/projects/lzwjava.github.io/scripts/supabase/fetch.py:3:e:cffi's compiled backend (_cffi_backend) is not installed for this Python [python.cffi-backend.missing]\n/home/lzwjava/projects/lzwjava.github.io/scripts/supabase/fetch.py:3:e:A Rust extension panicked: Python API call failed [rust.pyo3.panic-exception]\n")
if(NOT qf STREQUAL expect_qf)
  message(FATAL_ERROR "the quickfix list is not as expected:\n${qf}\nexpected:\n${expect_qf}")
endif()
if(NOT scratch MATCHES "What to do" OR NOT scratch MATCHES "python3.13 -m venv")
  message(FATAL_ERROR "the scratch window does not hold the explanation:\n${scratch}")
endif()
if(NOT compiler STREQUAL "1:3:e\n1:3:e\n1:3:e\n")
  message(FATAL_ERROR ":compiler tbexplain did not read the quickfix lines as errors:\n${compiler}")
endif()
