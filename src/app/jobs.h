// tbexplain -j N: several files explained at once, their results handed on
// in input order, so that the output is the same as reading them one after
// another.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/analyze.h"

namespace tbx {

/// The number of threads `--jobs jobs` runs for `files` files: jobs, or one
/// per CPU when it is 0, and never more than there are files.
unsigned JobThreads(unsigned jobs, size_t files);

/// Explains file after file of `files` ("-" is standard input): for each
/// file i in order, `begin(i)` gives the sink for its results,
/// `explain(i, sink)` reads the file into that sink and `end(i, summary)`
/// takes what was read. With `threads` > 1, `explain` runs on that many
/// worker threads, into a buffer per file, and a worker starts a file only
/// if it is at most `threads` files after the one being handed on. `begin`
/// and `end` run on the calling thread, which hands each file's buffered
/// results to its sink in input order, the file whose turn it is as its
/// worker finds them; so the sinks see exactly the calls that reading the
/// files one after another makes. A later "-" is read only once the
/// earlier one is finished.
void ExplainFiles(const std::vector<std::string>& files, unsigned threads,
                  const std::function<InputSummary(size_t i, const AnalyzeSink& sink)>& explain,
                  const std::function<AnalyzeSink(size_t i)>& begin,
                  const std::function<void(size_t i, InputSummary&& summary)>& end);

}  // namespace tbx
