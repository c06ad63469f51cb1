// libFuzzer target: the word tokenizer and WordPiece on arbitrary bytes: spans, limits, NFC stability.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "tokenizer.h"
#include "unicode.h"
#include "wordpiece.h"

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

// A small vocabulary learned once from English and Vietnamese, as a trained model would bring:
// the reader's text meets WordPiece whenever a model file is loaded.
const attn::WordPieceVocab& vocab() {
  static const attn::WordPieceVocab v = [] {
    attn::WordCounts counts;
    for (const char* line : {"The cat sat on the mat because it was warm.",
                             "Con m\xc3\xa8o ng\xe1\xbb\x93i tr\xc3\xaan t\xe1\xba\xa5m th\xe1\xba\xa3m.",
                             "attention attends to the tokens that matter; heads differ."})
      attn::count_words(counts, line);
    attn::VocabLearnOptions opt;
    opt.vocab_size = 120;
    opt.min_char_count = 1;
    opt.min_pair_count = 1;
    return attn::learn_wordpiece(counts, opt);
  }();
  return v;
}

void check_pieces(std::string_view text, const attn::TokenizedText& words, std::size_t max_pieces) {
  const attn::TokenizedText t = attn::wordpiece_encode(vocab(), text, max_pieces);
  FUZZ_REQUIRE(t.normalized == words.normalized);
  FUZZ_REQUIRE(t.tokens.size() <= max_pieces);
  FUZZ_REQUIRE(t.total_tokens >= t.tokens.size() && t.total_tokens >= words.total_tokens);
  FUZZ_REQUIRE(t.truncated == (t.total_tokens > t.tokens.size()));
  FUZZ_REQUIRE(t.tokens.empty() || !t.tokens[0].joins_previous);
  std::size_t previous_end = 0;
  std::size_t w = 0;  // the word the current piece belongs to
  std::string spelled;  // that word's pieces so far, glued back together
  for (std::size_t i = 0; i < t.tokens.size(); ++i) {
    const attn::Token& p = t.tokens[i];
    FUZZ_REQUIRE(p.id >= 0 && p.id < vocab().size());
    FUZZ_REQUIRE(!p.text.empty());
    FUZZ_REQUIRE(p.begin <= p.end && p.end <= text.size());
    FUZZ_REQUIRE(p.begin >= previous_end);
    previous_end = p.end;
    if (i > 0 && !p.joins_previous) {
      FUZZ_REQUIRE(spelled == words.tokens[w].text);  // a finished word: its pieces spell it
      ++w;
      spelled.clear();
    }
    FUZZ_REQUIRE(w < words.tokens.size());
    spelled += p.text;
  }
  // The last word may have been cut by the limit: its pieces are then a prefix of it.
  if (w < words.tokens.size()) FUZZ_REQUIRE(words.tokens[w].text.compare(0, spelled.size(), spelled) == 0);
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

  check_pieces(text, full, attn::kMaxTokens);
  check_pieces(text, full, small_limit);
  return 0;
}
