#include "parse/origin.h"

#include <cctype>
#include <string>

#include "util/strings.h"

namespace tbx {
namespace {

bool Contains(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
}

// True if the last component of `dir` names a Python installation:
// Python313, python, Python3, anaconda3, miniforge3, pypy3.10, 3.11.0.
bool LooksLikeInterpreterDir(std::string_view dir) {
  size_t slash = dir.find_last_of("/\\");
  std::string_view last = slash == std::string_view::npos ? dir : dir.substr(slash + 1);
  std::string lower;
  for (char c : last) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.empty()) return false;
  if (lower.starts_with("python") || lower.starts_with("pypy") || Contains(lower, "conda") ||
      Contains(lower, "forge") || Contains(lower, "mamba")) {
    return true;
  }
  // A version folder (pyenv-win, uv): 3.11.0, cpython-3.12.3-windows-x86_64-none.
  if (lower.starts_with("cpython-")) return true;
  return IsAsciiDigit(lower[0]) && lower.find('.') != std::string::npos;
}

// True if `file` has a ".../lib/pythonX[.Y]/..." or "...\Lib\..." component.
bool HasPythonLibDir(std::string_view file) {
  for (size_t pos = 0; (pos = file.find("lib", pos)) != std::string_view::npos; ++pos) {
    if (pos > 0 && file[pos - 1] != '/' && file[pos - 1] != '\\' && file[pos - 1] != '4') continue;
    std::string_view rest = file.substr(pos + 3);
    if (rest.starts_with("64")) rest.remove_prefix(2);  // Fedora, RHEL, openSUSE: /usr/lib64/python3.9
    if (rest.starts_with("/python") || rest.starts_with("\\python") || rest.starts_with("/pypy")) {
      size_t i = rest.find_first_of("/\\", 1);
      if (i != std::string_view::npos) {
        std::string_view dir = rest.substr(1, i - 1);  // python3.11
        bool versioned = dir.size() > 6 && IsAsciiDigit(dir[6]);
        if (versioned || dir.starts_with("pypy")) return true;
      }
    }
  }
  // Windows: C:\Python313\Lib\subprocess.py, ...\Python\Python311\Lib\...
  // (any case: C:\Python\Python3\lib\encodings\cp1252.py), conda's
  // ...\miniconda3\Lib\..., pyenv-win's ...\versions\3.11.0\Lib\... A user's
  // own project\lib\ folder is not the standard library: the folder above
  // Lib must look like an interpreter's.
  for (size_t pos = 0; (pos = file.find_first_of("\\/", pos)) != std::string_view::npos; ++pos) {
    std::string_view rest = file.substr(pos + 1);
    if (rest.size() > 4 && (rest[0] == 'L' || rest[0] == 'l') && rest[1] == 'i' && rest[2] == 'b' &&
        rest[3] == file[pos] && LooksLikeInterpreterDir(file.substr(0, pos))) {
      return true;
    }
  }
  return false;
}

}  // namespace

Origin ClassifyPythonFile(std::string_view file) {
  if (file.empty()) return Origin::kUnknown;
  if (Contains(file, "site-packages") || Contains(file, "dist-packages") ||
      Contains(file, ".egg/") || Contains(file, ".egg\\")) {
    return Origin::kLibrary;
  }
  // AWS Lambda: layers are unpacked under /opt/python, the runtime's own
  // code (bootstrap, awslambdaric) lives under /var/runtime.
  if (file.starts_with("/opt/python/") || file.starts_with("/var/runtime/")) return Origin::kLibrary;
  // Cython names a compiled module's source without a folder
  // (`File "parsers.pyx", line 574, in pandas._libs.parsers...`): an
  // installed library's, not the user's.
  if ((file.ends_with(".pyx") || file.ends_with(".pxd") || file.ends_with(".pxi")) &&
      file.find('/') == std::string_view::npos && file.find('\\') == std::string_view::npos) {
    return Origin::kLibrary;
  }
  if (file.starts_with("<frozen ")) return Origin::kStdlib;
  if (file.front() == '<') {
    if (file == "<stdin>" || file.starts_with("<python-input-") ||
        file.starts_with("<ipython-input-") || file.starts_with("<doctest ")) {
      return Origin::kUser;
    }
    return Origin::kUnknown;
  }
  if (HasPythonLibDir(file)) return Origin::kStdlib;
  // A console-script wrapper pip wrote (.venv/bin/flask, Scripts\\black.exe):
  // no .py suffix, in a bin or Scripts folder. Not the user's code.
  if ((!file.ends_with(".py") && (Contains(file, "/bin/") || Contains(file, "\\Scripts\\"))) ||
      Contains(file, ".exe\\__main__.py")) {
    return Origin::kUnknown;
  }
  return Origin::kUser;
}

Origin ClassifyRustFrame(std::string_view file, std::string_view function) {
  if (!file.empty()) {
    if (Contains(file, "/rustc/") || Contains(file, "\\rustc\\") ||
        file.starts_with("library/std/") || file.starts_with("library/core/") ||
        file.starts_with("library/alloc/") || Contains(file, "/src/libstd/") ||
        Contains(file, "/src/libcore/") || file.starts_with("libcore/") ||
        file.starts_with("libstd/")) {
      return Origin::kStdlib;
    }
    if (Contains(file, ".cargo/registry") || Contains(file, ".cargo\\registry") ||
        Contains(file, ".cargo/git/") || Contains(file, ".cargo\\git\\") ||
        Contains(file, "/cargo/registry/") || Contains(file, "/usr/share/cargo/registry/") ||
        Contains(file, "/cargo/git/checkouts/")) {
      return Origin::kLibrary;
    }
    if (file.starts_with("./csu/") || file.starts_with("./nptl/") || Contains(file, "/sysdeps/")) {
      return Origin::kUnknown;  // glibc start-up code
    }
    if (file.ends_with(".rs")) return Origin::kUser;
    return Origin::kUnknown;
  }
  // No path: judge by the symbol.
  std::string_view f = function;
  if (f.starts_with("<")) f.remove_prefix(1);
  for (std::string_view p : {"std::", "core::", "alloc::", "std[", "core[", "alloc[",
                             "__rust", "rust_begin_unwind", "rust_panic", "__rustc::"}) {
    if (f.starts_with(p)) return Origin::kStdlib;
  }
  return Origin::kUnknown;
}

}  // namespace tbx
