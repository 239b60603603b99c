// Hostile and broken inputs through the whole front end (the driver, as
// `intentc check` runs it): each must give a diagnostic, never a crash,
// hang or stack overflow.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "compiler/diag/render.h"
#include "compiler/driver/compilation.h"
#include "tests/unit/test_support.h"

namespace intent {
namespace {

namespace fs = std::filesystem;

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("intent_bad_input_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "schemas");
    Write("schemas/mail.schema.json", test_support::kTestSchema);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
  }
  std::unique_ptr<driver::Compilation> Check(const std::string& name) {
    return driver::CompileBundle({(dir_ / name).string()}, {});
  }
  static std::vector<std::string> Codes(const driver::Compilation& c) {
    std::vector<std::string> codes;
    for (const Diagnostic& d : c.diagnostics.all()) codes.emplace_back(InfoOf(d.kind).code);
    return codes;
  }

  fs::path dir_;
};

TEST_F(BadInputTest, EmptyFile) {
  Write("p.intent", "");
  EXPECT_EQ(Codes(*Check("p.intent")), std::vector<std::string>{"E0105"});
}

TEST_F(BadInputTest, BinaryGarbage) {
  std::mt19937 random(7);
  std::string garbage(4096, '\0');
  for (char& c : garbage) c = static_cast<char>(random());
  Write("p.intent", garbage);
  auto result = Check("p.intent");
  EXPECT_EQ(Codes(*result), std::vector<std::string>{"E0002"});
  // The rendered snippet must not copy raw invalid bytes to the terminal.
  std::string text = RenderText(result->diagnostics.all()[0]);
  EXPECT_LT(FindInvalidUtf8(text), 0);
}

TEST_F(BadInputTest, NulBytesAreUnexpectedCharacters) {
  Write("p.intent", std::string("policy \"p\" for mail\nallow read when \0\n", 37));
  auto codes = Codes(*Check("p.intent"));
  ASSERT_FALSE(codes.empty());
  EXPECT_EQ(codes[0], "E0104");
}

TEST_F(BadInputTest, OneMegabyteSingleLine) {
  std::string line = "policy \"p\" for mail allow read when ";
  while (line.size() < (1u << 20)) line += "message.size > 1 and ";
  line += "true";
  Write("p.intent", line);
  auto codes = Codes(*Check("p.intent"));
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0], "E0004");  // the chain is far beyond the height limit
}

TEST_F(BadInputTest, OneMegabyteOfRulesOnOneLine) {
  // Each with an @id: unnamed rules on one line would share FILE:LINE (E0501).
  std::string line = "policy \"p\" for mail ";
  for (int i = 0; line.size() < (1u << 20); ++i) {
    line += "@id(\"r" + std::to_string(i) + "\") allow read when message.size > 1 ";
  }
  Write("p.intent", line);
  auto result = Check("p.intent");
  EXPECT_TRUE(result->diagnostics.all().empty());
  EXPECT_GT(result->RuleCount(), 20000u);
}

TEST_F(BadInputTest, TenThousandNestedParentheses) {
  Write("p.intent", "policy \"p\" for mail\nallow read when " + std::string(10000, '(') + "true" +
                        std::string(10000, ')'));
  EXPECT_EQ(Codes(*Check("p.intent")), std::vector<std::string>{"E0004"});
}

TEST_F(BadInputTest, TenThousandNestedOperators) {
  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "not ";
  std::string negations(10000, '-');
  std::string quantifiers;
  for (int i = 0; i < 10000; ++i) quantifiers += "all x" + std::to_string(i) + " in message.to: ";
  for (const std::string& condition : {nots + "true", negations + "1 > 0", quantifiers + "true"}) {
    Write("p.intent", "policy \"p\" for mail\nallow read when " + condition);
    EXPECT_EQ(Codes(*Check("p.intent")), std::vector<std::string>{"E0004"});
  }
}

TEST_F(BadInputTest, UnterminatedStringAndComment) {
  Write("p.intent", "policy \"p\" for mail\nallow read because \"no end\n");
  EXPECT_EQ(Codes(*Check("p.intent")), std::vector<std::string>{"E0102"});
  // Comments run to the end of the line; one at the end of the file, with
  // no newline after it, is complete.
  Write("q.intent", "policy \"p\" for mail\nallow read # trailing comment without newline");
  EXPECT_TRUE(Check("q.intent")->diagnostics.all().empty());
}

TEST_F(BadInputTest, FileTooLarge) {
  Write("p.intent", "policy \"p\" for mail\n" + std::string(9u << 20, '#'));
  auto result = Check("p.intent");
  EXPECT_EQ(Codes(*result), std::vector<std::string>{"E0003"});
  EXPECT_FALSE(result->io_error);
}

TEST_F(BadInputTest, MissingFileIsAnIoError) {
  auto result = Check("does-not-exist.intent");
  EXPECT_EQ(Codes(*result), std::vector<std::string>{"E0001"});
  EXPECT_TRUE(result->io_error);
}

TEST_F(BadInputTest, SchemaThatIsNotJson) {
  Write("schemas/mail.schema.json", "{ \"name\": \"mail\", \"resources\": ");
  Write("p.intent", "policy \"p\" for mail\nallow read\n");
  auto codes = Codes(*Check("p.intent"));
  // The broken schema, then the policy that cannot find it.
  std::vector<std::string> expected = {"S0001", "E0301"};
  EXPECT_EQ(codes, expected);
}

TEST_F(BadInputTest, FolderWithoutPolicies) {
  fs::create_directories(dir_ / "empty");
  EXPECT_EQ(Codes(*Check("empty")), std::vector<std::string>{"E0005"});
}

TEST(RenderJson, HasTheFieldsOfToolsMd) {
  auto result = test_support::CheckRules("allow read when message.sendr == \"x\"");
  std::string json = RenderJson(result->diagnostics.all());
  EXPECT_EQ(json,
            "[\n  {\n    \"file\": \"test.intent\",\n    \"line\": 2,\n    \"column\": 25,\n"
            "    \"end_line\": 2,\n    \"end_column\": 30,\n    \"severity\": \"error\",\n"
            "    \"code\": \"E0203\",\n    \"message\": \"type 'Message' has no field 'sendr'; "
            "did you mean 'sender'?\"\n  }\n]\n");
}

TEST(RenderText, CaretUnderTheSpanWithTabsExpanded) {
  auto result =
      test_support::CheckPolicy("policy \"p\" for mail\n\tallow read when message.sendr\n");
  ASSERT_FALSE(result->diagnostics.all().empty());
  EXPECT_EQ(RenderText(result->diagnostics.all()[0]),
            "test.intent:2:26: error[E0203]: type 'Message' has no field 'sendr'; did you mean "
            "'sender'?\n"
            "      allow read when message.sendr\n"
            "                              ^~~~~\n");
}

TEST(RenderText, WarningsBecomeErrorsWithWerror) {
  auto result = test_support::CheckRules("let unused = 1\nallow read");
  ASSERT_EQ(result->diagnostics.all().size(), 1u);
  RenderOptions options;
  options.warnings_as_errors = true;
  EXPECT_EQ(
      RenderText(result->diagnostics.all()[0], options).rfind("test.intent:2:5: error[W0001]", 0),
      0u);
}

}  // namespace
}  // namespace intent
