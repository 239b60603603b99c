// Typing of names, field and index access, lists, quantifiers, `has` and
// `count` (docs/language.md §7.2, §7.9, §7.10). Operators are in check_operator.cc, calls in
// check_call.cc.
#include <fmt/format.h>

#include <utility>

#include "compiler/check/checker_impl.h"
#include "compiler/diag/wording.h"

namespace intent::check {
const Type* Checker::Check(const ast::Expr& expr) {
  switch (expr.kind) {
    case ast::ExprKind::kBool: return Record(expr, arena_.Bool());
    case ast::ExprKind::kInt: return Record(expr, arena_.Int());
    case ast::ExprKind::kString: return Record(expr, arena_.String());
    case ast::ExprKind::kDuration: return Record(expr, arena_.Duration());
    case ast::ExprKind::kError: return Record(expr, arena_.Error());
    case ast::ExprKind::kList:
      return Record(expr, CheckList(static_cast<const ast::ListLiteral&>(expr)));
    case ast::ExprKind::kName:
      return Record(expr, CheckName(static_cast<const ast::NameRef&>(expr)));
    case ast::ExprKind::kField:
      return Record(expr, CheckField(static_cast<const ast::FieldAccess&>(expr)));
    case ast::ExprKind::kIndex:
      return Record(expr, CheckIndex(static_cast<const ast::IndexAccess&>(expr)));
    case ast::ExprKind::kCall: return Record(expr, CheckCall(static_cast<const ast::Call&>(expr)));
    case ast::ExprKind::kUnary:
      return Record(expr, CheckUnary(static_cast<const ast::Unary&>(expr)));
    case ast::ExprKind::kBinary:
      return Record(expr, CheckBinary(static_cast<const ast::Binary&>(expr)));
    case ast::ExprKind::kQuantifier:
      return Record(expr, CheckQuantifier(static_cast<const ast::Quantifier&>(expr)));
    case ast::ExprKind::kHas: return Record(expr, CheckHas(static_cast<const ast::Has&>(expr)));
    case ast::ExprKind::kCount:
      return Record(expr, CheckCount(static_cast<const ast::Count&>(expr)));
  }
  return Record(expr, arena_.Error());
}

const Type* Checker::CheckName(const ast::NameRef& name) {
  for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
    if (it->name != name.name) continue;
    out_.names[name.id] = NameResolution{NameKind::kVariable, nullptr, it->binder, {}};
    return it->type;
  }
  if (auto it = lets_.find(name.name); it != lets_.end()) {
    const ast::Let* let = it->second;
    let_used_[let] = true;
    out_.names[name.id] = NameResolution{NameKind::kLet, let, nullptr, {}};
    const Type* type = LetType(*let);
    if (type == nullptr) {
      Report(DiagKind::kRecursiveLet, name.span, fmt::format("'{}' refers to itself", name.name),
             "a let must be computable from literals and other lets, without a cycle");
      return arena_.Error();
    }
    return type;
  }
  if (IsReserved(name.name)) {
    if (current_let_ != nullptr) {
      Report(DiagKind::kLetNotConstant, name.span,
             fmt::format("let '{}' must be a constant, but '{}' depends on the request",
                         current_let_->name.text, name.name),
             "use it directly in the rule's condition instead");
      return arena_.Error();
    }
    if (name.name == "context") {
      Report(DiagKind::kOperandType, name.span,
             "'context' is not a value by itself; read one of its fields, like 'context.time'");
      return arena_.Error();
    }
    NameKind kind = name.name == "now"     ? NameKind::kNow
                    : name.name == "today" ? NameKind::kToday
                                           : NameKind::kPrincipal;
    out_.names[name.id] = NameResolution{kind, nullptr, nullptr, {}};
    return kind == NameKind::kPrincipal ? arena_.String() : arena_.Timestamp();
  }
  if (current_let_ == nullptr) {
    if (const Type* type = CheckInputField(name)) return type;
  }
  if (name.name == "data" && HasData()) {
    Report(DiagKind::kOperandType, name.span,
           "'data' is not a value by itself; read one of its documents, like 'data." +
               out_.schema->data.fields.front().name + "'");
    return arena_.Error();
  }
  std::vector<std::string> candidates = VisibleNames();
  std::string suggestion = SuggestName(name.name, candidates);
  if (current_let_ != nullptr && out_.schema != nullptr) {
    for (const auto& op : out_.schema->operations) {
      if (op->input.FindField(name.name) != nullptr) {
        Report(DiagKind::kLetNotConstant, name.span,
               fmt::format("let '{}' must be a constant, but '{}' comes from the request",
                           current_let_->name.text, name.name),
               "use it directly in the rule's condition instead");
        return arena_.Error();
      }
    }
  }
  Report(DiagKind::kUnknownName, name.span,
         suggestion.empty()
             ? fmt::format("unknown name '{}'", name.name)
             : fmt::format("unknown name '{}'; did you mean '{}'?", name.name, suggestion));
  return arena_.Error();
}

const Type* Checker::CheckInputField(const ast::NameRef& name) {
  const types::Field* first = nullptr;
  const schema::Operation* first_op = nullptr;
  const schema::Operation* missing_in = nullptr;
  bool optional = false;
  for (const schema::Operation* op : operations_) {
    const types::Field* field = op->input.FindField(name.name);
    if (field == nullptr) {
      missing_in = missing_in ? missing_in : op;
      continue;
    }
    optional = optional || field->optional;
    if (first == nullptr) {
      first = field;
      first_op = op;
    } else if (field->type != first->type) {
      Report(DiagKind::kInputNotShared, name.span,
             fmt::format("'{}' has type '{}' in '{}' but '{}' in '{}'", name.name,
                         first->type->ToString(), first_op->id, field->type->ToString(), op->id),
             "write a separate rule for each operation");
      return arena_.Error();
    }
  }
  if (first == nullptr) return nullptr;
  out_.names[name.id] = NameResolution{NameKind::kInput, nullptr, nullptr, name.name};
  if (missing_in != nullptr) {
    Report(DiagKind::kInputNotShared, name.span,
           fmt::format("'{}' is not an input of '{}', which this rule also targets", name.name,
                       missing_in->id),
           "narrow the target, or write a separate rule for that operation");
    return arena_.Error();
  }
  if (optional && !in_has_ && !IsKnownPresent(name.name)) {
    Report(DiagKind::kUnguardedOptional, name.span,
           fmt::format("'{}' is optional and may be absent", name.name),
           fmt::format("guard the read: 'has {} and ...'", name.name));
  }
  return first->type;
}

const Type* Checker::CheckField(const ast::FieldAccess& access) {
  const std::string& field_name = access.field.text;
  // `context.FIELD`: request-wide attributes declared by the schema.
  if (access.base->kind == ast::ExprKind::kName &&
      static_cast<const ast::NameRef&>(*access.base).name == "context") {
    const auto& base = static_cast<const ast::NameRef&>(*access.base);
    if (current_let_ != nullptr) {
      Report(DiagKind::kLetNotConstant, access.span,
             fmt::format("let '{}' must be a constant, but 'context.{}' depends on the request",
                         current_let_->name.text, field_name),
             "use it directly in the rule's condition instead");
      return arena_.Error();
    }
    out_.names[base.id] = NameResolution{NameKind::kContext, nullptr, nullptr, {}};
    Record(base, arena_.Error());
    if (field_name == "time") return arena_.Timestamp();
    const types::Field* field = out_.schema ? out_.schema->context.FindField(field_name) : nullptr;
    if (field == nullptr) {
      std::vector<std::string> names =
          out_.schema ? out_.schema->context.FieldNames() : std::vector<std::string>{};
      names.push_back("time");
      std::string suggestion = SuggestName(field_name, names);
      Report(DiagKind::kUnknownField, access.field.span,
             suggestion.empty() ? fmt::format("context has no field '{}'", field_name)
                                : fmt::format("context has no field '{}'; did you mean '{}'?",
                                              field_name, suggestion),
             "context fields are declared in the schema's \"context\" object");
      return arena_.Error();
    }
    std::string path = "context." + field_name;
    if (field->optional && !in_has_ && !IsKnownPresent(path)) {
      Report(DiagKind::kUnguardedOptional, access.span,
             fmt::format("'{}' is optional and may be absent", path),
             fmt::format("guard the read: 'has {} and ...'", path));
    }
    return field->type;
  }

  if (IsDataBase(*access.base)) return CheckDataDocument(access);

  const Type* base = Check(*access.base);
  if (base->Is(TypeKind::kError)) return base;
  if (base->Is(TypeKind::kEmail)) {
    if (field_name == "local" || field_name == "domain") return arena_.String();
    std::string suggestion = SuggestName(field_name, {"local", "domain"});
    Report(DiagKind::kUnknownField, access.field.span,
           suggestion.empty() ? fmt::format("type 'email' has no field '{}'", field_name)
                              : fmt::format("type 'email' has no field '{}'; did you mean '{}'?",
                                            field_name, suggestion),
           "an email has '.local' (before the '@') and '.domain' (after it)");
    return arena_.Error();
  }
  if (!base->Is(TypeKind::kRecord)) {
    Report(DiagKind::kUnknownField, access.field.span,
           fmt::format("type '{}' has no fields, so it has no field '{}'", base->ToString(),
                       field_name));
    return arena_.Error();
  }
  const types::RecordType& record = *base->record();
  const types::Field* field = record.FindField(field_name);
  if (field == nullptr) {
    std::string suggestion = SuggestName(field_name, record.FieldNames());
    Report(DiagKind::kUnknownField, access.field.span,
           suggestion.empty() ? fmt::format("type '{}' has no field '{}'", record.name, field_name)
                              : fmt::format("type '{}' has no field '{}'; did you mean '{}'?",
                                            record.name, field_name, suggestion));
    return arena_.Error();
  }
  if (field->optional && !in_has_) {
    std::optional<std::string> path = PathOf(access);
    if (!path || ThroughListIndex(*access.base)) {
      Report(DiagKind::kUnguardedOptional, access.span,
             fmt::format("field '{}' is optional and may be absent", field_name),
             "only a path of field names can be guarded with 'has'; bind the element with "
             "'any x in ...' and guard 'has x." +
                 field_name + "'");
    } else if (!IsKnownPresent(*path)) {
      Report(DiagKind::kUnguardedOptional, access.span,
             fmt::format("'{}' is optional and may be absent", *path),
             fmt::format("guard the read: 'has {} and ...'", *path));
    }
  }
  return field->type;
}

bool Checker::ThroughListIndex(const ast::Expr& expr) const {
  for (const ast::Expr* step = &expr; step != nullptr;) {
    if (step->kind == ast::ExprKind::kField) {
      step = static_cast<const ast::FieldAccess*>(step)->base.get();
    } else if (step->kind == ast::ExprKind::kIndex) {
      const auto& index = static_cast<const ast::IndexAccess&>(*step);
      if (!out_.types[index.base->id]->Is(TypeKind::kMap)) return true;
      step = index.base.get();
    } else {
      step = nullptr;
    }
  }
  return false;
}

bool Checker::HasData() const {
  return out_.schema != nullptr && !out_.schema->data.fields.empty();
}

bool Checker::IsDataBase(const ast::Expr& base) const {
  // `data` is the data documents only when the schema declares some and no
  // variable or let of that name hides it; otherwise it is a plain name (an
  // input field called `data` keeps working).
  if (base.kind != ast::ExprKind::kName || !HasData()) return false;
  const std::string& name = static_cast<const ast::NameRef&>(base).name;
  if (name != "data" || lets_.count(name) > 0) return false;
  for (const Variable& variable : scope_) {
    if (variable.name == name) return false;
  }
  return true;
}

const Type* Checker::CheckDataDocument(const ast::FieldAccess& access) {
  const auto& base = static_cast<const ast::NameRef&>(*access.base);
  const std::string& name = access.field.text;
  if (current_let_ != nullptr) {
    Report(DiagKind::kLetNotConstant, access.span,
           fmt::format("let '{}' must be a constant, but 'data.{}' changes when the data is "
                       "reloaded",
                       current_let_->name.text, name),
           fmt::format("use 'data.{}' directly in the rule's condition instead", name));
    return arena_.Error();
  }
  out_.names[base.id] = NameResolution{NameKind::kData, nullptr, nullptr, {}};
  Record(base, arena_.Error());
  const types::Field* field = out_.schema->data.FindField(name);
  if (field == nullptr) {
    std::string suggestion = SuggestName(name, out_.schema->data.FieldNames());
    Report(DiagKind::kUnknownField, access.field.span,
           suggestion.empty()
               ? fmt::format("schema '{}' declares no data document '{}'", out_.schema->name, name)
               : fmt::format("schema '{}' declares no data document '{}'; did you mean '{}'?",
                             out_.schema->name, name, suggestion),
           "data documents are declared in the schema's \"data\" object");
    return arena_.Error();
  }
  return field->type;
}

const Type* Checker::CheckIndex(const ast::IndexAccess& index) {
  const Type* base = Check(*index.base);
  // The key or index is an ordinary read, even inside `has m[k]`.
  bool in_has = std::exchange(in_has_, false);
  const Type* subscript = Check(*index.index);
  in_has_ = in_has;
  if (base->Is(TypeKind::kMap)) {
    // `m[k]`: the value at key k; an absent key is an evaluation error
    // (fail closed), so guard it with `k in m` or `has m[k]`.
    if (subscript != base->key() && !subscript->Is(TypeKind::kError) &&
        TryConvert(*index.index, base->key()) == nullptr) {
      Report(DiagKind::kOperandType, index.index->span,
             fmt::format("the keys of '{}' are of type '{}', not '{}'", base->ToString(),
                         base->key()->ToString(), subscript->ToString()));
    }
    return base->element();
  }
  if (!subscript->Is(TypeKind::kInt) && !subscript->Is(TypeKind::kError)) {
    Report(DiagKind::kOperandType, index.index->span,
           fmt::format("a list index must be an int, not '{}'", subscript->ToString()));
  }
  if (base->Is(TypeKind::kError)) return base;
  if (!base->Is(TypeKind::kList)) {
    Report(DiagKind::kNotAList, index.base->span,
           fmt::format("cannot index a value of type '{}'; only lists and maps can be indexed",
                       base->ToString()));
    return arena_.Error();
  }
  return base->element()->Is(TypeKind::kUnknown) ? arena_.Error() : base->element();
}

const Type* Checker::CheckList(const ast::ListLiteral& list) {
  std::vector<const Type*> element_types;
  for (const ast::ExprPtr& element : list.elements) element_types.push_back(Check(*element));
  // The element type is the first one that is not a plain string literal,
  // so that ["a@x.com", message.sender] is a list<email>.
  const Type* element_type = nullptr;
  for (size_t i = 0; i < list.elements.size(); ++i) {
    if (element_types[i]->Is(TypeKind::kError)) return arena_.Error();
    if (list.elements[i]->kind == ast::ExprKind::kString) continue;
    element_type = element_types[i];
    break;
  }
  if (element_type == nullptr) {
    element_type = list.elements.empty() ? arena_.Primitive(TypeKind::kUnknown) : arena_.String();
  }
  for (size_t i = 0; i < list.elements.size(); ++i) {
    if (element_types[i] == element_type) continue;
    if (TryConvert(*list.elements[i], element_type) != nullptr) continue;
    Report(
        DiagKind::kListElementType, list.elements[i]->span,
        fmt::format("list elements must all have one type: this one is '{}', the list holds '{}'",
                    element_types[i]->ToString(), element_type->ToString()));
    return arena_.Error();
  }
  return arena_.ListOf(element_type);
}

const Type* Checker::CheckQuantifier(const ast::Quantifier& quantifier) {
  const Type* list = Check(*quantifier.list);
  const std::string& variable = quantifier.variable.text;
  const Type* element = arena_.Error();
  if (list->Is(TypeKind::kList)) {
    if (!list->element()->Is(TypeKind::kUnknown)) element = list->element();
  } else if (!list->Is(TypeKind::kError)) {
    Report(DiagKind::kNotAList, quantifier.list->span,
           fmt::format("'{}' needs a list to range over, not {}",
                       ast::Spelling(quantifier.quantifier), AQuoted(list->ToString())));
  }
  if (IsReserved(variable)) {
    Report(DiagKind::kReservedName, quantifier.variable.span,
           fmt::format("'{}' is a built-in name and cannot name a variable", variable));
  } else {
    bool shadows = lets_.count(variable) > 0;
    for (const Variable& outer : scope_) shadows = shadows || outer.name == variable;
    for (const schema::Operation* op : operations_) {
      shadows = shadows || op->input.FindField(variable) != nullptr;
    }
    if (shadows) {
      Report(DiagKind::kShadowedVariable, quantifier.variable.span,
             fmt::format("variable '{}' hides another name in scope", variable),
             "choose a name that is not a let, an input field or an outer variable");
    }
  }
  scope_.push_back(Variable{variable, element, &quantifier});
  const Type* body = Check(*quantifier.body);
  scope_.pop_back();
  if (!body->Is(TypeKind::kBool) && !body->Is(TypeKind::kError)) {
    Report(DiagKind::kConditionNotBool, quantifier.body->span,
           fmt::format("the body of '{}' has type '{}'; it must be a bool",
                       ast::Spelling(quantifier.quantifier), body->ToString()));
  }
  return arena_.Bool();
}

const Type* Checker::CheckHas(const ast::Has& has) {
  in_has_ = true;
  const Type* path_type = Check(*has.path);
  in_has_ = false;
  if (path_type->Is(TypeKind::kError)) return arena_.Bool();
  // Find whether any step of the path may be absent.
  bool any_optional = false;
  bool is_field_path = false;
  for (const ast::Expr* step = has.path.get(); step != nullptr;) {
    if (step->kind == ast::ExprKind::kIndex) {
      // `has m[k]`: whether the map has the key. A list index is no path.
      const auto& index = static_cast<const ast::IndexAccess&>(*step);
      if (!out_.types[index.base->id]->Is(TypeKind::kMap)) {
        Report(DiagKind::kHasNotOptionalPath, index.span,
               "'has' can test a map's key, like 'has data.users[principal]', but not a list "
               "index",
               "compare the index with 'size(...)' instead");
        return arena_.Bool();
      }
      any_optional = true;
      is_field_path = true;
      step = index.base.get();
    } else if (step->kind == ast::ExprKind::kField) {
      is_field_path = true;
      const auto& access = static_cast<const ast::FieldAccess&>(*step);
      if (IsDataBase(*access.base)) break;  // a data document is always present
      const Type* base = out_.types[access.base->id];
      if (base->Is(TypeKind::kRecord)) {
        const types::Field* field = base->record()->FindField(access.field.text);
        any_optional = any_optional || (field && field->optional);
      } else if (access.base->kind == ast::ExprKind::kName &&
                 static_cast<const ast::NameRef&>(*access.base).name == "context" && out_.schema) {
        const types::Field* field = out_.schema->context.FindField(access.field.text);
        any_optional = any_optional || (field && field->optional);
      }
      step = access.base.get();
    } else {
      auto it = out_.names.find(step->id);
      if (it != out_.names.end() && it->second.kind == NameKind::kInput) {
        is_field_path = true;
        for (const schema::Operation* op : operations_) {
          const types::Field* field = op->input.FindField(it->second.input_field);
          any_optional = any_optional || (field && field->optional);
        }
      }
      step = nullptr;
    }
  }
  if (!is_field_path) {
    Report(DiagKind::kHasNotOptionalPath, has.path->span,
           "'has' needs a path to a field, like 'has message.subject'");
  } else if (!any_optional) {
    Report(DiagKind::kHasOnRequiredField, has.span,
           fmt::format("'has {}' is always true: nothing on that path is optional",
                       PathOf(*has.path).value_or("...")),
           "remove the check, or mark the field optional ('T?') in the schema");
  }
  return arena_.Bool();
}

const Type* Checker::CheckCount(const ast::Count& count) {
  if (current_let_ != nullptr) {
    Report(DiagKind::kLetNotConstant, count.span,
           fmt::format("let '{}' must be a constant, but 'count(...)' depends on past calls",
                       current_let_->name.text),
           "use it directly in the rule's condition instead");
    return arena_.Error();
  }
  if (out_.schema != nullptr) out_.count_targets[count.id] = ResolveTarget(count.target);
  CheckPositiveDuration(*count.window);
  return arena_.Int();
}

}  // namespace intent::check
