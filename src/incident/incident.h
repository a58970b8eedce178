// Incidents: events that belong together, such as a Rust panic and the Python
// traceback ending in pyo3_runtime.PanicException that it caused, in either
// order, or the Python error pyo3 printed just before panicking.
#pragma once

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incident/facts.h"
#include "parse/event.h"
#include "parse/splitter.h"

namespace tbx {

struct Incident {
  std::vector<Event> events;
  /// Up to kContextLines lines just before the first event (a shell prompt
  /// and command, a log line) and the lines between its events.
  std::vector<std::string> context;
  Facts facts;
};

/// Where an incident happened.
struct IncidentWhere {
  std::optional<Frame> user;   ///< Innermost frame in the user's own code.
  std::optional<Frame> broke;  ///< Where it broke, when that is not the user's code.
};
IncidentWhere Locate(const Incident& incident);

/// A relation between two consecutive events that puts them in one incident.
struct Relation {
  std::string_view name;
  /// `gap` is the number of lines between the two events.
  bool (*holds)(const Event& before, const Event& after, uint64_t gap);
};
/// The table of relations.
const std::vector<Relation>& Relations();

/// Groups events into incidents as they stream by, and hands each out, with
/// its facts, as soon as no later event can join it (or, with a batch, once
/// the batch is full).
class IncidentBuilder : public SplitSink {
 public:
  static constexpr size_t kContextLines = 12;
  static constexpr uint64_t kMaxGap = 3;

  /// Incidents held back before their facts are inferred and they are
  /// handed out, at most (a regular file's: Analyze). Handed out in a row,
  /// the second and later find the rules' data and code in the caches,
  /// where between two incidents of a log the scan of the lines between
  /// them has pushed them out; that took about a third of an incident's
  /// time (docs/performance.md).
  static constexpr size_t kMaxBatch = 16;
  static constexpr size_t kMaxBatchBytes = 1 << 20;  // of the incidents' lines

  /// `batch`: how many incidents to hold back, 1 to kMaxBatch; they are
  /// handed out when that many have ended, when their lines reach
  /// kMaxBatchBytes, and at Finish. 1 hands out each as it ends, for input
  /// that is still being written (a pipe, a terminal).
  explicit IncidentBuilder(std::function<void(Incident&&)> on_incident, size_t batch = 1)
      : on_incident_(std::move(on_incident)), batch_(std::clamp<size_t>(batch, 1, kMaxBatch)) {}

  void OnEvent(Event&& event) override;
  void OnOtherLine(const Line& line) override;
  void OnQuietLines(uint64_t n) override;
  /// End of input: hands out the open incident.
  void Finish();

 private:
  // Ends the open incident: it joins the batch.
  void Flush();
  // Infers the batch's facts and hands it out, in order.
  void HandOut();

  std::function<void(Incident&&)> on_incident_;
  size_t batch_;
  std::vector<Incident> pending_;
  size_t pending_bytes_ = 0;
  std::optional<Incident> open_;
  // The last kContextLines lines since the last event, oldest at
  // recent_start_: a ring, so that a line costs no allocation once the
  // strings have grown.
  std::array<std::string, kContextLines> recent_;
  size_t recent_start_ = 0;
  size_t recent_size_ = 0;
  uint64_t last_event_line_ = 0;
  uint64_t gap_ = 0;
};

}  // namespace tbx
