// libFuzzer target: the URL-hash decoder on arbitrary bytes; every field in range, exact round trip.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "crowd.h"
#include "fuzz_check.h"
#include "live_tasks.h"
#include "share_state.h"
#include "tokenizer.h"

namespace {

// The ranges the rest of the playground relies on (it clamps again, but the codec promises these).
void check_ranges(const attn::PlaygroundState& s) {
  FUZZ_REQUIRE(static_cast<int>(s.view) >= 0 && static_cast<int>(s.view) < attn::kViewCount);
  FUZZ_REQUIRE(s.text.size() <= attn::kMaxTextBytes);
  FUZZ_REQUIRE(s.layer >= 0 && s.layer <= 63);
  FUZZ_REQUIRE(s.head >= -1 && s.head <= 63);
  FUZZ_REQUIRE(s.focus >= 0 && s.focus < static_cast<int>(attn::kMaxTokens));
  FUZZ_REQUIRE(s.temperature >= 0.01f && s.temperature <= 100.0f);  // false for NaN too
  FUZZ_REQUIRE(s.hidden.size() <= attn::kMaxTokens);
  for (int h : s.hidden) FUZZ_REQUIRE(h >= 0 && h < static_cast<int>(attn::kMaxTokens));
  FUZZ_REQUIRE(s.step >= 0 && s.step <= 1000000);
  FUZZ_REQUIRE(s.lang == attn::Lang::Vi || s.lang == attn::Lang::En);
  FUZZ_REQUIRE(s.crowd.scene >= 0 && s.crowd.scene < static_cast<int>(attn::crowd_scenes().size()));
  FUZZ_REQUIRE(s.crowd.hat >= 0 && s.crowd.hat < attn::kHatOptions);
  FUZZ_REQUIRE(s.crowd.shirt >= 0 && s.crowd.shirt < attn::kShirtOptions);
  FUZZ_REQUIRE(s.crowd.glasses >= 0 && s.crowd.glasses < attn::kGlassesOptions);
  // The train view retrains from these numbers: each bounds real work (steps, model size).
  const attn::TrainRun& t = s.train;
  FUZZ_REQUIRE(t.task >= 0 && t.task < attn::kLiveTaskCount);
  FUZZ_REQUIRE(t.seed >= 1 && t.seed <= attn::kTrainMaxSeed);
  FUZZ_REQUIRE(t.layers >= 1 && t.layers <= 2 && t.heads >= 1 && t.heads <= 4);
  FUZZ_REQUIRE(t.lr >= 0 && t.lr < attn::kLearningRateCount);
  FUZZ_REQUIRE(static_cast<int>(t.lr_changes.size()) <= attn::kTrainMaxLrChanges);
  int previous_step = 0;
  for (const attn::TrainLrChange& c : t.lr_changes) {
    FUZZ_REQUIRE(c.step > previous_step && c.step <= attn::kTrainMaxStep);
    FUZZ_REQUIRE(c.lr >= 0 && c.lr < attn::kLearningRateCount);
    previous_step = c.step;
  }
  FUZZ_REQUIRE(t.step >= 0 && t.step <= attn::kTrainMaxStep);
  FUZZ_REQUIRE(t.speed >= 1 && t.speed <= attn::kTrainMaxSpeed);
  FUZZ_REQUIRE(t.example >= 0 && t.example <= attn::kTrainMaxExample);
  FUZZ_REQUIRE((t.shown_layer == -1 && t.shown_head == -1) ||
               (t.shown_layer >= 0 && t.shown_layer < t.layers && t.shown_head >= 0 && t.shown_head < t.heads));
}

// A hash goes into links, the address bar and page attributes: only URL-safe characters.
bool url_safe(const std::string& h) {
  for (unsigned char c : h) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == '~' || c == '%' || c == '&' || c == '=';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view hash(reinterpret_cast<const char*>(data), size);
  const attn::PlaygroundState base;
  attn::PlaygroundState decoded;
  const attn::ShareNotice notice = attn::decode_share_state(hash, base, &decoded);
  check_ranges(decoded);
  if (notice == attn::ShareNotice::TooLong || notice == attn::ShareNotice::Garbage) FUZZ_REQUIRE(decoded == base);

  // Whatever was read, the link written for it reads back to exactly the same state, cleanly.
  const std::string again_hash = attn::encode_share_state(decoded);
  FUZZ_REQUIRE(again_hash.size() <= attn::kMaxHashBytes);
  FUZZ_REQUIRE(url_safe(again_hash));
  attn::PlaygroundState again;
  const attn::ShareNotice again_notice = attn::decode_share_state(again_hash, base, &again);
  FUZZ_REQUIRE(again_notice == attn::ShareNotice::None);
  FUZZ_REQUIRE(again == decoded);
  // Encoding is a function of the state: the second link is the first one.
  FUZZ_REQUIRE(attn::encode_share_state(again) == again_hash);
  return 0;
}
