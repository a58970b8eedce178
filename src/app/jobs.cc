#include "app/jobs.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace tbx {
namespace {

constexpr size_t kNone = static_cast<size_t>(-1);

// One file's results, filled by the worker that reads it and emptied by the
// calling thread when the file's turn comes.
struct Slot {
  std::deque<std::pair<Incident, std::vector<Finding>>> incidents;  // not yet handed on
  std::vector<RuleSet::InputFinding> input_findings;
  InputSummary summary;
  std::exception_ptr error;
  bool done = false;
};

class Jobs {
 public:
  Jobs(const std::vector<std::string>& files, unsigned threads,
       const std::function<InputSummary(size_t, const AnalyzeSink&)>& explain)
      : files_(files), threads_(threads), explain_(explain), slots_(files.size()),
        previous_stdin_(files.size(), kNone) {
    size_t last = kNone;
    for (size_t i = 0; i < files.size(); ++i) {
      if (files[i] != "-") continue;
      previous_stdin_[i] = last;
      last = i;
    }
  }

  // False if no worker thread could be started (and nothing was done).
  bool Run(const std::function<AnalyzeSink(size_t)>& begin,
           const std::function<void(size_t, InputSummary&&)>& end) {
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads_; ++t) {
      try {
        workers.emplace_back([this] { Work(); });
      } catch (const std::system_error&) {
        break;  // as many as the system gives
      }
    }
    if (workers.empty()) return false;
    std::exception_ptr error;
    try {
      for (size_t i = 0; i < files_.size(); ++i) HandOn(i, begin, end);
    } catch (...) {
      error = std::current_exception();
    }
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    to_workers_.notify_all();
    for (auto& w : workers) w.join();
    if (error) std::rethrow_exception(error);
    return true;
  }

 private:
  // The calling thread: file i's results to its sink, in the order they
  // were found, as the worker finds them.
  void HandOn(size_t i, const std::function<AnalyzeSink(size_t)>& begin,
              const std::function<void(size_t, InputSummary&&)>& end) {
    AnalyzeSink sink = begin(i);
    Slot& slot = slots_[i];
    std::unique_lock lock(mutex_);
    head_ = i;
    to_workers_.notify_all();  // the window moved
    for (;;) {
      to_printer_.wait(lock, [&] { return !slot.incidents.empty() || slot.done; });
      bool done = slot.done;  // then every incident is in the queue
      auto batch = std::move(slot.incidents);
      slot.incidents.clear();
      lock.unlock();
      for (auto& [incident, findings] : batch) sink.incident(std::move(incident), std::move(findings));
      if (done) break;
      lock.lock();
    }
    if (slot.error) std::rethrow_exception(slot.error);
    for (auto& f : slot.input_findings) sink.input_finding(std::move(f));
    // `done` stays set: a later read of standard input may be waiting on it.
    std::vector<RuleSet::InputFinding>().swap(slot.input_findings);
    end(i, std::move(slot.summary));
  }

  // A worker thread: takes the next file once it is at most threads_ files
  // ahead of the one being handed on, and reads it into its slot.
  void Work() {
    for (;;) {
      std::unique_lock lock(mutex_);
      to_workers_.wait(lock, [&] { return stop_ || next_ >= files_.size() || next_ <= head_ + threads_; });
      if (stop_ || next_ >= files_.size()) return;
      size_t i = next_++;
      // Standard input again: only once the previous reader has finished.
      if (size_t p = previous_stdin_[i]; p != kNone) {
        to_workers_.wait(lock, [&] { return stop_ || slots_[p].done; });
        if (stop_) return;
      }
      lock.unlock();
      Slot& slot = slots_[i];
      AnalyzeSink sink{[&](Incident&& incident, std::vector<Finding>&& findings) {
                         std::lock_guard guard(mutex_);
                         slot.incidents.emplace_back(std::move(incident), std::move(findings));
                         if (i == head_) to_printer_.notify_one();
                       },
                       [&](RuleSet::InputFinding&& f) {
                         std::lock_guard guard(mutex_);
                         slot.input_findings.push_back(std::move(f));
                       }};
      InputSummary summary;
      std::exception_ptr error;
      try {
        summary = explain_(i, sink);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      slot.summary = std::move(summary);
      slot.error = error;
      slot.done = true;
      if (i == head_) to_printer_.notify_one();
      to_workers_.notify_all();  // a later read of standard input may wait for this one
    }
  }

  const std::vector<std::string>& files_;
  const unsigned threads_;
  const std::function<InputSummary(size_t, const AnalyzeSink&)>& explain_;
  std::vector<Slot> slots_;
  std::vector<size_t> previous_stdin_;  // the file before i that is also "-"

  std::mutex mutex_;  // guards what is below, and a slot until it is done
  std::condition_variable to_printer_, to_workers_;
  size_t head_ = 0;  // the file being handed on
  size_t next_ = 0;  // the next file a worker takes
  bool stop_ = false;
};

}  // namespace

unsigned JobThreads(unsigned jobs, size_t files) {
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(files, 1)));
}

void ExplainFiles(const std::vector<std::string>& files, unsigned threads,
                  const std::function<InputSummary(size_t i, const AnalyzeSink& sink)>& explain,
                  const std::function<AnalyzeSink(size_t i)>& begin,
                  const std::function<void(size_t i, InputSummary&& summary)>& end) {
  if (threads > 1 && files.size() > 1 && Jobs(files, threads, explain).Run(begin, end)) return;
  for (size_t i = 0; i < files.size(); ++i) {
    AnalyzeSink sink = begin(i);
    end(i, explain(i, sink));
  }
}

}  // namespace tbx
