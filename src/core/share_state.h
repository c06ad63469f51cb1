// Encodes the playground state as a URL hash and decodes untrusted hashes back, with notices.
#pragma once
#include <string>
#include <string_view>

#include "playground_state.h"

namespace attn {

constexpr int kShareVersion = 1;
constexpr std::size_t kMaxHashBytes = 16384;  // longer hashes are refused whole
constexpr std::size_t kMaxTextBytes = 12000;  // text longer than this (in bytes) is cut (1024 pieces fit)

// "v=1&view=heatmap&text=...&layer=0&head=0&focus=1&mask=bi&temp=1&hide=2.5&step=0&lang=vi"
// (+ "&crowd=1.red.any.any" when the crowd query is not the default, "&theme=light" or "dark"
// when the theme is not auto)
std::string encode_share_state(const PlaygroundState& s);

// Why a hash was not taken as is; the UI words each one in the reader's language.
enum class ShareNotice {
  None,  // every field understood
  Ignored,  // some fields were unknown or invalid and fell back to their defaults
  TooLong,  // the hash was over kMaxHashBytes and was ignored
  FutureVersion,  // made by a newer version: what could be read was kept
  Garbage,  // nothing could be read
};

// Starts from `base` and applies every valid field of the hash (with or without a leading '#').
// Never throws; invalid values leave the field at base's value and raise the notice.
ShareNotice decode_share_state(std::string_view hash, const PlaygroundState& base, PlaygroundState* out);

}  // namespace attn
