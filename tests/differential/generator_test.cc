// The scenario generator, over seeds 0..199: every bundle checks without
// errors (or warnings) and its data load cleanly, every request is what it
// was generated to be (valid ones bind, invalid ones are JSON that does
// not bind, malformed ones are not JSON), and together the scenarios use
// every operator, quantifier and function of the language and every way
// of reading data documents.
#include "tests/differential/generator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diag/render.h"
#include "compiler/driver/compilation.h"
#include "runtime/bind/bind_data.h"
#include "runtime/bind/bind_json.h"
#include "stdlib/builtins.h"

namespace intent::difftest {
namespace {

constexpr uint64_t kSeeds = 200;

struct Compiled {
  Scenario scenario;
  std::unique_ptr<driver::Compilation> compilation;
  std::shared_ptr<const runtime::DataSet> data;  // null when the bundle or its data failed
};

// Generates and compiles every seed once for all tests of the suite.
class GeneratorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::filesystem::path root =
        std::filesystem::temp_directory_path() / ("intent_difftest_" + std::to_string(::getpid()));
    for (uint64_t seed = 0; seed < kSeeds; ++seed) {
      std::string dir = (root / std::to_string(seed)).string();
      Compiled compiled{GenerateScenario(seed), nullptr, nullptr};
      WriteScenario(compiled.scenario, dir);
      compiled.compilation = driver::CompileBundle({dir}, {});
      driver::Compilation& c = *compiled.compilation;
      if (!c.diagnostics.HasErrors()) {
        compiled.data = runtime::LoadData(c.data_paths, c.schemas, c.sources, c.diagnostics);
      }
      compiled_.push_back(std::move(compiled));
    }
    std::filesystem::remove_all(root);
  }
  static void TearDownTestSuite() { compiled_.clear(); }

  static inline std::vector<Compiled> compiled_;
};

std::string Describe(const Compiled& compiled) {
  std::string text;
  for (const Diagnostic& diagnostic : compiled.compilation->diagnostics.all()) {
    text += RenderText(diagnostic) + "\n";
  }
  for (size_t i = 0; i < compiled.scenario.policies.size(); ++i) {
    text += "--- " + PolicyFileName(i) + "\n" + compiled.scenario.policies[i];
  }
  return text;
}

TEST_F(GeneratorTest, EveryBundleChecksWithoutErrorsOrWarnings) {
  for (uint64_t seed = 0; seed < kSeeds; ++seed) {
    const Compiled& compiled = compiled_[seed];
    const driver::Compilation& compilation = *compiled.compilation;
    EXPECT_FALSE(compilation.io_error) << "seed " << seed;
    // Warnings too: the generator prunes unused lets and guards only
    // optional paths, so a warning means it lost track of something. W0006
    // (a rule costly on the largest requests) is the exception: random
    // nesting is meant to reach the evaluation budget.
    size_t unexpected = 0;
    for (const Diagnostic& d : compilation.diagnostics.all()) {
      if (d.kind != DiagKind::kCostlyRule) ++unexpected;
    }
    EXPECT_EQ(unexpected, 0u) << "seed " << seed << "\n" << Describe(compiled);
    EXPECT_EQ(compilation.modules.size(), compiled.scenario.policies.size()) << "seed " << seed;
    EXPECT_NE(compiled.data, nullptr) << "seed " << seed << ": the data do not load";
  }
}

TEST_F(GeneratorTest, RequestsAreWhatTheyWereGeneratedToBe) {
  std::map<RequestKind, size_t> kinds;
  size_t total = 0;
  for (uint64_t seed = 0; seed < kSeeds; ++seed) {
    const Compiled& compiled = compiled_[seed];
    const Scenario& scenario = compiled.scenario;
    ASSERT_EQ(scenario.requests.size(), scenario.request_kinds.size());
    ASSERT_EQ(scenario.requests.size(), scenario.request_now.size());
    EXPECT_GE(scenario.requests.size(), 50u);
    EXPECT_LE(scenario.requests.size(), 200u);
    for (size_t i = 0; i < scenario.requests.size(); ++i) {
      const std::string& text = scenario.requests[i];
      RequestKind kind = scenario.request_kinds[i];
      ++kinds[kind];
      ++total;
      std::string where = "seed " + std::to_string(seed) + " request " + std::to_string(i) + ": " +
                          text.substr(0, 400);
      EXPECT_EQ(text.find('\n'), std::string::npos) << where;
      EXPECT_EQ(nlohmann::json::accept(text), kind != RequestKind::kMalformedJson) << where;
      runtime::BindResult bound = runtime::BindRequestJson(text, compiled.compilation->schemas);
      EXPECT_EQ(bound.request.has_value(), kind == RequestKind::kValid)
          << where << "\n"
          << (bound.error ? bound.error->ToString() : "bound");
    }
  }
  // About one request in ten is ill-formed; a third of those are not JSON.
  EXPECT_GT(kinds[RequestKind::kValid], total * 85 / 100);
  EXPECT_GT(kinds[RequestKind::kMalformedJson], total / 100);
  EXPECT_GT(kinds[RequestKind::kInvalidRequest], total * 4 / 100);
}

// What the ASTs of all scenarios use.
struct Coverage {
  std::set<ast::ExprKind> kinds;
  std::set<ast::BinaryOp> binary;
  std::set<ast::UnaryOp> unary;
  std::set<ast::QuantifierKind> quantifiers;
  std::set<std::string> functions;
  std::set<ast::Effect> effects;
  std::set<std::string> timezones;
  bool applies_to = false;
  bool default_ask = false;
  bool limit_per_key = false;
  bool limit_per_principal = false;
  bool let_of_let = false;

  void Visit(const ast::Expr& expr) {
    kinds.insert(expr.kind);
    switch (expr.kind) {
      case ast::ExprKind::kBinary: binary.insert(static_cast<const ast::Binary&>(expr).op); break;
      case ast::ExprKind::kUnary: unary.insert(static_cast<const ast::Unary&>(expr).op); break;
      case ast::ExprKind::kQuantifier:
        quantifiers.insert(static_cast<const ast::Quantifier&>(expr).quantifier);
        break;
      case ast::ExprKind::kCall:
        functions.insert(static_cast<const ast::Call&>(expr).callee.text);
        break;
      default: break;
    }
    ast::ForEachChild(expr, [this](const ast::Expr& child) { Visit(child); });
  }

  void Visit(const ast::Module& module) {
    const ast::Header& header = *module.header;
    for (const ast::Name& zone : header.timezones) timezones.insert(zone.text);
    applies_to = applies_to || !header.agents.empty();
    for (const auto& item : header.defaults) {
      default_ask = default_ask || item.effect == ast::DefaultEffect::kAsk;
    }
    for (const ast::Let& let : module.lets) {
      let_of_let = let_of_let || NamesSomething(*let.value);
      Visit(*let.value);
    }
    for (const ast::Rule& rule : module.rules) {
      effects.insert(rule.effect);
      for (const ast::ExprPtr& condition : rule.when) Visit(*condition);
      for (const ast::ExprPtr& condition : rule.unless) Visit(*condition);
      for (const ast::Limit& limit : rule.limits) {
        if (limit.key) Visit(*limit.key);
        (limit.key ? limit_per_key : limit_per_principal) = true;
      }
    }
  }

  // In a let's value, any name is another let.
  static bool NamesSomething(const ast::Expr& expr) {
    bool found = expr.kind == ast::ExprKind::kName;
    ast::ForEachChild(expr,
                      [&](const ast::Expr& child) { found = found || NamesSomething(child); });
    return found;
  }
};

TEST_F(GeneratorTest, ScenariosUseEveryOperatorQuantifierAndFunction) {
  Coverage coverage;
  for (const Compiled& compiled : compiled_) {
    for (const auto& module : compiled.compilation->modules) coverage.Visit(*module);
  }
  for (int op = 0; op <= static_cast<int>(ast::BinaryOp::kSub); ++op) {
    auto binary = static_cast<ast::BinaryOp>(op);
    EXPECT_TRUE(coverage.binary.count(binary)) << "binary " << ast::Spelling(binary);
  }
  EXPECT_TRUE(coverage.unary.count(ast::UnaryOp::kNot));
  EXPECT_TRUE(coverage.unary.count(ast::UnaryOp::kNegate));
  for (auto kind :
       {ast::QuantifierKind::kAll, ast::QuantifierKind::kAny, ast::QuantifierKind::kNone}) {
    EXPECT_TRUE(coverage.quantifiers.count(kind)) << "quantifier " << ast::Spelling(kind);
  }
  // Every function of the registry: a new builtin needs a generator for it.
  for (std::string_view function : stdlib::kBuiltinNames) {
    EXPECT_TRUE(coverage.functions.count(std::string(function))) << "function " << function;
  }
  for (int kind = 0; kind < static_cast<int>(ast::ExprKind::kError); ++kind) {
    EXPECT_TRUE(coverage.kinds.count(static_cast<ast::ExprKind>(kind)))
        << "expression kind " << kind;
  }
}

TEST_F(GeneratorTest, ScenariosUseEveryKindOfHeaderLetAndRule) {
  Coverage coverage;
  for (const Compiled& compiled : compiled_) {
    for (const auto& module : compiled.compilation->modules) coverage.Visit(*module);
  }
  EXPECT_EQ(coverage.effects.size(), 3u);
  for (const char* zone : {"UTC", "Europe/Berlin", "America/New_York"}) {
    EXPECT_TRUE(coverage.timezones.count(zone)) << zone;
  }
  EXPECT_TRUE(coverage.applies_to);
  EXPECT_TRUE(coverage.default_ask);
  EXPECT_TRUE(coverage.limit_per_key);
  EXPECT_TRUE(coverage.limit_per_principal);
  EXPECT_TRUE(coverage.let_of_let);
}

// How the scenarios read data documents (docs/data.md), from the checked
// types: every form of the data reference, and no let reading data.
struct DataCoverage {
  std::map<std::string, size_t> forms;
  size_t lets_reading_data = 0;

  static bool IsDocument(const check::CheckedModule& m, const ast::Expr& expr) {
    if (expr.kind != ast::ExprKind::kField) return false;
    const ast::Expr& base = *static_cast<const ast::FieldAccess&>(expr).base;
    auto it = m.names.find(base.id);
    return it != m.names.end() && it->second.kind == check::NameKind::kData;
  }
  static bool IsMap(const check::CheckedModule& m, const ast::Expr& expr) {
    return m.TypeOf(expr)->Is(types::TypeKind::kMap);
  }
  static bool IsMapIndex(const check::CheckedModule& m, const ast::Expr& expr) {
    return expr.kind == ast::ExprKind::kIndex &&
           IsMap(m, *static_cast<const ast::IndexAccess&>(expr).base);
  }
  static bool Contains(const check::CheckedModule& m, const ast::Expr& expr,
                       bool (*test)(const check::CheckedModule&, const ast::Expr&)) {
    bool found = test(m, expr);
    ast::ForEachChild(expr,
                      [&](const ast::Expr& child) { found = found || Contains(m, child, test); });
    return found;
  }

  void Visit(const check::CheckedModule& m, const ast::Expr& expr) {
    if (IsDocument(m, expr)) ++forms[IsMap(m, expr) ? "data.MAP" : "data.LIST"];
    if (IsMapIndex(m, expr)) {
      const auto& index = static_cast<const ast::IndexAccess&>(expr);
      ++forms[IsDocument(m, *index.base) ? "M[k] " + m.TypeOf(*index.index)->ToString()
                                         : "nested M[k]"];
    }
    if (expr.kind == ast::ExprKind::kBinary) {
      const auto& binary = static_cast<const ast::Binary&>(expr);
      const ast::Expr& right = *binary.rhs;
      const ast::Expr& left = *binary.lhs;
      if (binary.op == ast::BinaryOp::kIn && IsMap(m, right)) ++forms["k in M"];
      if (binary.op == ast::BinaryOp::kNotIn && IsMap(m, right)) ++forms["k not in M"];
      bool list = !IsMap(m, right) && IsDocument(m, right);
      if (binary.op == ast::BinaryOp::kIn && list) ++forms["x in data.LIST"];
      if (binary.op == ast::BinaryOp::kNotIn && list) ++forms["x not in data.LIST"];
      if (binary.op == ast::BinaryOp::kContains && IsDocument(m, left)) {
        ++forms["data.LIST contains x"];
      }
    }
    if (expr.kind == ast::ExprKind::kHas) {
      const ast::Expr& path = *static_cast<const ast::Has&>(expr).path;
      if (IsMapIndex(m, path)) ++forms["has M[k]"];
      if (path.kind == ast::ExprKind::kField && Contains(m, path, &IsMapIndex)) {
        ++forms["has M[k].f"];
      }
    }
    if (expr.kind == ast::ExprKind::kQuantifier &&
        Contains(m, *static_cast<const ast::Quantifier&>(expr).list, &IsMapIndex)) {
      ++forms["quantifier over a list in M[k]"];
    }
    if (expr.kind == ast::ExprKind::kCall) {
      const auto& call = static_cast<const ast::Call&>(expr);
      if (call.callee.text == "size" && IsDocument(m, *call.args.at(0))) ++forms["size(data.LIST)"];
    }
    ast::ForEachChild(expr, [&](const ast::Expr& child) { Visit(m, child); });
  }

  void Visit(const check::CheckedModule& m) {
    for (const ast::Let& let : m.module->lets) {
      if (Contains(m, *let.value, &IsDocument)) ++lets_reading_data;
    }
    for (const check::CheckedRule& checked : m.rules) {
      const ast::Rule& rule = *checked.rule;
      for (const ast::ExprPtr& condition : rule.when) Visit(m, *condition);
      for (const ast::ExprPtr& condition : rule.unless) Visit(m, *condition);
      for (const ast::Limit& limit : rule.limits) {
        if (limit.key) Visit(m, *limit.key);
      }
    }
  }
};

TEST_F(GeneratorTest, ScenariosReadDataInEveryWayAndLetsNever) {
  DataCoverage coverage;
  size_t with_data = 0;
  for (const Compiled& compiled : compiled_) {
    with_data += compiled.scenario.data_files.empty() ? 0 : 1;
    for (const check::CheckedModule* module : compiled.compilation->bundle) coverage.Visit(*module);
  }
  // Most scenarios declare data; some do not, so the engines run without.
  EXPECT_GT(with_data, kSeeds * 3 / 4);
  EXPECT_LT(with_data, kSeeds);
  for (const char* form :
       {"data.MAP", "data.LIST", "M[k] string", "M[k] email", "M[k] int", "nested M[k]", "k in M",
        "k not in M", "has M[k]", "has M[k].f", "x in data.LIST", "x not in data.LIST",
        "data.LIST contains x", "quantifier over a list in M[k]", "size(data.LIST)"}) {
    EXPECT_GT(coverage.forms[form], 0u) << form;
  }
  EXPECT_EQ(coverage.lets_reading_data, 0u);  // E0211
}

TEST(GeneratorDeterminismTest, SameSeedSameScenario) {
  for (uint64_t seed : {0u, 1u, 12345u}) {
    Scenario a = GenerateScenario(seed);
    Scenario b = GenerateScenario(seed);
    EXPECT_EQ(a.schema_json, b.schema_json);
    EXPECT_EQ(a.policies, b.policies);
    EXPECT_EQ(a.requests, b.requests);
    EXPECT_EQ(a.request_kinds, b.request_kinds);
    EXPECT_EQ(a.request_now, b.request_now);
    ASSERT_EQ(a.data_files.size(), b.data_files.size());
    for (size_t i = 0; i < a.data_files.size(); ++i) {
      EXPECT_EQ(a.data_files[i].name, b.data_files[i].name);
      EXPECT_EQ(a.data_files[i].text, b.data_files[i].text);
    }
  }
  EXPECT_NE(GenerateScenario(1).policies, GenerateScenario(2).policies);
}

}  // namespace
}  // namespace intent::difftest
