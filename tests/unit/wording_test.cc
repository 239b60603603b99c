// Articles in diagnostics come from the word, not from rewriting messages.
#include "compiler/diag/wording.h"

#include <gtest/gtest.h>

namespace intent {
namespace {

TEST(Wording, ArticleFollowsTheSound) {
  EXPECT_EQ(AQuoted("int"), "an 'int'");
  EXPECT_EQ(AQuoted("email"), "an 'email'");
  EXPECT_EQ(AQuoted("Order"), "an 'Order'");
  EXPECT_EQ(AQuoted("string"), "a 'string'");
  EXPECT_EQ(AQuoted("list[Recipient]"), "a 'list[Recipient]'");
  // The letter is a vowel, the sound is not.
  EXPECT_EQ(AQuoted("User"), "a 'User'");
  EXPECT_EQ(AQuoted("Unit"), "a 'Unit'");
  EXPECT_EQ(AQuoted("EuropeanAddress"), "a 'EuropeanAddress'");
  EXPECT_EQ(AQuoted("Update"), "an 'Update'");
  EXPECT_EQ(AWord("int"), "an int");
  EXPECT_EQ(AWord("timestamp"), "a timestamp");
  EXPECT_EQ(AWord("string or list"), "a string or list");
}

}  // namespace
}  // namespace intent
