// The one JSON writer: the JavaScript bridge's answers and the tools' manifests (strings escaped; non-finite numbers become null).
#pragma once
#include <cmath>
#include <cstdio>
#include <string>

namespace attn {

class JsonWriter {
 public:
  // Compact: what the bridge hands to JavaScript. Readable: a space after ':' and ',', and each
  // member of the outermost object on its own line (the committed manifests, read in reviews).
  enum class Style { Compact, Readable };
  explicit JsonWriter(Style style = Style::Compact) : readable_(style == Style::Readable) {}

  std::string& str() { return out_; }
  JsonWriter& raw(const char* s) {
    comma();
    out_ += s;
    return *this;
  }
  JsonWriter& key(const std::string& k) {
    comma();
    string(k);
    out_ += readable_ ? ": " : ":";
    fresh_ = true;
    return *this;
  }
  JsonWriter& begin_object() {
    comma();
    out_ += '{';
    if (readable_ && depth_ == 0) out_ += "\n  ";
    ++depth_;
    fresh_ = true;
    return *this;
  }
  JsonWriter& end_object() {
    --depth_;
    out_ += readable_ && depth_ == 0 ? "\n}\n" : "}";
    fresh_ = false;
    return *this;
  }
  JsonWriter& begin_array() {
    comma();
    out_ += '[';
    ++depth_;
    fresh_ = true;
    return *this;
  }
  JsonWriter& end_array() {
    out_ += ']';
    --depth_;
    fresh_ = false;
    return *this;
  }
  JsonWriter& value(const std::string& s) {
    comma();
    string(s);
    return *this;
  }
  JsonWriter& value(const char* s) { return value(std::string(s)); }
  JsonWriter& value(bool b) {
    comma();
    out_ += b ? "true" : "false";
    return *this;
  }
  JsonWriter& value(int v) { return value(static_cast<long long>(v)); }
  JsonWriter& value(long long v) {
    comma();
    out_ += std::to_string(v);
    return *this;
  }
  JsonWriter& value(double v) {
    comma();
    if (!std::isfinite(v)) {
      out_ += "null";
      return *this;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    out_ += buf;
    return *this;
  }
  JsonWriter& value(float v) { return value(static_cast<double>(v)); }

 private:
  void comma() {
    if (!fresh_) out_ += !readable_ ? "," : depth_ == 1 ? ",\n  " : ", ";
    fresh_ = false;
  }
  void string(const std::string& s) {
    out_ += '"';
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') {
        out_ += '\\';
        out_ += static_cast<char>(c);
      } else if (c < 0x20) {
        char b[8];
        std::snprintf(b, sizeof b, "\\u%04x", c);
        out_ += b;
      } else
        out_ += static_cast<char>(c);
    }
    out_ += '"';
  }
  std::string out_;
  bool fresh_ = true;
  bool readable_ = false;
  int depth_ = 0;  // objects and arrays open
};

}  // namespace attn
