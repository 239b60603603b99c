// The evaluation cost model (compiler/check/cost_model.h, runtime/core/cost.h):
// what is constant, what a quantifier's element costs, and that the two
// forms of a membership charge (the interpreter's values, native code's
// slots) agree. The engines' agreement on every charge is the
// differential tester's (a third of its scenarios run on tiny budgets) and
// the conformance topic budget/'s.
#include <gtest/gtest.h>

#include "compiler/driver/compilation.h"
#include "runtime/core/cost.h"
#include "tests/unit/test_support.h"

namespace intent::runtime::cost {
namespace {

struct Compiled {
  std::unique_ptr<driver::Compilation> compilation;
  const check::CheckedModule& module() const { return *compilation->bundle.front(); }
  const ast::Expr& when(size_t rule) const { return *module().module->rules[rule].when.front(); }
};

Compiled Compile(const std::string& rules) {
  Compiled out;
  out.compilation = driver::CompileSources(
      {{"cost.intent",
        "policy \"cost\" for mail\n\nlet company = [\"a.com\", \"b.com\"]\n" + rules}},
      {{"mail.schema.json", test_support::kTestSchema}});
  for (const Diagnostic& d : out.compilation->diagnostics.all()) {
    if (d.severity == Severity::kError) ADD_FAILURE() << d.message;
  }
  return out;
}

TEST(CostModel, ConstantsReadNothingOfTheRequest) {
  Compiled c = Compile(
      "allow read on messages when size(company) + 1 == 3\n"
      "allow read on messages when message.size > 1\n"
      "allow read on messages when any d in company: d == \"a.com\"\n"
      "allow read on messages when now > \"2026-01-01T00:00:00Z\"\n"
      "allow read on messages when count(read on messages within 1h) < 3\n");
  EXPECT_TRUE(IsConstant(c.module(), c.when(0)));
  EXPECT_FALSE(IsConstant(c.module(), c.when(1)));  // the input
  EXPECT_FALSE(IsConstant(c.module(), c.when(2)));  // a quantifier variable
  EXPECT_FALSE(IsConstant(c.module(), c.when(3)));  // the time
  EXPECT_FALSE(IsConstant(c.module(), c.when(4)));  // counted calls
}

TEST(CostModel, AnElementCostsItsBodysNodes) {
  Compiled c = Compile(
      "allow read on messages when all r in message.to: r.domain in company\n"
      "allow read on messages when any l in message.labels: lower(l) == \"x\" or l == \"y\"\n");
  // r.domain in company: `in`, the field access, `r`, `company`.
  EXPECT_EQ(BodyWeight(static_cast<const ast::Quantifier&>(c.when(0))), 4);
  // or(==(lower(l), "x"), ==(l, "y")): 8 nodes.
  EXPECT_EQ(BodyWeight(static_cast<const ast::Quantifier&>(c.when(1))), 8);
}

TEST(CostModel, StringCharges) {
  EXPECT_EQ(Text(7), 0);
  EXPECT_EQ(Text(8), 1);
  EXPECT_EQ(Text(1 << 20), (1 << 20) / 8);
  EXPECT_EQ(Equality(800, 800), 100);
  EXPECT_EQ(Equality(800, 801), 0);  // lengths differ: no byte is compared
  EXPECT_EQ(Prefix(800, 16), 2);
  EXPECT_EQ(Search(797, 3), 100);
  EXPECT_EQ(Regex(1000, 40), 20'000);
  EXPECT_EQ(Regex(1000, 0), 500);  // a program of at least one instruction
}

TEST(CostModel, MembershipAgreesOnValuesAndSlots) {
  auto list = std::make_shared<List>();
  for (std::string s : {"aaaaaaaa", "bbbbbbbb", "cc", "dddddddddddddddd"}) list->push_back(s);
  Arena arena;
  Slot slots = SlotOfValue(Value(ListPtr(list)), arena);
  const Slot* items = reinterpret_cast<const Slot*>(slots.word);
  for (const std::string& x :
       std::vector<std::string>{"zzzzzzzz", "q", "zzzzzzzzzzzzzzzz", std::string(800, 'z')}) {
    int64_t expected = 4;  // one per element
    for (const Value& item : *list) {
      if (item.As<std::string>().size() == x.size()) expected += Text(x.size());
    }
    EXPECT_EQ(Membership(*list, Value(x)), expected) << x;
    EXPECT_EQ(Membership(items, list->size(), true, x.size()), expected) << x;
  }
  // Not strings: one step per element.
  List ints = {Value(int64_t{1}), Value(int64_t{2})};
  EXPECT_EQ(Membership(ints, Value(int64_t{1})), 2);
  EXPECT_EQ(Membership(items, 2, false, 0), 2);
}

}  // namespace
}  // namespace intent::runtime::cost
