// timeit: runs a command N times and prints the median, fastest and slowest
// wall-clock times in milliseconds, for process-start latencies that
// /usr/bin/time's 10 ms resolution cannot show; then the median CPU time
// (user and system) in milliseconds, and the largest peak RSS in KiB:
//
//   MEDIAN_MS MIN_MS MAX_MS MEDIAN_CPU_MS PEAK_RSS_KIB
//
//   timeit [--runs N] [--stdin FILE] -- COMMAND [ARG...]
//
// Standard output and error of COMMAND go to /dev/null.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

int main(int argc, char** argv) {
  int runs = 50;
  const char* stdin_path = "/dev/null";
  int i = 1;
  for (; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--stdin") == 0 && i + 1 < argc) stdin_path = argv[++i];
    else if (std::strcmp(argv[i], "--") == 0) { ++i; break; }
    else break;
  }
  if (i >= argc || runs < 1) {
    std::fprintf(stderr, "usage: timeit [--runs N] [--stdin FILE] -- COMMAND [ARG...]\n");
    return 2;
  }
  std::vector<double> ms, cpu;
  long rss = 0;
  for (int r = 0; r < runs; ++r) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, stdin_path, O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    auto start = std::chrono::steady_clock::now();
    pid_t pid;
    if (posix_spawnp(&pid, argv[i], &fa, nullptr, argv + i, environ) != 0) {
      std::fprintf(stderr, "timeit: cannot run %s\n", argv[i]);
      return 2;
    }
    int status = 0;
    struct rusage usage {};
    wait4(pid, &status, 0, &usage);
    auto end = std::chrono::steady_clock::now();
    posix_spawn_file_actions_destroy(&fa);
    if (!WIFEXITED(status)) {
      std::fprintf(stderr, "timeit: %s did not exit normally\n", argv[i]);
      return 2;
    }
    ms.push_back(std::chrono::duration<double, std::milli>(end - start).count());
    auto millis = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
    cpu.push_back(millis(usage.ru_utime) + millis(usage.ru_stime));
    rss = std::max(rss, usage.ru_maxrss);
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("%.2f %.2f %.2f %.2f %ld\n", ms[ms.size() / 2], ms.front(), ms.back(), cpu[cpu.size() / 2], rss);
  return 0;
}
