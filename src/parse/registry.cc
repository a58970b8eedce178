#include "parse/registry.h"

#include "parse/diagnostic.h"
#include "parse/django.h"
#include "parse/doctest.h"
#include "parse/ipython.h"
#include "parse/lambda.h"
#include "parse/pytest.h"
#include "parse/python.h"
#include "parse/pywarning.h"
#include "parse/rust.h"
#include "parse/rust_error.h"

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
      {"aws-lambda", "AWS Lambda's Python runtime: [ERROR] Type: message, then the traceback's frames",
       &Make<LambdaRecognizer>},
      {"python.traceback", "CPython tracebacks, chains, SyntaxErrors, bare exception lines",
       &Make<PythonRecognizer>},
      {"rust.error", "a Rust main that returned Err: Error:, Caused by:, Stack backtrace:, eyre's Location:",
       &Make<RustErrorRecognizer>},
      {"diagnostic", "rustc, cargo and pip error and warning diagnostics",
       &Make<DiagnosticRecognizer>},
      {"python.warning", "warnings module output: path:LINE: CategoryWarning: message",
       &Make<PythonWarningRecognizer>},
      {"doctest", "doctest's failure reports: exceptions raised and Expected/Got mismatches",
       &Make<DoctestRecognizer>},
      {"ipython", "IPython and Jupyter tracebacks (Context and Verbose modes, Plain frames, SyntaxErrors)",
       &Make<IPythonRecognizer>},
      {"pytest", "pytest's --tb=long/auto/short/line/native failures, setup, fixture, collection, conftest "
                 "and --doctest-modules errors, summary lines",
       &Make<PytestRecognizer>},
      {"django.debug-page", "Django's debug error page copied from a browser",
       &Make<DjangoPageRecognizer>},
  };
  return kTable;
}

}  // namespace tbx
