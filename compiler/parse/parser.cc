// The parse driver: input limits, ANTLR set-up (two-stage SLL then LL
// prediction, as ANTLR recommends for speed), nesting limits, and the
// boundary beyond which no ANTLR type or exception travels.
#include "compiler/parse/parser.h"

#include <antlr4-runtime.h>
#include <fmt/format.h>

#include "IntentLexer.h"
#include "IntentParser.h"
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/syntax_errors.h"

namespace intent::parse {
namespace {

using intent_grammar::IntentLexer;
using intent_grammar::IntentParser;

// Thrown by DepthGuard through ANTLR's generated code, which only catches
// RecognitionException, and caught in ParseModule.
// Carries a byte span, not a token: the tokens are gone when it is caught.
struct NestingTooDeep {
  SourceSpan span;
  std::string what;  // what was nested too deeply, in the author's words
};

// Names what made the parser recurse too deeply, from the tokens just
// before the point where it gave up: a long run of 'not', of unary '-', of
// quantifiers, or (rarely, since brackets are bounded earlier) anything else.
std::string WhatIsTooDeep(antlr4::TokenStream& tokens, size_t at) {
  int nots = 0, minuses = 0, quantifiers = 0;
  for (size_t i = at >= 16 ? at - 16 : 0; i <= at && i < tokens.size(); ++i) {
    switch (tokens.get(i)->getType()) {
      case IntentLexer::NOT: ++nots; break;
      case IntentLexer::MINUS: ++minuses; break;
      case IntentLexer::ALL:
      case IntentLexer::ANY:
      case IntentLexer::NONE: ++quantifiers; break;
      default: break;
    }
  }
  if (quantifiers > 0 && quantifiers >= nots && quantifiers >= minuses) {
    return "quantifiers ('all', 'any', 'none') are nested too deeply";
  }
  if (nots > 0 && nots >= minuses) return "too many 'not' in a row";
  if (minuses > 0) return "too many unary '-' in a row";
  return "expression is nested too deeply";
}

// Bounds the parser's recursion: every rule entered is one level.
class DepthGuard : public antlr4::tree::ParseTreeListener {
 public:
  DepthGuard(antlr4::Parser& parser, const SourceFile& file) : parser_(parser), file_(file) {}
  void enterEveryRule(antlr4::ParserRuleContext*) override {
    if (++depth_ > kMaxRuleDepth) {
      antlr4::Token* token = parser_.getCurrentToken();
      throw NestingTooDeep{TokenSpan(file_, token),
                           WhatIsTooDeep(*parser_.getTokenStream(), token->getTokenIndex())};
    }
  }
  void exitEveryRule(antlr4::ParserRuleContext*) override { --depth_; }
  void visitTerminal(antlr4::tree::TerminalNode*) override {}
  void visitErrorNode(antlr4::tree::ErrorNode*) override {}

 private:
  antlr4::Parser& parser_;
  const SourceFile& file_;
  int depth_ = 0;
};

// Brackets nest before the parser sees them; ANTLR's lookahead over a deep
// bracket structure is itself deep, so they are bounded on the tokens.
const antlr4::Token* FindTooDeepBracket(antlr4::CommonTokenStream& tokens) {
  int depth = 0;
  for (antlr4::Token* token : tokens.getTokens()) {
    size_t type = token->getType();
    if (type == IntentLexer::LPAREN || type == IntentLexer::LBRACKET) {
      if (++depth > kMaxBracketDepth) return token;
    } else if (type == IntentLexer::RPAREN || type == IntentLexer::RBRACKET) {
      if (depth > 0) --depth;
    }
  }
  return nullptr;
}

void ReportTooDeepBrackets(const SourceFile& file, SourceSpan span, DiagnosticBag& diagnostics) {
  diagnostics.Report(
      DiagKind::kNestingTooDeep, &file, span,
      fmt::format("brackets are nested too deeply (the limit is {} brackets)", kMaxBracketDepth),
      "split the condition over several rules");
}

void ReportTooDeepForTheParser(const NestingTooDeep& e, const SourceFile& file,
                               DiagnosticBag& diagnostics) {
  diagnostics.Report(DiagKind::kNestingTooDeep, &file, e.span,
                     fmt::format("{} for the parser (its limit is {} levels of the grammar)",
                                 e.what, kMaxRuleDepth),
                     e.what.find("'not'") != std::string::npos
                         ? "split the condition over several rules; 'not not x' is 'x'"
                         : "split the condition over several rules");
}

}  // namespace

std::unique_ptr<ast::Module> ParseModule(const SourceFile& file, DiagnosticBag& diagnostics) {
  auto empty = std::make_unique<ast::Module>();
  empty->file = &file;
  if (file.text().size() > kMaxSourceBytes) {
    Diagnostic& d = diagnostics.Report(
        DiagKind::kFileTooLarge, &file, {},
        fmt::format("file is larger than {} bytes, the limit for a policy file", kMaxSourceBytes));
    d.positioned = false;
    return empty;
  }
  if (int64_t bad = FindInvalidUtf8(file.text()); bad >= 0) {
    auto offset = static_cast<uint32_t>(bad);
    diagnostics.Report(DiagKind::kInvalidUtf8, &file, {offset, offset + 1},
                       fmt::format("file is not valid UTF-8 text (byte 0x{:02X} at offset {})",
                                   static_cast<unsigned char>(file.text()[offset]), offset),
                       "policy files are UTF-8 text; is this a binary file?");
    return empty;
  }

  try {
    antlr4::ANTLRInputStream input(file.text().data(), file.text().size());
    IntentLexer lexer(&input);
    lexer.removeErrorListeners();
    antlr4::CommonTokenStream tokens(&lexer);
    tokens.fill();
    if (const antlr4::Token* deep = FindTooDeepBracket(tokens)) {
      ReportTooDeepBrackets(file, TokenSpan(file, deep), diagnostics);
      return empty;
    }

    IntentParser parser(&tokens);
    parser.removeErrorListeners();
    DepthGuard guard(parser, file);
    parser.addParseListener(&guard);

    // Stage 1: fast SLL prediction that gives up at the first error.
    IntentParser::Module_Context* tree = nullptr;
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
        antlr4::atn::PredictionMode::SLL);
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    try {
      tree = parser.module_();
    } catch (const antlr4::ParseCancellationException&) {
      tree = nullptr;
    }
    // Stage 2: full LL with error recovery, only when stage 1 failed.
    SyntaxErrorCollector collector(file, diagnostics);
    if (tree == nullptr) {
      tokens.seek(0);
      parser.reset();
      parser.addErrorListener(&collector);
      parser.setErrorHandler(std::make_shared<FriendlyErrorStrategy>());
      parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(
          antlr4::atn::PredictionMode::LL);
      tree = parser.module_();
    }
    AstBuilder builder(file, diagnostics, collector.offsets());
    return builder.Build(tree);
  } catch (const NestingTooDeep& e) {
    ReportTooDeepForTheParser(e, file, diagnostics);
    return empty;
  } catch (const std::exception& e) {
    // An ANTLR failure we did not foresee is our bug, but it must still
    // reach the user as a diagnostic, not a crash.
    diagnostics.Report(DiagKind::kSyntaxError, &file, {},
                       fmt::format("internal parser error: {}", e.what()));
    return empty;
  }
}

}  // namespace intent::parse
