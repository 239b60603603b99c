// ANTLR's error reporting, rewritten for policy authors: instead of
// "mismatched input 'x' expecting {...}" we say what was found and what
// could come there, in words ("expected an expression").
// Private to compiler/parse.
#pragma once

#include <antlr4-runtime.h>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"

namespace intent::parse {

// Produces the messages (replaces DefaultErrorStrategy's texts).
class FriendlyErrorStrategy : public antlr4::DefaultErrorStrategy {
 protected:
  void reportNoViableAlternative(antlr4::Parser* parser,
                                 const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* parser,
                           const antlr4::InputMismatchException& e) override;
  void reportUnwantedToken(antlr4::Parser* parser) override;
  void reportMissingToken(antlr4::Parser* parser) override;
  // A token that starts a rule or let is never thrown away by recovery, so
  // one broken rule does not swallow the start of the next.
  antlr4::Token* singleTokenDeletion(antlr4::Parser* parser) override;
  void consumeUntil(antlr4::Parser* parser, const antlr4::misc::IntervalSet& set) override;
};

// Turns ANTLR's notifications into diagnostics with byte spans.
class SyntaxErrorCollector : public antlr4::BaseErrorListener {
 public:
  SyntaxErrorCollector(const SourceFile& file, DiagnosticBag& diagnostics)
      : file_(file), diagnostics_(diagnostics) {}
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t column, const std::string& message, std::exception_ptr e) override;
  // Byte offsets of the reported errors, in report order.
  const std::vector<uint32_t>& offsets() const { return offsets_; }

 private:
  const SourceFile& file_;
  DiagnosticBag& diagnostics_;
  std::vector<uint32_t> offsets_;
};

// The byte span of a token (code-point indices converted).
SourceSpan TokenSpan(const SourceFile& file, const antlr4::Token* token);

// How a token appears in a message: "'when'" or "end of file".
std::string DescribeToken(const antlr4::Token* token);

}  // namespace intent::parse
