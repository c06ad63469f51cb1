// Splits UTF-8 text into words, punctuation and emoji, each with its byte span in the original text.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace attn {

// The longest text the model runs on; longer input is cut there and flagged, never silently.
constexpr std::size_t kMaxTokens = 1024;

struct Token {
  std::string text;  // NFC-normalised UTF-8 of this token (what the reader sees)
  std::size_t begin = 0;  // byte span [begin, end) in the ORIGINAL input text
  std::size_t end = 0;
  int id = -1;  // vocabulary id, set by a vocabulary; -1 until then
  bool joins_previous = false;  // a sub-word piece glued to the previous token (no space shown)
};

struct TokenizedText {
  std::string normalized;  // the whole input in NFC (invalid UTF-8 replaced by U+FFFD)
  std::vector<Token> tokens;  // at most max_tokens
  bool truncated = false;  // true when the input had more tokens than max_tokens
  std::size_t total_tokens = 0;  // how many tokens the whole input has (>= tokens.size())
};

// Words are runs of letters, digits and combining marks (a Vietnamese syllable stays whole,
// apostrophes and hyphens inside a word stay in it); every punctuation mark or symbol is its own
// token; an emoji with its modifiers, variation selectors and ZWJ joins is one token; whitespace
// and control characters separate tokens and never become tokens.
TokenizedText tokenize_words(std::string_view text, std::size_t max_tokens = kMaxTokens);

}  // namespace attn
