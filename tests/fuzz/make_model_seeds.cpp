// Writes the fuzz seeds: a tiny valid model (int8, f32, 4-bit, 4-bit with 8-bit rows) and damaged copies, and its figure packs.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "figure_pack.h"
#include "model_file.h"
#include "session.h"
#include "share_state.h"
#include "wordpiece.h"

namespace {

using Bytes = std::vector<uint8_t>;
int model_seeds_written = 0;  // counted by write(), for the closing line

bool write(const std::string& dir, const std::string& name, const Bytes& b) {
  const std::string path = dir + "/" + name;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    std::perror(path.c_str());
    return false;
  }
  const bool ok = std::fwrite(b.data(), 1, b.size(), f) == b.size();
  if (ok) ++model_seeds_written;
  return std::fclose(f) == 0 && ok;
}

void put_u32(Bytes& b, std::size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = uint8_t(v >> (8 * i));
}

// Fixes the checksum after an edit, so the damage is met by the check behind it.
void reseal(Bytes& b) { put_u32(b, b.size() - 4, attn::crc32(b.data(), b.size() - 4)); }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: make_model_seeds OUTPUT_DIR [FIGURE_PACK_DIR]\n");
    return 2;
  }
  const std::string dir = argv[1];

  // As small as the format allows while still having two heads, so every code path is reached.
  attn::ModelConfig c{9, 4, 1, 2, 4};  // vocab, d_model, layers, heads, d_ff
  attn::ModelWeights w = attn::random_weights(c, 7, 0.5f);
  w.name = "fuzz seed";
  attn::WordPieceVocab v;
  for (int i = 0; i < attn::kNumSpecial; ++i) v.pieces.push_back(attn::kSpecialPieces[i]);
  for (const char* p : {"m\xc3\xa8o", "##o", "cat", "\xe1\xbb\x9f"}) v.pieces.push_back(p);  // mèo, ##o, cat, ở
  if (!v.rebuild_index()) return 1;
  attn::ModelFileInfo info;
  info.description = "tiny model for the fuzzer's seed corpus";
  info.train_context = 8;

  const Bytes int8 = attn::save_model(w, v, info, attn::TensorCoding::Int8Row);
  const Bytes f32 = attn::save_model(w, v, info, attn::TensorCoding::F32);
  if (!attn::load_model(int8.data(), int8.size()).ok() || !attn::load_model(f32.data(), f32.size()).ok()) {
    std::fprintf(stderr, "make_model_seeds: the fresh seed does not load\n");
    return 1;
  }
  // The shipped file's mix: 4-bit embedding and w2, int8 out_bias.
  const Bytes mixed = attn::save_model(w, v, info, [](const std::string& name, int rows) {
    if (name == "tok_emb" || name.find(".w2") != std::string::npos) return attn::TensorCoding::Int4Codebook;
    return rows > 1 || name == "out_bias" ? attn::TensorCoding::Int8Row : attn::TensorCoding::F32;
  });
  if (!attn::load_model(mixed.data(), mixed.size()).ok()) {
    std::fprintf(stderr, "make_model_seeds: the 4-bit seed does not load\n");
    return 1;
  }
  // Today's shipped mix: every matrix 4-bit, the embedding's frequent rows (here 0, 2, 3, 6) in 8 bits.
  const std::vector<uint8_t> rows8 = {1, 0, 1, 1, 0, 0, 1, 0, 0};
  const Bytes rows = attn::save_model(
      w, v, info,
      [](const std::string& name, int r) {
        if (name == "tok_emb") return attn::TensorCoding::Int4Int8Rows;
        return r > 1                ? attn::TensorCoding::Int4Codebook
               : name == "out_bias" ? attn::TensorCoding::Int8Row
                                    : attn::TensorCoding::F32;
      },
      nullptr, [&](const std::string& name) { return name == "tok_emb" ? &rows8 : nullptr; });
  if (!attn::load_model(rows.data(), rows.size()).ok()) {
    std::fprintf(stderr, "make_model_seeds: the 8-bit-rows seed does not load\n");
    return 1;
  }
  bool ok = write(dir, "tiny-f32.attnmodel", f32) && write(dir, "tiny-int8.attnmodel", int8) &&
            write(dir, "tiny-int4.attnmodel", mixed) && write(dir, "tiny-int8-rows.attnmodel", rows);
  Bytes mixed_cut(mixed.begin(), mixed.begin() + mixed.size() * 2 / 3);
  ok = ok && write(dir, "truncated-int4.attnmodel", mixed_cut);
  Bytes rows_cut(rows.begin(), rows.begin() + rows.size() / 3);  // inside the embedding's rows
  ok = ok && write(dir, "truncated-int8-rows.attnmodel", rows_cut);

  Bytes truncated(int8.begin(), int8.begin() + int8.size() / 2);
  ok = ok && write(dir, "truncated.attnmodel", truncated);

  Bytes flipped = int8;
  flipped[flipped.size() / 2] ^= 0x10;
  ok = ok && write(dir, "flipped-byte.attnmodel", flipped);

  Bytes magic = int8;
  magic[0] = 'X';
  ok = ok && write(dir, "bad-magic.attnmodel", magic);

  Bytes future = int8;
  put_u32(future, 8, attn::kModelFormatVersion + 1);
  reseal(future);
  ok = ok && write(dir, "future-version.attnmodel", future);

  // Huge but within-limit sizes, correctly sealed: must be refused before anything is allocated.
  Bytes absurd = int8;
  put_u32(absurd, 24, attn::kMaxVocab);  // vocab_size
  put_u32(absurd, 28, attn::kMaxDModel);  // d_model
  put_u32(absurd, 32, attn::kMaxLayers);  // n_layers
  put_u32(absurd, 48, 3u + 16u * attn::kMaxLayers + 1u);  // n_tensors to match
  reseal(absurd);
  ok = ok && write(dir, "absurd-shapes.attnmodel", absurd);

  if (!ok) return 1;
  const int model_seeds = model_seeds_written;
  if (argc == 3) {
    // Figure packs in the page's model shape (the stand-in's: a pack of another shape is never
    // shown), the heatmap's (weights and norms) and the flow's (the block too), and a cut one.
    attn::Session s;
    int written = 0;
    for (const char* hash : {"v=1&view=heatmap&text=m%C3%A8o%20cat%20%E1%BB%9F&mask=causal&hide=1",
                             "v=1&view=flow&text=cat%20m%C3%A8oo&temp=0.5"}) {
      attn::PlaygroundState st;
      attn::decode_share_state(hash, attn::PlaygroundState{}, &st);
      s.set_state(st);
      s.update();
      const std::string pack = attn::encode_figure_pack(attn::make_figure_pack(s, {0}));
      const Bytes b(pack.begin(), pack.end());
      ok = ok && write(argv[2], std::string("tiny-") + std::to_string(written++) + ".figpack", b);
      if (s.state().view == attn::View::Heatmap) continue;
      ok = ok && write(argv[2], "tiny-cut.figpack", Bytes(b.begin(), b.begin() + b.size() / 2));
    }
    if (!ok) return 1;
  }
  std::printf("make_model_seeds: wrote %d seeds to %s (valid model: %zu bytes)\n", model_seeds, dir.c_str(),
              int8.size());
  return 0;
}
