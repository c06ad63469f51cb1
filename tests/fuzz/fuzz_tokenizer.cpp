// libFuzzer target: the word tokenizer on arbitrary bytes, checking spans, limits and NFC stability.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "tokenizer.h"
#include "unicode.h"

namespace {

// What every tokenisation must satisfy, whatever the bytes and the limit.
void check(std::string_view text, const attn::TokenizedText& t, std::size_t max_tokens) {
  FUZZ_REQUIRE(t.tokens.size() <= max_tokens);
  FUZZ_REQUIRE(t.total_tokens >= t.tokens.size());
  FUZZ_REQUIRE(t.truncated == (t.total_tokens > t.tokens.size()));
  std::size_t previous_end = 0;
  for (const attn::Token& tok : t.tokens) {
    // Spans point into the original bytes (the UI highlights them there) and never go backwards.
    FUZZ_REQUIRE(tok.begin < tok.end);
    FUZZ_REQUIRE(tok.end <= text.size());
    FUZZ_REQUIRE(tok.begin >= previous_end);
    previous_end = tok.end;
    // The text shown is valid UTF-8 and holds no whitespace: separators never become tokens.
    FUZZ_REQUIRE(!tok.text.empty());
    const std::u32string cps = attn::decode_utf8(tok.text);
    FUZZ_REQUIRE(attn::encode_utf8(cps) == tok.text);
    for (char32_t cp : cps) FUZZ_REQUIRE(attn::char_class(cp) != attn::CharClass::Space);
    FUZZ_REQUIRE(tok.id == -1);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const attn::TokenizedText full = attn::tokenize_words(text);
  check(text, full, attn::kMaxTokens);

  // The normalised text is what nfc_normalize gives, is valid UTF-8, and is a fixed point of NFC.
  const std::string nfc = attn::nfc_normalize(text);
  FUZZ_REQUIRE(full.normalized == nfc);
  FUZZ_REQUIRE(attn::encode_utf8(attn::decode_utf8(nfc)) == nfc);
  FUZZ_REQUIRE(attn::nfc_normalize(nfc) == nfc);

  // A small limit cuts the same token sequence: a prefix, with the same total.
  const std::size_t small_limit = 3;
  const attn::TokenizedText cut = attn::tokenize_words(text, small_limit);
  check(text, cut, small_limit);
  FUZZ_REQUIRE(cut.total_tokens == full.total_tokens);
  FUZZ_REQUIRE(cut.normalized == full.normalized);
  for (std::size_t i = 0; i < cut.tokens.size(); ++i) {
    FUZZ_REQUIRE(cut.tokens[i].text == full.tokens[i].text);
    FUZZ_REQUIRE(cut.tokens[i].begin == full.tokens[i].begin);
    FUZZ_REQUIRE(cut.tokens[i].end == full.tokens[i].end);
  }
  return 0;
}
