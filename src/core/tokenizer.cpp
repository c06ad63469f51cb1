// Word tokenizer: NFC, then words / punctuation / emoji with byte spans in the original text.
#include "tokenizer.h"

#include <algorithm>

#include "unicode.h"

namespace attn {
namespace {

// The normalised text plus each code point's class, so a class is looked up only once.
struct Scanner {
  const std::u32string& cps;
  std::vector<CharClass> classes;

  explicit Scanner(const std::u32string& code_points) : cps(code_points) {
    classes.reserve(cps.size());
    for (char32_t cp : cps) classes.push_back(char_class(cp));
  }
  std::size_t size() const { return cps.size(); }
  char32_t at(std::size_t i) const { return i < cps.size() ? cps[i] : 0; }
  CharClass class_at(std::size_t i) const { return i < classes.size() ? classes[i] : CharClass::Other; }
};

bool is_separator(CharClass c) { return c == CharClass::Space || c == CharClass::Control; }

bool is_word_class(CharClass c) { return c == CharClass::Letter || c == CharClass::Number || c == CharClass::Mark; }

// Apostrophes and hyphens that stay inside a word when a letter is on both sides.
bool is_inner_word_joiner(char32_t cp) {
  return cp == U'\'' || cp == 0x2019 || cp == U'-' || cp == 0x2010 || cp == 0x2011;
}

bool is_keycap_base(char32_t cp) { return (cp >= U'0' && cp <= U'9') || cp == U'#' || cp == U'*'; }

// End of a keycap sequence (base, optional VS16, U+20E3) starting at i, or i when there is none.
std::size_t keycap_end(const Scanner& s, std::size_t i) {
  if (!is_keycap_base(s.at(i))) return i;
  std::size_t next = i + 1;
  if (s.at(next) == 0xFE0F) ++next;
  return s.at(next) == kCombiningKeycap ? next + 1 : i;
}

// Whatever decorates the character before it: skin tones, variation selectors, tags, marks.
std::size_t skip_extenders(const Scanner& s, std::size_t i) {
  while (i < s.size() && (is_emoji_skin_tone(s.at(i)) || is_emoji_tag(s.at(i)) || s.class_at(i) == CharClass::Mark))
    ++i;
  return i;
}

bool starts_emoji_element(const Scanner& s, std::size_t i) {
  return s.class_at(i) == CharClass::Emoji || keycap_end(s, i) != i;
}

// One emoji element: a flag (pair of regional indicators), a keycap, or a pictograph, each with
// its extenders.
std::size_t emoji_element_end(const Scanner& s, std::size_t i) {
  const std::size_t keycap = keycap_end(s, i);
  if (keycap != i) return skip_extenders(s, keycap);
  std::size_t next = i + 1;
  if (is_regional_indicator(s.at(i)) && is_regional_indicator(s.at(next))) ++next;
  return skip_extenders(s, next);
}

// Emoji elements glued by zero-width joiners (family, profession and flag variants).
std::size_t emoji_end(const Scanner& s, std::size_t i) {
  std::size_t end = emoji_element_end(s, i);
  while (s.at(end) == kZeroWidthJoiner && starts_emoji_element(s, end + 1)) end = emoji_element_end(s, end + 1);
  return end;
}

// A run of letters, digits and marks; an apostrophe or hyphen stays in when it sits between
// two letters. A keycap ("1" + U+20E3) ends the word: it is an emoji of its own.
std::size_t word_end(const Scanner& s, std::size_t i) {
  bool last_base_is_letter = false;
  while (i < s.size()) {
    const CharClass c = s.class_at(i);
    if (is_word_class(c)) {
      if (keycap_end(s, i) != i) break;
      if (c != CharClass::Mark) last_base_is_letter = c == CharClass::Letter;
      ++i;
    } else if (is_inner_word_joiner(s.at(i)) && last_base_is_letter && s.class_at(i + 1) == CharClass::Letter) {
      ++i;
    } else {
      break;
    }
  }
  return i;
}

// End of the token starting at i (which is not a separator).
std::size_t token_end(const Scanner& s, std::size_t i) {
  if (starts_emoji_element(s, i)) return emoji_end(s, i);
  if (is_word_class(s.class_at(i))) return word_end(s, i);
  // Punctuation, symbols and unassigned characters stand alone, with any marks they carry.
  return skip_extenders(s, i + 1);
}

Token make_token(const NormalizedText& normalized, std::size_t first, std::size_t last) {
  Token token;
  token.begin = normalized.sources[first].begin;
  token.end = normalized.sources[first].end;
  // Within a combining sequence the sources may overlap out of order, so take the hull.
  for (std::size_t i = first; i < last; ++i) {
    token.begin = std::min(token.begin, normalized.sources[i].begin);
    token.end = std::max(token.end, normalized.sources[i].end);
    append_utf8(token.text, normalized.code_points[i]);
  }
  return token;
}

}  // namespace

TokenizedText tokenize_words(std::string_view text, std::size_t max_tokens) {
  const NormalizedText normalized = nfc_normalize_with_sources(text);
  const Scanner scanner(normalized.code_points);
  TokenizedText result;
  result.normalized = encode_utf8(normalized.code_points);
  std::size_t i = 0;
  while (i < scanner.size()) {
    if (is_separator(scanner.class_at(i))) {
      ++i;
      continue;
    }
    const std::size_t end = token_end(scanner, i);
    // Past the limit only the count is kept, so huge inputs cost no token storage.
    if (result.tokens.size() < max_tokens) result.tokens.push_back(make_token(normalized, i, end));
    ++result.total_tokens;
    i = end;
  }
  result.truncated = result.total_tokens > result.tokens.size();
  return result;
}

}  // namespace attn
