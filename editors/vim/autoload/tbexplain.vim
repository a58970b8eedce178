" Implementation of :TbExplain (see plugin/tbexplain.vim).

let s:efm = '%f:%l:%c: %t%*[a-z]: %m,%f:%l: %t%*[a-z]: %m'

function! s:Command(format, file) abort
  let cmd = [get(g:, 'tbexplain_command', 'tbexplain'), '--format', a:format, '--color', 'never']
  let cmd += get(g:, 'tbexplain_args', [])
  return join(map(cmd + [a:file], 'shellescape(v:val)'), ' ')
endfunction

function! tbexplain#Run(line1, line2, register) abort
  let source = bufnr('%')
  if a:register !=# ''
    let lines = split(getreg(a:register), "\n")
    let source = -1
  else
    let lines = getline(a:line1, a:line2)
  endif
  let tmp = tempname() . '.txt'
  call writefile(lines, tmp, 'b')

  " The findings, in the quickfix list. Entries that point into the input
  " (no frame location) are moved back to the buffer and its line numbers.
  let qf = systemlist(s:Command('quickfix', tmp))
  call setqflist([], ' ', {'lines': qf, 'efm': s:efm, 'title': 'tbexplain'})
  let items = getqflist()
  for item in items
    if item.bufnr > 0 && fnamemodify(bufname(item.bufnr), ':p') ==# fnamemodify(tmp, ':p')
      if source > 0
        let item.bufnr = source
        let item.lnum += a:line1 - 1
      else
        let item.bufnr = 0
      endif
    endif
  endfor
  call setqflist(items, 'r')

  " The explanation, in a scratch window.
  let text = systemlist(s:Command('text', tmp))
  call delete(tmp)
  let win = bufwinnr('\[tbexplain\]')
  if win > 0
    execute win . 'wincmd w'
    setlocal modifiable
    silent %delete _
  else
    botright new
    silent file [tbexplain]
    setlocal buftype=nofile bufhidden=wipe noswapfile nobuflisted
  endif
  call setline(1, text)
  setlocal nomodifiable filetype=tbexplain
  let g:tbexplain_buffer = bufnr('%')
  if len(items) > 0
    botright copen
  endif
endfunction
