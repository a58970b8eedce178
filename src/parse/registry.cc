#include "parse/registry.h"

#include "parse/diagnostic.h"
#include "parse/python.h"
#include "parse/rust.h"

namespace tbx {
namespace {
template <typename T>
std::unique_ptr<Recognizer> Make() {
  return std::make_unique<T>();
}
}  // namespace

const std::vector<RecognizerDef>& Recognizers() {
  static const std::vector<RecognizerDef> kTable = {
      {"rust.panic", "Rust panics and their backtraces", &Make<RustPanicRecognizer>},
      {"python.traceback", "CPython tracebacks, chains, SyntaxErrors, bare exception lines",
       &Make<PythonRecognizer>},
      {"diagnostic", "rustc, cargo and pip error and warning diagnostics",
       &Make<DiagnosticRecognizer>},
  };
  return kTable;
}

}  // namespace tbx
