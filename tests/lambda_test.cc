// The AWS Lambda recognizer: the runtime's `[ERROR] Type: message` with the
// traceback's frames after it.
#include "parse/lambda.h"

#include <doctest/doctest.h>

#include "test_util.h"

namespace tbx {
namespace {

using testing::EventsOf;

TEST_CASE("lambda: only an exception behind [ERROR] starts a report") {
  CHECK(lambda::ExceptionText("[ERROR] KeyError: 'body'") == "KeyError: 'body'");
  CHECK(lambda::ExceptionText("[ERROR] Runtime.ImportModuleError: Unable to import module 'app': x") ==
        "Runtime.ImportModuleError: Unable to import module 'app': x");
  CHECK_FALSE(lambda::ExceptionText("[ERROR] 2024-05-01T12:00:00.000Z\tabc\tpayment failed"));
  CHECK_FALSE(lambda::ExceptionText("[ERROR] Payment: declined"));  // not an exception class
  CHECK_FALSE(lambda::ExceptionText("ERROR KeyError: 'body'"));
  CHECK_FALSE(lambda::ExceptionText("[INFO] KeyError: 'body'"));
}

TEST_CASE("lambda: the exception comes first, its frames after the Traceback line") {
  auto events = EventsOf(
      "START RequestId: 0a7d1c33 Version: $LATEST\n"
      "[ERROR] KeyError: 'body'\n"
      "Traceback (most recent call last):\n"
      "  File \"/var/runtime/bootstrap.py\", line 60, in handle\n"
      "  File \"/var/task/app.py\", line 12, in handler\n"
      "    payload = json.loads(event[\"body\"])\n"
      "END RequestId: 0a7d1c33\n");
  REQUIRE(events.size() == 1);
  const Event& e = events[0];
  CHECK(e.kind == kPythonTraceback);
  CHECK(e.first_line == 2);
  CHECK(e.last_line == 6);
  CHECK_FALSE(e.partial);
  REQUIRE(e.exceptions.size() == 1);
  CHECK(e.exceptions[0].type == "KeyError");
  CHECK(e.exceptions[0].message == "'body'");
  const auto& frames = e.exceptions[0].frames.frames();
  REQUIRE(frames.size() == 2);
  CHECK(frames[0].file == "/var/runtime/bootstrap.py");
  CHECK(frames[0].origin == Origin::kLibrary);
  CHECK(frames[0].code.empty());
  CHECK(frames[1].file == "/var/task/app.py");
  CHECK(frames[1].line == 12);
  CHECK(frames[1].function == "handler");
  CHECK(frames[1].code == "payload = json.loads(event[\"body\"])");
  CHECK(frames[1].origin == Origin::kUser);
}

TEST_CASE("lambda: an import error with an empty traceback, timestamped by CloudWatch") {
  auto events = EventsOf(
      "2025-02-11T08:14:03.981Z [ERROR] Runtime.ImportModuleError: Unable to import module 'handler': No module "
      "named '_cffi_backend'\n"
      "2025-02-11T08:14:03.981Z Traceback (most recent call last):\n"
      "2025-02-11T08:14:04.002Z INIT_REPORT Init Duration: 488.91 ms\tPhase: init\tStatus: error\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].last_line == 2);
  CHECK(events[0].exceptions[0].type == "Runtime.ImportModuleError");
  CHECK(events[0].exceptions[0].message == "Unable to import module 'handler': No module named '_cffi_backend'");
  CHECK(events[0].exceptions[0].frames.empty());
}

TEST_CASE("lambda: without a Traceback line the report is the exception line alone") {
  auto events = EventsOf("[ERROR] ValueError: bad amount\nREPORT RequestId: 1\n");
  REQUIRE(events.size() == 1);
  CHECK(events[0].last_line == 1);
  CHECK(events[0].exceptions[0].type == "ValueError");
}

}  // namespace
}  // namespace tbx
