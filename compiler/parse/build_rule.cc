// CST -> AST: lets, rules, targets, annotations and clauses.
#include <fmt/format.h>

#include "compiler/parse/ast_builder.h"

namespace intent::parse {

void AstBuilder::BuildLet(P::LetDeclContext* ctx, ast::Module& module) {
  too_deep_reported_ = false;
  ast::Let let;
  let.id = NextId();
  let.span = Span(ctx);
  let.name = NameOf(ctx->ident());
  let.value = ctx->expr() ? BuildExpr(ctx->expr()) : Error(let.span);
  let.has_syntax_error = ContainsSyntaxError(ctx);
  module.lets.push_back(std::move(let));
}

void AstBuilder::BuildRule(P::Rule_Context* ctx, ast::Module& module) {
  too_deep_reported_ = false;
  ast::Rule rule;
  rule.id = NextId();
  rule.span = Span(ctx);
  rule.has_syntax_error = ContainsSyntaxError(ctx);
  for (P::AnnotationContext* annotation : ctx->annotation()) {
    rule.annotations.push_back(BuildAnnotation(annotation));
  }
  if (ctx->effect != nullptr) {
    rule.effect_span = Span(ctx->effect);
    switch (ctx->effect->getType()) {
      case P::ASK: rule.effect = ast::Effect::kAsk; break;
      case P::FORBID: rule.effect = ast::Effect::kForbid; break;
      default: rule.effect = ast::Effect::kAllow; break;
    }
  }
  if (ctx->target()) rule.target = BuildTarget(ctx->target());
  for (P::ClauseContext* clause : ctx->clause()) BuildClause(clause, rule);
  module.rules.push_back(std::move(rule));
}

ast::Annotation AstBuilder::BuildAnnotation(P::AnnotationContext* ctx) {
  ast::Annotation annotation;
  annotation.span = Span(ctx);
  annotation.name = NameOf(ctx->ident());
  for (antlr4::tree::TerminalNode* argument : ctx->STRING()) {
    annotation.arguments.push_back(DecodeString(argument->getSymbol()));
  }
  return annotation;
}

ast::Target AstBuilder::BuildTarget(P::TargetContext* ctx) {
  ast::Target target;
  target.span = Span(ctx);
  if (dynamic_cast<P::AnythingTargetContext*>(ctx)) {
    target.kind = ast::TargetKind::kAnything;
  } else if (auto* operations = dynamic_cast<P::OperationTargetContext*>(ctx)) {
    target.kind = ast::TargetKind::kOperations;
    for (P::OperationRefContext* ref : operations->operationRef()) {
      target.operations.push_back(NameOf(ref));
    }
  } else if (auto* verbs = dynamic_cast<P::VerbTargetContext*>(ctx)) {
    target.kind = ast::TargetKind::kVerbs;
    // Names before `on` are verbs; after it, resources.
    size_t on_index = verbs->ON() ? verbs->ON()->getSymbol()->getTokenIndex() : SIZE_MAX;
    for (P::TargetNameContext* name : verbs->targetName()) {
      bool is_resource = name->getStart()->getTokenIndex() > on_index;
      (is_resource ? target.resources : target.verbs).push_back(NameOf(name));
    }
  }
  return target;
}

void AstBuilder::BuildClause(P::ClauseContext* ctx, ast::Rule& rule) {
  if (auto* when = dynamic_cast<P::WhenClauseContext*>(ctx)) {
    rule.when.push_back(when->expr() ? BuildExpr(when->expr()) : Error(Span(ctx)));
  } else if (auto* unless = dynamic_cast<P::UnlessClauseContext*>(ctx)) {
    rule.unless.push_back(unless->expr() ? BuildExpr(unless->expr()) : Error(Span(ctx)));
  } else if (auto* limit = dynamic_cast<P::LimitClauseContext*>(ctx)) {
    ast::Limit built;
    built.span = Span(ctx);
    built.count = limit->number() ? BuildCount(limit->number()) : Error(built.span);
    built.window =
        limit->durationLiteral() ? BuildDuration(limit->durationLiteral()) : Error(built.span);
    if (limit->expr()) built.key = BuildExpr(limit->expr());
    rule.limits.push_back(std::move(built));
  } else if (auto* because = dynamic_cast<P::BecauseClauseContext*>(ctx)) {
    if (because->STRING()) rule.because.push_back(DecodeString(because->STRING()->getSymbol()));
  } else if (auto* approve = dynamic_cast<P::ApproveClauseContext*>(ctx)) {
    rule.approve_within.push_back(
        approve->durationLiteral() ? BuildDuration(approve->durationLiteral()) : Error(Span(ctx)));
  }
}

ast::ExprPtr AstBuilder::BuildCount(P::NumberContext* ctx) {
  if (ctx->INT()) return BuildIntToken(ctx->INT()->getSymbol());
  if (ctx->BAD_NUMBER()) return BadNumber(ctx->BAD_NUMBER()->getSymbol());
  return Error(Span(ctx));
}

ast::ExprPtr AstBuilder::BuildDuration(P::DurationLiteralContext* ctx) {
  if (ctx->DURATION()) return BuildDurationToken(ctx->DURATION()->getSymbol());
  if (ctx->BAD_NUMBER()) return BadNumber(ctx->BAD_NUMBER()->getSymbol());
  if (ctx->INT()) {
    antlr4::Token* token = ctx->INT()->getSymbol();
    diagnostics_.Report(
        DiagKind::kInvalidNumber, &file_, Span(token),
        fmt::format("'{}' is a number, not a duration", token->getText()),
        fmt::format("add a unit: '{0}s', '{0}m', '{0}h', '{0}d' or '{0}w'", token->getText()));
    return Error(Span(token));
  }
  return Error(Span(ctx));
}

}  // namespace intent::parse
