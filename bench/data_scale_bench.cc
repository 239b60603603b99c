// Data documents at scale (docs/data.md): a directory of 10 users and one
// of 1,000,000, loaded from data files and decided on through the public
// API, under the interpreter and the JIT. Lookups are hashed, so the large
// directory should decide as fast as the small one; loading it should take
// seconds. Traffic: distinct requests over many keys, present and absent.
//
//   ./build/bench/intent_data_scale_bench [--entries N] [--max-ratio R]
//
// Prints load times and decisions per second per size and engine, and the
// ratio large/small of the time per decision. With --max-ratio the exit
// status is 1 when a ratio exceeds R (ctest runs it with a loose bound);
// every decision is checked against what the data say, always.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "intent/intent.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kSchema = R"({
  "name": "dir",
  "types": { "User": { "email": "email", "roles": "list<string>", "team": "string" } },
  "data": { "users": "map<string, User>", "blocked": "list<string>" },
  "resources": { "docs": { "operations": {
    "edit": { "verb": "update", "input": { "id": "string", "owner": "email" } } } } }
})";

constexpr const char* kPolicy = R"(policy "dir" for dir
allow update on docs
  when has data.users[principal] and "editor" in data.users[principal].roles
   and (owner == data.users[principal].email or data.users[principal].team == "core")
   and id not in data.blocked
)";

// User i: every third an editor, every fifth in team core, every
// seventeenth doc id blocked.
std::string UserId(size_t i) { return fmt::format("user-{:07}", i); }
bool Editor(size_t i) { return i % 3 == 0; }
bool Core(size_t i) { return i % 5 == 0; }

void WriteBundle(const fs::path& dir, size_t entries) {
  fs::create_directories(dir / "schemas");
  fs::create_directories(dir / "data");
  std::ofstream(dir / "schemas/dir.schema.json") << kSchema;
  std::ofstream(dir / "policy.intent") << kPolicy;
  std::ofstream users(dir / "data/users.json");
  users << "{";
  for (size_t i = 0; i < entries; ++i) {
    users << (i == 0 ? "\n" : ",\n")
          << fmt::format(R"("{}": {{"email": "u{}@example.com", "roles": [{}], "team": "{}"}})",
                         UserId(i), i, Editor(i) ? R"("viewer", "editor")" : R"("viewer")",
                         Core(i) ? "core" : "web");
  }
  users << "\n}\n";
  std::ofstream blocked(dir / "data/blocked.json");
  blocked << "[";
  for (size_t i = 0; i < entries; i += 17) blocked << (i == 0 ? "" : ", ") << "\"doc-" << i << "\"";
  blocked << "]\n";
}

struct Row {
  size_t entries;
  bool jit;
  double load_s;
  double decisions_per_s;
  double us_per_decision;
};

bool Expected(size_t user, size_t entries, size_t doc, bool owner_matches) {
  if (user >= entries || !Editor(user)) return false;
  if (doc % 17 == 0 && doc < entries) return false;
  return owner_matches || Core(user);
}

Row Measure(const fs::path& dir, size_t entries, bool jit, size_t requests, bool& wrong) {
  intent::EngineOptions options;
  options.jit = jit;
  options.wait_for_native = jit;
  options.max_time_ahead = -1;
  auto started = Clock::now();
  intent::LoadResult loaded = intent::Engine::Load({dir.string()}, options);
  double load_s = std::chrono::duration<double>(Clock::now() - started).count();
  if (!loaded.engine) {
    for (const auto& d : loaded.diagnostics) std::cerr << d.text;
    std::exit(2);
  }
  // Distinct requests: keys spread over the whole directory (and past it),
  // written once before the clock starts.
  std::vector<std::string> bodies;
  std::vector<bool> expected;
  bodies.reserve(requests);
  uint64_t state = 88172645463325252ull;
  for (size_t r = 0; r < requests; ++r) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    size_t user = state % (entries + entries / 10 + 1);  // some unknown users
    size_t doc = (state >> 20) % (entries + 1);
    bool owner_matches = (state >> 40) % 2 == 0;
    std::string owner = owner_matches ? fmt::format("u{}@example.com", user) : "x@example.com";
    bodies.push_back(fmt::format(
        R"({{"principal": "{}", "operation": "dir.docs.edit", "input": {{"id": "doc-{}", "owner": "{}"}}, "context": {{"time": "2026-12-01T10:00:00Z"}}}})",
        UserId(user), doc, owner));
    expected.push_back(Expected(user, entries, doc, owner_matches));
  }
  started = Clock::now();
  for (size_t r = 0; r < requests; ++r) {
    bool allowed = loaded.engine->Decide(bodies[r]).effect == intent::Effect::kAllow;
    if (allowed != expected[r] && !wrong) {
      std::cerr << "wrong decision for " << bodies[r] << "\n";
      wrong = true;
    }
  }
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return {entries, jit, load_s, requests / seconds, seconds * 1e6 / requests};
}

}  // namespace

int main(int argc, char** argv) {
  size_t large = 1'000'000;
  double max_ratio = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--entries" && i + 1 < argc) {
      large = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--max-ratio" && i + 1 < argc) {
      max_ratio = std::strtod(argv[++i], nullptr);
    } else {
      std::cerr << "usage: intent_data_scale_bench [--entries N] [--max-ratio R]\n";
      return 2;
    }
  }
  fs::path root = fs::temp_directory_path() / ("intent-data-scale-" + std::to_string(getpid()));
  const size_t sizes[] = {10, large};
  for (size_t size : sizes) WriteBundle(root / std::to_string(size), size);
  constexpr size_t kRequests = 200'000;
  bool wrong = false;
  std::vector<Row> rows;
  for (bool jit : {false, true}) {
    for (size_t size : sizes)
      rows.push_back(Measure(root / std::to_string(size), size, jit, kRequests, wrong));
  }
  fs::remove_all(root);
  std::cout << fmt::format("{:>10} {:>7} {:>9} {:>14} {:>12}\n", "entries", "engine", "load s",
                           "decisions/s", "us/decision");
  for (const Row& row : rows) {
    std::cout << fmt::format("{:>10} {:>7} {:>9.3f} {:>14.0f} {:>12.2f}\n", row.entries,
                             row.jit ? "jit" : "interp", row.load_s, row.decisions_per_s,
                             row.us_per_decision);
  }
  bool over = false;
  for (size_t engine = 0; engine < 2; ++engine) {
    double ratio = rows[engine * 2 + 1].us_per_decision / rows[engine * 2].us_per_decision;
    std::cout << fmt::format("{}: time per decision with {} entries / with 10: {:.2f}\n",
                             engine == 1 ? "jit" : "interp", large, ratio);
    over = over || (max_ratio > 0 && ratio > max_ratio);
  }
  if (wrong) return 1;
  return over ? 1 : 0;
}
