// Writes docs/model-card.md and its SVG loss curve from the shipped model, the corpus and the manifests.
//   model_card --model=models/attention-model.bin --corpus=build-corpus --manifest=models/training-manifest.json
//              --corpus-manifest=models/corpus-manifest.json --loss=models/training-loss.csv
//              --out=docs/model-card.md --svg=docs/model-card-loss.svg [--lines=1000]
// Run by scripts/model-card.sh. Sizes (vocabulary, layers, d_ff...) all come from the model file.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "model_card_json.h"
#include "model_card_markdown.h"
#include "model_card_measure.h"
#include "model_card_svg.h"
#include "model_file.h"
#include "trainer.h"

namespace {

std::string arg(int argc, char** argv, const std::string& key, const std::string& def) {
  const std::string k = "--" + key + "=";
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]).rfind(k, 0) == 0) return std::string(argv[i]).substr(k.size());
  return def;
}

std::string read_text(const std::string& path, bool warn) {
  std::ifstream in(path, std::ios::binary);
  if (!in && warn) std::fprintf(stderr, "model_card: warning: cannot read %s (its numbers print as —)\n", path.c_str());
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string folder(const std::string& path) {
  const std::size_t s = path.rfind('/');
  return s == std::string::npos ? "" : path.substr(0, s);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string model_path = arg(argc, argv, "model", "models/attention-model.bin");
  const std::string corpus = arg(argc, argv, "corpus", "build-corpus");
  const std::string out_path = arg(argc, argv, "out", "docs/model-card.md");
  const std::string svg_path = arg(argc, argv, "svg", "docs/model-card-loss.svg");
  const int max_lines = std::atoi(arg(argc, argv, "lines", "1000").c_str());
  const card::JsonText manifest(read_text(arg(argc, argv, "manifest", "models/training-manifest.json"), true));
  const card::JsonText corpus_manifest(
      read_text(arg(argc, argv, "corpus-manifest", "models/corpus-manifest.json"), true));
  const card::LossTable loss = card::read_loss_csv(arg(argc, argv, "loss", "models/training-loss.csv"));

  const std::string bytes = read_text(model_path, false);
  const attn::ModelLoadResult m = attn::load_model(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  if (!m.ok()) {
    std::fprintf(stderr, "model_card: %s: %s\n", model_path.c_str(), m.message.c_str());
    return 1;
  }
  const int vocab_size = m.weights.cfg.vocab_size;
  if (!card::NeighbourCounts::fits(vocab_size)) {
    std::fprintf(stderr, "model_card: %d pieces are too many for the count baseline's keys\n", vocab_size);
    return 1;
  }

  std::vector<card::Language> langs(2);
  langs[0].code = "en", langs[0].name = "English", langs[0].unit = "words", langs[0].word_goal = 0.90;
  langs[1].code = "vi", langs[1].name = "Vietnamese", langs[1].unit = "syllables", langs[1].word_goal = 0.95;
  for (card::Language& l : langs) {
    const std::string tp = corpus + "/train-" + l.code + ".txt", hp = corpus + "/heldout-" + l.code + ".txt";
    if (!card::read_lines(tp, l.train_lines) || !card::read_lines(hp, l.held_lines) || l.held_lines.empty()) {
      std::fprintf(stderr, "model_card: cannot read %s and %s\n", tp.c_str(), hp.c_str());
      return 1;
    }
    l.train = card::encode_lines(l.train_lines, m.vocab);
    l.held = card::encode_lines(l.held_lines, m.vocab);
    l.eval = attn::evaluate(m.weights, l.held, l.held.lines(), card::kEvalSeed, card::kEvalMaxLen);
    l.base = card::measure_baselines(card::NeighbourCounts(l.train, vocab_size), l.held);
    if (l.base.masked != l.eval.masked) {  // the baselines must see exactly evaluate()'s hidden pieces
      std::fprintf(stderr, "model_card: baselines saw %d masked pieces, evaluate() %d\n", l.base.masked, l.eval.masked);
      return 1;
    }
    l.held_words = card::whole_word_share(l.held_lines, m.vocab);
    l.train_words = card::whole_word_share(l.train_lines, m.vocab);
    l.heads = card::measure_heads(m.weights, m.vocab, l.held_lines, max_lines);
    std::printf(
        "model_card: %s: top-1 %.4f top-5 %.4f loss %.4f (%d masked); unigram %.4f / %.4f; count %.4f / %.4f; "
        "one-piece words %.4f held-out, %.4f train; heads over %d lines\n",
        l.code.c_str(), l.eval.top1(), l.eval.top5(), l.eval.loss, l.eval.masked,
        card::ratio(l.base.unigram1, l.base.masked), card::ratio(l.base.unigram5, l.base.masked),
        card::ratio(l.base.count1, l.base.masked), card::ratio(l.base.count5, l.base.masked), l.held_words.share(),
        l.train_words.share(), l.heads.lines);
    std::fflush(stdout);
  }

  const std::vector<std::string> sentences = {"The cat sat on the mat.", "the cat chased the mouse",
                                              "The animal didn't cross the street because it was too tired.",
                                              "Con mèo ngồi trên tấm thảm.",
                                              "Tôi tìm người bạn Bảo đội mũ đỏ trong đám đông."};
  // The card links the picture relative to itself when both are in one folder (docs/).
  const std::string svg_link =
      folder(svg_path) == folder(out_path) ? svg_path.substr(svg_path.rfind('/') + 1) : svg_path;
  uint32_t crc = 0;  // stored little-endian in the last four bytes (docs/model-format.md)
  for (int i = 0; i < 4; ++i) crc |= uint32_t(static_cast<uint8_t>(bytes[bytes.size() - 4 + i])) << (8 * i);
  const card::CardInputs in{
      m,    bytes.size(), crc,    langs,    manifest,  corpus_manifest,
      loss, model_path,   corpus, svg_link, max_lines, card::measure_examples(m.weights, m.vocab, sentences, 3)};
  std::ofstream svg(svg_path), out(out_path);
  svg << card::loss_curve_svg(loss);
  out << card::card_markdown(in);
  svg.close();
  out.close();
  if (!svg || !out) {
    std::fprintf(stderr, "model_card: cannot write %s or %s\n", out_path.c_str(), svg_path.c_str());
    return 1;
  }
  std::printf("model_card: wrote %s and %s (%zu loss rows)\n", out_path.c_str(), svg_path.c_str(), loss.rows.size());
  return 0;
}
