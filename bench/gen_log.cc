// gen_log: writes a CI-like log of a given size, deterministic for a seed,
// with real error output planted in it, and a manifest of what was planted.
//
//   gen_log --size 1G --seed 1 --out log.txt --manifest planted.tsv FILE...
//
// Most lines are ordinary CI output: timestamped log lines at several
// levels, pip and cargo progress, test names, URLs and hex ids, and now and
// then a line of 500 to 2,000 characters. Every 2,000 to 6,000 lines one of
// the FILEs (samples of real error output) is copied in whole. The manifest
// has one row per planted copy: `LINE<TAB>FILE`, LINE being the log's line
// number of the copy's first line. Ordinary lines never look like the start
// of an error report, so the incidents in the log are exactly those of the
// planted copies.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// SplitMix64: small, fast, and the same sequence on every platform.
struct Rng {
  uint64_t s;
  uint64_t Next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  uint64_t In(uint64_t lo, uint64_t hi) { return lo + Next() % (hi - lo + 1); }
  template <class T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[Next() % N];
  }
};

const char* const kLevels[] = {"INFO", "INFO", "INFO", "DEBUG", "DEBUG", "WARN", "NOTICE"};
const char* const kWords[] = {"build",  "cache",   "fetch",  "resolve", "upload", "artifact", "worker",
                              "step",   "restore", "save",   "shard",   "node",   "runner",   "image",
                              "layer",  "digest",  "index",  "config",  "module", "package",  "target",
                              "deploy", "health",  "status", "queue",   "job",    "matrix",   "compile"};
const char* const kPackages[] = {"requests", "numpy",  "pydantic", "urllib3",     "idna",  "certifi",
                                 "packaging", "pytest", "tomli",    "typing-extensions", "serde", "tokio",
                                 "anyhow",    "clap",   "regex",    "syn",         "quote", "libc"};
const char* const kHosts[] = {"files.pythonhosted.org", "index.crates.io", "github.com", "objects.githubusercontent.com",
                              "registry.npmjs.org", "ghcr.io"};

void Hex(Rng& r, int n, std::string* out) {
  static const char kDigits[] = "0123456789abcdef";
  for (int i = 0; i < n; ++i) out->push_back(kDigits[r.Next() & 15]);
}

void Timestamp(Rng& r, uint64_t line, std::string* out) {
  // 2024-05-01T12:00:00.1234567Z, advancing with the line number.
  uint64_t sec = 43200 + line / 50;
  char buf[48];
  std::snprintf(buf, sizeof buf, "2024-05-01T%02u:%02u:%02u.%07uZ ", unsigned(sec / 3600 % 24),
                unsigned(sec / 60 % 60), unsigned(sec % 60), unsigned(r.Next() % 10000000));
  out->append(buf);
}

void Version(Rng& r, std::string* out) {
  *out += std::to_string(r.In(0, 4)) + "." + std::to_string(r.In(0, 40)) + "." + std::to_string(r.In(0, 20));
}

// One ordinary line, without its newline.
void OrdinaryLine(Rng& r, uint64_t line, std::string* out) {
  Timestamp(r, line, out);
  switch (r.Next() % 12) {
    case 0:
    case 1:
    case 2: {
      *out += r.Pick(kLevels);
      *out += " [";
      *out += r.Pick(kWords);
      *out += "] ";
      int n = int(r.In(3, 12));
      for (int i = 0; i < n; ++i) {
        if (i) *out += ' ';
        *out += r.Pick(kWords);
      }
      *out += " id=";
      Hex(r, 12, out);
      break;
    }
    case 3:
      *out += "Collecting ";
      *out += r.Pick(kPackages);
      *out += ">=";
      Version(r, out);
      break;
    case 4:
      *out += "  Downloading https://";
      *out += r.Pick(kHosts);
      *out += "/packages/";
      Hex(r, 2, out);
      *out += '/';
      Hex(r, 62, out);
      *out += '/';
      *out += r.Pick(kPackages);
      *out += '-';
      Version(r, out);
      *out += "-py3-none-any.whl (" + std::to_string(r.In(10, 9000)) + " kB)";
      break;
    case 5:
      *out += "   Compiling ";
      *out += r.Pick(kPackages);
      *out += " v";
      Version(r, out);
      break;
    case 6:
      *out += "test tests::";
      *out += r.Pick(kWords);
      *out += "_";
      *out += r.Pick(kWords);
      *out += " ... ok";
      break;
    case 7:
      *out += "tests/test_";
      *out += r.Pick(kWords);
      *out += ".py::test_";
      *out += r.Pick(kWords);
      *out += " PASSED";
      *out += " [" + std::to_string(r.In(1, 100)) + "%]";
      break;
    case 8:
      *out += "##[group]Run ";
      *out += r.Pick(kWords);
      *out += " --";
      *out += r.Pick(kWords);
      break;
    case 9:
      *out += "sha256:";
      Hex(r, 64, out);
      *out += "  ";
      *out += r.Pick(kWords);
      *out += ".tar.gz";
      break;
    case 10: {
      // A long line: an environment dump or a compiler command.
      size_t end = out->size() + r.In(500, 2000);
      *out += "env: ";
      while (out->size() < end) {
        *out += r.Pick(kWords);
        *out += "_";
        Hex(r, 6, out);
        *out += "=/opt/";
        *out += r.Pick(kWords);
        *out += "/";
        *out += r.Pick(kPackages);
        *out += " ";
      }
      break;
    }
    default:
      *out += "Successfully installed ";
      for (int i = 0, n = int(r.In(1, 6)); i < n; ++i) {
        *out += r.Pick(kPackages);
        *out += '-';
        Version(r, out);
        *out += ' ';
      }
      break;
  }
}

uint64_t ParseSize(const std::string& s) {
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  std::string unit = end ? end : "";
  if (unit == "K" || unit == "KiB") v *= 1024;
  else if (unit == "M" || unit == "MiB") v *= 1024 * 1024;
  else if (unit == "G" || unit == "GiB") v *= 1024.0 * 1024 * 1024;
  else if (!unit.empty()) return 0;
  return uint64_t(v);
}

int Usage() {
  std::cerr << "usage: gen_log --size N[K|M|G] [--seed S] --out FILE --manifest FILE SAMPLE...\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t size = 0, seed = 1;
  std::string out_path, manifest_path;
  std::vector<std::string> sample_paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--size") size = ParseSize(value());
    else if (a == "--seed") seed = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--out") out_path = value();
    else if (a == "--manifest") manifest_path = value();
    else if (a.starts_with("--")) return Usage();
    else sample_paths.push_back(a);
  }
  if (size == 0 || out_path.empty() || manifest_path.empty() || sample_paths.empty()) return Usage();

  struct Sample {
    std::string path, text;
    uint64_t lines;
  };
  std::vector<Sample> samples;
  for (const auto& p : sample_paths) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      std::cerr << "gen_log: cannot read " << p << "\n";
      return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    if (!text.empty() && text.back() != '\n') text += '\n';
    uint64_t lines = 0;
    for (char c : text) lines += c == '\n';
    samples.push_back({p, std::move(text), lines});
  }

  std::ofstream out(out_path, std::ios::binary);
  std::ofstream manifest(manifest_path, std::ios::binary);
  if (!out || !manifest) {
    std::cerr << "gen_log: cannot write " << out_path << " or " << manifest_path << "\n";
    return 2;
  }
  Rng r{seed};
  std::string buf;
  buf.reserve(1 << 20);
  uint64_t written = 0, line = 0, planted = 0;
  uint64_t next_plant = r.In(2000, 6000);
  while (written < size) {
    if (line + 1 >= next_plant) {
      const Sample& s = samples[r.Next() % samples.size()];
      manifest << line + 1 << '\t' << s.path << '\n';
      buf += s.text;
      line += s.lines;
      ++planted;
      next_plant = line + r.In(2000, 6000);
    } else {
      OrdinaryLine(r, line, &buf);
      buf += '\n';
      ++line;
    }
    if (buf.size() >= (1 << 20)) {
      out.write(buf.data(), std::streamsize(buf.size()));
      written += buf.size();
      buf.clear();
    }
  }
  out.write(buf.data(), std::streamsize(buf.size()));
  written += buf.size();
  std::cerr << "gen_log: " << written << " bytes, " << line << " lines, " << planted << " incidents' samples planted\n";
  return out.good() && manifest.good() ? 0 : 1;
}
