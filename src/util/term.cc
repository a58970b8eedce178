#include "util/term.h"

#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "util/strings.h"

namespace tbx {

bool UseColor(ColorMode mode, int fd, const char* (*getenv_fn)(const char*)) {
  if (mode == ColorMode::kAlways) return true;
  if (mode == ColorMode::kNever) return false;
  auto get = [&](const char* name) -> const char* {
    return getenv_fn ? getenv_fn(name) : std::getenv(name);
  };
  const char* no_color = get("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* force = get("CLICOLOR_FORCE");
  if (force && *force && std::string_view(force) != "0") return true;
  const char* term = get("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return isatty(fd) == 1;
}

size_t TerminalWidth(int fd) {
  if (const char* cols = std::getenv("COLUMNS"); cols && *cols) {
    if (auto n = ParseUint(cols); n && *n >= 20 && *n <= 1000) return static_cast<size_t>(*n);
  }
  struct winsize ws {};
  if (isatty(fd) == 1 && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
  return 80;
}

bool IsRegularFile(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

std::string Printable(std::string_view s) {
  std::string valid;
  AppendValidUtf8(s, &valid);
  std::string out;
  out.reserve(valid.size());
  static const char* kHex = "0123456789abcdef";
  for (size_t i = 0; i < valid.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(valid[i]);
    // C1 controls are U+0080..U+009F, encoded as C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < valid.size() &&
        static_cast<unsigned char>(valid[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(valid[i + 1]) <= 0x9F) {
      unsigned char c1 = static_cast<unsigned char>(valid[i + 1]);
      out += "\\u00";
      out += kHex[c1 >> 4];
      out += kHex[c1 & 15];
      ++i;
      continue;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

}  // namespace tbx
