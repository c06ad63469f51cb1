// Turns the final training checkpoint into the shipped model (4-bit embedding, int8 matrices) + its manifest.
// Also measures what the manifest promises: held-out loss / top-1 / top-5 per language (F32 and
// shipped) and the accuracy on the committed held-out sample that the native test reproduces.
// Baselines (unigram, neighbour counts) are the model card's (tools/model_card.cpp).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "json_writer.h"
#include "frequent_rows.h"
#include "model_backward.h"
#include "model_file.h"
#include "trainer.h"
#include "wordpiece.h"

using namespace attn;

namespace {

constexpr int kSampleLines = 250;  // the committed sample the native test re-evaluates
constexpr uint64_t kEvalSeed = 1234;  // the masking seed of every held-out number
constexpr int kEvalMaxLen = 128;

std::string arg(int argc, char** argv, const std::string& key, const std::string& def) {
  const std::string k = "--" + key + "=";
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]).rfind(k, 0) == 0) return std::string(argv[i]).substr(k.size());
  return def;
}

bool read_bytes(const std::string& path, std::vector<uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return true;
}

std::vector<std::string> read_lines(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string l;
  while (std::getline(in, l)) out.push_back(l);
  return out;
}

EncodedCorpus encode(const std::vector<std::string>& lines, const WordPieceVocab& v) {
  EncodedCorpus c;
  std::vector<int> ids;
  for (const std::string& l : lines) {
    ids.clear();
    wordpiece_ids(v, l, ids);
    c.add_line(ids);
  }
  return c;
}

// The value of "sha256" inside the object that follows "key": in corpus-manifest.json.
std::string manifest_sha(const std::string& text, const std::string& key) {
  const std::size_t at = text.find("\"" + key + "\": {");
  if (at == std::string::npos) return "";
  const std::size_t s = text.find("\"sha256\": \"", at);
  if (s == std::string::npos) return "";
  return text.substr(s + 11, 64);
}

void write_eval(JsonWriter& j, const EvalResult& r) {
  j.begin_object().key("loss").value(r.loss).key("top1").value(r.top1()).key("top5").value(r.top5());
  j.key("masked").value(r.masked).end_object();
}

// One language's held-out result, as the manifest lists it.
struct LangResult {
  std::string lang;
  int lines = 0;
  long long pieces = 0;
  EvalResult f32, quantised;
};

}  // namespace

int main(int argc, char** argv) {
  const std::string ckpt = arg(argc, argv, "ckpt", "build-train/checkpoint.bin");
  const std::string corpus = arg(argc, argv, "corpus", "build-corpus");
  const std::string loss_csv = arg(argc, argv, "loss", "build-train/loss.csv");
  const std::string out_path = arg(argc, argv, "out", "models/attention-model.bin");
  const std::string manifest_path = arg(argc, argv, "manifest", "models/training-manifest.json");
  const std::string sample_path = arg(argc, argv, "sample", "models/heldout-sample.txt");
  const std::string settings = arg(argc, argv, "settings", "");

  // 1. The F32 weights from the checkpoint: [u64 n][model file][optimizer state...].
  std::vector<uint8_t> b;
  if (!read_bytes(ckpt, b) || b.size() < 8) {
    std::fprintf(stderr, "export_model: cannot read %s\n", ckpt.c_str());
    return 1;
  }
  uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= uint64_t(b[i]) << (8 * i);
  if (n > b.size() - 8) {
    std::fprintf(stderr, "export_model: %s is damaged\n", ckpt.c_str());
    return 1;
  }
  ModelLoadResult f32 = load_model(b.data() + 8, n);
  if (!f32.ok()) {
    std::fprintf(stderr, "export_model: %s: %s\n", ckpt.c_str(), f32.message.c_str());
    return 1;
  }
  const ModelConfig& c = f32.weights.cfg;

  // 2. Training facts from the loss curve (the last row is the final step).
  std::vector<std::string> rows = read_lines(loss_csv);
  if (rows.size() < 2) {
    std::fprintf(stderr, "export_model: %s has no rows\n", loss_csv.c_str());
    return 1;
  }
  std::vector<double> last;
  {
    std::stringstream ss(rows.back());
    std::string cell;
    while (std::getline(ss, cell, ',')) last.push_back(std::atof(cell.c_str()));
  }
  const long steps = static_cast<long>(last.at(0));
  const double final_train_loss = last.at(1), wall_s = last.at(7);
  std::map<std::string, std::string> set;
  {
    std::stringstream ss(settings);
    std::string kv;
    while (ss >> kv)
      if (kv.find('=') != std::string::npos) set[kv.substr(0, kv.find('='))] = kv.substr(kv.find('=') + 1);
  }

  // 3. Quantise, write, and load back what was written: every later number is the shipped file's.
  ModelWeights w = f32.weights;
  char name[160];
  std::snprintf(name, sizeof name, "trained masked-LM encoder (%d layers x %d heads, d_model %d, %ld steps)",
                c.n_layers, c.n_heads, c.d_model, steps);
  w.name = name;
  ModelFileInfo info;
  info.train_context = f32.info.train_context;
  info.description =
      "Trained by scripts/train-model.sh on English and Vietnamese prose from Debian packages "
      "(see models/corpus-manifest.json and models/training-manifest.json).";
  // Which tensors go in 4 bits (names, or ".suffix" for every layer's) and which vectors in int8:
  // chosen so the brotli-compressed file stays within its budget (docs/model-format.md, Size).
  auto listed = [](const std::string& list, const std::string& name) {
    std::vector<std::string> names;
    std::stringstream ss(list);
    for (std::string x; std::getline(ss, x, ',');) names.push_back(x);
    return tensor_listed(names, name);
  };
  const std::string int4 = arg(argc, argv, "int4", "tok_emb,.w2");
  const std::string int8_vectors = arg(argc, argv, "int8-vectors", "out_bias");
  // The levels quantisation-aware training ended with (train_model's qat-levels.txt), so the file
  // stores exactly the rounding the last steps adapted the weights to; without it, fitted here.
  std::map<std::string, std::vector<float>> qat_levels;
  const std::string levels_path = arg(argc, argv, "levels", "");
  std::ifstream in_levels;
  if (!levels_path.empty()) in_levels.open(levels_path);
  if (!levels_path.empty() && !in_levels) {
    std::printf("export_model: no levels file %s (a run without QAT): levels fitted here\n", levels_path.c_str());
  } else if (!levels_path.empty()) {
    const std::string text((std::istreambuf_iterator<char>(in_levels)), std::istreambuf_iterator<char>());
    Trainer::QatLevels q;
    if (!decode_qat_levels(text, &q)) {
      std::fprintf(stderr, "export_model: %s is not a levels file\n", levels_path.c_str());
      return 1;
    }
    for (std::size_t i = 0; i < q.names.size(); ++i) qat_levels[q.names[i]] = q.levels[i];
    std::printf("export_model: %zu tensors use the training run's levels (fitted at step %lld)\n", qat_levels.size(),
                static_cast<long long>(q.fitted_at));
  }
  // The token embedding's rows kept in 8 bits (train_model's int8-rows.txt, --int8-rows=K), so
  // tok_emb is written as Int4Int8Rows exactly as those steps rounded it.
  std::vector<uint8_t> int8_rows;
  const std::string rows_path = arg(argc, argv, "int8-rows", "");
  if (!rows_path.empty()) {
    std::ifstream in_rows(rows_path);
    const std::string text((std::istreambuf_iterator<char>(in_rows)), std::istreambuf_iterator<char>());
    if (!in_rows.is_open() || !decode_row_list(text, w.cfg.vocab_size, &int8_rows)) {
      std::fprintf(stderr, "export_model: %s is not a list of piece ids\n", rows_path.c_str());
      return 1;
    }
    std::printf("export_model: tok_emb keeps %ld rows in 8 bits (%s)\n", flagged_rows(int8_rows), rows_path.c_str());
  }
  const std::vector<uint8_t> bytes = save_model(
      w, f32.vocab, info,
      [&](const std::string& tensor, int rows) {
        if (tensor == "tok_emb" && !int8_rows.empty() && listed(int4, tensor)) return TensorCoding::Int4Int8Rows;
        if (listed(int4, tensor)) return TensorCoding::Int4Codebook;
        return rows > 1 || listed(int8_vectors, tensor) ? TensorCoding::Int8Row : TensorCoding::F32;
      },
      [&](const std::string& tensor) -> const std::vector<float>* {
        auto it = qat_levels.find(tensor);
        return it == qat_levels.end() ? nullptr : &it->second;
      },
      [&](const std::string& tensor) -> const std::vector<uint8_t>* {
        return tensor == "tok_emb" && !int8_rows.empty() ? &int8_rows : nullptr;
      });
  {
    std::ofstream o(out_path, std::ios::binary);
    o.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!o) {
      std::fprintf(stderr, "export_model: cannot write %s\n", out_path.c_str());
      return 1;
    }
  }
  const ModelLoadResult q = load_model(bytes.data(), bytes.size());
  if (!q.ok()) {
    std::fprintf(stderr, "export_model: the written file does not load: %s\n", q.message.c_str());
    return 1;
  }
  uint32_t file_crc = 0;
  for (int i = 0; i < 4; ++i) file_crc |= uint32_t(bytes[bytes.size() - 4 + i]) << (8 * i);

  // 4. Held-out numbers per language, F32 and shipped, and the committed sample (the first
  //    kSampleLines / 2 held-out lines of each language) that the native test re-evaluates.
  const std::vector<std::string> langs = {"en", "vi"};
  std::vector<double> shares = {0.55, 0.45};
  if (set.count("shares")) {
    std::stringstream ss(set["shares"]);
    shares.clear();
    for (std::string x; std::getline(ss, x, ',');) shares.push_back(std::atof(x.c_str()));
  }
  std::vector<EncodedCorpus> train(langs.size());
  std::vector<std::string> sample;
  std::vector<LangResult> by_lang;
  EvalResult all32, allq;
  double loss32 = 0, lossq = 0;
  for (std::size_t k = 0; k < langs.size(); ++k) {
    const std::vector<std::string> held_lines = read_lines(corpus + "/heldout-" + langs[k] + ".txt");
    train[k] = encode(read_lines(corpus + "/train-" + langs[k] + ".txt"), q.vocab);
    const EncodedCorpus held = encode(held_lines, q.vocab);
    const EvalResult e32 = evaluate(f32.weights, held, held.lines(), kEvalSeed, kEvalMaxLen);
    const EvalResult eq = evaluate(q.weights, held, held.lines(), kEvalSeed, kEvalMaxLen);
    for (auto [total, one, loss] : {std::tuple{&all32, &e32, &loss32}, std::tuple{&allq, &eq, &lossq}}) {
      total->masked += one->masked;
      total->correct1 += one->correct1;
      total->correct5 += one->correct5;
      *loss += one->loss * one->masked;
    }
    by_lang.push_back({langs[k], held.lines(), static_cast<long long>(held.ids.size()), e32, eq});
    sample.insert(sample.end(), held_lines.begin(),
                  held_lines.begin() + std::min<std::size_t>(kSampleLines / 2, held_lines.size()));
    std::printf("export_model: %s held-out top-1 %.4f / top-5 %.4f (shipped), %.4f / %.4f (f32), %d masked\n",
                langs[k].c_str(), eq.top1(), eq.top5(), e32.top1(), e32.top5(), eq.masked);
  }
  all32.loss = all32.masked ? loss32 / all32.masked : 0;
  allq.loss = allq.masked ? lossq / allq.masked : 0;
  {
    std::ofstream o(sample_path);
    for (const std::string& l : sample) o << l << '\n';
  }
  const EvalResult evs =
      evaluate(q.weights, encode(sample, q.vocab), static_cast<int>(sample.size()), kEvalSeed, kEvalMaxLen);

  // 5. Pieces seen: the batches are a pure function of (seed, step, shares), so they can be recounted.
  TrainConfig tc;
  tc.model = c;
  tc.seed = static_cast<uint64_t>(std::atoll(set.count("seed") ? set["seed"].c_str() : "1"));
  tc.batch = std::atoi(set.count("batch") ? set["batch"].c_str() : "32");
  tc.max_len = std::atoi(set.count("max_len") ? set["max_len"].c_str() : "128");
  tc.min_len = std::atoi(set.count("min_len") ? set["min_len"].c_str() : "8");
  CorpusMix mix;
  for (std::size_t k = 0; k < langs.size(); ++k) {
    mix.corpora.push_back(&train[k]);
    mix.shares.push_back(k < shares.size() ? shares[k] : 0.0);
  }
  long long tokens = 0;
  for (long s = 0; s < steps; ++s)
    for (int k = 0; k < tc.batch; ++k) tokens += static_cast<long long>(make_example(mix, tc, s, k).input.size());

  std::ifstream cm("models/corpus-manifest.json");
  const std::string corpus_manifest((std::istreambuf_iterator<char>(cm)), std::istreambuf_iterator<char>());
  char crc_hex[16];
  std::snprintf(crc_hex, sizeof crc_hex, "%08x", file_crc);

  JsonWriter j(JsonWriter::Style::Readable);
  j.begin_object().key("model_file").begin_object().key("path").value(out_path);
  j.key("bytes").value(static_cast<long long>(bytes.size())).key("crc32").value(crc_hex);
  const long rows8 = flagged_rows(int8_rows);
  j.key("format").value("docs/model-format.md version " + std::to_string(kModelFormatVersion) + ": 4-bit codebook " +
                        int4 +
                        (rows8 > 0 ? " (tok_emb's " + std::to_string(rows8) + " most frequent rows in 8 bits)" : "") +
                        ", other matrices and " + int8_vectors + " int8 per row, other vectors f32");
  j.key("name").value(w.name).end_object();
  j.key("architecture").begin_object().key("kind").value("bidirectional pre-layer-norm transformer encoder, masked-LM");
  j.key("vocab_size").value(c.vocab_size).key("d_model").value(c.d_model).key("n_layers").value(c.n_layers);
  j.key("n_heads").value(c.n_heads).key("d_ff").value(c.d_ff);
  j.key("parameters").value(static_cast<long long>(param_count(w))).key("positions").value("fixed sinusoidal");
  j.key("mlp").value("GELU (tanh)").key("output").value("tied to the token embedding, plus a bias").end_object();
  j.key("corpus").begin_object().key("manifest").value("models/corpus-manifest.json");
  for (const char* f : {"train-en", "train-vi", "heldout-en", "heldout-vi"})
    j.key(f + std::string("_sha256")).value(manifest_sha(corpus_manifest, f));
  for (std::size_t k = 0; k < langs.size(); ++k) {
    j.key("train_lines_" + langs[k]).value(train[k].lines());
    j.key("train_pieces_" + langs[k]).value(static_cast<long long>(train[k].ids.size()));
  }
  j.end_object();
  j.key("vocabulary").begin_object().key("size").value(q.vocab.size());
  j.key("kind").value(
      "WordPiece by tools/build_vocab: the examples' words, Vietnamese syllables (corpus + hunspell-vi) and frequent "
      "English words whole, then pair merges; greedy longest-match encoding, cased with a lower-case fallback for "
      "capitalised words, unknown characters -> [UNK]" +
      std::string(set.count("grow_min") ? "; grown at step " + set["steps"] +
                                              " (build_vocab --grow): every English word "
                                              "of the training text seen at least " +
                                              set["grow_min"] + " times that the first pieces split, appended whole"
                                        : ""));
  j.end_object();
  j.key("training").begin_object();
  for (const auto& [k, v] : set) j.key(k).value(v);
  j.key("steps_done").value(static_cast<long long>(steps)).key("tokens_seen").value(tokens);
  j.key("wall_time_s").value(wall_s).key("mean_tokens_per_s").value(tokens / std::max(1.0, wall_s));
  j.key("final_train_loss").value(final_train_loss);
  j.key("final_train_loss_note").value("mean over the last 50 steps, 80/10/10 masking").end_object();
  j.key("heldout").begin_object();
  j.key("protocol")
      .value("each held-out line alone (cut at " + std::to_string(kEvalMaxLen) + " pieces); seed " +
             std::to_string(kEvalSeed) +
             " picks 15% of its pieces (at least one), all replaced by [MASK]; loss in nats per masked "
             "piece");
  j.key("languages").begin_object();
  for (const LangResult& r : by_lang) {
    j.key(r.lang).begin_object().key("lines").value(r.lines).key("pieces").value(r.pieces);
    write_eval(j.key("f32"), r.f32);
    write_eval(j.key("quantised"), r.quantised);
    j.end_object();
  }
  j.end_object().key("all").begin_object();
  write_eval(j.key("f32"), all32);
  write_eval(j.key("quantised"), allq);
  j.end_object().end_object();
  j.key("test_sample").begin_object().key("file").value(sample_path);
  j.key("lines").value(static_cast<long long>(sample.size())).key("seed").value(static_cast<long long>(kEvalSeed));
  write_eval(j.key("quantised"), evs);
  j.end_object().end_object();
  std::ofstream mo(manifest_path);
  mo << j.str();
  if (!mo) {
    std::fprintf(stderr, "export_model: cannot write %s\n", manifest_path.c_str());
    return 1;
  }
  std::printf("export_model: %s (%zu bytes, crc32 %s); held-out top-1 %.4f (shipped), %.4f (f32); sample top-1 %.4f\n",
              out_path.c_str(), bytes.size(), crc_hex, allq.top1(), all32.top1(), evs.top1());
  return 0;
}
