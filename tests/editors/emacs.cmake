# Runs real Emacs in batch mode with editors/emacs/tbexplain.el:
# tbexplain-buffer on a sample must produce a compilation-mode buffer whose
# first error location is the user's frame (fetch.py line 3).
# Prints "SKIP: ..." (CTest then reports it skipped) when not installed.
if(NOT EMACS)
  message("SKIP: emacs is not installed")
  return()
endif()
set(sample ${SOURCE_DIR}/samples/mixed/cffi-backend-python313-pyo3.txt)
execute_process(
  COMMAND ${EMACS} --batch -Q -l ${SOURCE_DIR}/editors/emacs/tbexplain.el
    --eval "(progn
      (setq tbexplain-command \"${TBEXPLAIN}\")
      (setq tbexplain-extra-args (list \"--no-default-rules\" \"--rules\" \"${SOURCE_DIR}/rules\"))
      (find-file \"${sample}\")
      (with-current-buffer (tbexplain-buffer)
        (compilation--ensure-parse (point-max))
        (goto-char (point-min))
        (let* ((msg (get-text-property (+ (point-min) 5) 'compilation-message))
               (loc (and msg (compilation--message->loc msg))))
          (princ (format \"mode=%s line=%s file=%s\\n\" major-mode
                         (and loc (cadr loc))
                         (and loc (caar (compilation--loc->file-struct loc))))))))"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
message(STATUS "${out}")
if(NOT rc EQUAL 0 OR NOT out MATCHES "mode=compilation-mode line=3 file=/home/lzwjava/projects/lzwjava.github.io/scripts/supabase/fetch.py")
  message(FATAL_ERROR "emacs: unexpected result (${rc})\n${out}\n${err}")
endif()
