// Computes the article figures' packs (figure_pack.h) from the trained model, one file per link.
//
//   figure_packs MODEL OUT_DIR HASH_LIST
//
// HASH_LIST has one URL hash per line, exactly as the link carries it after '#' (an empty line is
// the page's built-in example). Each becomes OUT_DIR/<figure_pack_key(hash)>.bin, computed the way
// the page computes that link: the state decoded from the page's defaults, the trained model's
// pieces and forward. The web build runs this very code compiled to WebAssembly under node
// (scripts/build-web.sh), so a pack holds the bits the page's own forward gives; each written key
// is printed as "key<TAB>bytes<TAB>hash".
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "figure_pack.h"
#include "model_file.h"
#include "session.h"
#include "share_state.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: figure_packs MODEL OUT_DIR HASH_LIST\n");
    return 2;
  }
  std::ifstream mf(argv[1], std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(mf)), std::istreambuf_iterator<char>());
  attn::ModelLoadResult model = attn::load_model(bytes.data(), bytes.size());
  if (!model.ok()) {
    std::fprintf(stderr, "figure_packs: %s: %s\n", argv[1], model.message.c_str());
    return 1;
  }
  std::ifstream list(argv[3]);
  if (!list) {
    std::fprintf(stderr, "figure_packs: cannot read %s\n", argv[3]);
    return 1;
  }
  std::string hash;
  int written = 0;
  while (std::getline(list, hash)) {
    attn::PlaygroundState st;
    if (attn::decode_share_state(hash, attn::PlaygroundState{}, &st) != attn::ShareNotice::None) {
      std::fprintf(stderr, "figure_packs: the link \"%s\" does not decode cleanly\n", hash.c_str());
      return 1;
    }
    attn::Session s;
    s.set_model(model.weights, model.vocab);
    s.set_state(st);
    s.update();
    if (s.tokens().empty()) {
      std::fprintf(stderr, "figure_packs: the link \"%s\" has no text\n", hash.c_str());
      return 1;
    }
    // The flow figure shows its layer's whole block; every other view draws weights and norms.
    std::vector<int> vector_layers;
    if (s.state().view == attn::View::Flow) vector_layers.push_back(s.state().layer);
    const std::string out = attn::encode_figure_pack(attn::make_figure_pack(s, vector_layers));
    const std::string key = attn::figure_pack_key(hash);
    const std::string path = std::string(argv[2]) + "/" + key + ".bin";
    std::ofstream f(path, std::ios::binary);
    f.write(out.data(), static_cast<std::streamsize>(out.size()));
    if (!f) {
      std::fprintf(stderr, "figure_packs: cannot write %s\n", path.c_str());
      return 1;
    }
    std::printf("%s\t%zu\t%s\n", key.c_str(), out.size(), hash.c_str());
    ++written;
  }
  std::fprintf(stderr, "figure_packs: %d packs in %s\n", written, argv[2]);
  return 0;
}
