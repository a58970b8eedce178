" Vim compiler file for tbexplain: `:compiler tbexplain`, then
" `:make build.log` fills the quickfix list with tbexplain's findings.
if exists('current_compiler')
  finish
endif
let current_compiler = 'tbexplain'

let s:cpo_save = &cpo
set cpo&vim

" tbexplain --format quickfix prints `file:line:col: severity: title [rule]`
" (the column is left out when unknown).
CompilerSet makeprg=tbexplain\ --format\ quickfix\ --color\ never
CompilerSet errorformat=%f:%l:%c:\ %t%*[a-z]:\ %m,%f:%l:\ %t%*[a-z]:\ %m

let &cpo = s:cpo_save
unlet s:cpo_save
