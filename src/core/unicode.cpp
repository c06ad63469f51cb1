// UTF-8 decoding/encoding, NFC normalisation with source spans, and character-class look-ups.
#include "unicode.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace attn {
namespace {

#include "unicode_tables.inc"

static_assert(kGeneratedClassOther == static_cast<int>(CharClass::Other), "table/enum mismatch");
static_assert(kGeneratedClassLetter == static_cast<int>(CharClass::Letter), "table/enum mismatch");
static_assert(kGeneratedClassMark == static_cast<int>(CharClass::Mark), "table/enum mismatch");
static_assert(kGeneratedClassNumber == static_cast<int>(CharClass::Number), "table/enum mismatch");
static_assert(kGeneratedClassPunctuationOrSymbol == static_cast<int>(CharClass::PunctuationOrSymbol),
              "table/enum mismatch");
static_assert(kGeneratedClassSpace == static_cast<int>(CharClass::Space), "table/enum mismatch");
static_assert(kGeneratedClassControl == static_cast<int>(CharClass::Control), "table/enum mismatch");
static_assert(kGeneratedClassEmoji == static_cast<int>(CharClass::Emoji), "table/enum mismatch");
static_assert(std::size(kDecompositionStarts) == std::size(kDecomposedCodePoints) + 1,
              "every decomposition needs a start and an end");
static_assert(std::size(kCompositionKeys) == std::size(kCompositionResults), "every composition pair needs a result");

constexpr char32_t kMaxCodePoint = 0x10FFFF;

// Hangul syllables are composed arithmetically (Unicode chapter 3.12) instead of from tables.
constexpr char32_t kHangulSyllableBase = 0xAC00;
constexpr char32_t kHangulLeadBase = 0x1100;
constexpr char32_t kHangulVowelBase = 0x1161;
constexpr char32_t kHangulTrailBase = 0x11A7;  // one before the first trailing consonant
constexpr char32_t kHangulLeadCount = 19;
constexpr char32_t kHangulVowelCount = 21;
constexpr char32_t kHangulTrailCount = 28;  // includes "no trailing consonant"
constexpr char32_t kHangulBlockSize = kHangulVowelCount * kHangulTrailCount;
constexpr char32_t kHangulSyllableCount = kHangulLeadCount * kHangulBlockSize;

bool is_hangul_syllable(char32_t cp) {
  return cp >= kHangulSyllableBase && cp < kHangulSyllableBase + kHangulSyllableCount;
}

// Looks cp up in a "(first << 8) | value" run table: the value of the last run starting at or
// before cp.
std::uint8_t run_value(const std::uint32_t* begin, const std::uint32_t* end, char32_t cp) {
  if (cp > kMaxCodePoint) return 0;
  const std::uint32_t probe = (static_cast<std::uint32_t>(cp) << 8) | 0xFFu;
  const std::uint32_t* after = std::upper_bound(begin, end, probe);
  if (after == begin) return 0;
  return static_cast<std::uint8_t>(*(after - 1) & 0xFFu);
}

bool is_continuation(unsigned char byte) { return (byte & 0xC0u) == 0x80u; }

// Table 3-7 of the Unicode standard: the lead byte fixes the length and a narrower range for the
// second byte, which is what rules out overlongs, surrogates and values past U+10FFFF.
struct Utf8Lead {
  std::size_t length;
  unsigned char second_min;
  unsigned char second_max;
  char32_t payload;
};

bool classify_lead(unsigned char lead, Utf8Lead& out) {
  if (lead >= 0xC2 && lead <= 0xDF)
    out = {2, 0x80, 0xBF, lead & 0x1Fu};
  else if (lead == 0xE0)
    out = {3, 0xA0, 0xBF, lead & 0x0Fu};
  else if (lead == 0xED)
    out = {3, 0x80, 0x9F, lead & 0x0Fu};
  else if (lead >= 0xE1 && lead <= 0xEF)
    out = {3, 0x80, 0xBF, lead & 0x0Fu};
  else if (lead == 0xF0)
    out = {4, 0x90, 0xBF, lead & 0x07u};
  else if (lead >= 0xF1 && lead <= 0xF3)
    out = {4, 0x80, 0xBF, lead & 0x07u};
  else if (lead == 0xF4)
    out = {4, 0x80, 0x8F, lead & 0x07u};
  else
    return false;
  return true;
}

// One character on its way through NFC, remembering which input bytes it came from.
struct NormUnit {
  char32_t cp;
  std::uint8_t ccc;
  ByteSpan source;
};

ByteSpan merge(ByteSpan a, ByteSpan b) { return {std::min(a.begin, b.begin), std::max(a.end, b.end)}; }

void append_decomposed(std::vector<NormUnit>& units, char32_t cp, ByteSpan source) {
  if (cp < 0xC0) {  // nothing below U+00C0 decomposes or combines: keep ASCII cheap
    units.push_back({cp, 0, source});
    return;
  }
  for (char32_t part : canonical_decomposition(cp)) units.push_back({part, canonical_combining_class(part), source});
}

// Canonical ordering: every run of non-starters is stably sorted by combining class.
void reorder_marks(std::vector<NormUnit>& units) {
  const auto by_class = [](const NormUnit& a, const NormUnit& b) { return a.ccc < b.ccc; };
  std::size_t i = 0;
  while (i < units.size()) {
    if (units[i].ccc == 0) {
      ++i;
      continue;
    }
    std::size_t run_end = i + 1;
    while (run_end < units.size() && units[run_end].ccc != 0) ++run_end;
    if (run_end - i > 1) std::stable_sort(units.begin() + i, units.begin() + run_end, by_class);
    i = run_end;
  }
}

// Canonical composition, in place: each character tries to join the last starter unless a
// character in between blocks it (is a starter, or has a class at least as high).
void compose_units(std::vector<NormUnit>& units) {
  constexpr int kNothingBetween = -1;
  std::size_t kept = 0;
  std::size_t starter = 0;
  bool have_starter = false;
  int last_class_between = kNothingBetween;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const NormUnit unit = units[i];
    const bool blocked = last_class_between != kNothingBetween && last_class_between >= unit.ccc;
    if (have_starter && !blocked) {
      const char32_t composite = compose_pair(units[starter].cp, unit.cp);
      if (composite != 0) {
        units[starter].cp = composite;
        units[starter].source = merge(units[starter].source, unit.source);
        continue;
      }
    }
    if (unit.ccc == 0) {
      starter = kept;
      have_starter = true;
      last_class_between = kNothingBetween;
    } else {
      last_class_between = unit.ccc;
    }
    units[kept++] = unit;
  }
  units.resize(kept);
}

std::vector<NormUnit> decompose_text(std::string_view text) {
  std::vector<NormUnit> units;
  units.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const DecodedCodePoint decoded = decode_utf8_at(text, pos);
    append_decomposed(units, decoded.code_point, {pos, pos + decoded.length});
    pos += decoded.length;
  }
  return units;
}

std::vector<NormUnit> nfc_units(std::string_view text) {
  std::vector<NormUnit> units = decompose_text(text);
  reorder_marks(units);
  compose_units(units);
  return units;
}

}  // namespace

const char* unicode_tables_version() { return kUnicodeTablesVersion; }

// ---- UTF-8 -----------------------------------------------------------------------------------

DecodedCodePoint decode_utf8_at(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return {kReplacementCharacter, 0};
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {lead, 1};
  Utf8Lead shape{};
  if (!classify_lead(lead, shape) || text.size() - pos < shape.length) return {kReplacementCharacter, 1};
  const auto second = static_cast<unsigned char>(text[pos + 1]);
  if (second < shape.second_min || second > shape.second_max) return {kReplacementCharacter, 1};
  char32_t cp = (shape.payload << 6) | (second & 0x3Fu);
  for (std::size_t k = 2; k < shape.length; ++k) {
    const auto next = static_cast<unsigned char>(text[pos + k]);
    if (!is_continuation(next)) return {kReplacementCharacter, 1};
    cp = (cp << 6) | (next & 0x3Fu);
  }
  return {cp, shape.length};
}

std::u32string decode_utf8(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const DecodedCodePoint decoded = decode_utf8_at(text, pos);
    out.push_back(decoded.code_point);
    pos += decoded.length;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp > kMaxCodePoint || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacementCharacter;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string encode_utf8(std::u32string_view code_points) {
  std::string out;
  out.reserve(code_points.size());
  for (char32_t cp : code_points) append_utf8(out, cp);
  return out;
}

// ---- NFC -------------------------------------------------------------------------------------

std::uint8_t canonical_combining_class(char32_t cp) {
  if (cp < 0x300) return 0;  // the first non-starter is U+0300
  return run_value(std::begin(kCombiningClassRuns), std::end(kCombiningClassRuns), cp);
}

std::u32string canonical_decomposition(char32_t cp) {
  if (is_hangul_syllable(cp)) {
    const char32_t index = cp - kHangulSyllableBase;
    std::u32string jamo;
    jamo.push_back(kHangulLeadBase + index / kHangulBlockSize);
    jamo.push_back(kHangulVowelBase + (index % kHangulBlockSize) / kHangulTrailCount);
    if (index % kHangulTrailCount != 0) jamo.push_back(kHangulTrailBase + index % kHangulTrailCount);
    return jamo;
  }
  const auto* first = std::begin(kDecomposedCodePoints);
  const auto* last = std::end(kDecomposedCodePoints);
  const auto* found = std::lower_bound(first, last, cp);
  if (found == last || *found != cp) return std::u32string(1, cp);
  const auto index = static_cast<std::size_t>(found - first);
  return std::u32string(kDecompositionPool + kDecompositionStarts[index],
                        kDecompositionPool + kDecompositionStarts[index + 1]);
}

char32_t compose_pair(char32_t first, char32_t second) {
  const bool lead_jamo = first >= kHangulLeadBase && first < kHangulLeadBase + kHangulLeadCount;
  const bool vowel_jamo = second >= kHangulVowelBase && second < kHangulVowelBase + kHangulVowelCount;
  if (lead_jamo && vowel_jamo) {
    return kHangulSyllableBase +
           ((first - kHangulLeadBase) * kHangulVowelCount + (second - kHangulVowelBase)) * kHangulTrailCount;
  }
  const bool trail_jamo = second > kHangulTrailBase && second < kHangulTrailBase + kHangulTrailCount;
  if (is_hangul_syllable(first) && trail_jamo && (first - kHangulSyllableBase) % kHangulTrailCount == 0) {
    return first + (second - kHangulTrailBase);
  }
  if (first > kMaxCodePoint || second > kMaxCodePoint) return 0;
  const std::uint64_t key = (static_cast<std::uint64_t>(first) << 21) | second;
  const auto* begin = std::begin(kCompositionKeys);
  const auto* end = std::end(kCompositionKeys);
  const auto* found = std::lower_bound(begin, end, key);
  if (found == end || *found != key) return 0;
  return kCompositionResults[found - begin];
}

NormalizedText nfc_normalize_with_sources(std::string_view text) {
  const std::vector<NormUnit> units = nfc_units(text);
  NormalizedText out;
  out.code_points.reserve(units.size());
  out.sources.reserve(units.size());
  for (const NormUnit& unit : units) {
    out.code_points.push_back(unit.cp);
    out.sources.push_back(unit.source);
  }
  return out;
}

std::string nfc_normalize(std::string_view text) {
  const std::vector<NormUnit> units = nfc_units(text);
  std::string out;
  out.reserve(text.size());
  for (const NormUnit& unit : units) append_utf8(out, unit.cp);
  return out;
}

// ---- character classes -----------------------------------------------------------------------

CharClass char_class(char32_t cp) {
  return static_cast<CharClass>(run_value(std::begin(kClassRuns), std::end(kClassRuns), cp));
}

// Latin (Vietnamese included), Greek and Cyrillic capitals; anything else stays as it is.
char32_t simple_lowercase(char32_t c) {
  if (c >= 'A' && c <= 'Z') return c + 32;
  if ((c >= 0xC0 && c <= 0xDE) && c != 0xD7) return c + 32;  // Latin-1: À..Þ
  if (c >= 0x100 && c <= 0x137) return c | 1;  // Ā..ķ: even upper, odd lower
  if (c >= 0x139 && c <= 0x148) return (c & 1) ? c + 1 : c;  // Ĺ..ň: odd upper
  if (c >= 0x14A && c <= 0x177) return c | 1;  // Ŋ..ŷ
  if (c == 0x178) return 0xFF;  // Ÿ
  if (c >= 0x179 && c <= 0x17E) return (c & 1) ? c + 1 : c;  // Ź..ž
  if (c == 0x1A0 || c == 0x1AF) return c + 1;  // Ơ, Ư (Vietnamese)
  if (c >= 0x1E00 && c <= 0x1EFF && !(c >= 0x1E96 && c <= 0x1E9F)) return c | 1;  // Ạ..ỹ and more
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 32;  // Greek capitals
  if (c >= 0x410 && c <= 0x42F) return c + 32;  // Cyrillic А..Я
  if (c >= 0x400 && c <= 0x40F) return c + 80;  // Cyrillic Ѐ..Џ
  return c;
}

}  // namespace attn
