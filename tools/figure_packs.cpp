// Computes the article figures' packs (figure_pack.h) from the trained model, one file per link.
//
//   figure_packs MODEL OUT_DIR HASH_LIST
//
// HASH_LIST has one URL hash per line, exactly as the link carries it after '#' (an empty line is
// the page's built-in example). Each becomes OUT_DIR/<figure_pack_key(hash)>.bin, computed the way
// the page computes that link: the state decoded from the page's defaults, the trained model's
// pieces and forward. The web build runs this very code compiled to WebAssembly under node
// (scripts/build-web.sh), so a pack holds the bits the page's own forward gives; each written key
// is printed as "key<TAB>bytes<TAB>hash<TAB>source hash".
//
// A link that pairs two words (`focus` = the query, `link` = the key) is first pointed at the head
// that shows the pair (linking_heads.h: the strongest head that makes the key the query's top key,
// else the closest one, by the link's method): `layer` and `head` are set in the hash (a `head=-1`
// link keeps every head of that layer), and the pack is made for that hash. The build writes it
// into the built page in place of the source link.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "figure_pack.h"
#include "linking_heads.h"
#include "model_file.h"
#include "session.h"
#include "share_state.h"

namespace {
// `hash` with key=value: the first such pair replaced, else appended.
std::string with_param(const std::string& hash, const std::string& key, const std::string& value) {
  std::size_t pos = 0;
  while (pos <= hash.size()) {
    std::size_t amp = hash.find('&', pos);
    if (amp == std::string::npos) amp = hash.size();
    if (hash.compare(pos, key.size() + 1, key + "=") == 0)
      return hash.substr(0, pos) + key + "=" + value + hash.substr(amp);
    pos = amp + 1;
  }
  return hash + (hash.empty() ? "" : "&") + key + "=" + value;
}
}  // namespace

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
  std::string source;
  int written = 0;
  while (std::getline(list, source)) {
    std::string hash = source;
    attn::PlaygroundState st;
    if (attn::decode_share_state(hash, attn::PlaygroundState{}, &st) != attn::ShareNotice::None) {
      std::fprintf(stderr, "figure_packs: the link \"%s\" does not decode cleanly\n", hash.c_str());
      return 1;
    }
    attn::Session s;
    s.set_model(model.weights, model.vocab);
    s.set_state(st);
    s.update();
    if (s.state().link >= 0) {
      // The same question the reader's canvas asks (linking_line.cpp): rollout asks the weights.
      const attn::AttnMethod method =
          st.method == attn::AttnMethod::Norm ? attn::AttnMethod::Norm : attn::AttnMethod::Raw;
      const attn::ShownMatrix* v = s.shown().get(s, 0, 0, attn::AttnMethod::Raw, s.shown().by_word(s));
      const int query = v->unit_of_piece[s.state().focus], key = v->unit_of_piece[s.state().link];
      const auto ranking = attn::linking_heads(s, query, key, method, v->by_word);
      const attn::LinkingSummary sum = attn::summarise_linking(s, ranking, key, method);
      hash = with_param(hash, "layer", std::to_string(sum.chosen.layer));
      if (st.head != -1) hash = with_param(hash, "head", std::to_string(sum.chosen.head));
      std::fprintf(
          stderr,
          "figure_packs: \"%s\" -> \"%s\": layer %d head %d (0-based) %.3f, median %.3f, %d of %d heads link them\n",
          v->labels[query].c_str(), v->labels[key].c_str(), sum.chosen.layer, sum.chosen.head,
          static_cast<double>(sum.chosen_share), static_cast<double>(sum.median_share), sum.linking, sum.total);
      st.layer = sum.chosen.layer;
      if (st.head != -1) st.head = sum.chosen.head;
      s.set_state(st);
      s.update();
    }
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
    std::printf("%s\t%zu\t%s\t%s\n", key.c_str(), out.size(), hash.c_str(), source.c_str());
    ++written;
  }
  std::fprintf(stderr, "figure_packs: %d packs in %s\n", written, argv[2]);
  return 0;
}
