// Constants are folded by the reference interpreter's own evaluator while
// lowering to the IR (runtime/native/ir/ir.h), so that the JIT can never
// fold differently from the interpreter. The price is that a wrong
// constant in the interpreter would be wrong in both engines, where the
// differential tester cannot see it. These cases pin folded constants to
// values worked out by hand (the comments say how), independently of the
// evaluator; docs/jit.md ("Constant folding") explains the choice.
#include <gtest/gtest.h>

#include <sstream>

#include "compiler/driver/compilation.h"
#include "runtime/native/ir/ir.h"
#include "tests/unit/test_support.h"

namespace intent::ir {
namespace {

// `policy` compiled against the test schema and lowered; the compilation
// is kept alive beside the program, which points into it.
struct Lowered {
  std::unique_ptr<driver::Compilation> compilation;
  std::unique_ptr<Program> program;
};

Lowered Lower(const std::string& policy) {
  Lowered out;
  out.compilation = driver::CompileSources({{"fold.intent", policy}},
                                           {{"mail.schema.json", test_support::kTestSchema}});
  for (const Diagnostic& d : out.compilation->diagnostics.all()) ADD_FAILURE() << d.message;
  out.program = ir::Lower(out.compilation->bundle);
  return out;
}

// The `when` line of each rule in the IR dump, in rule order.
std::vector<std::string> FoldedConditions(const std::string& rules) {
  Lowered lowered = Lower("policy \"fold\" for mail\n  timezone \"Europe/Berlin\"\n\n" + rules);
  const std::unique_ptr<Program>& program = lowered.program;
  std::istringstream dump(Dump(*program));
  std::vector<std::string> conditions;
  bool first_group = false;
  for (std::string line; std::getline(dump, line);) {
    if (line.starts_with("group ")) {
      // Each rule is lowered once per operation: read the first group only.
      if (first_group) break;
      first_group = true;
    }
    if (line.starts_with("    when ")) conditions.push_back(line.substr(9));
  }
  return conditions;
}

TEST(ConstantFolding, ArithmeticDurationsAndOverflow) {
  std::vector<std::string> when = FoldedConditions(
      "allow read on messages when message.size == 60 - 55\n"
      // 1h + 30m = 5,400 s = 5,400,000,000 µs.
      "allow read on messages when message.received + (1h + 30m) > now\n"
      // days(2) = 172,800 s; -(-3) = 3.
      "allow read on messages when message.received + days(2) > now and message.size == -(-3)\n"
      // INT64_MAX + 1 overflows: the rule fails closed when it runs.
      "allow read on messages when message.size == 9223372036854775807 + 1\n");
  ASSERT_EQ(when.size(), 4u);
  EXPECT_EQ(when[0], "(eq (field 7 size (input 0 message)) 5)");
  EXPECT_EQ(when[1], "(gt (add timestamp (field 5 received (input 0 message)) 5400000000) (now))");
  EXPECT_EQ(when[2],
            "(and (gt (add timestamp (field 5 received (input 0 message)) 172800000000) (now)) "
            "(eq (field 7 size (input 0 message)) 3))");
  EXPECT_EQ(when[3], "(eq (field 7 size (input 0 message)) (fail \"integer overflow\"))");
}

TEST(ConstantFolding, StringFunctions) {
  std::vector<std::string> when = FoldedConditions(
      // ASCII only (docs/language.md §8): 'À' stays.
      "allow read on messages when message.id == lower(\"ÀBC\")\n"
      "allow read on messages when message.id == upper(\"äbc\")\n"
      "allow read on messages when message.id == trim(\"  a \")\n"
      // Code points, not bytes: "héllo" is 6 bytes, 5 code points.
      "allow read on messages when message.size == size(\"héllo\")\n"
      "allow read on messages when message.size == size([1, 2, 3])\n");
  ASSERT_EQ(when.size(), 5u);
  EXPECT_EQ(when[0], "(eq (field 0 id (input 0 message)) \"Àbc\")");
  EXPECT_EQ(when[1], "(eq (field 0 id (input 0 message)) \"äBC\")");
  EXPECT_EQ(when[2], "(eq (field 0 id (input 0 message)) \"a\")");
  EXPECT_EQ(when[3], "(eq (field 7 size (input 0 message)) 5)");
  EXPECT_EQ(when[4], "(eq (field 7 size (input 0 message)) 3)");
}

TEST(ConstantFolding, TimesInThePolicysZone) {
  std::vector<std::string> when = FoldedConditions(
      // 01:30Z on 2026-03-29 is 03:30 in Berlin: summer time began at 01:00Z.
      "allow read on messages when message.size == hour(\"2026-03-29T01:30:00Z\")\n"
      // 2026-12-02 is a Wednesday.
      "allow read on messages when message.id == weekday(\"2026-12-02T00:00:00Z\")\n"
      // That day began at 00:00 CET = 2026-03-28T23:00Z; two days on:
      // 2026-03-30T23:00Z = 1,774,911,600 s since the epoch.
      "allow read on messages when message.received > date(\"2026-03-29T01:30:00Z\") + days(2)\n"
      // The offset applies: 2026-01-01T00:00+01:00 = 2025-12-31T23:00Z = 1,767,222,000 s.
      "allow read on messages when message.received > \"2026-01-01T00:00:00+01:00\"\n");
  ASSERT_EQ(when.size(), 4u);
  EXPECT_EQ(when[0], "(eq (field 7 size (input 0 message)) 3)");
  EXPECT_EQ(when[1], "(eq (field 0 id (input 0 message)) \"wednesday\")");
  EXPECT_EQ(when[2], "(gt (field 5 received (input 0 message)) 1774911600000000)");
  EXPECT_EQ(when[3], "(gt (field 5 received (input 0 message)) 1767222000000000)");
}

TEST(ConstantFolding, MembershipListsBecomeSortedSets) {
  Lowered lowered =
      Lower("policy \"fold\" for mail\nallow read on messages when message.size in [3, 1, 2, 1]\n");
  const std::unique_ptr<Program>& program = lowered.program;
  ASSERT_EQ(program->sets.size(), 1u);
  EXPECT_EQ(program->sets[0].ints, (std::vector<int64_t>{1, 2, 3}));
}

}  // namespace
}  // namespace intent::ir
