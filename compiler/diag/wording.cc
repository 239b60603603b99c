// English articles for diagnostic messages (see wording.h).
#include "compiler/diag/wording.h"

#include <array>
#include <cctype>

namespace intent {
namespace {

bool StartsWithIgnoringCase(std::string_view word, std::string_view prefix) {
  if (word.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(word[i])) != prefix[i]) return false;
  }
  return true;
}

}  // namespace

std::string_view IndefiniteArticle(std::string_view word) {
  // Type names begin with a letter; "list[...]" and the like start with theirs.
  if (word.empty()) return "a";
  // Vowel letters said as consonants ("a user", "a unique", "a one-off",
  // "a European"), the usual exceptions of English.
  static constexpr std::array<std::string_view, 9> kConsonantSound = {
      "uni", "use", "usu", "uti", "ure", "uri", "eu", "one", "once"};
  for (std::string_view prefix : kConsonantSound) {
    if (StartsWithIgnoringCase(word, prefix)) return "a";
  }
  switch (std::tolower(static_cast<unsigned char>(word[0]))) {
    case 'a':
    case 'e':
    case 'i':
    case 'o':
    case 'u': return "an";
    default: return "a";
  }
}

std::string AQuoted(std::string_view word) {
  std::string text(IndefiniteArticle(word));
  text += " '";
  text += word;
  text += "'";
  return text;
}

std::string AWord(std::string_view word) {
  std::string text(IndefiniteArticle(word));
  text += " ";
  text += word;
  return text;
}

}  // namespace intent
