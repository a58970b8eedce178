;;; tbexplain.el --- Explain Python and Rust error output -*- lexical-binding: t -*-

;; Runs tbexplain on a region or a buffer and shows its findings in a
;; compilation-mode buffer (`*tbexplain*`): the `file:line:col: severity:
;; title [rule]` lines are clickable and `next-error' walks them; the full
;; explanation follows below them.
;;
;;   M-x tbexplain-region   the active region
;;   M-x tbexplain-buffer   the whole buffer
;;
;; Set `tbexplain-command' if tbexplain is not on `exec-path'.

;;; Code:

(require 'compile)

(defgroup tbexplain nil
  "Explain Python and Rust error output."
  :group 'tools)

(defcustom tbexplain-command "tbexplain"
  "The tbexplain program."
  :type 'string)

(defcustom tbexplain-extra-args nil
  "Extra arguments for tbexplain, such as (\"--rules\" \"~/rules\")."
  :type '(repeat string))

(defun tbexplain--call (format file)
  "Insert tbexplain's output in FORMAT for FILE at point."
  (apply #'call-process tbexplain-command nil t nil
         (append (list "--format" format "--color" "never")
                 tbexplain-extra-args (list file))))

(defun tbexplain--run (start end)
  "Explain the text between START and END."
  (let ((tmp (make-temp-file "tbexplain" nil ".txt"))
        (buf (get-buffer-create "*tbexplain*")))
    (unwind-protect
        (progn
          (let ((coding-system-for-write 'utf-8-unix))
            (write-region start end tmp nil 'silent))
          (with-current-buffer buf
            (let ((inhibit-read-only t))
              (erase-buffer)
              (tbexplain--call "quickfix" tmp)
              (insert "\n")
              (tbexplain--call "text" tmp))
            (goto-char (point-min))
            (compilation-mode)))
      (delete-file tmp))
    (display-buffer buf)
    buf))

;;;###autoload
(defun tbexplain-region (start end)
  "Explain the error output between START and END."
  (interactive "r")
  (tbexplain--run start end))

;;;###autoload
(defun tbexplain-buffer ()
  "Explain the error output in the current buffer."
  (interactive)
  (tbexplain--run (point-min) (point-max)))

(provide 'tbexplain)
;;; tbexplain.el ends here
