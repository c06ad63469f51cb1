// UTF-8 decoding and encoding, NFC normalisation (with source byte spans) and character classes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace attn {

constexpr char32_t kReplacementCharacter = 0xFFFD;

// The Unicode version the tables in unicode_tables.inc were generated from, e.g. "14.0.0".
const char* unicode_tables_version();

// ---- UTF-8 -----------------------------------------------------------------------------------

struct DecodedCodePoint {
  char32_t code_point = 0;
  std::size_t length = 0;  // bytes consumed, 1..4; 0 only at the end of the text
};

// Decodes the code point starting at text[pos]. Never fails: an invalid, overlong, surrogate or
// truncated sequence yields U+FFFD and consumes exactly one byte, so every input byte belongs to
// exactly one decoded code point and decoding always makes progress.
DecodedCodePoint decode_utf8_at(std::string_view text, std::size_t pos);

// The whole text as code points, with the same U+FFFD policy as decode_utf8_at.
std::u32string decode_utf8(std::string_view text);

// Appends cp as UTF-8; surrogates and values past U+10FFFF are written as U+FFFD.
void append_utf8(std::string& out, char32_t cp);
std::string encode_utf8(std::u32string_view code_points);

// ---- NFC -------------------------------------------------------------------------------------

// Canonical combining class (0 for starters).
std::uint8_t canonical_combining_class(char32_t cp);

// The full canonical decomposition of cp (Hangul included), or cp itself when it has none.
std::u32string canonical_decomposition(char32_t cp);

// The primary composite NFC forms from first + second, or 0 when the pair does not compose.
char32_t compose_pair(char32_t first, char32_t second);

// Canonical composition (NFC) of UTF-8 text; invalid UTF-8 becomes U+FFFD first.
std::string nfc_normalize(std::string_view text);

struct ByteSpan {
  std::size_t begin = 0;  // [begin, end) in the input text
  std::size_t end = 0;
};

// NFC as code points, each with the bytes of the input it came from. A composed character spans
// all the input characters it was built from; the spans of different combining sequences are
// disjoint and in input order, while within one combining sequence they may overlap (reordering
// and composition can pull a mark past another one).
struct NormalizedText {
  std::u32string code_points;
  std::vector<ByteSpan> sources;  // sources[i] is where code_points[i] came from
};
NormalizedText nfc_normalize_with_sources(std::string_view text);

// ---- character classes for the tokenizer ---------------------------------------------------

enum class CharClass : std::uint8_t {
  Other = 0,  // unassigned, private use
  Letter = 1,  // L*, including right-to-left scripts
  Mark = 2,  // M*: combining marks, variation selectors
  Number = 3,  // N*
  PunctuationOrSymbol = 4,  // P* and S* that are not emoji
  Space = 5,  // Z* plus tab, line feed, vertical tab, form feed, CR, NEL
  Control = 6,  // other Cc, and Cf (bidi controls, ZWJ, soft hyphen...)
  Emoji = 7,  // approximation of Extended_Pictographic, see unicode_tables.inc
};
CharClass char_class(char32_t cp);

// The lower-case letter of a capital in the scripts the playground meets (Latin with Vietnamese,
// Greek, Cyrillic); every other code point is returned as it is. Not full Unicode case mapping.
char32_t simple_lowercase(char32_t c);

inline bool is_regional_indicator(char32_t cp) { return cp >= 0x1F1E6 && cp <= 0x1F1FF; }
inline bool is_emoji_skin_tone(char32_t cp) { return cp >= 0x1F3FB && cp <= 0x1F3FF; }
inline bool is_variation_selector(char32_t cp) {
  return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}
// Tag characters follow a black flag to spell a subdivision flag (England, Scotland, Wales).
inline bool is_emoji_tag(char32_t cp) { return cp >= 0xE0020 && cp <= 0xE007F; }
constexpr char32_t kZeroWidthJoiner = 0x200D;
constexpr char32_t kCombiningKeycap = 0x20E3;

}  // namespace attn
