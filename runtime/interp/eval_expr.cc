// Expression evaluation: the reference semantics of every operator and
// function (docs/language.md §7, §8). Errors are values; they never escape as exceptions.
#include <fmt/format.h>
#include <re2/re2.h>

#include "runtime/core/cost.h"
#include "runtime/core/data.h"
#include "runtime/interp/evaluator.h"
#include "stdlib/duration.h"
#include "stdlib/email.h"
#include "stdlib/strings.h"
#include "stdlib/timestamp.h"

namespace intent::runtime {
EvalResult Ok(Value value) {
  EvalResult result;
  result.owned = std::move(value);
  return result;
}

Value ConvertConstant(const Value& value, const types::Type* type) {
  if (type->Is(types::TypeKind::kList)) {
    if (!value.Is<ListPtr>()) return value;
    auto list = std::make_shared<List>();
    for (const Value& item : *value.As<ListPtr>()) {
      list->push_back(ConvertConstant(item, type->element()));
    }
    return ListPtr(std::move(list));
  }
  if (!value.Is<std::string>()) return value;
  const std::string& text = value.As<std::string>();
  switch (type->kind()) {
    case types::TypeKind::kEmail:
      if (auto email = stdlib::ParseEmail(text)) return Email{email->local, email->domain};
      break;
    case types::TypeKind::kTimestamp:
      if (auto micros = stdlib::ParseTimestamp(text)) return Timestamp{*micros};
      break;
    case types::TypeKind::kEnum: {
      const auto& values = type->enumeration()->values;
      for (uint32_t i = 0; i < values.size(); ++i) {
        if (values[i] == text) return EnumValue{type->enumeration(), i};
      }
      break;
    }
    default: break;
  }
  return value;  // unreachable for checked modules: the checker validated it
}

EvalResult OverBudget() { return EvalResult::Fail(cost::kBudgetExceeded); }

bool Evaluator::IsFolded(const ast::Expr& expr) const {
  return expr.id < module_.folded_index.size() &&
         module_.folded_index[expr.id] != PreparedModule::kNotFolded;
}

EvalResult Evaluator::Eval(const ast::Expr& expr) {
  if (expr.id < module_.folded_index.size()) {
    uint32_t folded = module_.folded_index[expr.id];
    if (folded != PreparedModule::kNotFolded) {
      const PreparedModule::Folded& constant = module_.folded[folded];
      if (!constant.error.empty()) return EvalResult::Fail(constant.error);
      return EvalResult::Ref(constant.value);
    }
  } else {
    // While the module's constants are prepared (nothing is folded yet).
    if (auto it = module_.converted.find(expr.id); it != module_.converted.end()) {
      return EvalResult::Ref(it->second);
    }
    // Marked for conversion but not converted yet: its unconverted value
    // must not be used.
    if (module_.checked->conversions.count(expr.id) > 0) return EvalResult::Fail(kNotReady);
  }
  return EvalNode(expr);
}

EvalResult Evaluator::EvalCondition(const ast::Expr& expr) {
  EvalResult result = Eval(expr);
  if (result.ok() && !result.value().Is<bool>()) return EvalResult::Fail("condition is not a bool");
  return result;
}

EvalResult Evaluator::EvalNode(const ast::Expr& expr) {
  switch (expr.kind) {
    case ast::ExprKind::kBool: return Ok(static_cast<const ast::BoolLiteral&>(expr).value);
    case ast::ExprKind::kInt: return Ok(static_cast<const ast::IntLiteral&>(expr).value);
    case ast::ExprKind::kString: return Ok(static_cast<const ast::StringLiteral&>(expr).value);
    case ast::ExprKind::kDuration:
      return Ok(Duration{static_cast<const ast::DurationLiteral&>(expr).microseconds});
    case ast::ExprKind::kList: return EvalList(static_cast<const ast::ListLiteral&>(expr));
    case ast::ExprKind::kName: return EvalName(static_cast<const ast::NameRef&>(expr));
    case ast::ExprKind::kField: return EvalField(static_cast<const ast::FieldAccess&>(expr));
    case ast::ExprKind::kIndex: return EvalIndex(static_cast<const ast::IndexAccess&>(expr));
    case ast::ExprKind::kCall: return EvalCall(static_cast<const ast::Call&>(expr));
    case ast::ExprKind::kUnary: return EvalUnary(static_cast<const ast::Unary&>(expr));
    case ast::ExprKind::kBinary: return EvalBinary(static_cast<const ast::Binary&>(expr));
    case ast::ExprKind::kQuantifier:
      return EvalQuantifier(static_cast<const ast::Quantifier&>(expr));
    case ast::ExprKind::kHas: return EvalHas(static_cast<const ast::Has&>(expr));
    case ast::ExprKind::kCount: return EvalCount(static_cast<const ast::Count&>(expr));
    case ast::ExprKind::kError: break;
  }
  return EvalResult::Fail("expression did not compile");
}

const Value* Evaluator::FieldOf(const Value& record, const std::string& name) {
  if (!record.Is<RecordPtr>()) return nullptr;
  const Record& r = *record.As<RecordPtr>();
  for (size_t i = 0; i < r.type->fields.size() && i < r.fields.size(); ++i) {
    if (r.type->fields[i].name == name) return &r.fields[i];
  }
  return nullptr;
}

int64_t Evaluator::Today() { return module_.timezone.StartOfDay(now_); }

EvalResult Evaluator::EvalName(const ast::NameRef& name) {
  auto it = module_.checked->names.find(name.id);
  if (it == module_.checked->names.end()) return EvalResult::Fail("unresolved name " + name.name);
  const check::NameResolution& resolution = it->second;
  switch (resolution.kind) {
    case check::NameKind::kLet: {
      auto let = module_.lets.find(resolution.let);
      if (let == module_.lets.end()) return EvalResult::Fail(kNotReady);
      return EvalResult::Ref(let->second);
    }
    case check::NameKind::kVariable:
      for (auto v = variables_.rbegin(); v != variables_.rend(); ++v) {
        if (v->first == resolution.binder) return EvalResult::Ref(*v->second);
      }
      return EvalResult::Fail("unbound variable " + name.name);
    // Without a request (constants at load time) there is no time either.
    case check::NameKind::kNow:
      if (request_ == nullptr) break;
      return Ok(Timestamp{now_});
    case check::NameKind::kToday:
      if (request_ == nullptr) break;
      return Ok(Timestamp{Today()});
    case check::NameKind::kPrincipal:
      if (request_ == nullptr) break;
      return Ok(request_->principal);
    case check::NameKind::kInput: {
      if (request_ == nullptr) break;
      const types::RecordType& input = *request_->input.type;
      for (size_t i = 0; i < input.fields.size(); ++i) {
        if (input.fields[i].name != resolution.input_field) continue;
        const Value& value = request_->input.fields[i];
        if (value.Is<Absent>() && !reading_has_path_) {
          return EvalResult::Fail(fmt::format("'{}' is absent", name.name));
        }
        return EvalResult::Ref(value);
      }
      return EvalResult::Fail(fmt::format("'{}' is not an input of this operation", name.name));
    }
    case check::NameKind::kContext:
    case check::NameKind::kData: break;
  }
  return EvalResult::Fail(fmt::format("'{}' has no value here", name.name));
}

EvalResult Evaluator::EvalField(const ast::FieldAccess& access) {
  const std::string& field = access.field.text;
  auto base_resolution = module_.checked->names.find(access.base->id);
  if (base_resolution != module_.checked->names.end() &&
      base_resolution->second.kind == check::NameKind::kContext) {
    if (request_ == nullptr) return EvalResult::Fail("context is not available here");
    if (field == "time") return Ok(Timestamp{now_});
    const types::RecordType& context = *request_->context.type;
    for (size_t i = 0; i < context.fields.size() && i < request_->context.fields.size(); ++i) {
      if (context.fields[i].name != field) continue;
      const Value& value = request_->context.fields[i];
      if (value.Is<Absent>() && !reading_has_path_) {
        return EvalResult::Fail(fmt::format("'context.{}' is absent", field));
      }
      return EvalResult::Ref(value);
    }
    return EvalResult::Fail(fmt::format("context has no field '{}'", field));
  }
  if (base_resolution != module_.checked->names.end() &&
      base_resolution->second.kind == check::NameKind::kData) {
    const schema::Schema* schema = module_.checked->schema;
    if (request_ == nullptr || request_->data == nullptr || schema == nullptr) {
      return EvalResult::Fail("data is not available here");
    }
    for (size_t i = 0; i < schema->data.fields.size() && i < request_->data->fields.size(); ++i) {
      if (schema->data.fields[i].name == field) return EvalResult::Ref(request_->data->fields[i]);
    }
    return EvalResult::Fail(fmt::format("no data document '{}'", field));
  }
  EvalResult base = Eval(*access.base);
  if (!base.ok()) return base;
  if (base.value().Is<Absent>()) return base;  // only inside `has`
  if (base.value().Is<Email>()) {
    const Email& email = base.value().As<Email>();
    return Ok(field == "local" ? email.local : email.domain);
  }
  const Value* value = FieldOf(base.value(), field);
  if (value == nullptr) return EvalResult::Fail(fmt::format("no field '{}'", field));
  if (value->Is<Absent>() && !reading_has_path_) {
    return EvalResult::Fail(fmt::format("'{}' is absent", PathOf(access)));
  }
  // A record that outlives this call (the request's, a constant's) is read
  // in place; one held only by `base` is copied out of it.
  return base.ref != nullptr ? EvalResult::Ref(*value) : Ok(*value);
}

EvalResult Evaluator::EvalIndex(const ast::IndexAccess& index) {
  EvalResult base = Eval(*index.base);
  if (!base.ok()) return base;
  // The key or index is read as anywhere else, even inside `has m[k]`.
  bool in_has = std::exchange(reading_has_path_, false);
  EvalResult subscript = Eval(*index.index);
  reading_has_path_ = in_has;
  if (!subscript.ok()) return subscript;
  if (base.value().Is<Absent>()) return base;  // only inside `has`
  if (base.value().Is<MapRef>()) {
    const DataMap& map = *base.value().As<MapRef>().map;
    if (!Charge(cost::Lookup(cost::KeyBytes(subscript.value())))) return OverBudget();
    int64_t entry = map.Find(subscript.value());
    if (entry == DataMap::kMissing) {
      if (reading_has_path_) return Ok(Absent{});
      return EvalResult::Fail(
          MissingKeyMessage(module_.checked->module->file->Slice(index.base->span)));
    }
    return EvalResult::Ref(map.value(entry));
  }
  const List& list = *base.value().As<ListPtr>();
  int64_t i = subscript.value().As<int64_t>();
  if (i < 0 || static_cast<uint64_t>(i) >= list.size()) {
    return EvalResult::Fail(
        fmt::format("index {} is out of range for a list of {}", i, list.size()));
  }
  const Value& item = list[static_cast<size_t>(i)];
  return base.ref != nullptr ? EvalResult::Ref(item) : Ok(item);
}

EvalResult Evaluator::EvalList(const ast::ListLiteral& literal) {
  auto list = std::make_shared<List>();
  list->reserve(literal.elements.size());
  for (const ast::ExprPtr& element : literal.elements) {
    EvalResult item = Eval(*element);
    if (!item.ok()) return item;
    // Copying a string into the new list is charged as reading it again
    // (a constant's copy is the interpreter's own cost: native code shares it).
    if (!IsFolded(*element) && item.value().Is<std::string>() &&
        !Charge(cost::Text(item.value().As<std::string>().size()))) {
      return OverBudget();
    }
    list->push_back(std::move(item).Take());
  }
  return Ok(ListPtr(std::move(list)));
}

EvalResult Evaluator::EvalQuantifier(const ast::Quantifier& quantifier) {
  EvalResult list = Eval(*quantifier.list);
  if (!list.ok()) return list;
  // all: true unless some body is false; any: false unless some is true;
  // none: true unless some is true. Stops at the deciding element.
  bool stop_on = quantifier.quantifier != ast::QuantifierKind::kAll;
  const int64_t weight = cost::BodyWeight(quantifier);
  for (const Value& element : *list.value().As<ListPtr>()) {
    if (!Charge(weight)) return OverBudget();
    variables_.emplace_back(&quantifier, &element);
    EvalResult body = EvalCondition(*quantifier.body);
    variables_.pop_back();
    if (!body.ok()) return body;
    if (body.value().As<bool>() == stop_on) {
      return Ok(quantifier.quantifier == ast::QuantifierKind::kAny);
    }
  }
  return Ok(quantifier.quantifier != ast::QuantifierKind::kAny);
}

EvalResult Evaluator::EvalHas(const ast::Has& has) {
  bool outer = reading_has_path_;
  reading_has_path_ = true;
  EvalResult path = Eval(*has.path);
  reading_has_path_ = outer;
  if (!path.ok()) return path;
  return Ok(!path.value().Is<Absent>());
}

EvalResult Evaluator::EvalCount(const ast::Count& count) {
  if (request_ == nullptr || counters_ == nullptr)
    return EvalResult::Fail("count() needs a request");
  auto targets = module_.checked->count_targets.find(count.id);
  if (targets == module_.checked->count_targets.end()) return EvalResult::Fail("count target");
  int64_t window = static_cast<const ast::DurationLiteral&>(*count.window).microseconds;
  int64_t total = 0;
  for (const schema::Operation* op : targets->second) {
    total += counters_->Count(CountKey(request_->principal, op->id), window, now_);
  }
  return Ok(total);
}

}  // namespace intent::runtime
