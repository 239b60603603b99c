// Parser tests: the AST built from text, precedence, recovery and limits.
#include "compiler/parse/parser.h"

#include <gtest/gtest.h>

#include "compiler/parse/string_literal.h"
#include "tests/unit/test_support.h"

namespace intent {
namespace {

std::unique_ptr<ast::Module> Parse(const std::string& text, DiagnosticBag& diagnostics,
                                   std::unique_ptr<SourceFile>& file) {
  file = std::make_unique<SourceFile>("p.intent", text);
  return parse::ParseModule(*file, diagnostics);
}

// Dumps the first `when` condition of the first rule.
std::string DumpCondition(const std::string& condition) {
  DiagnosticBag diagnostics;
  std::unique_ptr<SourceFile> file;
  auto module =
      Parse("policy \"p\" for mail\nallow read when " + condition + "\n", diagnostics, file);
  EXPECT_TRUE(diagnostics.all().empty()) << diagnostics.all().front().message;
  std::string dump = ast::Dump(*module);
  size_t when = dump.find("  when\n");
  return when == std::string::npos ? dump : dump.substr(when + 7);
}

TEST(Parser, HeaderItemsAndRules) {
  DiagnosticBag diagnostics;
  std::unique_ptr<SourceFile> file;
  auto module = Parse(R"(policy "email assistant" for gmail
  applies to agent "mail-bot", agent "other"
  timezone "Europe/Berlin"
  default ask
let company = ["example.com"]
@id("no-delete") @owner("sec")
forbid delete on messages, drafts because "never"
allow operation messages.send, gmail.drafts.send when true unless false limit 3 per 1h per principal
ask anything
allow read
)",
                      diagnostics, file);
  ASSERT_TRUE(diagnostics.all().empty());
  ASSERT_TRUE(module->header.has_value());
  EXPECT_EQ(module->header->policy_name.text, "email assistant");
  EXPECT_EQ(module->header->schema.text, "gmail");
  ASSERT_EQ(module->header->agents.size(), 2u);
  EXPECT_EQ(module->header->agents[1].text, "other");
  EXPECT_EQ(module->header->timezones.at(0).text, "Europe/Berlin");
  EXPECT_EQ(module->header->defaults.at(0).effect, ast::DefaultEffect::kAsk);
  ASSERT_EQ(module->lets.size(), 1u);
  ASSERT_EQ(module->rules.size(), 4u);

  const ast::Rule& forbid = module->rules[0];
  EXPECT_EQ(forbid.effect, ast::Effect::kForbid);
  ASSERT_EQ(forbid.annotations.size(), 2u);
  EXPECT_EQ(forbid.annotations[0].arguments.at(0).text, "no-delete");
  EXPECT_EQ(forbid.target.kind, ast::TargetKind::kVerbs);
  EXPECT_EQ(forbid.target.verbs.size(), 1u);
  EXPECT_EQ(forbid.target.resources.size(), 2u);
  EXPECT_EQ(forbid.because.at(0).text, "never");

  const ast::Rule& allow = module->rules[1];
  EXPECT_EQ(allow.target.kind, ast::TargetKind::kOperations);
  EXPECT_EQ(allow.target.operations.at(1).text, "gmail.drafts.send");
  EXPECT_EQ(allow.when.size(), 1u);
  EXPECT_EQ(allow.unless.size(), 1u);
  ASSERT_EQ(allow.limits.size(), 1u);
  EXPECT_EQ(static_cast<const ast::DurationLiteral&>(*allow.limits[0].window).microseconds,
            3600LL * 1000000);
  EXPECT_NE(allow.limits[0].key, nullptr);

  EXPECT_EQ(module->rules[2].target.kind, ast::TargetKind::kAnything);
  EXPECT_TRUE(module->rules[3].target.resources.empty());
}

struct PrecedenceCase {
  const char* condition;
  const char* dump;
};

class PrecedenceTest : public ::testing::TestWithParam<PrecedenceCase> {};

TEST_P(PrecedenceTest, BuildsTheExpectedTree) {
  EXPECT_EQ(DumpCondition(GetParam().condition), GetParam().dump);
}

INSTANTIATE_TEST_SUITE_P(
    Levels, PrecedenceTest,
    ::testing::Values(
        PrecedenceCase{
            "a or b and c",
            "    binary or\n      name a\n      binary and\n        name b\n        name c\n"},
        PrecedenceCase{"not a == b", "    not\n      binary ==\n        name a\n        name b\n"},
        PrecedenceCase{"a + b - c < 3",
                       "    binary <\n      binary -\n        binary +\n          name a\n"
                       "          name b\n        name c\n      int 3\n"},
        PrecedenceCase{
            "- a.b[0]",
            "    negate\n      index\n        field .b\n          name a\n        int 0\n"},
        PrecedenceCase{
            "x not in [1, 2]",
            "    binary not in\n      name x\n      list\n        int 1\n        int 2\n"},
        PrecedenceCase{
            "all r in m.to: r.ok or r.bad",
            "    all r in\n      field .to\n        name m\n    :\n      binary or\n"
            "        field .ok\n          name r\n        field .bad\n          name r\n"},
        PrecedenceCase{"a and all r in l: r",
                       "    binary and\n      name a\n      all r in\n        name l\n      :\n"
                       "        name r\n"},
        PrecedenceCase{"has message.to and message.to.default",
                       "    binary and\n      has\n        field .to\n          name message\n"
                       "      field .default\n        field .to\n          name message\n"},
        PrecedenceCase{"s matches \"a\\u{e9}\\n\"",
                       "    binary matches\n      name s\n      string \"a\xC3\xA9\\n\"\n"},
        PrecedenceCase{
            "2w > 1d",
            "    binary >\n      duration 1209600000000us\n      duration 86400000000us\n"}));

TEST(Parser, ChainedComparisonIsASyntaxError) {
  DiagnosticBag diagnostics;
  std::unique_ptr<SourceFile> file;
  Parse("policy \"p\" for mail\nallow read when a < b < c\n", diagnostics, file);
  ASSERT_EQ(diagnostics.all().size(), 1u);
  EXPECT_EQ(diagnostics.all()[0].kind, DiagKind::kSyntaxError);
  EXPECT_EQ(file->Slice(diagnostics.all()[0].span), "<");
}

TEST(Parser, RecoversAndReportsEverySyntaxError) {
  DiagnosticBag diagnostics;
  std::unique_ptr<SourceFile> file;
  auto module = Parse(R"(policy "p" for mail
allow read when (a or
allow send when b ==
allow delete when c
forbid on messages
)",
                      diagnostics, file);
  EXPECT_EQ(diagnostics.ErrorCount(), 3u);
  // The clean rule between the broken ones survives, unmarked.
  ASSERT_EQ(module->rules.size(), 4u);
  EXPECT_TRUE(module->rules[0].has_syntax_error);
  EXPECT_TRUE(module->rules[1].has_syntax_error);
  EXPECT_FALSE(module->rules[2].has_syntax_error);
}

TEST(Parser, LexicalErrorsHaveTheirOwnCodes) {
  struct Case {
    const char* text;
    DiagKind kind;
    const char* span;
  };
  for (const Case& c : {
           Case{"allow read when s == \"abc\n", DiagKind::kUnterminatedString, "\"abc"},
           Case{"allow read when s == \"a\\qb\"\n", DiagKind::kInvalidEscape, "\\q"},
           Case{"allow read when s == $\n", DiagKind::kUnexpectedCharacter, "$"},
           Case{"allow read limit 1 per 10days\n", DiagKind::kInvalidNumber, "10days"},
           Case{"allow read limit 1 per 10\n", DiagKind::kInvalidNumber, "10"},
           Case{"allow read when n > 99999999999999999999\n", DiagKind::kInvalidNumber,
                "99999999999999999999"},
       }) {
    DiagnosticBag diagnostics;
    std::unique_ptr<SourceFile> file;
    Parse(std::string("policy \"p\" for mail\n") + c.text, diagnostics, file);
    ASSERT_FALSE(diagnostics.all().empty()) << c.text;
    EXPECT_EQ(diagnostics.all()[0].kind, c.kind) << c.text;
    EXPECT_EQ(file->Slice(diagnostics.all()[0].span), c.span) << c.text;
  }
}

TEST(Parser, MissingHeaderIsReported) {
  DiagnosticBag diagnostics;
  std::unique_ptr<SourceFile> file;
  Parse("allow read\n", diagnostics, file);
  ASSERT_EQ(diagnostics.all().size(), 1u);
  EXPECT_EQ(diagnostics.all()[0].kind, DiagKind::kMissingPolicyHeader);
}

TEST(Parser, SoftKeywordsAreNames) {
  EXPECT_EQ(DumpCondition("message.to == to"),
            "    binary ==\n      field .to\n        name message\n      name to\n");
}

TEST(StringLiteral, DecodesEscapes) {
  auto decoded = parse::DecodeStringLiteral(R"("a\"b\\c\td\u{1F600}")");
  EXPECT_TRUE(decoded.problems.empty());
  EXPECT_EQ(decoded.value, "a\"b\\c\td\xF0\x9F\x98\x80");
  EXPECT_EQ(parse::DecodeStringLiteral(R"("\u{D800}")").problems.size(), 1u);
  EXPECT_EQ(parse::DecodeStringLiteral(R"("\u{}")").problems.size(), 1u);
  EXPECT_EQ(parse::DecodeStringLiteral(R"("\x")").problems.size(), 1u);
}

}  // namespace
}  // namespace intent
