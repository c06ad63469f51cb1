// Unit tests for UTF-8 handling, NFC normalisation and the word tokenizer.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tokenizer.h"
#include "unicode.h"

using attn::Token;
using attn::tokenize_words;
using attn::TokenizedText;

namespace {

struct ExpectedToken {
  std::string text;
  std::size_t begin;
  std::size_t end;
};

void check_tokens(const TokenizedText& got, const std::vector<ExpectedToken>& expected) {
  REQUIRE(got.tokens.size() == expected.size());
  CHECK_FALSE(got.truncated);
  CHECK(got.total_tokens == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(got.tokens[i].text == expected[i].text);
    CHECK(got.tokens[i].begin == expected[i].begin);
    CHECK(got.tokens[i].end == expected[i].end);
    CHECK(got.tokens[i].id == -1);
  }
}

std::vector<std::string> texts_of(const TokenizedText& got) {
  std::vector<std::string> texts;
  for (const Token& token : got.tokens) texts.push_back(token.text);
  return texts;
}

const std::string kReplacementUtf8 = "\xEF\xBF\xBD";

}  // namespace

TEST_CASE("tokenizer: an English sentence gives words and the full stop, with byte spans") {
  check_tokens(
      tokenize_words("The cat sat on the mat."),
      {{"The", 0, 3}, {"cat", 4, 7}, {"sat", 8, 11}, {"on", 12, 14}, {"the", 15, 18}, {"mat", 19, 22}, {".", 22, 23}});
}

TEST_CASE("tokenizer: Vietnamese in NFC and NFD gives the same words, spans in each input") {
  const std::string nfc = "Con m\xC3\xA8o ng\xE1\xBB\x93i tr\xC3\xAAn t\xE1\xBA\xA5m th\xE1\xBA\xA3m.";
  // The same sentence fully decomposed: base letters followed by combining marks.
  const std::string nfd =
      "Con me\xCC\x80o ngo\xCC\x82\xCC\x80i tre\xCC\x82n ta\xCC\x82\xCC\x81m"
      " tha\xCC\x89m.";
  REQUIRE(nfc.size() == 35);
  REQUIRE(nfd.size() == 41);
  const std::vector<std::string> words = {
      "Con", "m\xC3\xA8o", "ng\xE1\xBB\x93i", "tr\xC3\xAAn", "t\xE1\xBA\xA5m", "th\xE1\xBA\xA3m", "."};
  check_tokens(tokenize_words(nfc), {{words[0], 0, 3},
                                     {words[1], 4, 8},
                                     {words[2], 9, 15},
                                     {words[3], 16, 21},
                                     {words[4], 22, 27},
                                     {words[5], 28, 34},
                                     {words[6], 34, 35}});
  check_tokens(tokenize_words(nfd), {{words[0], 0, 3},
                                     {words[1], 4, 9},
                                     {words[2], 10, 18},
                                     {words[3], 19, 25},
                                     {words[4], 26, 33},
                                     {words[5], 34, 40},
                                     {words[6], 40, 41}});
  CHECK(tokenize_words(nfd).normalized == nfc);
  CHECK(tokenize_words(nfc).normalized == nfc);
}

TEST_CASE("tokenizer: each punctuation mark is its own token") {
  check_tokens(tokenize_words("Hello, world!?"),
               {{"Hello", 0, 5}, {",", 5, 6}, {"world", 7, 12}, {"!", 12, 13}, {"?", 13, 14}});
  check_tokens(tokenize_words("(a+b)=3.14"), {{"(", 0, 1},
                                              {"a", 1, 2},
                                              {"+", 2, 3},
                                              {"b", 3, 4},
                                              {")", 4, 5},
                                              {"=", 5, 6},
                                              {"3", 6, 7},
                                              {".", 7, 8},
                                              {"14", 8, 10}});
}

TEST_CASE("tokenizer: emoji with modifiers, ZWJ joins and flags are one token each") {
  const std::string heart = "\u2764\uFE0F";  // red heart + VS16
  const std::string thumbs = "\U0001F44D\U0001F3FD";  // + skin tone
  const std::string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";  // ZWJ sequence
  const std::string flag = "\U0001F1FB\U0001F1F3";  // VN
  const std::string text = "I " + heart + " " + thumbs + " " + family + " " + flag;
  REQUIRE(text.size() == 45);
  check_tokens(tokenize_words(text), {{"I", 0, 1}, {heart, 2, 8}, {thumbs, 9, 17}, {family, 18, 36}, {flag, 37, 45}});
}

TEST_CASE("tokenizer: keycaps, subdivision flags, adjacent emoji and an odd regional indicator") {
  const std::string keycap_hash = "#\uFE0F\u20E3";
  const std::string keycap_one = "1\uFE0F\u20E3";
  const std::string england =
      "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067"
      "\U000E007F";
  CHECK(texts_of(tokenize_words(keycap_hash + keycap_one + "x" + england)) ==
        std::vector<std::string>{keycap_hash, keycap_one, "x", england});
  // Two emoji with no space between are still two tokens; so are a word and an emoji.
  CHECK(texts_of(tokenize_words("ok\U0001F600\U0001F601")) ==
        std::vector<std::string>{"ok", "\U0001F600", "\U0001F601"});
  // Three regional indicators: one flag, then a lone indicator.
  CHECK(texts_of(tokenize_words("\U0001F1FB\U0001F1F3\U0001F1FB")) ==
        std::vector<std::string>{"\U0001F1FB\U0001F1F3", "\U0001F1FB"});
  // A joiner with no emoji after it is a separator, not part of the token.
  CHECK(texts_of(tokenize_words("\U0001F600\u200D!")) == std::vector<std::string>{"\U0001F600", "!"});
}

TEST_CASE("tokenizer: apostrophes and hyphens between letters stay inside the word") {
  check_tokens(tokenize_words("don't e-mail"), {{"don't", 0, 5}, {"e-mail", 6, 12}});
  CHECK(texts_of(tokenize_words("don\u2019t rock'n'roll")) == std::vector<std::string>{"don\u2019t", "rock'n'roll"});
  // Not between two letters: the mark is its own token.
  CHECK(texts_of(tokenize_words("'hi' well- -so 3-4")) ==
        std::vector<std::string>{"'", "hi", "'", "well", "-", "-", "so", "3", "-", "4"});
}

TEST_CASE("tokenizer: empty and whitespace-only text has no tokens") {
  for (const char* text : {"", " ", " \t\n\r\v\f  ", "\u00A0\u3000\u2028"}) {
    CAPTURE(text);
    const TokenizedText got = tokenize_words(text);
    CHECK(got.tokens.empty());
    CHECK(got.total_tokens == 0);
    CHECK_FALSE(got.truncated);
  }
}

TEST_CASE("tokenizer: text past the maximum is cut at exactly max tokens and flagged") {
  std::string text;
  for (int i = 0; i < 1100; ++i) text += "w" + std::to_string(i) + " ";
  const TokenizedText got = tokenize_words(text);
  CHECK(attn::kMaxTokens == 1024);
  CHECK(got.tokens.size() == attn::kMaxTokens);
  CHECK(got.truncated);
  CHECK(got.total_tokens == 1100);
  CHECK(got.tokens.back().text == "w1023");

  const TokenizedText small = tokenize_words("a b, c d", 3);
  CHECK(texts_of(small) == std::vector<std::string>{"a", "b", ","});
  CHECK(small.truncated);
  CHECK(small.total_tokens == 5);

  const TokenizedText exact = tokenize_words("a b c", 3);
  CHECK(exact.tokens.size() == 3);
  CHECK_FALSE(exact.truncated);

  const TokenizedText none = tokenize_words("a b", 0);
  CHECK(none.tokens.empty());
  CHECK(none.truncated);
  CHECK(none.total_tokens == 2);
}

TEST_CASE("tokenizer: a 100,000-character input is counted in full and stored only to the limit") {
  std::string text;
  while (text.size() < 100000) text += "ab ";
  const TokenizedText got = tokenize_words(text);
  CHECK(got.tokens.size() == attn::kMaxTokens);
  CHECK(got.truncated);
  CHECK(got.total_tokens == text.size() / 3);
  CHECK(got.normalized == text);
}

TEST_CASE("tokenizer: every invalid UTF-8 byte becomes its own U+FFFD token") {
  // 0xFF and 0xFE can never appear in UTF-8; 0xC3 is a lead byte cut off by the end.
  const TokenizedText got = tokenize_words("\xff\xfe abc \xc3");
  check_tokens(got, {{kReplacementUtf8, 0, 1}, {kReplacementUtf8, 1, 2}, {"abc", 3, 6}, {kReplacementUtf8, 7, 8}});
  CHECK(got.normalized == kReplacementUtf8 + kReplacementUtf8 + " abc " + kReplacementUtf8);
  // Overlong "/", a UTF-16 surrogate and a truncated three-byte sequence: one U+FFFD per byte.
  CHECK(tokenize_words("\xC0\xAF").total_tokens == 2);
  CHECK(tokenize_words("\xED\xA0\x80").total_tokens == 3);
  CHECK(tokenize_words("x\xE2\x82y").normalized == "x" + kReplacementUtf8 + kReplacementUtf8 + "y");
}

TEST_CASE("tokenizer: control and format characters separate words and never become tokens") {
  const std::string with_nul("a\0b", 3);
  check_tokens(tokenize_words(with_nul), {{"a", 0, 1}, {"b", 2, 3}});
  CHECK(texts_of(tokenize_words("a\x01"
                                "b\x7F"
                                "c")) == std::vector<std::string>{"a", "b", "c"});
  // Right-to-left mark, left-to-right override, pop directional formatting, lone ZWJ.
  check_tokens(tokenize_words("abc\u200F"
                              "def\u202Dg\u202Ch\u200Di"),
               {{"abc", 0, 3}, {"def", 6, 9}, {"g", 12, 13}, {"h", 16, 17}, {"i", 20, 21}});
}

TEST_CASE("tokenizer: right-to-left letters are letters") {
  const std::string shalom = "\u05E9\u05DC\u05D5\u05DD";
  const std::string olam = "\u05E2\u05D5\u05DC\u05DD";
  check_tokens(tokenize_words(shalom + " " + olam + "."), {{shalom, 0, 8}, {olam, 9, 17}, {".", 17, 18}});
  const std::string marhaban = "\u0645\u0631\u062D\u0628\u0627";
  const std::string bil_alam = "\u0628\u0627\u0644\u0639\u0627\u0644\u0645";
  check_tokens(tokenize_words(marhaban + " " + bil_alam), {{marhaban, 0, 10}, {bil_alam, 11, 25}});
}

TEST_CASE("nfc: known compositions, Hangul, exclusions, singletons and mark reordering") {
  using attn::nfc_normalize;
  CHECK(nfc_normalize("e\u0301") == "\u00E9");
  CHECK(nfc_normalize("\u00E9") == "\u00E9");
  CHECK(nfc_normalize("\u1112\u1161\u11AB") == "\uD55C");  // jamo compose to a syllable
  CHECK(nfc_normalize("\u1100\u1161") == "\uAC00");
  CHECK(nfc_normalize("\uD55C") == "\uD55C");
  CHECK(nfc_normalize("\u0958") == "\u0915\u093C");  // composition exclusion stays decomposed
  CHECK(nfc_normalize("\u0915\u093C") == "\u0915\u093C");
  CHECK(nfc_normalize("\u212B") == "\u00C5");  // singleton: ANGSTROM SIGN -> A WITH RING
  // Dot below (class 220) sorts before dot above (230) whatever order they arrive in.
  CHECK(nfc_normalize("q\u0307\u0323") == "q\u0323\u0307");
  CHECK(nfc_normalize("q\u0323\u0307") == "q\u0323\u0307");
  // Both orders of circumflex and dot below compose to the same Vietnamese letter.
  CHECK(nfc_normalize("a\u0302\u0323") == "\u1EAD");
  CHECK(nfc_normalize("a\u0323\u0302") == "\u1EAD");
  // A mark blocked by another of the same class stays separate.
  CHECK(nfc_normalize("a\u0301\u0302") == "\u00E1\u0302");
  CHECK(nfc_normalize("") == "");
  CHECK(nfc_normalize("\xff") == kReplacementUtf8);
}

TEST_CASE("nfc: sources map each output code point back to the input bytes") {
  const attn::NormalizedText got = attn::nfc_normalize_with_sources("xe\xCC\x81y");
  CHECK(got.code_points == U"x\u00E9y");
  REQUIRE(got.sources.size() == 3);
  CHECK(got.sources[0].begin == 0);
  CHECK(got.sources[0].end == 1);
  CHECK(got.sources[1].begin == 1);
  CHECK(got.sources[1].end == 4);
  CHECK(got.sources[2].begin == 4);
  CHECK(got.sources[2].end == 5);
}

TEST_CASE("utf8: decoding never fails and encoding round-trips") {
  CHECK(attn::decode_utf8("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") == U"a\u00E9\u20AC\U0001F600");
  CHECK(attn::decode_utf8("\xF4\x90\x80\x80") == U"\uFFFD\uFFFD\uFFFD\uFFFD");  // > U+10FFFF
  CHECK(attn::decode_utf8("\x80") == U"\uFFFD");
  const attn::DecodedCodePoint at_end = attn::decode_utf8_at("ab", 2);
  CHECK(at_end.length == 0);
  CHECK(attn::encode_utf8(U"a\u00E9\u20AC\U0001F600") == "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  CHECK(attn::encode_utf8(std::u32string(1, char32_t{0xD800})) == kReplacementUtf8);
  CHECK(attn::encode_utf8(std::u32string(1, char32_t{0x110000})) == kReplacementUtf8);
}

TEST_CASE("unicode: character classes used by the tokenizer") {
  using attn::char_class;
  using attn::CharClass;
  CHECK(char_class(U'a') == CharClass::Letter);
  CHECK(char_class(0x05D0) == CharClass::Letter);  // Hebrew alef
  CHECK(char_class(0x0301) == CharClass::Mark);
  CHECK(char_class(0xFE0F) == CharClass::Mark);
  CHECK(char_class(U'7') == CharClass::Number);
  CHECK(char_class(U'!') == CharClass::PunctuationOrSymbol);
  CHECK(char_class(U'$') == CharClass::PunctuationOrSymbol);
  CHECK(char_class(U'\t') == CharClass::Space);
  CHECK(char_class(0x3000) == CharClass::Space);
  CHECK(char_class(0x0001) == CharClass::Control);
  CHECK(char_class(0x200F) == CharClass::Control);
  CHECK(char_class(0x1F600) == CharClass::Emoji);
  CHECK(char_class(0x2764) == CharClass::Emoji);
  CHECK(char_class(0x00A9) == CharClass::Emoji);
  CHECK(char_class(0xE000) == CharClass::Other);  // private use
  CHECK(char_class(0x110000) == CharClass::Other);
  CHECK(std::string(attn::unicode_tables_version()).size() >= 5);
}
