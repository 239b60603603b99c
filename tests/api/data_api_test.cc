// Data documents through the public API (docs/data.md): loading, deciding
// with both engines, atomic data reloads that keep counters and the
// compiled bundle, failed reloads that keep the running data, DataKeys.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "intent/intent.hpp"

namespace {

namespace fs = std::filesystem;

constexpr const char* kSchema = R"({
  "name": "team",
  "types": { "Member": { "email": "email", "roles": "list<string>" } },
  "data": { "members": "map<string, Member>", "blocked": "list<string>" },
  "resources": { "docs": { "operations": {
    "edit": { "verb": "update", "input": { "id": "string" } } } } }
})";

constexpr const char* kPolicy = R"(policy "team" for team
@id("editors") allow update on docs
  when has data.members[principal] and "editor" in data.members[principal].roles
   and id not in data.blocked
  limit 2 per 1h
)";

std::string Request(const std::string& principal, const std::string& id = "doc-1") {
  return R"({"principal": ")" + principal +
         R"(", "operation": "team.docs.edit", "input": {"id": ")" + id +
         R"("}, "context": {"time": "2026-12-01T10:00:00Z"}})";
}

// A bundle folder with its schema, policy and data/ folder, rewritable.
class DataBundle {
 public:
  DataBundle() : dir_(fs::temp_directory_path() / ("intent-data-" + std::to_string(getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "schemas");
    fs::create_directories(dir_ / "data");
    std::ofstream(dir_ / "schemas/team.schema.json") << kSchema;
    std::ofstream(dir_ / "policy.intent") << kPolicy;
    WriteMembers(R"({"ann": {"email": "ann@example.com", "roles": ["editor"]}})");
    std::ofstream(dir_ / "data/blocked.json") << R"(["doc-9"])";
  }
  ~DataBundle() { fs::remove_all(dir_); }
  void WriteMembers(const std::string& json) { std::ofstream(dir_ / "data/members.json") << json; }
  std::string path() const { return dir_.string(); }

 private:
  fs::path dir_;
};

std::unique_ptr<intent::Engine> Load(const DataBundle& bundle, bool jit) {
  intent::EngineOptions options;
  options.jit = jit;
  options.wait_for_native = jit;
  options.max_time_ahead = -1;
  intent::LoadResult loaded = intent::Engine::Load({bundle.path()}, options);
  EXPECT_TRUE(loaded.engine) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].text);
  if (jit && loaded.engine) {
    EXPECT_TRUE(loaded.engine->native()) << loaded.engine->native_error();
  }
  return std::move(loaded.engine);
}

class DataApiTest : public testing::TestWithParam<bool> {};

TEST_P(DataApiTest, RulesReadDataDocuments) {
  DataBundle bundle;
  auto engine = Load(bundle, GetParam());
  ASSERT_TRUE(engine);
  EXPECT_EQ(engine->Decide(Request("ann")).effect, intent::Effect::kAllow);
  EXPECT_EQ(engine->Decide(Request("bob")).effect, intent::Effect::kDeny);
  EXPECT_EQ(engine->Decide(Request("ann", "doc-9")).effect, intent::Effect::kDeny);
}

TEST_P(DataApiTest, ReloadDataSwapsDataKeepsCountersAndTheNativeCode) {
  DataBundle bundle;
  auto engine = Load(bundle, GetParam());
  ASSERT_TRUE(engine);
  EXPECT_EQ(engine->Decide(Request("ann")).effect, intent::Effect::kAllow);  // 1 of 2
  EXPECT_EQ(engine->Decide(Request("bob")).effect, intent::Effect::kDeny);
  bundle.WriteMembers(R"({"ann": {"email": "ann@example.com", "roles": ["editor"]},
                          "bob": {"email": "bob@example.com", "roles": ["editor"]}})");
  uint64_t before = engine->generation();
  std::vector<intent::LoadDiagnostic> diagnostics = engine->ReloadData();
  EXPECT_TRUE(diagnostics.empty()) << diagnostics[0].text;
  EXPECT_EQ(engine->generation(), before + 1);
  // No recompilation: the native code is there at once.
  EXPECT_EQ(engine->native(), GetParam());
  EXPECT_EQ(engine->Decide(Request("bob")).effect, intent::Effect::kAllow);
  // ann's limit counted across the reload: her second call is allowed, the third is not.
  EXPECT_EQ(engine->Decide(Request("ann")).effect, intent::Effect::kAllow);
  EXPECT_EQ(engine->Decide(Request("ann")).effect, intent::Effect::kDeny);
}

TEST_P(DataApiTest, AFailedDataReloadKeepsTheRunningData) {
  DataBundle bundle;
  auto engine = Load(bundle, GetParam());
  ASSERT_TRUE(engine);
  bundle.WriteMembers(R"({"bob": {"email": "not an address", "roles": ["editor"]}})");
  uint64_t before = engine->generation();
  std::vector<intent::LoadDiagnostic> diagnostics = engine->ReloadData();
  ASSERT_EQ(diagnostics.size(), 1u);
  EXPECT_EQ(diagnostics[0].code, "D0002");
  EXPECT_NE(diagnostics[0].message.find("$.bob.email: expected email"), std::string::npos)
      << diagnostics[0].message;
  EXPECT_EQ(diagnostics[0].line, 1);
  EXPECT_EQ(engine->generation(), before);
  EXPECT_EQ(engine->Decide(Request("ann")).effect, intent::Effect::kAllow);
  EXPECT_EQ(engine->Decide(Request("bob")).effect, intent::Effect::kDeny);
}

INSTANTIATE_TEST_SUITE_P(Engines, DataApiTest, testing::Values(false, true),
                         [](const testing::TestParamInfo<bool>& info) {
                           return info.param ? "Jit" : "Interpreter";
                         });

TEST(DataApi, DataKeysListsMapKeysAndListElements) {
  DataBundle bundle;
  bundle.WriteMembers(R"({"zed": {"email": "z@example.com", "roles": []},
                          "ann": {"email": "ann@example.com", "roles": ["editor"]}})");
  auto engine = Load(bundle, false);
  ASSERT_TRUE(engine);
  EXPECT_EQ(engine->DataKeys("team", "members"), (std::vector<std::string>{"ann", "zed"}));
  EXPECT_EQ(engine->DataKeys("team", "blocked"), (std::vector<std::string>{"doc-9"}));
  EXPECT_TRUE(engine->DataKeys("team", "nothing").empty());
  EXPECT_TRUE(engine->DataKeys("other", "members").empty());
}

TEST(DataApi, LoadFailsWhenADocumentIsMissing) {
  DataBundle bundle;
  fs::remove(fs::path(bundle.path()) / "data/blocked.json");
  intent::LoadResult loaded = intent::Engine::Load({bundle.path()});
  EXPECT_FALSE(loaded.engine);
  ASSERT_FALSE(loaded.diagnostics.empty());
  EXPECT_EQ(loaded.diagnostics[0].code, "D0003");
}

TEST(DataApi, DataPathsAddFilesBesidesTheDataFolder) {
  DataBundle bundle;
  fs::path extra = fs::path(bundle.path()).parent_path() /
                   ("intent-data-extra-" + std::to_string(getpid()) + ".json");
  fs::rename(fs::path(bundle.path()) / "data/blocked.json", extra);
  std::ofstream(extra) << R"({"blocked": ["doc-1"]})";
  intent::EngineOptions options;
  options.jit = false;
  options.data_paths = {extra.string()};
  intent::LoadResult loaded = intent::Engine::Load({bundle.path()}, options);
  ASSERT_TRUE(loaded.engine) << loaded.diagnostics[0].text;
  EXPECT_EQ(loaded.engine->Decide(Request("ann", "doc-1")).effect, intent::Effect::kDeny);
  EXPECT_EQ(loaded.engine->Decide(Request("ann", "doc-2")).effect, intent::Effect::kAllow);
  fs::remove(extra);
}

}  // namespace
