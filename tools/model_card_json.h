// Reads single values out of the manifests' JSON text by a dotted key path (no JSON library here).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "unicode.h"

namespace card {

// Not a JSON parser: it walks just far enough to find one value. The manifests are written by our
// own tools (export_model, build-corpus.py), so the text is assumed well formed; anything odd reads
// as "missing", never as a crash. A path is object keys joined by '.' ("heldout.languages.en.f32.top1").
class JsonText {
 public:
  explicit JsonText(std::string text) : s_(std::move(text)) {}

  // A string value without its quotes (escapes undone), a number or literal as written, an object
  // or array as its raw text; nothing when the path is missing or null.
  std::optional<std::string> get(const std::string& path) const {
    const std::size_t v = find(path);
    if (v == npos || s_.compare(v, 4, "null") == 0) return std::nullopt;
    if (s_[v] == '"') return unquote(v);
    return s_.substr(v, end_of_value(v) - v);
  }
  // The value as a number (a quoted number counts: the training settings are strings); NaN otherwise.
  double num(const std::string& path) const {
    const std::optional<std::string> t = get(path);
    if (!t || t->empty()) return NAN;
    char* end = nullptr;
    const double x = std::strtod(t->c_str(), &end);
    return end == t->c_str() + t->size() ? x : NAN;
  }
  // The member names of the object at path, in file order (empty when it is not an object).
  std::vector<std::string> keys(const std::string& path) const {
    std::vector<std::string> out;
    const std::size_t obj = find(path);
    if (obj != npos)
      each_member(obj, [&](const std::string& k, std::size_t) {
        out.push_back(k);
        return false;
      });
    return out;
  }

 private:
  static constexpr std::size_t npos = std::string::npos;
  std::string s_;

  std::size_t ws(std::size_t p) const {
    while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\n' || s_[p] == '\r' || s_[p] == '\t')) ++p;
    return p;
  }
  // One past the value starting at p (a string, an object or array with everything nested, a scalar).
  std::size_t end_of_value(std::size_t p) const {
    int depth = 0;
    for (; p < s_.size(); ++p) {
      const char c = s_[p];
      if (c == '"') {
        for (++p; p < s_.size() && s_[p] != '"'; ++p)
          if (s_[p] == '\\') ++p;
        if (depth == 0) return p + 1;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (depth == 0) return p;  // a scalar that ends its object
        if (--depth == 0) return p + 1;
      } else if (depth == 0 && (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
        return p;
      }
    }
    return s_.size();
  }
  // The string starting at p, escapes undone (\uXXXX too: Python's json writes non-ASCII that way).
  std::string unquote(std::size_t p) const {
    std::string out;
    const std::size_t end = end_of_value(p) - 1;
    for (++p; p < end; ++p) {
      if (s_[p] != '\\' || p + 1 >= end) {
        out += s_[p];
        continue;
      }
      const char e = s_[++p];
      if (e == 'n')
        out += '\n';
      else if (e == 't')
        out += '\t';
      else if (e != 'u')
        out += e;  // \" \\ \/ (and anything else as itself)
      else if (p + 4 < end) {
        char32_t cp = static_cast<char32_t>(std::strtoul(s_.substr(p + 1, 4).c_str(), nullptr, 16));
        p += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && p + 6 < end && s_[p + 1] == '\\' && s_[p + 2] == 'u') {
          const auto lo = static_cast<char32_t>(std::strtoul(s_.substr(p + 3, 4).c_str(), nullptr, 16));
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          p += 6;
        }
        attn::append_utf8(out, cp);
      }
    }
    return out;
  }
  // Calls f(key, value position) for each member of the object starting at obj until f returns true.
  template <class F>
  void each_member(std::size_t obj, F f) const {
    if (obj >= s_.size() || s_[obj] != '{') return;
    std::size_t p = ws(obj + 1);
    while (p < s_.size() && s_[p] == '"') {
      const std::string key = unquote(p);
      p = ws(end_of_value(p));
      if (p >= s_.size() || s_[p] != ':') return;
      const std::size_t v = ws(p + 1);
      if (v >= s_.size() || f(key, v)) return;
      p = ws(end_of_value(v));
      if (p >= s_.size() || s_[p] != ',') return;
      p = ws(p + 1);
    }
  }
  // Position of the value of member `key` in the object starting at obj, or npos.
  std::size_t member(std::size_t obj, const std::string& key) const {
    std::size_t found = npos;
    each_member(obj, [&](const std::string& k, std::size_t v) {
      if (k == key) found = v;
      return k == key;
    });
    return found;
  }
  std::size_t find(const std::string& path) const {
    // Each key in turn, inside the object the previous key led to.
    std::size_t p = ws(0), from = 0;
    while (p != npos && !path.empty() && from <= path.size()) {
      const std::size_t dot = std::min(path.find('.', from), path.size());
      p = member(p, path.substr(from, dot - from));
      from = dot + 1;
    }
    return p < s_.size() ? p : npos;
  }
};

}  // namespace card
