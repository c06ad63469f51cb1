// Measures the shipped model for docs/model-card.md: per-head behaviour over held-out sentences,
// held-out accuracy by source, the article's example sentences (attention + guesses). Writes JSON.
//   model_card --model=models/attention-model.bin --heldout=build-corpus/heldout.txt
//              --sources=165861,14878,969 --out=build-train/card.json [--lines=1000]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "head_behaviour.h"
#include "mlm.h"
#include "model_backward.h"
#include "model_file.h"
#include "trainer.h"
#include "wordpiece.h"

using namespace attn;

namespace {

std::string arg(int argc, char** argv, const std::string& key, const std::string& def) {
  const std::string k = "--" + key + "=";
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]).rfind(k, 0) == 0) return std::string(argv[i]).substr(k.size());
  return def;
}

std::string json_str(const std::string& s) {
  std::string o = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') o += '\\', o += ch;
    else if (static_cast<unsigned char>(ch) < 0x20) o += ' ';
    else o += ch;
  }
  return o + "\"";
}

std::string num(double v) {
  if (!std::isfinite(v)) return "null";
  char b[32];
  std::snprintf(b, sizeof b, "%.4f", v);
  return b;
}

// Mean of a share over sentences, skipping sentences where it does not exist (NaN).
struct Mean {
  double sum = 0;
  int n = 0;
  void add(float v) { if (std::isfinite(v)) sum += v, ++n; }
  double get() const { return n ? sum / n : NAN; }
};

struct HeadStats {
  Mean previous, next, self, first, same_word, punctuation, entropy, evenness;
  std::vector<int> habits = std::vector<int>(kHeadHabitCount, 0);
  void add(const HeadBehaviour& b) {
    previous.add(b.previous); next.add(b.next); self.add(b.self); first.add(b.first);
    same_word.add(b.same_word); punctuation.add(b.punctuation); entropy.add(b.entropy);
    evenness.add(b.evenness);
    ++habits[static_cast<int>(b.habit)];
  }
  std::string json() const {
    std::string s = "{\"previous\": " + num(previous.get()) + ", \"next\": " + num(next.get()) +
                    ", \"self\": " + num(self.get()) + ", \"first\": " + num(first.get()) +
                    ", \"same_word\": " + num(same_word.get()) + ", \"punctuation\": " + num(punctuation.get()) +
                    ", \"entropy\": " + num(entropy.get()) + ", \"evenness\": " + num(evenness.get()) + ", \"habits\": {";
    bool firstk = true;
    for (int h = 0; h < kHeadHabitCount; ++h) {
      if (!habits[h]) continue;
      s += std::string(firstk ? "" : ", ") + "\"" + head_habit_key(static_cast<HeadHabit>(h)) + "\": " + std::to_string(habits[h]);
      firstk = false;
    }
    return s + "}}";
  }
};

}  // namespace

int main(int argc, char** argv) {
  const std::string model_path = arg(argc, argv, "model", "models/attention-model.bin");
  const std::string held_path = arg(argc, argv, "heldout", "build-corpus/heldout.txt");
  const std::string out_path = arg(argc, argv, "out", "build-train/card.json");
  const int max_lines = std::atoi(arg(argc, argv, "lines", "1000").c_str());
  std::vector<long> source_sizes;
  std::vector<std::string> source_names = {"wordnet-base", "fortunes", "manpages-vi"};
  {
    std::stringstream ss(arg(argc, argv, "sources", ""));
    std::string x;
    while (std::getline(ss, x, ',')) source_sizes.push_back(std::atol(x.c_str()));
  }

  std::ifstream in(model_path, std::ios::binary);
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const ModelLoadResult m = load_model(bytes.data(), bytes.size());
  if (!m.ok()) {
    std::fprintf(stderr, "model_card: %s: %s\n", model_path.c_str(), m.message.c_str());
    return 1;
  }
  const ModelWeights& w = m.weights;
  const int L = w.cfg.n_layers, H = w.cfg.n_heads;
  std::vector<std::string> lines;
  {
    std::ifstream h(held_path);
    std::string l;
    while (std::getline(h, l)) lines.push_back(l);
  }

  // 1. Per-head behaviour: each held-out line alone, unmasked, as a reader would type it.
  std::vector<HeadStats> heads(L * H), uniform(1);
  ModelTrace t;
  int sentences = 0;
  long pieces = 0;
  for (int i = 0; i < static_cast<int>(lines.size()) && sentences < max_lines; ++i) {
    const TokenizedText tt = wordpiece_encode(m.vocab, lines[i], 128);
    const int n = static_cast<int>(tt.tokens.size());
    if (n < kMinTokensToTell) continue;
    std::vector<int> ids;
    for (const Token& p : tt.tokens) ids.push_back(p.id);
    model_forward(t, w, ids, AttentionOptions{}, false);
    for (int l = 0; l < L; ++l)
      for (int h = 0; h < H; ++h) heads[l * H + h].add(measure_head_behaviour(t.layers[l].attn.heads[h].weights, tt.tokens));
    uniform[0].add(measure_head_behaviour(Mat::Constant(n, n, 1.0f / n), tt.tokens));
    ++sentences;
    pieces += n;
  }

  // 2. Held-out accuracy by source (same protocol and seed as the manifest).
  std::vector<EvalResult> by_source(source_names.size());
  {
    EncodedCorpus held;
    std::vector<int> ids;
    for (const std::string& l : lines) {
      ids.clear();
      wordpiece_ids(m.vocab, l, ids);
      held.add_line(ids);
    }
    for (int k = 0; k < held.lines(); ++k) {
      if (held.length(k) == 0) continue;
      // Held-out line k was line 50k+49 of the de-duplicated corpus, whose sources come in order.
      long global = 50L * k + 49, acc = 0;
      std::size_t s = 0;
      while (s + 1 < source_sizes.size() && global >= acc + source_sizes[s]) acc += source_sizes[s++];
      if (s >= by_source.size()) continue;
      const Example ex = heldout_example(held, k, 1234, 128);
      model_forward(t, w, ex.input, AttentionOptions{}, false);
      int c1 = 0, c5 = 0;
      const float loss = mlm_loss_and_backward(nullptr, w, t, ex.positions, ex.targets, 1.0f, &c1, &c5);
      EvalResult& r = by_source[s];
      r.loss += loss;
      r.masked += static_cast<int>(ex.positions.size());
      r.correct1 += c1;
      r.correct5 += c5;
    }
  }

  // 3. The article's sentences: every head's weights, and the model's guesses for each piece hidden.
  const std::vector<std::string> examples = {
      "The cat sat on the mat.", "the cat chased the mouse",
      "The animal didn't cross the street because it was too tired.",
      "I like my new phone because it is fast.", "Con mèo ngồi trên tấm thảm."};
  std::ostringstream ex_json;
  for (std::size_t e = 0; e < examples.size(); ++e) {
    const TokenizedText tt = wordpiece_encode(m.vocab, examples[e], 128);
    std::vector<int> ids;
    for (const Token& p : tt.tokens) ids.push_back(p.id);
    model_forward(t, w, ids, AttentionOptions{}, false);
    ex_json << (e ? ",\n" : "") << "    {\"text\": " << json_str(examples[e]) << ", \"tokens\": [";
    for (std::size_t i = 0; i < tt.tokens.size(); ++i)
      ex_json << (i ? ", " : "") << "{\"text\": " << json_str(tt.tokens[i].text) << ", \"id\": " << tt.tokens[i].id
              << ", \"joins\": " << (tt.tokens[i].joins_previous ? "true" : "false") << ", \"unk\": "
              << (tt.tokens[i].id == kUnkId ? "true" : "false") << "}";
    ex_json << "],\n     \"weights\": [";
    for (int l = 0; l < L; ++l) {
      ex_json << (l ? ", " : "") << "[";
      for (int h = 0; h < H; ++h) {
        const Mat& a = t.layers[l].attn.heads[h].weights;
        ex_json << (h ? ", " : "") << "[";
        for (int i = 0; i < a.rows(); ++i) {
          ex_json << (i ? ", " : "") << "[";
          for (int j = 0; j < a.cols(); ++j) ex_json << (j ? "," : "") << num(a(i, j));
          ex_json << "]";
        }
        ex_json << "]";
      }
      ex_json << "]";
    }
    ex_json << "],\n     \"guesses\": [";
    for (std::size_t i = 0; i < ids.size(); ++i) {
      std::vector<int> masked = ids;
      masked[i] = kMaskId;
      model_forward(t, w, masked, AttentionOptions{}, false);
      const std::vector<Guess> g = top_guesses(w, m.vocab, t, static_cast<int>(i), 5);
      ex_json << (i ? ", " : "") << "[";
      for (std::size_t k = 0; k < g.size(); ++k)
        ex_json << (k ? ", " : "") << "{\"text\": " << json_str(g[k].text) << ", \"cont\": "
                << (g[k].continuation ? "true" : "false") << ", \"p\": " << num(g[k].prob) << "}";
      ex_json << "]";
    }
    ex_json << "]}";
  }

  std::ofstream o(out_path);
  o << "{\n  \"model\": " << json_str(w.name) << ", \"bytes\": " << bytes.size() << ", \"parameters\": " << param_count(w)
    << ", \"layers\": " << L << ", \"heads\": " << H << ",\n";
  o << "  \"behaviour\": {\"sentences\": " << sentences << ", \"pieces\": " << pieces
    << ", \"uniform\": " << uniform[0].json() << ", \"heads\": [\n";
  for (int l = 0; l < L; ++l)
    for (int h = 0; h < H; ++h)
      o << "    {\"layer\": " << l << ", \"head\": " << h << ", \"m\": " << heads[l * H + h].json() << "}"
        << (l * H + h + 1 < L * H ? ",\n" : "\n");
  o << "  ]},\n  \"by_source\": {";
  for (std::size_t s = 0; s < by_source.size(); ++s) {
    const EvalResult& r = by_source[s];
    o << (s ? ", " : "") << json_str(source_names[s]) << ": {\"masked\": " << r.masked << ", \"loss\": "
      << num(r.masked ? r.loss / r.masked : NAN) << ", \"top1\": " << num(r.top1()) << ", \"top5\": " << num(r.top5()) << "}";
  }
  o << "},\n  \"examples\": [\n" << ex_json.str() << "\n  ]\n}\n";
  if (!o) {
    std::fprintf(stderr, "model_card: cannot write %s\n", out_path.c_str());
    return 1;
  }
  std::printf("model_card: %d held-out sentences measured -> %s\n", sentences, out_path.c_str());
  return 0;
}
