// The model card's small text helpers: number formats and Markdown-inert text, shared by its sections.
#pragma once
#include <cctype>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <string>

namespace card {

inline std::string f(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
inline std::string f(const char* fmt, ...) {
  char b[1024];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(b, sizeof b, fmt, ap);
  va_end(ap);
  return b;
}

inline const char* const kNone = "—";  // a number the inputs do not have
inline std::string pct(double x) { return std::isfinite(x) ? f("%.1f%%", 100 * x) : kNone; }
inline std::string fixed(double x, int nd) { return std::isfinite(x) ? f("%.*f", nd, x) : kNone; }
inline std::string grouped(double x) {  // 1234567 -> "1,234,567"
  if (!std::isfinite(x)) return kNone;
  const std::string d = f("%.0f", std::fabs(x));
  std::string out = x < 0 ? "-" : "";
  for (std::size_t i = 0; i < d.size(); ++i) out += (i && (d.size() - i) % 3 == 0 ? "," : "") + d.substr(i, 1);
  return out;
}
inline double ratio(long a, long b) { return b ? double(a) / b : NAN; }
// Text from the corpus, the model or a manifest, made inert in Markdown (tables included). An "_"
// inside a word ("d_model") cannot start emphasis, so it stays as it is, readable in the raw file.
inline std::string md(const std::string& s) {
  std::string o;
  auto word = [&](std::size_t i) { return i < s.size() && std::isalnum(static_cast<unsigned char>(s[i])); };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool inner_underscore = s[i] == '_' && i > 0 && word(i - 1) && word(i + 1);
    if (std::string("\\`*_[]<>|~").find(s[i]) != std::string::npos && !inner_underscore) o += '\\';
    o += s[i];
  }
  return o;
}
// A piece as the card writes it: a leading "##" marks a piece that continues a word.
inline std::string piece_md(const std::string& text, bool continues) { return md((continues ? "##" : "") + text); }

}  // namespace card
