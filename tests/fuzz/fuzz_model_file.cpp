// libFuzzer target: the model-file loader on arbitrary bytes: no crash, bounded memory, clear errors.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "model_backward.h"
#include "model_file.h"
#include "session.h"
#include "wordpiece.h"

namespace {

constexpr std::size_t kSizeOffset = 16;  // magic (8), version (4), flags (4), then the u64 size

// What a loaded model must satisfy before the playground uses it.
void check_loaded(attn::ModelLoadResult& r) {
  FUZZ_REQUIRE(r.message.empty());
  const attn::ModelConfig& c = r.weights.cfg;
  FUZZ_REQUIRE(c.vocab_size > attn::kNumSpecial && c.vocab_size <= attn::kMaxVocab);
  FUZZ_REQUIRE(c.d_model >= 1 && c.d_model <= attn::kMaxDModel);
  FUZZ_REQUIRE(c.n_layers >= 1 && c.n_layers <= attn::kMaxLayers);
  FUZZ_REQUIRE(c.n_heads >= 1 && c.n_heads <= attn::kMaxHeads && c.d_model % c.n_heads == 0);
  FUZZ_REQUIRE(c.d_ff >= 1 && c.d_ff <= attn::kMaxDff);
  FUZZ_REQUIRE(r.vocab.size() == c.vocab_size);
  FUZZ_REQUIRE(r.weights.trained);
  FUZZ_REQUIRE(r.info.description.size() <= 4096);
  for (const attn::ParamRef& p : attn::param_list(r.weights))
    for (std::size_t k = 0; k < std::size_t(p.rows) * p.cols; ++k) FUZZ_REQUIRE(std::isfinite(p.data[k]));

  // A vocabulary from a file meets the reader's text next: whatever its pieces, encoding holds up.
  const attn::TokenizedText t = attn::wordpiece_encode(r.vocab, "Con mèo ngồi trên thảm, the cat sat.");
  for (const attn::Token& tok : t.tokens) FUZZ_REQUIRE(tok.id >= 0 && tok.id < r.vocab.size());

  // A small loaded model then runs as the page would run it: forward pass, head means, the
  // masked-token guess. Finite but extreme weights must not turn into a crash or UB there.
  if (attn::param_count(r.weights) <= 20000) {
    // One session for the whole run: its constructor builds the big stand-in model, which
    // would otherwise take 90% of every execution. Its state is reset each time.
    static attn::Session session;
    session.set_state(attn::PlaygroundState{});
    session.set_model(r.weights, r.vocab);
    session.set_text("Con m\xc3\xa8o ng\xe1\xbb\x93i tr\xc3\xaan th\xe1\xba\xa3m. The cat sat.");
    session.set_head(-1);
    session.update();
    FUZZ_REQUIRE(session.weights(0, -1) != nullptr);
    const attn::Session::MaskedGuess& g = session.masked_guess(1);
    for (const attn::Guess& guess : g.guesses) FUZZ_REQUIRE(guess.id >= 0 && guess.id < r.vocab.size());
  }

  // Saving what was loaded (exactly, as F32) and loading it again gives the same numbers.
  const std::vector<uint8_t> saved = attn::save_model(r.weights, r.vocab, r.info, attn::TensorCoding::F32);
  attn::ModelLoadResult back = attn::load_model(saved.data(), saved.size());
  FUZZ_REQUIRE(back.ok());
  FUZZ_REQUIRE(back.vocab.pieces == r.vocab.pieces);
  FUZZ_REQUIRE(back.weights.name == r.weights.name);
  const std::vector<attn::ParamRef> a = attn::param_list(r.weights), b = attn::param_list(back.weights);
  FUZZ_REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    FUZZ_REQUIRE(std::memcmp(a[i].data, b[i].data, sizeof(float) * a[i].rows * a[i].cols) == 0);

  // Whatever finite weights were loaded, the shipped codings (4-bit codebooks, the embedding's
  // 8-bit rows: the file's own, or every third row when it had none, int8) write a file that loads
  // again with those rows: the writer never produces a file its own loader refuses.
  std::vector<uint8_t> rows8(static_cast<std::size_t>(r.weights.tok_emb.rows()), 0);
  for (std::size_t i = 0; i < rows8.size(); i += 3) rows8[i] = 1;
  for (const attn::Int4Coding& c : r.int4)
    if (c.name == "tok_emb" && !c.int8_rows.empty()) rows8 = c.int8_rows;
  const std::vector<uint8_t> packed = attn::save_model(
      r.weights, r.vocab, r.info,
      [](const std::string& name, int rows) {
        if (name == "tok_emb") return attn::TensorCoding::Int4Int8Rows;
        if (name.find(".w2") != std::string::npos) return attn::TensorCoding::Int4Codebook;
        return rows > 1 ? attn::TensorCoding::Int8Row : attn::TensorCoding::F32;
      },
      nullptr, [&](const std::string& name) { return name == "tok_emb" ? &rows8 : nullptr; });
  const attn::ModelLoadResult again = attn::load_model(packed.data(), packed.size());
  FUZZ_REQUIRE(again.ok());
  FUZZ_REQUIRE(!again.int4.empty() && again.int4[0].name == "tok_emb" && again.int4[0].int8_rows == rows8);
}

void check(const uint8_t* data, std::size_t size) {
  attn::ModelLoadResult r = attn::load_model(data, size);
  if (r.ok()) {
    check_loaded(r);
    return;
  }
  // A refusal names its problem: the UI shows the kind, the message says what exactly.
  FUZZ_REQUIRE(!r.message.empty());
  FUZZ_REQUIRE(std::string(attn::model_file_error_name(r.error)) != "unknown");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  check(data, size);
  // Almost every mutation dies at the size or checksum check. A copy with both fixed up lets the
  // fuzzer reach the parser behind them, which is where a forged file would attack.
  if (size >= kSizeOffset + 8 + 4) {
    std::vector<uint8_t> sealed(data, data + size);
    for (int i = 0; i < 8; ++i) sealed[kSizeOffset + i] = uint8_t(uint64_t(size) >> (8 * i));
    const uint32_t crc = attn::crc32(sealed.data(), size - 4);
    for (int i = 0; i < 4; ++i) sealed[size - 4 + i] = uint8_t(crc >> (8 * i));
    check(sealed.data(), sealed.size());
  }
  return 0;
}
