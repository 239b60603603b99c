// CST -> AST: expressions, one function per precedence level.
#include <fmt/format.h>

#include <charconv>

#include "compiler/parse/ast_builder.h"
#include "compiler/parse/parser.h"
#include "stdlib/duration.h"

namespace intent::parse {
namespace {

ast::BinaryOp ComparisonOp(P::ComparisonOperatorContext* ctx) {
  if (ctx->NOT()) return ast::BinaryOp::kNotIn;
  switch (ctx->getStart()->getType()) {
    case P::EQ: return ast::BinaryOp::kEq;
    case P::NE: return ast::BinaryOp::kNe;
    case P::LT: return ast::BinaryOp::kLt;
    case P::LE: return ast::BinaryOp::kLe;
    case P::GT: return ast::BinaryOp::kGt;
    case P::GE: return ast::BinaryOp::kGe;
    case P::IN: return ast::BinaryOp::kIn;
    case P::CONTAINS: return ast::BinaryOp::kContains;
    case P::STARTS_WITH: return ast::BinaryOp::kStartsWith;
    case P::ENDS_WITH: return ast::BinaryOp::kEndsWith;
    default: return ast::BinaryOp::kMatches;
  }
}

}  // namespace

ast::ExprPtr AstBuilder::Finish(ast::ExprPtr expr) {
  expr->height = ast::ChildHeight(*expr) + 1;
  if (expr->height <= kMaxExprHeight) return expr;
  if (!too_deep_reported_) {
    too_deep_reported_ = true;
    diagnostics_.Report(DiagKind::kNestingTooDeep, &file_, expr->span,
                        fmt::format("expression is too deep: it nests or chains more than {} "
                                    "operators",
                                    kMaxExprHeight),
                        "split the condition over several rules");
  }
  return Error(expr->span);
}

ast::ExprPtr AstBuilder::BuildExpr(P::ExprContext* ctx) {
  if (ctx == nullptr || ctx->orExpr() == nullptr) return Error(Span(ctx));
  return BuildOr(ctx->orExpr());
}

// Folds `a OP b OP c` into a left-deep chain of binary nodes.
template <typename Operand, typename BuildOperand>
ast::ExprPtr AstBuilder::BuildChain(antlr4::ParserRuleContext* ctx,
                                    const std::vector<Operand*>& operands,
                                    const std::vector<antlr4::tree::TerminalNode*>& operators,
                                    ast::BinaryOp op, BuildOperand build) {
  if (operands.empty()) return Error(Span(ctx));
  ast::ExprPtr result = build(operands[0]);
  for (size_t i = 1; i < operands.size() && i - 1 < operators.size(); ++i) {
    ast::ExprPtr rhs = build(operands[i]);
    SourceSpan span = SourceSpan::Join(result->span, rhs->span);
    result = Finish(std::make_unique<ast::Binary>(NextId(), span, op,
                                                  Span(operators[i - 1]->getSymbol()),
                                                  std::move(result), std::move(rhs)));
  }
  return result;
}

// Accessors scan all children: each list is fetched once (a chain may be long).
ast::ExprPtr AstBuilder::BuildOr(P::OrExprContext* ctx) {
  return BuildChain(ctx, ctx->andExpr(), ctx->OR(), ast::BinaryOp::kOr,
                    [this](P::AndExprContext* operand) { return BuildAnd(operand); });
}

ast::ExprPtr AstBuilder::BuildAnd(P::AndExprContext* ctx) {
  return BuildChain(ctx, ctx->notExpr(), ctx->AND(), ast::BinaryOp::kAnd,
                    [this](P::NotExprContext* operand) { return BuildNot(operand); });
}

ast::ExprPtr AstBuilder::BuildNot(P::NotExprContext* ctx) {
  if (auto* negation = dynamic_cast<P::NotOperatorContext*>(ctx)) {
    ast::ExprPtr operand = negation->notExpr() ? BuildNot(negation->notExpr()) : Error(Span(ctx));
    return Finish(
        std::make_unique<ast::Unary>(NextId(), Span(ctx), ast::UnaryOp::kNot, std::move(operand)));
  }
  if (auto* quantifier = dynamic_cast<P::QuantifierExprContext*>(ctx)) {
    return quantifier->quantifier() ? BuildQuantifier(quantifier->quantifier()) : Error(Span(ctx));
  }
  if (auto* comparison = dynamic_cast<P::ComparisonExprContext*>(ctx)) {
    return comparison->comparison() ? BuildComparison(comparison->comparison()) : Error(Span(ctx));
  }
  return Error(Span(ctx));
}

ast::ExprPtr AstBuilder::BuildQuantifier(P::QuantifierContext* ctx) {
  ast::QuantifierKind kind = ast::QuantifierKind::kAll;
  if (ctx->kind && ctx->kind->getType() == P::ANY) kind = ast::QuantifierKind::kAny;
  if (ctx->kind && ctx->kind->getType() == P::NONE) kind = ast::QuantifierKind::kNone;
  ast::Name variable = NameOf(ctx->ident());
  ast::ExprPtr list = ctx->additive() ? BuildAdditive(ctx->additive()) : Error(Span(ctx));
  ast::ExprPtr body = ctx->expr() ? BuildExpr(ctx->expr()) : Error(Span(ctx));
  return Finish(std::make_unique<ast::Quantifier>(NextId(), Span(ctx), kind, std::move(variable),
                                                  std::move(list), std::move(body)));
}

ast::ExprPtr AstBuilder::BuildComparison(P::ComparisonContext* ctx) {
  std::vector<P::AdditiveContext*> operands = ctx->additive();
  if (operands.empty()) return Error(Span(ctx));
  ast::ExprPtr lhs = BuildAdditive(operands[0]);
  if (operands.size() < 2 || ctx->comparisonOperator() == nullptr) return lhs;
  ast::ExprPtr rhs = BuildAdditive(operands[1]);
  SourceSpan span = SourceSpan::Join(lhs->span, rhs->span);
  return Finish(std::make_unique<ast::Binary>(
      NextId(), span, ComparisonOp(ctx->comparisonOperator()), Span(ctx->comparisonOperator()),
      std::move(lhs), std::move(rhs)));
}

ast::ExprPtr AstBuilder::BuildAdditive(P::AdditiveContext* ctx) {
  std::vector<P::UnaryContext*> operands = ctx->unary();
  std::vector<P::AdditiveOperatorContext*> operators = ctx->additiveOperator();
  if (operands.empty()) return Error(Span(ctx));
  ast::ExprPtr result = BuildUnary(operands[0]);
  for (size_t i = 1; i < operands.size() && i - 1 < operators.size(); ++i) {
    ast::ExprPtr rhs = BuildUnary(operands[i]);
    SourceSpan span = SourceSpan::Join(result->span, rhs->span);
    ast::BinaryOp op = operators[i - 1]->MINUS() ? ast::BinaryOp::kSub : ast::BinaryOp::kAdd;
    result = Finish(std::make_unique<ast::Binary>(NextId(), span, op, Span(operators[i - 1]),
                                                  std::move(result), std::move(rhs)));
  }
  return result;
}

ast::ExprPtr AstBuilder::BuildUnary(P::UnaryContext* ctx) {
  if (auto* negate = dynamic_cast<P::NegateContext*>(ctx)) {
    ast::ExprPtr operand = negate->unary() ? BuildUnary(negate->unary()) : Error(Span(ctx));
    return Finish(std::make_unique<ast::Unary>(NextId(), Span(ctx), ast::UnaryOp::kNegate,
                                               std::move(operand)));
  }
  if (auto* postfix = dynamic_cast<P::PostfixExprContext*>(ctx); postfix && postfix->postfix()) {
    return BuildPostfix(postfix->postfix());
  }
  return Error(Span(ctx));
}

ast::ExprPtr AstBuilder::BuildPostfix(P::PostfixContext* ctx) {
  ast::ExprPtr result = ctx->primary() ? BuildPrimary(ctx->primary()) : Error(Span(ctx));
  return BuildPostfixSteps(std::move(result), ctx->postfixOperator());
}

ast::ExprPtr AstBuilder::BuildPostfixSteps(ast::ExprPtr result,
                                           const std::vector<P::PostfixOperatorContext*>& ops) {
  for (P::PostfixOperatorContext* op : ops) {
    SourceSpan span = SourceSpan::Join(result->span, Span(op));
    if (auto* field = dynamic_cast<P::FieldAccessContext*>(op)) {
      result = Finish(std::make_unique<ast::FieldAccess>(NextId(), span, std::move(result),
                                                         NameOf(field->fieldName())));
    } else if (auto* index = dynamic_cast<P::IndexAccessContext*>(op)) {
      ast::ExprPtr subscript = index->expr() ? BuildExpr(index->expr()) : Error(Span(op));
      result = Finish(std::make_unique<ast::IndexAccess>(NextId(), span, std::move(result),
                                                         std::move(subscript)));
    }
  }
  return result;
}

ast::ExprPtr AstBuilder::BuildPrimary(P::PrimaryContext* ctx) {
  SourceSpan span = Span(ctx);
  if (auto* literal = dynamic_cast<P::LiteralExprContext*>(ctx)) {
    return literal->literal() ? BuildLiteral(literal->literal()) : Error(span);
  }
  if (auto* list = dynamic_cast<P::ListExprContext*>(ctx)) {
    auto result = std::make_unique<ast::ListLiteral>(NextId(), span);
    for (P::ExprContext* element : list->expr()) result->elements.push_back(BuildExpr(element));
    return Finish(std::move(result));
  }
  if (auto* paren = dynamic_cast<P::ParenExprContext*>(ctx)) {
    ast::ExprPtr inner = BuildExpr(paren->expr());
    inner->span = span;  // diagnostics on a parenthesised expression cover the parentheses
    return inner;
  }
  if (auto* has = dynamic_cast<P::HasExprContext*>(ctx)) {
    ast::Name root = NameOf(has->ident());
    ast::ExprPtr path = Finish(std::make_unique<ast::NameRef>(NextId(), root.span, root.text));
    // Fields, and map keys (`has data.users[principal]`); the checker
    // says which steps may stand in a `has`.
    path = BuildPostfixSteps(std::move(path), has->postfixOperator());
    return Finish(std::make_unique<ast::Has>(NextId(), span, std::move(path)));
  }
  if (auto* count = dynamic_cast<P::CountExprContext*>(ctx)) {
    ast::Target target = count->target() ? BuildTarget(count->target()) : ast::Target{};
    ast::ExprPtr window =
        count->durationLiteral() ? BuildDuration(count->durationLiteral()) : Error(span);
    return Finish(
        std::make_unique<ast::Count>(NextId(), span, std::move(target), std::move(window)));
  }
  if (auto* call = dynamic_cast<P::CallExprContext*>(ctx)) {
    auto result = std::make_unique<ast::Call>(NextId(), span, NameOf(call->ident()));
    for (P::ExprContext* argument : call->expr()) result->args.push_back(BuildExpr(argument));
    return Finish(std::move(result));
  }
  if (auto* name = dynamic_cast<P::NameExprContext*>(ctx); name && name->ident()) {
    return Finish(std::make_unique<ast::NameRef>(NextId(), span, name->ident()->getText()));
  }
  return Error(span);
}

ast::ExprPtr AstBuilder::BuildLiteral(P::LiteralContext* ctx) {
  antlr4::Token* token = ctx->getStart();
  switch (token->getType()) {
    case P::TRUE: return Finish(std::make_unique<ast::BoolLiteral>(NextId(), Span(token), true));
    case P::FALSE: return Finish(std::make_unique<ast::BoolLiteral>(NextId(), Span(token), false));
    case P::INT: return BuildIntToken(token);
    case P::DURATION: return BuildDurationToken(token);
    case P::BAD_NUMBER: return BadNumber(token);
    case P::STRING:
    case P::UNTERMINATED_STRING: return BuildString(token);
    default: return Error(Span(token));
  }
}

ast::ExprPtr AstBuilder::BuildString(antlr4::Token* token) {
  size_t errors_before = diagnostics_.ErrorCount();
  ast::Name decoded = DecodeString(token);
  // A literal with a bad escape has no reliable value: checking it further
  // (as a regex, email, ...) would only add noise.
  if (diagnostics_.ErrorCount() != errors_before) return Error(decoded.span);
  return Finish(
      std::make_unique<ast::StringLiteral>(NextId(), decoded.span, std::move(decoded.text)));
}

ast::ExprPtr AstBuilder::BuildIntToken(antlr4::Token* token) {
  std::string text = token->getText();
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    diagnostics_.Report(
        DiagKind::kInvalidNumber, &file_, Span(token),
        fmt::format("integer {} is out of range; the largest is {}", text, INT64_MAX));
    return Error(Span(token));
  }
  return Finish(std::make_unique<ast::IntLiteral>(NextId(), Span(token), value));
}

ast::ExprPtr AstBuilder::BuildDurationToken(antlr4::Token* token) {
  std::string text = token->getText();
  int64_t amount = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size() - 1, amount);
  std::optional<int64_t> micros;
  if (error == std::errc()) micros = stdlib::DurationFromUnits(amount, text.back());
  if (!micros) {
    diagnostics_.Report(DiagKind::kInvalidNumber, &file_, Span(token),
                        fmt::format("duration {} is out of range", text));
    return Error(Span(token));
  }
  return Finish(std::make_unique<ast::DurationLiteral>(NextId(), Span(token), *micros));
}

ast::ExprPtr AstBuilder::BadNumber(antlr4::Token* token) {
  diagnostics_.Report(DiagKind::kInvalidNumber, &file_, Span(token),
                      fmt::format("'{}' is not a number or a duration", token->getText()),
                      "durations are a number and one unit: 30s, 15m, 2h, 1d or 1w");
  return Error(Span(token));
}

}  // namespace intent::parse
