// URL-hash codec for the playground state: percent-encoding, strict number parsing, bounded sizes.
#include "share_state.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "crowd.h"
#include "live_tasks.h"
#include "tokenizer.h"

namespace attn {

namespace {
const char* const kViewNames[kViewCount] = {"focus", "flow", "crowd", "heatmap", "links", "heads", "train"};

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Returns false on a malformed escape; '+' means a space, as browsers write forms.
bool percent_decode(std::string_view s, std::string* out) {
  out->clear();
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return false;
      const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi < 0 || lo < 0) return false;
      *out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (s[i] == '+') {
      *out += ' ';
    } else {
      *out += s[i];
    }
  }
  return true;
}

// Whole-string integer in [lo, hi]; no signs beyond one leading '-', no spaces, no overflow.
bool parse_int(const std::string& s, long lo, long hi, int* out) {
  if (s.empty() || s.size() > 9) return false;
  std::size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) return false;
  long v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  if (s[0] == '-') v = -v;
  if (v < lo || v > hi) return false;
  *out = static_cast<int>(v);
  return true;
}

bool parse_float(const std::string& s, float lo, float hi, float* out) {
  if (s.empty() || s.size() > 16) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == 'e' || c == 'E')) return false;
  char* end = nullptr;
  const float v = std::strtof(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v) || v < lo || v > hi) return false;
  *out = v;
  return true;
}

// The shortest form that reads back as the very same float: "1" stays short, while 1.2345 is no
// longer cut to "1.23" (a shared link must reproduce the exact state). 9 digits always suffice.
std::string format_float(float v) {
  char buf[32];
  for (int digits = 3; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(v));
    if (std::strtof(buf, nullptr) == v) break;
  }
  return buf;
}
// The learning-rate ladder's entry whose value is written exactly as `s`.
bool parse_learning_rate(const std::string& s, int* out) {
  float v = 0;
  if (!parse_float(s, 0.0f, 1.0f, &v)) return false;
  for (int i = 0; i < kLearningRateCount; ++i)
    if (learning_rate_at(i) == v) {
      *out = i;
      return true;
    }
  return false;
}

// "500_0.01-900_0.001": (step, learning rate) pairs, steps strictly increasing, bounded count.
bool parse_lr_changes(const std::string& s, std::vector<TrainLrChange>* out) {
  std::vector<TrainLrChange> changes;
  std::size_t p = 0;
  while (p <= s.size()) {
    if (static_cast<int>(changes.size()) >= kTrainMaxLrChanges) return false;
    std::size_t dash = s.find('-', p);
    if (dash == std::string::npos) dash = s.size();
    const std::string entry = s.substr(p, dash - p);
    const std::size_t us = entry.find('_');
    TrainLrChange c;
    if (us == std::string::npos || !parse_int(entry.substr(0, us), 1, kTrainMaxStep, &c.step) ||
        !parse_learning_rate(entry.substr(us + 1), &c.lr))
      return false;
    if (!changes.empty() && c.step <= changes.back().step) return false;
    changes.push_back(c);
    p = dash + 1;
  }
  *out = changes;
  return true;
}

// "auto" or "layer.head" (0-based), within the largest model the view can build.
bool parse_shown_head(const std::string& s, int* layer, int* head) {
  if (s == "auto") {
    *layer = *head = -1;
    return true;
  }
  const std::size_t dot = s.find('.');
  int l = 0, h = 0;
  if (dot == std::string::npos || !parse_int(s.substr(0, dot), 0, 1, &l) || !parse_int(s.substr(dot + 1), 0, 3, &h))
    return false;
  *layer = l;
  *head = h;
  return true;
}

// Only a run that is not the default is written: its keys, in a fixed order.
std::string encode_train_run(const TrainRun& t) {
  std::string h = std::string("&task=") + live_task_name(static_cast<LiveTask>(t.task));
  h += "&seed=" + std::to_string(t.seed);
  h += "&tlayers=" + std::to_string(t.layers) + "&theads=" + std::to_string(t.heads);
  h += "&lr=" + format_float(learning_rate_at(t.lr));
  if (!t.lr_changes.empty()) {
    h += "&lrlog=";
    for (std::size_t i = 0; i < t.lr_changes.size(); ++i)
      h += (i ? "-" : "") + std::to_string(t.lr_changes[i].step) + "_" +
           format_float(learning_rate_at(t.lr_changes[i].lr));
  }
  h += "&trained=" + std::to_string(t.step) + "&speed=" + std::to_string(t.speed);
  h += "&tex=" + std::to_string(t.example);
  h += "&tshow=" +
       (t.shown_layer < 0 ? std::string("auto") : std::to_string(t.shown_layer) + "." + std::to_string(t.shown_head));
  return h;
}

// One key of the train run; false when the key is not one of them or its value is invalid.
bool decode_train_key(const std::string& key, const std::string& value, TrainRun* t) {
  LiveTask task;
  if (key == "task") {
    if (!live_task_from_name(value, &task)) return false;
    t->task = static_cast<int>(task);
    return true;
  }
  if (key == "seed") return parse_int(value, 1, kTrainMaxSeed, &t->seed);
  if (key == "tlayers") return parse_int(value, 1, 2, &t->layers);
  if (key == "theads") return parse_int(value, 1, 4, &t->heads);
  if (key == "lr") return parse_learning_rate(value, &t->lr);
  if (key == "lrlog") return parse_lr_changes(value, &t->lr_changes);
  if (key == "trained") return parse_int(value, 0, kTrainMaxStep, &t->step);
  if (key == "speed") return parse_int(value, 1, kTrainMaxSpeed, &t->speed);
  if (key == "tex") return parse_int(value, 0, kTrainMaxExample, &t->example);
  if (key == "tshow") return parse_shown_head(value, &t->shown_layer, &t->shown_head);
  return false;
}
}  // namespace

const char* view_name(View v) { return kViewNames[static_cast<int>(v)]; }

namespace {
const char* const kMethodNames[] = {"raw", "norm", "rollout"};
const char* const kUnitNames[] = {"auto", "piece", "word"};

template <typename E, std::size_t N>
bool enum_from_name(const char* const (&names)[N], const std::string& s, E* out) {
  for (std::size_t i = 0; i < N; ++i)
    if (s == names[i]) {
      *out = static_cast<E>(i);
      return true;
    }
  return false;
}
}  // namespace

const char* attn_method_name(AttnMethod m) { return kMethodNames[static_cast<int>(m)]; }
bool attn_method_from_name(const std::string& s, AttnMethod* out) { return enum_from_name(kMethodNames, s, out); }
const char* attn_unit_name(AttnUnit u) { return kUnitNames[static_cast<int>(u)]; }
bool attn_unit_from_name(const std::string& s, AttnUnit* out) { return enum_from_name(kUnitNames, s, out); }

bool view_from_name(const std::string& s, View* out) {
  for (int i = 0; i < kViewCount; ++i)
    if (s == kViewNames[i]) {
      *out = static_cast<View>(i);
      return true;
    }
  return false;
}

bool PlaygroundState::operator==(const PlaygroundState& o) const {
  return text == o.text && view == o.view && layer == o.layer && head == o.head && focus == o.focus && link == o.link &&
         causal == o.causal && temperature == o.temperature && hidden == o.hidden && step == o.step && lang == o.lang &&
         crowd == o.crowd && train == o.train && method == o.method && unit == o.unit && theme == o.theme;
}

std::string encode_share_state(const PlaygroundState& s) {
  std::string h = "v=" + std::to_string(kShareVersion);
  h += "&view=" + std::string(view_name(s.view));
  h += "&text=" + percent_encode(s.text);
  h += "&layer=" + std::to_string(s.layer);
  h += "&head=" + std::to_string(s.head);
  h += "&focus=" + std::to_string(s.focus);
  if (s.link >= 0) h += "&link=" + std::to_string(s.link);
  h += std::string("&mask=") + (s.causal ? "causal" : "bi");
  h += "&temp=" + format_float(s.temperature);
  if (!s.hidden.empty()) {
    h += "&hide=";
    for (std::size_t i = 0; i < s.hidden.size(); ++i) h += (i ? "." : "") + std::to_string(s.hidden[i]);
  }
  h += "&step=" + std::to_string(s.step);
  h += std::string("&lang=") + (s.lang == Lang::Vi ? "vi" : "en");
  // Only a changed crowd query is written, so links to the other views stay as short as before.
  if (!(s.crowd == CrowdQuery{})) h += "&crowd=" + encode_crowd_query(s.crowd);
  if (!(s.train == TrainRun{})) h += encode_train_run(s.train);
  if (s.method != AttnMethod::Raw) h += std::string("&method=") + attn_method_name(s.method);
  if (s.unit != AttnUnit::Auto) h += std::string("&unit=") + attn_unit_name(s.unit);
  if (s.theme != ThemeChoice::Auto) h += std::string("&theme=") + theme_choice_name(s.theme);
  return h;
}

ShareNotice decode_share_state(std::string_view hash, const PlaygroundState& base, PlaygroundState* out) {
  *out = base;
  if (!hash.empty() && hash[0] == '#') hash.remove_prefix(1);
  if (hash.empty()) return ShareNotice::None;
  if (hash.size() > kMaxHashBytes) return ShareNotice::TooLong;
  int understood = 0, rejected = 0, version = kShareVersion;
  std::size_t pos = 0;
  while (pos <= hash.size()) {
    std::size_t amp = hash.find('&', pos);
    if (amp == std::string_view::npos) amp = hash.size();
    const std::string_view pair = hash.substr(pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string key, value;
    if (eq == std::string_view::npos || !percent_decode(pair.substr(0, eq), &key) ||
        !percent_decode(pair.substr(eq + 1), &value)) {
      ++rejected;
      continue;
    }
    bool ok = false;
    if (key == "v") {
      ok = parse_int(value, 1, 1000000, &version);
    } else if (key == "view") {
      ok = view_from_name(value, &out->view);
    } else if (key == "text") {
      // The tokenizer copes with any bytes; only the length is bounded here.
      ok = true;
      out->text = value.substr(0, kMaxTextBytes);
    } else if (key == "layer") {
      ok = parse_int(value, 0, 63, &out->layer);
    } else if (key == "head") {
      ok = parse_int(value, -1, 63, &out->head);
    } else if (key == "focus") {
      ok = parse_int(value, 0, static_cast<long>(kMaxTokens) - 1, &out->focus);
    } else if (key == "link") {
      ok = parse_int(value, -1, static_cast<long>(kMaxTokens) - 1, &out->link);
    } else if (key == "mask") {
      ok = value == "bi" || value == "causal";
      if (ok) out->causal = value == "causal";
    } else if (key == "temp") {
      ok = parse_float(value, 0.01f, 100.0f, &out->temperature);
    } else if (key == "hide") {
      std::vector<int> hidden;
      ok = true;
      std::size_t p = 0;
      while (ok && p <= value.size() && hidden.size() <= kMaxTokens) {
        std::size_t dot = value.find('.', p);
        if (dot == std::string::npos) dot = value.size();
        int v = 0;
        ok = parse_int(value.substr(p, dot - p), 0, static_cast<long>(kMaxTokens) - 1, &v);
        hidden.push_back(v);
        p = dot + 1;
      }
      ok = ok && hidden.size() <= kMaxTokens;
      if (ok) out->hidden = hidden;
    } else if (key == "step") {
      ok = parse_int(value, 0, 1000000, &out->step);
    } else if (key == "crowd") {
      ok = decode_crowd_query(value, &out->crowd);
    } else if (key == "method") {
      ok = attn_method_from_name(value, &out->method);
    } else if (key == "unit") {
      ok = attn_unit_from_name(value, &out->unit);
    } else if (key == "theme") {
      ok = theme_choice_from_name(value, &out->theme);
    } else if (key == "lang") {
      ok = value == "vi" || value == "en";
      if (ok) out->lang = value == "vi" ? Lang::Vi : Lang::En;
    } else {
      ok = decode_train_key(key, value, &out->train);
    }
    ok ? ++understood : ++rejected;
  }
  if (understood == 0) {
    *out = base;
    return ShareNotice::Garbage;
  }
  // The train run's shown head must exist in its model (the keys may come in any order).
  TrainRun& t = out->train;
  if (t.shown_layer >= t.layers || t.shown_head >= t.heads) {
    t.shown_layer = t.shown_head = -1;
    ++rejected;
  }
  if (version > kShareVersion) return ShareNotice::FutureVersion;
  return rejected ? ShareNotice::Ignored : ShareNotice::None;
}

}  // namespace attn
