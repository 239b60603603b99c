// driver::CompileSources, the in-memory entry point (embedding, fuzzing):
// it must give what CompileBundle gives for the same files on disk.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "compiler/driver/compilation.h"
#include "tests/unit/test_support.h"

namespace intent::driver {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Codes(const Compilation& c) {
  std::vector<std::string> codes;
  for (const Diagnostic& d : c.diagnostics.all()) codes.emplace_back(InfoOf(d.kind).code);
  return codes;
}

TEST(CompileSources, ChecksPoliciesAgainstSchemasInMemory) {
  auto c = CompileSources({{"a.intent", "policy \"a\" for mail\nallow read\n"},
                           {"b.intent", "policy \"b\" for mail\nforbid delete\n"}},
                          {{"mail.schema.json", test_support::kTestSchema}});
  EXPECT_TRUE(c->diagnostics.all().empty());
  ASSERT_EQ(c->checked.size(), 2u);
  EXPECT_EQ(c->RuleCount(), 2u);
  EXPECT_NE(c->schemas.Find("mail"), nullptr);
  EXPECT_FALSE(c->io_error);
  // The path is the rule id prefix, as a file's name is for CompileBundle.
  EXPECT_EQ(c->checked[1].rules[0].id, "b.intent:2");
}

TEST(CompileSources, SameDiagnosticsAsFromFiles) {
  const std::string policy = "policy \"p\" for mail\nallow read when message.sendr == \"x\"\n";
  const std::string schema = "{ \"name\": \"other\", \"types\": { \"T\": \"nope\" } }";
  fs::path dir =
      fs::temp_directory_path() / ("intent_compile_sources_" + std::to_string(::getpid()));
  fs::create_directories(dir / "schemas");
  std::ofstream(dir / "p.intent") << policy;
  std::ofstream(dir / "schemas" / "mail.schema.json") << test_support::kTestSchema;
  std::ofstream(dir / "schemas" / "other.schema.json") << schema;
  auto from_files = CompileBundle({(dir / "p.intent").string()}, {});
  fs::remove_all(dir);
  auto from_memory = CompileSources(
      {{"p.intent", policy}},
      {{"mail.schema.json", test_support::kTestSchema}, {"other.schema.json", schema}});
  ASSERT_FALSE(Codes(*from_memory).empty());
  EXPECT_EQ(Codes(*from_memory), Codes(*from_files));
  for (size_t i = 0; i < from_memory->diagnostics.all().size(); ++i) {
    EXPECT_EQ(from_memory->diagnostics.all()[i].message, from_files->diagnostics.all()[i].message);
  }
}

}  // namespace
}  // namespace intent::driver
