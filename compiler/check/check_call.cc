// Typing of calls to the standard library (docs/language.md §8).
#include <fmt/format.h>

#include <array>

#include "compiler/check/checker_impl.h"
#include "compiler/diag/wording.h"

namespace intent::check {
namespace {

// The argument a function takes; every v1 function takes exactly one.
enum class Param { kString, kStringOrList, kTimestamp, kInt };

struct Signature {
  std::string_view name;
  Param param;
  TypeKind result;
};

constexpr std::array<Signature, 10> kFunctions = {{
    {"lower", Param::kString, TypeKind::kString},
    {"upper", Param::kString, TypeKind::kString},
    {"trim", Param::kString, TypeKind::kString},
    {"size", Param::kStringOrList, TypeKind::kInt},
    {"hour", Param::kTimestamp, TypeKind::kInt},
    {"weekday", Param::kTimestamp, TypeKind::kString},
    {"date", Param::kTimestamp, TypeKind::kTimestamp},
    {"days", Param::kInt, TypeKind::kDuration},
    {"hours", Param::kInt, TypeKind::kDuration},
    {"minutes", Param::kInt, TypeKind::kDuration},
}};

const char* ParamName(Param param) {
  switch (param) {
    case Param::kString: return "string";
    case Param::kStringOrList: return "string or list";
    case Param::kTimestamp: return "timestamp";
    case Param::kInt: return "int";
  }
  return "?";
}

bool Accepts(Param param, const Type* type) {
  switch (param) {
    case Param::kString: return type->Is(TypeKind::kString);
    case Param::kStringOrList: return type->Is(TypeKind::kString) || type->Is(TypeKind::kList);
    case Param::kTimestamp: return type->Is(TypeKind::kTimestamp);
    case Param::kInt: return type->Is(TypeKind::kInt);
  }
  return false;
}

}  // namespace

const Type* Checker::CheckCall(const ast::Call& call) {
  const Signature* signature = nullptr;
  for (const Signature& candidate : kFunctions) {
    if (candidate.name == call.callee.text) signature = &candidate;
  }
  std::vector<const Type*> args;
  for (const ast::ExprPtr& arg : call.args) args.push_back(Check(*arg));
  if (signature == nullptr) {
    std::vector<std::string> names;
    names.reserve(kFunctions.size());
    for (const Signature& candidate : kFunctions) names.emplace_back(candidate.name);
    std::string suggestion = SuggestName(call.callee.text, names);
    Report(DiagKind::kUnknownFunction, call.callee.span,
           suggestion.empty() ? fmt::format("unknown function '{}'", call.callee.text)
                              : fmt::format("unknown function '{}'; did you mean '{}'?",
                                            call.callee.text, suggestion),
           "the functions are lower, upper, trim, size, hour, weekday, date, days, hours, "
           "minutes and count");
    return arena_.Error();
  }
  const Type* result = arena_.Primitive(signature->result);
  if (call.args.size() != 1) {
    Report(DiagKind::kArgumentCount, call.span,
           fmt::format("'{}' takes 1 argument, but {} {} given", call.callee.text, call.args.size(),
                       call.args.size() == 1 ? "was" : "were"));
    return result;
  }
  const Type* arg = args[0];
  if (arg->Is(TypeKind::kError) || Accepts(signature->param, arg)) return result;
  if (signature->param == Param::kTimestamp && TryConvert(*call.args[0], arena_.Timestamp())) {
    return result;
  }
  Report(
      DiagKind::kArgumentType, call.args[0]->span,
      fmt::format("'{}' takes {}, but this argument is {}", call.callee.text,
                  AWord(ParamName(signature->param)), AQuoted(arg->ToString())),
      arg->Is(TypeKind::kEmail) ? "an email's parts are strings: use '.local' or '.domain'" : "");
  return result;
}

}  // namespace intent::check
