// Small pieces of English for diagnostic messages, chosen from the word
// itself (never by rewriting a formatted message: a user's type named
// 'User' must read "a 'User'", and a field named "a" must stay "a").
#pragma once

#include <string>
#include <string_view>

namespace intent {

// "a" or "an" for `word`, by how English says its first letters: "an
// 'int'", "an 'email'", "a 'User'", "a 'one_of'", "an 'Order'".
std::string_view IndefiniteArticle(std::string_view word);

// The article and the word in single quotes: "an 'int'", "a 'Message'".
std::string AQuoted(std::string_view word);

// The article and the bare word: "a timestamp", "an int".
std::string AWord(std::string_view word);

}  // namespace intent
