// Entry points of the checker and its shared helpers.
#include "compiler/check/checker.h"

#include <fmt/format.h>

#include <cctype>

#include "compiler/check/checker_impl.h"

namespace intent::check {

Checker::Checker(const ast::Module& module, const schema::SchemaSet& schemas,
                 types::TypeArena& arena, DiagnosticBag& diagnostics, CheckedModule& out)
    : module_(module), schemas_(schemas), arena_(arena), diagnostics_(diagnostics), out_(out) {}

void Checker::Run(const std::string& rule_id_prefix) {
  out_.module = &module_;
  out_.types.assign(module_.node_count, arena_.Error());
  if (!module_.header) return;  // the parser reported the missing header
  CheckHeader();
  for (const ast::Let& let : module_.lets) {
    if (IsReserved(let.name.text)) {
      Report(DiagKind::kReservedName, let.name.span,
             fmt::format("'{}' is a built-in name and cannot be redefined by 'let'", let.name.text),
             "choose another name");
      let_used_[&let] = true;  // already reported; no "unused" warning on top
      continue;
    }
    auto [it, inserted] = lets_.emplace(let.name.text, &let);
    if (!inserted) {
      uint32_t first_line = module_.file->LineOf(it->second->name.span.begin);
      Report(
          DiagKind::kDuplicateLet, let.name.span,
          fmt::format("'{}' is already defined by a 'let' on line {}", let.name.text, first_line),
          "give one of them another name");
    }
  }
  CheckLets();
  for (const ast::Rule& rule : module_.rules) {
    if (!rule.has_syntax_error) CheckRule(rule, rule_id_prefix);
  }
  ReportUnusedLets();
  ReportLetsHidingInputs();
}

void Checker::Report(DiagKind kind, SourceSpan span, std::string message, std::string help) {
  diagnostics_.Report(kind, module_.file, span, std::move(message), std::move(help));
}

const Type* Checker::Record(const ast::Expr& expr, const Type* type) {
  out_.types[expr.id] = type;
  return type;
}

std::vector<std::string> Checker::VisibleNames() const {
  std::vector<std::string> names = {"now", "today", "principal", "context"};
  for (const auto& [name, let] : lets_) names.push_back(name);
  for (const Variable& variable : scope_) names.push_back(variable.name);
  if (!operations_.empty()) {
    for (const types::Field& field : operations_.front()->input.fields) names.push_back(field.name);
  }
  return names;
}

CheckedModule CheckModule(const ast::Module& module, const schema::SchemaSet& schemas,
                          types::TypeArena& arena, const std::string& rule_id_prefix,
                          DiagnosticBag& diagnostics) {
  CheckedModule out;
  Checker checker(module, schemas, arena, diagnostics, out);
  checker.Run(rule_id_prefix);
  return out;
}

void CheckBundle(const std::vector<const CheckedModule*>& modules, DiagnosticBag& diagnostics) {
  struct FirstUse {
    const SourceFile* file;
    SourceSpan span;
  };
  std::map<std::string, FirstUse> ids;
  for (const CheckedModule* module : modules) {
    for (const CheckedRule& rule : module->rules) {
      // Implicit ids (FILE:LINE) take part too: two rules on one line
      // would otherwise share one identity, and one set of counters.
      SourceSpan span = rule.rule->span;
      for (const ast::Annotation& annotation : rule.rule->annotations) {
        if (annotation.name.text == "id" && !annotation.arguments.empty()) {
          span = annotation.arguments.front().span;
        }
      }
      auto [it, inserted] = ids.emplace(rule.id, FirstUse{module->module->file, span});
      if (inserted) continue;
      uint32_t first_line = it->second.file->LineOf(it->second.span.begin);
      if (!rule.has_explicit_id) {
        diagnostics.Report(DiagKind::kDuplicateId, module->module->file, span,
                           fmt::format("this rule's id '{}' is already the id of the rule at "
                                       "{}:{}: unnamed rules are named by their line",
                                       rule.id, it->second.file->path(), first_line),
                           "put each rule on a line of its own, or give it an @id");
        continue;
      }
      diagnostics.Report(DiagKind::kDuplicateId, module->module->file, span,
                         fmt::format("rule id '{}' is already used at {}:{}", rule.id,
                                     it->second.file->path(), first_line),
                         "rule ids must be unique across the bundle; rename one");
    }
  }
}

}  // namespace intent::check
