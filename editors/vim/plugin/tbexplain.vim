" tbexplain: explain Python and Rust error output from Vim or Neovim.
"
"   :TbExplain            the whole buffer
"   :'<,'>TbExplain       the visual selection (any range)
"   :TbExplain +          the contents of a register (here the clipboard)
"
" Fills the quickfix list with the findings and shows the explanation in a
" scratch window. g:tbexplain_command names the program (default
" 'tbexplain'); g:tbexplain_args adds arguments (e.g. ['--rules', '~/r']).
" g:tbexplain_buffer is the scratch buffer's number after a run.
if exists('g:loaded_tbexplain')
  finish
endif
let g:loaded_tbexplain = 1

command! -range=% -nargs=? TbExplain call tbexplain#Run(<line1>, <line2>, <q-args>)
