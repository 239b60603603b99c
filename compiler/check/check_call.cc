// Typing of calls to the standard library (docs/language.md §8). The
// functions and their overloads come from stdlib/builtins.def; the checker
// records which overload each call resolved to, so later stages never look
// at its name.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>

#include "compiler/check/checker_impl.h"
#include "compiler/diag/wording.h"
#include "stdlib/builtins.h"

namespace intent::check {
namespace {

using stdlib::Builtin;

// Every v1 function takes exactly one argument.
struct Signature {
  Builtin builtin;
  std::string_view name;
  TypeKind param;
  TypeKind result;
};

constexpr std::array<Signature, stdlib::kBuiltinCount> kSignatures = {{
#define INTENT_BUILTIN(id, name, param, result, zone) \
  {Builtin::id, name, TypeKind::param, TypeKind::result},
#include "stdlib/builtins.def"
#undef INTENT_BUILTIN
}};

const char* ParamName(TypeKind param) {
  switch (param) {
    case TypeKind::kString: return "string";
    case TypeKind::kList: return "list";
    case TypeKind::kTimestamp: return "timestamp";
    case TypeKind::kInt: return "int";
    case TypeKind::kDuration: return "duration";
    case TypeKind::kBool: return "bool";
    case TypeKind::kEmail: return "email";
    default: return "?";
  }
}

// Each function name once, in registry order.
std::vector<std::string> FunctionNames() {
  std::vector<std::string> names;
  for (const Signature& signature : kSignatures) {
    if (names.empty() || names.back() != signature.name) names.emplace_back(signature.name);
  }
  return names;
}

// "the functions are a, b and count": count() is syntax, but users call it like one.
std::string FunctionsHelp() {
  std::vector<std::string> names = FunctionNames();
  return fmt::format("the functions are {} and count", fmt::join(names, ", "));
}

}  // namespace

const Type* Checker::CheckCall(const ast::Call& call) {
  // The overloads of the callee: adjacent in the registry.
  std::vector<const Signature*> overloads;
  for (const Signature& candidate : kSignatures) {
    if (candidate.name == call.callee.text) overloads.push_back(&candidate);
  }
  std::vector<const Type*> args;
  for (const ast::ExprPtr& arg : call.args) args.push_back(Check(*arg));
  if (overloads.empty()) {
    std::string suggestion = SuggestName(call.callee.text, FunctionNames());
    Report(DiagKind::kUnknownFunction, call.callee.span,
           suggestion.empty() ? fmt::format("unknown function '{}'", call.callee.text)
                              : fmt::format("unknown function '{}'; did you mean '{}'?",
                                            call.callee.text, suggestion),
           FunctionsHelp());
    return arena_.Error();
  }
  // An ill-typed call still records an overload, so that every call node has one.
  const Signature* resolved = overloads.front();
  out_.builtins[call.id] = resolved->builtin;
  if (call.args.size() != 1) {
    Report(DiagKind::kArgumentCount, call.span,
           fmt::format("'{}' takes 1 argument, but {} {} given", call.callee.text, call.args.size(),
                       call.args.size() == 1 ? "was" : "were"));
    return arena_.Primitive(resolved->result);
  }
  const Type* arg = args[0];
  if (arg->Is(TypeKind::kError)) return arena_.Primitive(resolved->result);
  auto resolve = [&](const Signature* overload) {
    out_.builtins[call.id] = overload->builtin;
    return arena_.Primitive(overload->result);
  };
  for (const Signature* overload : overloads) {
    if (arg->Is(overload->param)) return resolve(overload);
  }
  for (const Signature* overload : overloads) {
    if (overload->param == TypeKind::kTimestamp && TryConvert(*call.args[0], arena_.Timestamp())) {
      return resolve(overload);
    }
  }
  std::vector<std::string_view> params;
  for (const Signature* overload : overloads) params.push_back(ParamName(overload->param));
  Report(
      DiagKind::kArgumentType, call.args[0]->span,
      fmt::format("'{}' takes {}, but this argument is {}", call.callee.text,
                  AWord(fmt::format("{}", fmt::join(params, " or "))), AQuoted(arg->ToString())),
      arg->Is(TypeKind::kEmail) ? "an email's parts are strings: use '.local' or '.domain'" : "");
  return arena_.Primitive(resolved->result);
}

}  // namespace intent::check
