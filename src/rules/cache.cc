#include "rules/cache.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <fstream>

#include "rules/index.h"

namespace tbx {
namespace {

// Bumped whenever the layout below or the meaning of a rule's parts changes;
// the version (TBEXPLAIN_VERSION, from CMake) ties a cache to its program.
constexpr std::string_view kMagic = "tbexplain rule cache 7 " TBEXPLAIN_VERSION "\n";

// A 64-bit hash of a file's bytes, eight at a time (FNV-1a's constants on
// words, then a final mix): to notice a change, not to resist an attacker.
uint64_t Hash(std::string_view s) {
  uint64_t h = 1469598103934665603ull ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 1099511628211ull;
    h ^= h >> 29;
  }
  for (; i < s.size(); ++i) h = (h ^ static_cast<unsigned char>(s[i])) * 1099511628211ull;
  h ^= h >> 32;
  h *= 0x9E3779B97F4A7C15ull;
  return h ^ (h >> 29);
}

// A file's bytes: read into a buffer, or mapped.
struct FileBytes {
  std::unique_ptr<char[]> data;
  void* mapped = nullptr;
  size_t size = 0;
  FileBytes() = default;
  FileBytes(const FileBytes&) = delete;
  FileBytes& operator=(const FileBytes&) = delete;
  ~FileBytes() {
    if (mapped) ::munmap(mapped, size);
  }
  std::string_view view() const { return {mapped ? static_cast<const char*>(mapped) : data.get(), size}; }
};

bool ReadWhole(const std::string& path, FileBytes* out);

// Maps the rule cache at `path`: a start touches only the pages it reads
// (the rules' heads, and the bodies of the few rules an input needs), where
// reading would copy every rule's body. The cache is only ever replaced by
// a rename, never rewritten in place, so the mapped file does not shrink
// under the process. Reads it where it cannot be mapped.
bool MapWhole(const std::string& path, FileBytes* out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  void* p = MAP_FAILED;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  }
  ::close(fd);
  if (p == MAP_FAILED) return ReadWhole(path, out);
  out->mapped = p;
  out->size = static_cast<size_t>(st.st_size);
  return true;
}

// Reads the file at `path` into one buffer of its size, which is neither
// zeroed first (as a string's would be) nor grown by copies (as a string
// stream's): at every start, for the cache.
bool ReadWhole(const std::string& path, FileBytes* out) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st;
  bool ok = ::fstat(fd, &st) == 0 && st.st_size >= 0;
  // Room for the file as fstat sees it, and one byte more to see its end
  // (it grows as needed should the file have grown meanwhile).
  size_t room = ok ? static_cast<size_t>(st.st_size) + 1 : 0;
  out->data.reset(new char[room]);
  out->size = 0;
  while (ok) {
    if (out->size == room) {
      std::unique_ptr<char[]> more(new char[2 * room + 4096]);
      std::memcpy(more.get(), out->data.get(), out->size);
      out->data = std::move(more);
      room = 2 * room + 4096;
    }
    ssize_t got = ::read(fd, out->data.get() + out->size, room - out->size);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) ok = false;
    if (got <= 0) break;
    out->size += static_cast<size_t>(got);
  }
  ::close(fd);
  return ok;
}

// A path below `dir` relative to it; other paths stay as they are.
std::string Relative(const std::string& path, const std::string& dir) {
  if (path.size() > dir.size() + 1 && path.starts_with(dir) && path[dir.size()] == '/') {
    return "./" + path.substr(dir.size() + 1);
  }
  return path;
}
std::string Rebase(const std::string& path, const std::string& dir) {
  return path.starts_with("./") ? dir + "/" + path.substr(2) : path;
}

class Writer {
 public:
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void I64(int64_t v) { U64(static_cast<uint64_t>(v)); }
  void Str(std::string_view s) {
    U64(s.size());
    out_.append(s);
  }
  void Strs(const std::vector<std::string>& v) {
    U64(v.size());
    for (const auto& s : v) Str(s);
  }
  const std::string& data() const { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool U64(uint64_t* v) {
    if (in_.size() - at_ < 8) return false;
    // Little-endian, as Writer::U64 writes it: one load on such a machine.
    uint64_t x;
    std::memcpy(&x, in_.data() + at_, 8);
    if constexpr (std::endian::native == std::endian::big) x = __builtin_bswap64(x);
    *v = x;
    at_ += 8;
    return true;
  }
  bool I64(int64_t* v) {
    uint64_t u;
    if (!U64(&u)) return false;
    *v = static_cast<int64_t>(u);
    return true;
  }
  bool Int(int* v) {
    int64_t x;
    if (!I64(&x)) return false;
    *v = static_cast<int>(x);
    return true;
  }
  // A string, copied; View: as a view of the input, which must outlive it.
  bool Str(std::string* s) {
    std::string_view v;
    if (!View(&v)) return false;
    s->assign(v.data(), v.size());
    return true;
  }
  bool View(std::string_view* s) {
    uint64_t n;
    if (!U64(&n) || n > in_.size() - at_) return false;
    *s = in_.substr(at_, n);
    at_ += n;
    return true;
  }
  bool Strs(std::vector<std::string>* v) { return List(v, &Reader::Str); }
  bool Views(std::vector<std::string_view>* v) { return List(v, &Reader::View); }
  size_t at() const { return at_; }
  bool Template(tbx::Template* t) {
    std::string src;
    if (!Str(&src)) return false;
    // Checked when the cache was written; parsed when a finding needs it.
    *t = tbx::Template::Unparsed(std::move(src));
    return true;
  }

 private:
  // A count, then that many items, each read by `one`.
  template <typename T>
  bool List(std::vector<T>* v, bool (Reader::*one)(T*)) {
    uint64_t n;
    if (!U64(&n) || n > in_.size() - at_) return false;
    v->resize(n);
    for (auto& x : *v) {
      if (!(this->*one)(&x)) return false;
    }
    return true;
  }

  std::string_view in_;
  size_t at_ = 0;
};

void WriteRegex(Writer& w, const std::unique_ptr<Regex>& re) {
  w.U64(re ? 1 : 0);
  if (re) {
    w.Str(re->pattern());
    w.Strs(re->required().any);
    w.U64(re->required().icase ? 1 : 0);
  }
}

bool ReadRegex(Reader& r, std::unique_ptr<Regex>* re) {
  uint64_t present;
  if (!r.U64(&present)) return false;
  if (!present) return true;
  std::string p;
  RequiredText required;
  uint64_t icase;
  if (!r.Str(&p) || !r.Strs(&required.any) || !r.U64(&icase)) return false;
  required.icase = icase != 0;
  *re = std::make_unique<Regex>(std::move(p), std::move(required));
  return true;
}

void WriteNamed(Writer& w, const NamedRegexes& named) {
  w.U64(named.size());
  for (const auto& [name, re] : named) {
    w.Str(name);
    WriteRegex(w, re);
  }
}

bool ReadNamed(Reader& r, NamedRegexes* named) {
  uint64_t n;
  if (!r.U64(&n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    std::string name;
    std::unique_ptr<Regex> re;
    if (!r.Str(&name) || !ReadRegex(r, &re) || !re) return false;
    named->emplace_back(std::move(name), std::move(re));
  }
  return true;
}

void WriteCondition(Writer& w, const Condition& c) {
  w.Str(c.def ? c.def->key : "");
  w.I64(c.line);
  w.I64(c.column);
  WriteNamed(w, c.fields);
  WriteNamed(w, c.capture);
  w.I64(c.final_flag ? (*c.final_flag ? 1 : 0) : -1);
  w.U64(c.frame ? 1 : 0);
  if (c.frame) {
    WriteRegex(w, c.frame->file);
    WriteRegex(w, c.frame->function);
    WriteRegex(w, c.frame->code);
    w.I64(c.frame->origin ? static_cast<int64_t>(*c.frame->origin) : -1);
    WriteNamed(w, c.frame->capture);
  }
  w.U64(c.children.size());
  for (const auto& child : c.children) WriteCondition(w, child);
}

bool ReadCondition(Reader& r, Condition* c, int depth) {
  if (depth > 1000) return false;
  std::string key;
  if (!r.Str(&key)) return false;
  c->def = nullptr;
  for (const auto& d : Predicates()) {
    if (d.key == key) c->def = &d;
  }
  if (!key.empty() && !c->def) return false;
  uint64_t n;
  int64_t flag;
  if (!r.Int(&c->line) || !r.Int(&c->column) || !ReadNamed(r, &c->fields) || !ReadNamed(r, &c->capture)) {
    return false;
  }
  if (!r.I64(&flag)) return false;
  if (flag >= 0) c->final_flag = flag == 1;
  uint64_t has_frame;
  if (!r.U64(&has_frame)) return false;
  if (has_frame) {
    c->frame = std::make_unique<FrameTest>();
    int64_t origin;
    if (!ReadRegex(r, &c->frame->file) || !ReadRegex(r, &c->frame->function) ||
        !ReadRegex(r, &c->frame->code) || !r.I64(&origin) || !ReadNamed(r, &c->frame->capture)) {
      return false;
    }
    if (origin >= 0) c->frame->origin = static_cast<Origin>(origin);
  }
  if (!r.U64(&n)) return false;
  for (uint64_t i = 0; i < n; ++i) {
    c->children.emplace_back();
    if (!ReadCondition(r, &c->children.back(), depth + 1)) return false;
  }
  return true;
}

// A rule file's modification time as a fingerprint records it, in
// nanoseconds.
int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

// The fingerprint of the folder: for every rule file, its relative path,
// size, modification time and hash, one line "PATH\tSIZE\tMTIME\tHASH".
bool Fingerprint(const std::string& dir, std::vector<std::string>* out) {
  for (const std::string& file : RuleFilesOf(dir)) {
    struct stat st;
    FileBytes text;
    if (::stat(file.c_str(), &st) != 0 || !ReadWhole(file, &text)) return false;
    out->push_back(Relative(file, dir) + "\t" + std::to_string(st.st_size) + "\t" + std::to_string(MtimeNs(st)) +
                   "\t" + std::to_string(Hash(text.view())));
  }
  return true;
}

// One line of a fingerprint, read back.
struct Stamp {
  std::string_view path, hash;
  int64_t size = 0, mtime = 0;
};

bool ParseStamp(std::string_view line, Stamp* out) {
  auto field = [&line]() {
    size_t tab = line.find('\t');
    std::string_view f = line.substr(0, tab);
    line.remove_prefix(tab == std::string_view::npos ? line.size() : tab + 1);
    return f;
  };
  auto number = [](std::string_view f, int64_t* v) {
    auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), *v);
    return ec == std::errc() && end == f.data() + f.size();
  };
  out->path = field();
  if (!number(field(), &out->size) || !number(field(), &out->mtime)) return false;
  out->hash = field();
  return true;
}

// Whether the rule files of `dir` are the ones `recorded` (a fingerprint
// read back) names: the same files, each with its recorded path, size and
// time, and then not read; or else read and hashed to its recorded hash (a
// fresh checkout of the same bytes, with other times). A copy that kept the
// time to the second only (`cmake --install`, tar) has the recorded time:
// a later edit would give it a later time, not the same second without its
// fraction.
bool Unchanged(const std::string& dir, const std::vector<std::string_view>& recorded) {
  std::vector<std::string> files = RuleFilesOf(dir);
  if (files.size() != recorded.size()) return false;
  constexpr int64_t kNs = 1000000000;
  for (size_t i = 0; i < files.size(); ++i) {
    struct stat st;
    Stamp stamp;
    if (::stat(files[i].c_str(), &st) != 0 || !ParseStamp(recorded[i], &stamp) ||
        stamp.path != Relative(files[i], dir)) {
      return false;
    }
    const int64_t mtime = MtimeNs(st);
    const bool same_time =
        stamp.mtime == mtime || (mtime % kNs == 0 && stamp.mtime >= 0 && stamp.mtime / kNs * kNs == mtime);
    if (stamp.size == static_cast<int64_t>(st.st_size) && same_time) continue;
    FileBytes text;
    if (!ReadWhole(files[i], &text) || stamp.hash != std::to_string(Hash(text.view()))) return false;
  }
  return true;
}

// A rule's body: all but its head.
void WriteBody(Writer& w, const Rule& r, const std::string& dir) {
  w.Str(r.title.source());
  WriteCondition(w, r.match);
  w.Str(r.explanation.source());
  w.U64(r.remediation.size());
  for (const auto& step : r.remediation) {
    w.Str(step.text.source());
    w.U64(step.command ? 1 : 0);
    if (step.command) w.Str(step.command->source());
  }
  w.Strs(r.references);
  std::vector<std::string> m, nm;
  for (const auto& e : r.examples_match) m.push_back(Relative(e, dir));
  for (const auto& e : r.examples_no_match) nm.push_back(Relative(e, dir));
  w.Strs(m);
  w.Strs(nm);
  w.Str(Relative(r.file, dir));
  w.I64(r.line);
  w.I64(r.column);
}

bool ReadBody(Reader& r, const std::string& dir, Rule* rule) {
  uint64_t steps;
  if (!r.Template(&rule->title) || !ReadCondition(r, &rule->match, 0) || !r.Template(&rule->explanation) ||
      !r.U64(&steps) || steps > 1000000) {
    return false;
  }
  for (uint64_t i = 0; i < steps; ++i) {
    RemediationStep step;
    uint64_t has_command;
    if (!r.Template(&step.text) || !r.U64(&has_command)) return false;
    if (has_command) {
      tbx::Template t;
      if (!r.Template(&t)) return false;
      step.command = std::move(t);
    }
    rule->remediation.push_back(std::move(step));
  }
  std::string file;
  if (!r.Strs(&rule->references) || !r.Strs(&rule->examples_match) || !r.Strs(&rule->examples_no_match) ||
      !r.Str(&file) || !r.Int(&rule->line) || !r.Int(&rule->column)) {
    return false;
  }
  for (auto& e : rule->examples_match) e = Rebase(e, dir);
  for (auto& e : rule->examples_no_match) e = Rebase(e, dir);
  rule->file = Rebase(file, dir);
  return true;
}

}  // namespace

struct RuleCacheFile {
  FileBytes bytes;  // the whole cache
  std::string dir;  // the folder its rules were compiled from
};

// A rule's head in the cache; CompiledRules::heads_ views an array of them.
struct CompiledRules::Head {
  uint32_t id_offset, id_size;  // in ids_
  uint64_t body_offset;         // in bodies_
  uint32_t body_size;
  int32_t priority;
  uint8_t severity, scope, fallback, unused;
  uint32_t unused2;
};

namespace {

// What follows the fingerprint (at the next multiple of 16 of the file):
// where each part of the cache is, in bytes from the file's start. Each
// part starts at a multiple of 8.
struct CacheHead {
  uint64_t byte_order;  // kByteOrder as this machine writes it
  uint64_t rules;
  uint64_t heads;               // `rules` CompiledRules::Head
  uint64_t ids, ids_size;       // the ids, one after another
  uint64_t sorted;              // `rules` uint32_t: rule numbers by id
  uint64_t input, inputs;       // uint32_t: the `scope: input` rules
  uint64_t index, index_size;   // RuleIndex::image()
  uint64_t bodies, bodies_size; // each rule's body (WriteBody)
};
constexpr uint64_t kByteOrder = 0x0102030405060708ull;

// The severity and scope a head's byte gives (a damaged one: the first).
Severity SeverityOf(uint8_t v) { return v <= static_cast<uint8_t>(Severity::kInfo) ? static_cast<Severity>(v) : Severity::kError; }
Scope ScopeOf(uint8_t v) { return v == static_cast<uint8_t>(Scope::kInput) ? Scope::kInput : Scope::kIncident; }

}  // namespace

std::string_view CompiledRules::id(uint32_t i) const {
  if (i >= size_) return {};
  const Head& h = heads_[i];
  if (h.id_offset > ids_.size() || h.id_size > ids_.size() - h.id_offset) return {};
  return ids_.substr(h.id_offset, h.id_size);
}

RuleHead CompiledRules::head(uint32_t i) const {
  if (i >= size_) return {};
  const Head& h = heads_[i];
  return {SeverityOf(h.severity), h.priority, ScopeOf(h.scope), h.fallback != 0};
}

std::optional<uint32_t> CompiledRules::Find(std::string_view want) const {
  size_t lo = 0, hi = sorted_.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    const std::string_view at = id(sorted_[mid]);
    if (at == want) return sorted_[mid];
    if (at < want) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return std::nullopt;
}

bool CompiledRules::Decode(uint32_t i, Rule* out) const {
  *out = Rule();
  if (i >= size_) return false;
  const Head& h = heads_[i];
  const RuleHead head = this->head(i);
  bool ok = h.body_offset <= bodies_.size() && h.body_size <= bodies_.size() - h.body_offset;
  if (ok) {
    Reader r(bodies_.substr(h.body_offset, h.body_size));
    ok = ReadBody(r, file_->dir, out);
  }
  if (!ok) *out = Rule();  // a damaged body matches nothing
  out->id = std::string(id(i));
  out->severity = head.severity;
  out->priority = head.priority;
  out->scope = head.scope;
  out->fallback = head.fallback;
  return ok;
}

namespace {

bool IsRuleFileName(std::string_view name) { return name.ends_with(".yaml") || name.ends_with(".yml"); }

// Adds the rule files below `dir` to `out`. readdir's entry types spare a
// stat of every file (the built-in folder holds hundreds of example
// inputs); as std::filesystem's recursive iterator, it follows links to
// files but not to folders, and passes over folders it may not read.
void AddRuleFiles(const std::string& dir, int depth, std::vector<std::string>* out) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return;
  while (const dirent* e = ::readdir(d)) {
    std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    unsigned char type = e->d_type;
    // Most entries are rule examples: passed over before a path is made.
    if (type != DT_DIR && type != DT_UNKNOWN && !IsRuleFileName(name)) continue;
    std::string path = dir.back() == '/' ? dir + std::string(name) : dir + "/" + std::string(name);
    struct stat st;
    if (type == DT_UNKNOWN && ::lstat(path.c_str(), &st) == 0) {
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type == DT_DIR) {
      if (depth < 64) AddRuleFiles(path, depth + 1, out);
    } else if (IsRuleFileName(name) &&
               (type == DT_REG || (type == DT_LNK && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)))) {
      out->push_back(std::move(path));
    }
  }
  ::closedir(d);
}

}  // namespace

std::vector<std::string> RuleFilesOf(const std::string& dir) {
  std::vector<std::string> files;
  if (!dir.empty()) AddRuleFiles(dir, 0, &files);
  std::sort(files.begin(), files.end());
  return files;
}

bool WriteRuleCache(const std::vector<Rule>& rules, const std::string& dir, const std::string& path,
                    std::string* error) {
  Writer w;
  std::vector<std::string> fingerprint;
  if (!Fingerprint(dir, &fingerprint)) {
    *error = "cannot read the rule files of " + dir;
    return false;
  }
  w.Strs(fingerprint);
  // The index, as RuleSet builds it of a folder's rules.
  const RuleIndex index = RuleIndex::Of(rules);
  // The heads, ids, bodies and the rest, each a part of its own.
  std::vector<CompiledRules::Head> heads;
  std::string ids;
  Writer bodies;
  std::vector<uint32_t> sorted, input;
  for (uint32_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    const size_t body = bodies.data().size();
    WriteBody(bodies, r, dir);
    heads.push_back({static_cast<uint32_t>(ids.size()), static_cast<uint32_t>(r.id.size()), body,
                     static_cast<uint32_t>(bodies.data().size() - body), r.priority,
                     static_cast<uint8_t>(r.severity), static_cast<uint8_t>(r.scope), r.fallback ? uint8_t{1} : uint8_t{0},
                     0, 0});
    ids += r.id;
    sorted.push_back(i);
    if (r.scope == Scope::kInput) input.push_back(i);
  }
  std::stable_sort(sorted.begin(), sorted.end(), [&](uint32_t a, uint32_t b) { return rules[a].id < rules[b].id; });
  std::string out(kMagic);
  out += w.data();
  auto part = [&out](const void* data, size_t size, size_t align) {
    out.resize((out.size() + align - 1) / align * align, '\0');
    const size_t at = out.size();
    out.append(static_cast<const char*>(data), size);
    return at;
  };
  CacheHead head{};
  const size_t head_at = part(&head, sizeof head, 16);  // filled in below
  head.byte_order = kByteOrder;
  head.rules = rules.size();
  head.heads = part(heads.data(), heads.size() * sizeof heads[0], 8);
  head.ids = part(ids.data(), ids.size(), 8);
  head.ids_size = ids.size();
  head.sorted = part(sorted.data(), sorted.size() * sizeof(uint32_t), 8);
  head.input = part(input.data(), input.size() * sizeof(uint32_t), 8);
  head.inputs = input.size();
  head.index = part(index.image().data(), index.image().size(), 8);
  head.index_size = index.image().size();
  head.bodies = part(bodies.data().data(), bodies.data().size(), 8);
  head.bodies_size = bodies.data().size();
  std::memcpy(out.data() + head_at, &head, sizeof head);
  // Written beside, then renamed: a reader never sees half a cache.
  std::string tmp = path + ".tmp";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    file << out;
    if (!file) {
      *error = "cannot write " + tmp;
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = "cannot rename " + tmp + " to " + path + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool ReadRuleCache(const std::string& path, const std::string& dir, CompiledRules* out) {
  auto file = std::make_shared<RuleCacheFile>();
  file->dir = dir;
  if (!MapWhole(path, &file->bytes) || !file->bytes.view().starts_with(kMagic)) return false;
  const std::string_view data = file->bytes.view();
  if (reinterpret_cast<uintptr_t>(data.data()) % 8 != 0) return false;
  Reader r(data.substr(kMagic.size()));
  std::vector<std::string_view> recorded;  // into the mapped cache
  if (!r.Views(&recorded) || !Unchanged(dir, recorded)) return false;
  const size_t head_at = (kMagic.size() + r.at() + 15) / 16 * 16;
  CacheHead head;
  if (head_at > data.size() || data.size() - head_at < sizeof head) return false;
  std::memcpy(&head, data.data() + head_at, sizeof head);
  // Each part inside the file, at a multiple of 8.
  auto inside = [&data](uint64_t at, uint64_t count, size_t each) {
    return at % 8 == 0 && at <= data.size() && count <= (data.size() - at) / each;
  };
  if (head.byte_order != kByteOrder || !inside(head.heads, head.rules, sizeof(CompiledRules::Head)) ||
      !inside(head.ids, head.ids_size, 1) || !inside(head.sorted, head.rules, sizeof(uint32_t)) ||
      !inside(head.input, head.inputs, sizeof(uint32_t)) || !inside(head.index, head.index_size, 1) ||
      !inside(head.bodies, head.bodies_size, 1)) {
    return false;
  }
  // The bodies end the file: a cache cut short is not used.
  if (head.bodies + head.bodies_size != data.size()) return false;
  CompiledRules rules;
  if (!RuleIndex::FromImage(data.substr(head.index, head.index_size), file, &rules.index_)) return false;
  auto words = [&data](uint64_t at) { return reinterpret_cast<const uint32_t*>(data.data() + at); };
  rules.size_ = head.rules;
  rules.heads_ = reinterpret_cast<const CompiledRules::Head*>(data.data() + head.heads);
  rules.ids_ = data.substr(head.ids, head.ids_size);
  rules.sorted_ = {words(head.sorted), head.rules};
  rules.input_ = {words(head.input), head.inputs};
  rules.bodies_ = data.substr(head.bodies, head.bodies_size);
  rules.file_ = std::move(file);
  *out = std::move(rules);
  return true;
}

}  // namespace tbx
