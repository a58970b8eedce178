// Terminal decisions: colour and safe echoing of input text.
#pragma once

#include <string>
#include <string_view>

namespace tbx {

enum class ColorMode { kAuto, kAlways, kNever };

/// Decides whether to colour output written to file descriptor `fd`.
/// kAlways and kNever are final. kAuto colours a terminal unless NO_COLOR is
/// set to a non-empty value; CLICOLOR_FORCE (non-empty, not "0") forces colour.
/// `getenv` is injectable for tests.
bool UseColor(ColorMode mode, int fd, const char* (*getenv_fn)(const char*) = nullptr);

/// Columns of the terminal on `fd`, or 80 when it is not a terminal (so that
/// piped output is the same everywhere); COLUMNS overrides both.
size_t TerminalWidth(int fd);

/// True if `fd` is a regular file: nothing reads it as it is written, so
/// output to it need not be flushed as it is made.
bool IsRegularFile(int fd);

/// Makes text from the input safe to print on a terminal: control characters
/// (ESC, BEL, backspace, CR, ...) and invalid UTF-8 are shown escaped
/// (`\x1b`, U+FFFD) instead of being sent raw. Tabs are kept.
std::string Printable(std::string_view s);

}  // namespace tbx
