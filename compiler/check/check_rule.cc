// Checks lets, rules, annotations, clauses and limits.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "compiler/check/checker_impl.h"
#include "compiler/diag/wording.h"

namespace intent::check {
namespace {

constexpr std::array<std::string_view, 4> kKnownAnnotations = {"id", "description", "owner", "tag"};

// "a.intent:2": something, a colon, and digits only.
bool LooksLikeImplicitId(std::string_view id) {
  size_t colon = id.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == id.size()) return false;
  return std::all_of(id.begin() + static_cast<std::ptrdiff_t>(colon) + 1, id.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void Checker::CheckLets() {
  for (const ast::Let& let : module_.lets) {
    if (!let.has_syntax_error) LetType(let);
  }
}

const Type* Checker::LetType(const ast::Let& let) {
  LetState& state = let_states_[&let];
  if (state == LetState::kDone) return let_types_[&let];
  if (state == LetState::kChecking) return nullptr;  // a cycle: the caller reports it
  if (let.has_syntax_error) return arena_.Error();
  state = LetState::kChecking;
  // A let may be checked lazily from inside a rule: its value sees none of
  // the rule's variables, inputs or guards.
  auto saved_scope = std::move(scope_);
  auto saved_facts = std::move(facts_);
  auto saved_operations = std::move(operations_);
  const ast::Let* saved_let = current_let_;
  scope_.clear();
  facts_.clear();
  operations_.clear();
  current_let_ = &let;
  const Type* type = Check(*let.value);
  current_let_ = saved_let;
  scope_ = std::move(saved_scope);
  facts_ = std::move(saved_facts);
  operations_ = std::move(saved_operations);
  let_states_[&let] = LetState::kDone;
  let_types_[&let] = type;
  return type;
}

void Checker::CheckRule(const ast::Rule& rule, const std::string& rule_id_prefix) {
  CheckedRule checked;
  checked.rule = &rule;
  checked.id = fmt::format("{}:{}", rule_id_prefix, module_.file->LineOf(rule.span.begin));
  CheckAnnotations(rule, checked);

  for (size_t i = 1; i < rule.limits.size(); ++i) {
    Report(DiagKind::kDuplicateClause, rule.limits[i].span, "rule has more than one 'limit'",
           "a rule can have one limit; split it into two rules for two limits");
  }
  for (size_t i = 1; i < rule.because.size(); ++i) {
    Report(DiagKind::kDuplicateClause, rule.because[i].span, "rule has more than one 'because'",
           "join the reasons into one string");
  }
  CheckApproveWithin(rule, checked);
  if (out_.schema == nullptr) {
    out_.rules.push_back(std::move(checked));
    return;  // without a schema nothing below can be checked
  }

  size_t errors_before = diagnostics_.ErrorCount();
  operations_ = ResolveTarget(rule.target);
  checked.operations = operations_;
  if (diagnostics_.ErrorCount() == errors_before) {
    scope_.clear();
    facts_.clear();
    // Guards flow in evaluation order: each `when`, then each `unless`
    // (evaluated only while the previous ones did not decide), then the key.
    for (const ast::ExprPtr& condition : rule.when) {
      CheckCondition(*condition, "when");
      CollectFacts(*condition, true, facts_);
    }
    for (const ast::ExprPtr& condition : rule.unless) {
      CheckCondition(*condition, "unless");
      CollectFacts(*condition, false, facts_);
    }
    for (const ast::Limit& limit : rule.limits) CheckLimit(limit);
    if (diagnostics_.ErrorCount() == errors_before) ReportCostlyRule(rule);
  }
  operations_.clear();
  facts_.clear();
  out_.rules.push_back(std::move(checked));
}

void Checker::CheckAnnotations(const ast::Rule& rule, CheckedRule& checked) {
  for (const ast::Annotation& annotation : rule.annotations) {
    const std::string& name = annotation.name.text;
    bool known = std::find(kKnownAnnotations.begin(), kKnownAnnotations.end(), name) !=
                 kKnownAnnotations.end();
    if (!known) {
      std::vector<std::string> candidates(kKnownAnnotations.begin(), kKnownAnnotations.end());
      std::string suggestion = SuggestName(name, candidates);
      Report(DiagKind::kUnknownAnnotation, annotation.span,
             suggestion.empty()
                 ? fmt::format("unknown annotation '@{}'", name)
                 : fmt::format("unknown annotation '@{}'; did you mean '@{}'?", name, suggestion),
             "known annotations: @id, @description, @owner, @tag");
      continue;
    }
    if (annotation.arguments.size() != 1 || annotation.arguments[0].text.empty()) {
      Report(DiagKind::kBadAnnotation, annotation.span,
             fmt::format("'@{}' takes one non-empty string, like @{}(\"{}\")", name, name,
                         name == "id"      ? "no-delete"
                         : name == "owner" ? "security-team"
                         : name == "tag"   ? "email"
                                           : "never delete mail"));
      continue;
    }
    if (name != "id") continue;
    if (checked.has_explicit_id) {
      Report(DiagKind::kBadAnnotation, annotation.span, "rule has more than one '@id'");
      continue;
    }
    const std::string& id = annotation.arguments[0].text;
    if (LooksLikeImplicitId(id)) {
      // Unnamed rules are called FILE:LINE; an explicit id of that shape
      // could name another rule, and a moved rule would collide silently.
      Report(DiagKind::kBadAnnotation, annotation.arguments[0].span,
             fmt::format("'@id(\"{}\")' has the shape of an unnamed rule's id (FILE:LINE)", id),
             "choose a name that does not end in ':' and a number, like @id(\"no-delete\")");
      continue;
    }
    checked.has_explicit_id = true;
    checked.id = id;
  }
}

void Checker::CheckCondition(const ast::Expr& expr, const char* clause) {
  const Type* type = Check(expr);
  if (type->Is(TypeKind::kBool) || type->Is(TypeKind::kError)) return;
  Report(DiagKind::kConditionNotBool, expr.span,
         fmt::format("'{}' condition has type '{}'; it must be a bool", clause, type->ToString()),
         type->Is(TypeKind::kInt) ? "compare it with something, e.g. '... > 0'" : "");
}

void Checker::CheckLimit(const ast::Limit& limit) {
  if (limit.count->kind == ast::ExprKind::kInt) {
    Record(*limit.count, arena_.Int());
    int64_t count = static_cast<const ast::IntLiteral&>(*limit.count).value;
    if (count < 1) {
      Report(DiagKind::kLimitNotPositive, limit.count->span,
             fmt::format("'limit {}' would never allow a call", count),
             "use 'forbid' to block every call, or a limit of at least 1");
    }
  }
  CheckPositiveDuration(*limit.window);
  if (limit.key == nullptr) return;
  const Type* key = Check(*limit.key);
  if (!key->IsScalar() || key->Is(TypeKind::kUnknown)) {
    Report(DiagKind::kInvalidLimitKey, limit.key->span,
           fmt::format("a limit key must be a single value, not {}", AQuoted(key->ToString())),
           "count per one field, e.g. 'per message.sender.domain'");
  }
}

void Checker::CheckApproveWithin(const ast::Rule& rule, CheckedRule& checked) {
  for (size_t i = 0; i < rule.approve_within.size(); ++i) {
    const ast::Expr& window = *rule.approve_within[i];
    if (i > 0) {
      Report(DiagKind::kDuplicateClause, window.span, "rule has more than one 'approve within'",
             "an approval has one window; keep the one you mean");
      continue;
    }
    if (rule.effect != ast::Effect::kAsk) {
      // Only an ask creates an approval; on allow or forbid the window
      // would be silently meaningless.
      Report(DiagKind::kApproveNotAsk, window.span,
             fmt::format("'approve within' on {} rule: only 'ask' rules wait for an approval",
                         rule.effect == ast::Effect::kAllow ? "an 'allow'" : "a 'forbid'"),
             "make the rule an 'ask', or remove the clause");
      continue;
    }
    if (window.kind != ast::ExprKind::kDuration) continue;  // already reported by the parser
    Record(window, arena_.Duration());
    int64_t micros = static_cast<const ast::DurationLiteral&>(window).microseconds;
    if (micros <= 0) {
      Report(DiagKind::kInvalidDuration, window.span,
             "an approval window of zero length expires before anyone can approve",
             "use a positive duration such as 15m or 1h");
      continue;
    }
    checked.approve_within = micros;
  }
}

bool Checker::CheckPositiveDuration(const ast::Expr& expr) {
  if (expr.kind != ast::ExprKind::kDuration) return false;
  Record(expr, arena_.Duration());
  if (static_cast<const ast::DurationLiteral&>(expr).microseconds > 0) return true;
  Report(DiagKind::kInvalidDuration, expr.span, "a window of zero length can never hold a call",
         "use a positive duration such as 1h or 1d");
  return false;
}

void Checker::ReportUnusedLets() {
  for (const ast::Let& let : module_.lets) {
    if (let.has_syntax_error || let_used_[&let]) continue;
    auto it = lets_.find(let.name.text);
    if (it == lets_.end() || it->second != &let) continue;  // a duplicate, already reported
    Report(DiagKind::kUnusedLet, let.name.span,
           fmt::format("'{}' is defined but never used", let.name.text),
           "remove it, or use it in a rule");
  }
}

void Checker::ReportLetsHidingInputs() {
  // A let is looked up before an input field (language.md §7.2). Only the
  // operations this file's rules target count: a let hides nothing from
  // an operation no rule of the file can read, and warning for every
  // operation of the schema would forbid common names (`id`, `query`).
  for (const ast::Let& let : module_.lets) {
    if (let.has_syntax_error) continue;
    auto it = lets_.find(let.name.text);
    if (it == lets_.end() || it->second != &let) continue;  // reserved or a duplicate
    std::vector<const schema::Operation*> hidden;
    for (const CheckedRule& rule : out_.rules) {
      for (const schema::Operation* op : rule.operations) {
        if (op->input.FindField(let.name.text) == nullptr) continue;
        if (std::find(hidden.begin(), hidden.end(), op) == hidden.end()) hidden.push_back(op);
      }
    }
    if (hidden.empty()) continue;
    std::sort(hidden.begin(), hidden.end(),
              [](const schema::Operation* a, const schema::Operation* b) { return a->id < b->id; });
    // Three ids show the problem; a long list would not fit on a line.
    constexpr size_t kShown = 3;
    std::string where;
    for (size_t i = 0; i < std::min(hidden.size(), kShown); ++i) {
      if (i > 0) where += i + 1 == hidden.size() ? " and " : ", ";
      where += fmt::format("'{}'", hidden[i]->id);
    }
    if (hidden.size() > kShown) where += fmt::format(" and {} more", hidden.size() - kShown);
    Report(DiagKind::kLetHidesInput, let.name.span,
           fmt::format("let '{}' hides the input field '{}' of {}", let.name.text, let.name.text,
                       where),
           fmt::format("rename the let; the field is then read as '{}'", let.name.text));
  }
}

}  // namespace intent::check
