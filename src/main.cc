// tbexplain: explains Python and Rust error output. See README.md.
#include <csignal>
#include <iostream>

#include "app/options.h"
#include "app/run.h"

int main(int argc, char** argv) {
  // A closed pipe (`tbexplain log | head`) is not an error.
  std::signal(SIGPIPE, SIG_IGN);
  std::ios::sync_with_stdio(false);
  tbx::Options options;
  std::string error;
  if (!tbx::ParseOptions(argc, argv, &options, &error)) {
    std::cerr << "tbexplain: " << error << "\n(see tbexplain --help)\n";
    return 2;
  }
  return tbx::Run(options, std::cout, std::cerr);
}
