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
      {"rust.panic", "Rust panics and their backtraces", &Make<RustPanicRecognizer>, RustPanicRecognizer::kTriggers},
      {"aws-lambda", "AWS Lambda's Python runtime: [ERROR] Type: message, then the traceback's frames",
       &Make<LambdaRecognizer>, LambdaRecognizer::kTriggers},
      {"python.traceback", "CPython tracebacks, chains, SyntaxErrors, bare exception lines",
       &Make<PythonRecognizer>, PythonRecognizer::kTriggers},
      {"rust.error", "a Rust main that returned Err: Error:, Caused by:, Stack backtrace:, eyre's Location:",
       &Make<RustErrorRecognizer>, RustErrorRecognizer::kTriggers},
      {"diagnostic", "rustc, cargo and pip error and warning diagnostics",
       &Make<DiagnosticRecognizer>, DiagnosticRecognizer::kTriggers},
      {"python.warning", "warnings module output: path:LINE: CategoryWarning: message",
       &Make<PythonWarningRecognizer>, PythonWarningRecognizer::kTriggers},
      {"doctest", "doctest's failure reports: exceptions raised and Expected/Got mismatches",
       &Make<DoctestRecognizer>, DoctestRecognizer::kTriggers},
      {"ipython", "IPython and Jupyter tracebacks (Context and Verbose modes, Plain frames, SyntaxErrors)",
       &Make<IPythonRecognizer>, IPythonRecognizer::kTriggers},
      {"pytest", "pytest's --tb=long/auto/short/line/native failures, setup, fixture, collection, conftest "
                 "and --doctest-modules errors, summary lines",
       &Make<PytestRecognizer>, PytestRecognizer::kTriggers},
      {"django.debug-page", "Django's debug error page copied from a browser",
       &Make<DjangoPageRecognizer>, DjangoPageRecognizer::kTriggers},
  };
  return kTable;
}

}  // namespace tbx
