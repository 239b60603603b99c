// Friendly syntax error messages.
#include "compiler/parse/syntax_errors.h"

#include <fmt/format.h>

#include "IntentParser.h"

namespace intent::parse {
namespace {

using intent_grammar::IntentParser;

bool Has(const antlr4::misc::IntervalSet& set, size_t type) { return set.contains(type); }

// Token types that the `ident` rule also accepts: listed as "a name".
bool IsSoftKeyword(size_t type) {
  switch (type) {
    case IntentParser::TO:
    case IntentParser::FOR:
    case IntentParser::AGENT:
    case IntentParser::APPLIES:
    case IntentParser::POLICY:
    case IntentParser::TIMEZONE:
    case IntentParser::DEFAULT:
    case IntentParser::DENY:
    case IntentParser::OPERATION:
    case IntentParser::ANYTHING: return true;
    default: return false;
  }
}

std::string DescribeTokenType(size_t type, const antlr4::dfa::Vocabulary& vocabulary) {
  switch (type) {
    case antlr4::Token::EOF: return "end of file";
    case IntentParser::IDENT: return "a name";
    case IntentParser::STRING: return "a string";
    case IntentParser::INT: return "a number";
    case IntentParser::DURATION: return "a duration such as '1d'";
    default: return vocabulary.getDisplayName(type);
  }
}

// Describes a set of expected tokens in words, most useful first.
std::string DescribeExpected(const antlr4::misc::IntervalSet& expected,
                             const antlr4::dfa::Vocabulary& vocabulary) {
  bool expression = Has(expected, IntentParser::INT) && Has(expected, IntentParser::STRING) &&
                    Has(expected, IntentParser::LPAREN);
  std::vector<std::string> words;
  if (expression) words.push_back("an expression");
  bool clause_start = Has(expected, IntentParser::WHEN) && Has(expected, IntentParser::BECAUSE);
  if (clause_start) words.push_back("'when', 'unless', 'limit' or 'because'");
  for (size_t type : expected.toList()) {
    if (expression &&
        (type == IntentParser::INT || type == IntentParser::STRING ||
         type == IntentParser::LPAREN || type == IntentParser::LBRACKET ||
         type == IntentParser::IDENT || type == IntentParser::TRUE || type == IntentParser::FALSE ||
         type == IntentParser::DURATION || type == IntentParser::BAD_NUMBER ||
         type == IntentParser::NOT || type == IntentParser::MINUS || type == IntentParser::HAS ||
         type == IntentParser::COUNT || type == IntentParser::ALL || type == IntentParser::ANY ||
         type == IntentParser::NONE || type == IntentParser::UNTERMINATED_STRING ||
         IsSoftKeyword(type))) {
      continue;
    }
    if (clause_start && (type == IntentParser::WHEN || type == IntentParser::UNLESS ||
                         type == IntentParser::LIMIT || type == IntentParser::BECAUSE)) {
      continue;
    }
    if (IsSoftKeyword(type) && Has(expected, IntentParser::IDENT)) continue;
    if (type == IntentParser::UNTERMINATED_STRING || type == IntentParser::BAD_NUMBER) continue;
    // A new rule may always follow a finished one; listing every effect
    // keyword adds noise, so name them once.
    if (type == IntentParser::ASK && Has(expected, IntentParser::ALLOW)) continue;
    if (type == IntentParser::FORBID && Has(expected, IntentParser::ALLOW)) continue;
    if (type == IntentParser::AT && Has(expected, IntentParser::ALLOW)) continue;
    if (type == IntentParser::LET && Has(expected, IntentParser::ALLOW)) continue;
    if (type == IntentParser::ALLOW) {
      words.push_back("a new rule");
      continue;
    }
    words.push_back(DescribeTokenType(type, vocabulary));
  }
  if (words.empty()) return "something else";
  if (words.size() > 6) {
    words.resize(6);
    words.push_back("...");
  }
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

bool StartsItem(size_t type) {
  return type == IntentParser::ALLOW || type == IntentParser::ASK || type == IntentParser::FORBID ||
         type == IntentParser::LET || type == IntentParser::AT;
}

}  // namespace

antlr4::Token* FriendlyErrorStrategy::singleTokenDeletion(antlr4::Parser* parser) {
  if (StartsItem(parser->getInputStream()->LA(1))) return nullptr;
  return DefaultErrorStrategy::singleTokenDeletion(parser);
}

void FriendlyErrorStrategy::consumeUntil(antlr4::Parser* parser,
                                         const antlr4::misc::IntervalSet& set) {
  size_t type = parser->getInputStream()->LA(1);
  while (type != antlr4::Token::EOF && !set.contains(type) && !StartsItem(type)) {
    parser->consume();
    type = parser->getInputStream()->LA(1);
  }
}

std::string DescribeToken(const antlr4::Token* token) {
  if (token == nullptr || token->getType() == antlr4::Token::EOF) return "end of file";
  std::string text = token->getText();
  if (text.size() > 24) text = text.substr(0, 21) + "...";
  return "'" + text + "'";
}

SourceSpan TokenSpan(const SourceFile& file, const antlr4::Token* token) {
  if (token == nullptr) return {};
  if (token->getType() == antlr4::Token::EOF) {
    auto end = static_cast<uint32_t>(file.text().size());
    return {end, end};
  }
  size_t start = token->getStartIndex();
  size_t stop = token->getStopIndex();
  if (start == INVALID_INDEX) return {};
  uint32_t begin = file.ByteOffsetOfCodePoint(static_cast<uint32_t>(start));
  uint32_t end = stop == INVALID_INDEX || stop < start
                     ? begin
                     : file.ByteOffsetOfCodePoint(static_cast<uint32_t>(stop + 1));
  return {begin, end};
}

void FriendlyErrorStrategy::reportNoViableAlternative(antlr4::Parser* parser,
                                                      const antlr4::NoViableAltException& e) {
  antlr4::Token* token = e.getOffendingToken();
  std::string message =
      fmt::format("unexpected {}; expected {}", DescribeToken(token),
                  DescribeExpected(e.getExpectedTokens(), parser->getVocabulary()));
  parser->notifyErrorListeners(token, message, std::make_exception_ptr(e));
}

void FriendlyErrorStrategy::reportInputMismatch(antlr4::Parser* parser,
                                                const antlr4::InputMismatchException& e) {
  antlr4::Token* token = e.getOffendingToken();
  std::string message =
      fmt::format("unexpected {}; expected {}", DescribeToken(token),
                  DescribeExpected(e.getExpectedTokens(), parser->getVocabulary()));
  parser->notifyErrorListeners(token, message, std::make_exception_ptr(e));
}

void FriendlyErrorStrategy::reportUnwantedToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  antlr4::Token* token = parser->getCurrentToken();
  std::string message =
      fmt::format("unexpected {}; expected {}", DescribeToken(token),
                  DescribeExpected(getExpectedTokens(parser), parser->getVocabulary()));
  parser->notifyErrorListeners(token, message, nullptr);
}

void FriendlyErrorStrategy::reportMissingToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  antlr4::Token* token = parser->getCurrentToken();
  std::string message = fmt::format(
      "missing {} before {}", DescribeExpected(getExpectedTokens(parser), parser->getVocabulary()),
      DescribeToken(token));
  parser->notifyErrorListeners(token, message, nullptr);
}

void SyntaxErrorCollector::syntaxError(antlr4::Recognizer*, antlr4::Token* offending, size_t,
                                       size_t, const std::string& message, std::exception_ptr) {
  SourceSpan span = TokenSpan(file_, offending);
  offsets_.push_back(span.begin);
  if (offending != nullptr && offending->getType() == IntentParser::ERROR_CHAR) {
    diagnostics_.Report(DiagKind::kUnexpectedCharacter, &file_, span,
                        fmt::format("unexpected character {}", DescribeToken(offending)),
                        "strings go in double quotes; comments start with '#'");
    return;
  }
  if (offending != nullptr && offending->getType() == IntentParser::UNTERMINATED_STRING) {
    diagnostics_.Report(DiagKind::kUnterminatedString, &file_, span,
                        "string has no closing quote before the end of the line",
                        "add '\"' where the string ends; strings cannot span lines");
    return;
  }
  if (offending != nullptr && offending->getType() == IntentParser::ASSIGN) {
    diagnostics_.Report(DiagKind::kSyntaxError, &file_, span, "unexpected '='",
                        "to compare two values use '=='; '=' only appears in 'let NAME = ...'");
    return;
  }
  diagnostics_.Report(DiagKind::kSyntaxError, &file_, span, message);
}

}  // namespace intent::parse
