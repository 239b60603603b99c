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
    case IntentParser::APPROVE:
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
  if (clause_start) words.push_back("'when', 'unless', 'limit', 'because' or 'approve within'");
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
                         type == IntentParser::LIMIT || type == IntentParser::BECAUSE ||
                         type == IntentParser::APPROVE)) {
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

namespace {

bool IsComparison(size_t type) {
  return type == IntentParser::EQ || type == IntentParser::NE || type == IntentParser::LT ||
         type == IntentParser::LE || type == IntentParser::GT || type == IntentParser::GE;
}

// True when the comparison operator at `index` follows another one in the
// same operand chain (`a < b < c`), i.e. with no 'and', 'or', bracket or
// clause keyword between them.
bool FollowsComparison(antlr4::TokenStream* tokens, size_t index) {
  for (size_t i = index; i-- > 0;) {
    size_t type = tokens->get(i)->getType();
    if (IsComparison(type)) return true;
    if (type == IntentParser::AND || type == IntentParser::OR || type == IntentParser::NOT ||
        type == IntentParser::LPAREN || type == IntentParser::LBRACKET ||
        type == IntentParser::COMMA || type == IntentParser::COLON || type == IntentParser::WHEN ||
        type == IntentParser::UNLESS || StartsItem(type)) {
      return false;
    }
  }
  return false;
}

// Reports one syntax error in words. When the parser stopped at the start
// of the next rule (or the end of the file), the construct before it is
// incomplete: the error is placed on the last token that was read, which is
// where the author has to add something.
void ReportSyntaxError(antlr4::Parser* parser, antlr4::Token* token,
                       const antlr4::misc::IntervalSet& expected, std::exception_ptr e) {
  std::string wanted = DescribeExpected(expected, parser->getVocabulary());
  antlr4::TokenStream* tokens = parser->getTokenStream();
  size_t index = token ? token->getTokenIndex() : 0;
  antlr4::Token* previous = index > 0 && index != INVALID_INDEX ? tokens->get(index - 1) : nullptr;
  std::string message;
  if (token && IsComparison(token->getType()) && FollowsComparison(tokens, index)) {
    message = fmt::format(
        "comparisons do not chain: join them with 'and', as in "
        "'a < b and b < c'");
  } else if (token && previous &&
             (token->getType() == antlr4::Token::EOF || StartsItem(token->getType()))) {
    message = fmt::format("expected {} after {}", wanted, DescribeToken(previous));
    token = previous;
  } else {
    message = fmt::format("unexpected {}; expected {}", DescribeToken(token), wanted);
  }
  parser->notifyErrorListeners(token, message, std::move(e));
}

}  // namespace

void FriendlyErrorStrategy::reportNoViableAlternative(antlr4::Parser* parser,
                                                      const antlr4::NoViableAltException& e) {
  ReportSyntaxError(parser, e.getOffendingToken(), e.getExpectedTokens(),
                    std::make_exception_ptr(e));
}

void FriendlyErrorStrategy::reportInputMismatch(antlr4::Parser* parser,
                                                const antlr4::InputMismatchException& e) {
  ReportSyntaxError(parser, e.getOffendingToken(), e.getExpectedTokens(),
                    std::make_exception_ptr(e));
}

void FriendlyErrorStrategy::reportUnwantedToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  ReportSyntaxError(parser, parser->getCurrentToken(), getExpectedTokens(parser), nullptr);
}

void FriendlyErrorStrategy::reportMissingToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  ReportSyntaxError(parser, parser->getCurrentToken(), getExpectedTokens(parser), nullptr);
}

namespace {

// What an author who typed this character probably meant.
std::string HelpForCharacter(const std::string& text) {
  if (text == "&") return "write 'and' to combine conditions";
  if (text == "|") return "write 'or' to combine conditions";
  if (text == "!") return "write 'not' to negate, or '!=' for 'not equal'";
  if (text == ";") return "rules need no terminator; start the next one with allow, ask or forbid";
  if (text == "\xE2\x89\xA5") return "write '>='";
  if (text == "\xE2\x89\xA4") return "write '<='";
  if (text == "\xE2\x89\xA0") return "write '!='";
  if (text == "'" || text == "\xE2\x80\x9C" || text == "\xE2\x80\x9D") {
    return "strings go in straight double quotes: \"...\"";
  }
  if (text == "/" || text == "*") return "comments start with '#'; there is no '/' or '*'";
  return "strings go in double quotes; comments start with '#'";
}

}  // namespace

void SyntaxErrorCollector::syntaxError(antlr4::Recognizer*, antlr4::Token* offending, size_t,
                                       size_t, const std::string& message, std::exception_ptr) {
  SourceSpan span = TokenSpan(file_, offending);
  offsets_.push_back(span.begin);
  if (offending != nullptr && offending->getType() == IntentParser::ERROR_CHAR) {
    diagnostics_.Report(DiagKind::kUnexpectedCharacter, &file_, span,
                        fmt::format("unexpected character {}", DescribeToken(offending)),
                        HelpForCharacter(offending->getText()));
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
