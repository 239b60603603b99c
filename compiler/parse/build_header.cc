// CST -> AST: the module shell, the policy header and shared helpers.
#include <fmt/format.h>

#include "compiler/parse/ast_builder.h"
#include "compiler/parse/string_literal.h"
#include "compiler/parse/syntax_errors.h"

namespace intent::parse {

bool ContainsSyntaxError(antlr4::tree::ParseTree* tree) {
  if (tree == nullptr) return true;
  if (dynamic_cast<antlr4::tree::ErrorNode*>(tree) != nullptr) return true;
  if (auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(tree)) {
    // Tokens conjured by error recovery have no position in the input.
    return terminal->getSymbol()->getTokenIndex() == INVALID_INDEX;
  }
  if (auto* rule = dynamic_cast<antlr4::ParserRuleContext*>(tree); rule && rule->exception) {
    return true;
  }
  for (antlr4::tree::ParseTree* child : tree->children) {
    if (ContainsSyntaxError(child)) return true;
  }
  return false;
}

bool AstBuilder::HasErrorBetween(uint32_t begin, uint32_t end) const {
  // An error at an item's first token means the item before it ended too
  // early ("expected an expression", found 'allow'): it belongs to that one.
  for (uint32_t offset : error_offsets_) {
    if (offset > begin && offset <= end) return true;
  }
  return false;
}

SourceSpan AstBuilder::Span(antlr4::Token* token) const { return TokenSpan(file_, token); }

SourceSpan AstBuilder::Span(antlr4::ParserRuleContext* ctx) const {
  if (ctx == nullptr || ctx->getStart() == nullptr) return {};
  SourceSpan begin = Span(ctx->getStart());
  antlr4::Token* stop = ctx->getStop();
  if (stop == nullptr || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) return begin;
  return SourceSpan::Join(begin, Span(stop));
}

ast::ExprPtr AstBuilder::Error(SourceSpan span) {
  return std::make_unique<ast::ErrorExpr>(NextId(), span);
}

ast::Name AstBuilder::NameOf(antlr4::ParserRuleContext* ctx) const {
  if (ctx == nullptr) return {};
  return ast::Name{ctx->getText(), Span(ctx)};
}

ast::Name AstBuilder::DecodeString(antlr4::Token* token) {
  if (token == nullptr) return {};
  SourceSpan span = Span(token);
  DecodedString decoded = DecodeStringLiteral(file_.Slice(span));
  for (const EscapeProblem& problem : decoded.problems) {
    diagnostics_.Report(problem.control_character ? DiagKind::kControlCharacterInString
                                                  : DiagKind::kInvalidEscape,
                        &file_,
                        {span.begin + problem.offset, span.begin + problem.offset + problem.length},
                        problem.message);
  }
  if (token->getType() == P::UNTERMINATED_STRING) {
    diagnostics_.Report(DiagKind::kUnterminatedString, &file_, span,
                        "string has no closing quote before the end of the line",
                        "add '\"' where the string ends; strings cannot span lines");
  }
  return ast::Name{std::move(decoded.value), span};
}

std::unique_ptr<ast::Module> AstBuilder::Build(P::Module_Context* tree) {
  auto module = std::make_unique<ast::Module>();
  module->file = &file_;
  if (tree == nullptr) return module;
  if (P::HeaderContext* header = tree->header()) {
    module->header = BuildHeader(header);
  } else {
    // Point at the first token, or the start of an empty file.
    antlr4::Token* first = tree->getStart();
    SourceSpan at = first && first->getType() != antlr4::Token::EOF ? Span(first) : SourceSpan{};
    diagnostics_.Report(DiagKind::kMissingPolicyHeader, &file_, at,
                        "a policy file must begin with 'policy \"NAME\" for SCHEMA'",
                        "for example: policy \"email assistant\" for gmail");
  }
  std::vector<P::ItemContext*> items = tree->item();
  for (size_t i = 0; i < items.size(); ++i) {
    // An item extends to the start of the next one: errors in the tokens
    // that recovery skipped after it belong to it.
    uint32_t begin = Span(items[i]).begin;
    uint32_t end = i + 1 < items.size() ? Span(items[i + 1]).begin
                                        : static_cast<uint32_t>(file_.text().size()) + 1;
    bool broken = HasErrorBetween(begin, end);
    if (P::LetDeclContext* let = items[i]->letDecl()) {
      BuildLet(let, *module);
      module->lets.back().has_syntax_error |= broken;
    }
    if (P::Rule_Context* rule = items[i]->rule_()) {
      BuildRule(rule, *module);
      module->rules.back().has_syntax_error |= broken;
    }
  }
  module->node_count = next_id_;
  return module;
}

ast::Header AstBuilder::BuildHeader(P::HeaderContext* ctx) {
  ast::Header header;
  header.span = Span(ctx);
  if (ctx->STRING()) header.policy_name = DecodeString(ctx->STRING()->getSymbol());
  header.schema = NameOf(ctx->ident());
  for (P::HeaderItemContext* item : ctx->headerItem()) {
    if (auto* applies = dynamic_cast<P::AppliesToContext*>(item)) {
      header.applies_items.push_back(Span(applies));
      for (P::AgentRefContext* agent : applies->agentRef()) {
        if (agent->STRING()) header.agents.push_back(DecodeString(agent->STRING()->getSymbol()));
      }
    } else if (auto* zone = dynamic_cast<P::TimezoneItemContext*>(item)) {
      if (zone->STRING()) header.timezones.push_back(DecodeString(zone->STRING()->getSymbol()));
    } else if (auto* fallback = dynamic_cast<P::DefaultItemContext*>(item)) {
      if (fallback->defaultEffect == nullptr) continue;
      header.defaults.push_back({fallback->defaultEffect->getType() == P::ASK
                                     ? ast::DefaultEffect::kAsk
                                     : ast::DefaultEffect::kDeny,
                                 Span(fallback)});
    }
  }
  return header;
}

}  // namespace intent::parse
