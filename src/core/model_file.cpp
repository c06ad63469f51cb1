// Reads and writes the weights file; every length is checked against the bytes left before use.
#include "model_file.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "codebook.h"
#include "model_backward.h"

namespace attn {

const char* model_file_error_name(ModelFileError e) {
  switch (e) {
    case ModelFileError::Ok: return "ok";
    case ModelFileError::TooShort: return "too_short";
    case ModelFileError::BadMagic: return "bad_magic";
    case ModelFileError::UnsupportedVersion: return "unsupported_version";
    case ModelFileError::Truncated: return "truncated";
    case ModelFileError::SizeMismatch: return "size_mismatch";
    case ModelFileError::BadChecksum: return "bad_checksum";
    case ModelFileError::BadHyperParameters: return "bad_hyper_parameters";
    case ModelFileError::BadVocabulary: return "bad_vocabulary";
    case ModelFileError::BadTensor: return "bad_tensor";
  }
  return "unknown";
}

uint32_t crc32(const uint8_t* data, std::size_t size, uint32_t crc) {
  // The table of the reflected polynomial 0xEDB88320, built once (a function-local static is
  // initialised thread-safely).
  struct Table {
    uint32_t t[256];
    Table() {
      for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        t[i] = c;
      }
    }
  };
  static const Table table;
  crc = ~crc;
  for (std::size_t i = 0; i < size; ++i) crc = table.t[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

namespace {

// Little-endian writer: byte by byte, so the file is the same on any host.
struct Writer {
  std::vector<uint8_t> out;
  void u8(uint8_t v) { out.push_back(v); }
  void u32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(uint8_t(v >> (8 * i)));
  }
  void u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(uint8_t(v >> (8 * i)));
  }
  void f32(float f) {
    uint32_t v;
    std::memcpy(&v, &f, 4);
    u32(v);
  }
  void bytes(const void* p, std::size_t n) {
    const uint8_t* b = static_cast<const uint8_t*>(p);
    out.insert(out.end(), b, b + n);
  }
  void str32(const std::string& s) {
    u32(static_cast<uint32_t>(s.size()));
    bytes(s.data(), s.size());
  }
};

// Little-endian reader that never reads past the end: every read first checks what is left.
struct Reader {
  const uint8_t* p;
  std::size_t left;
  bool ok = true;
  bool need(std::size_t n) {
    if (!ok || left < n) ok = false;
    return ok;
  }
  uint8_t u8() {
    if (!need(1)) return 0;
    uint8_t v = p[0];
    p += 1;
    left -= 1;
    return v;
  }
  uint32_t u32() {
    if (!need(4)) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t(p[i]) << (8 * i);
    p += 4;
    left -= 4;
    return v;
  }
  uint64_t u64() {
    uint64_t lo = u32();
    uint64_t hi = u32();
    return lo | (hi << 32);
  }
  float f32() {
    uint32_t v = u32();
    float f;
    std::memcpy(&f, &v, 4);
    return f;
  }
  bool str(std::string& s, std::size_t n) {
    if (!need(n)) return false;
    s.assign(reinterpret_cast<const char*>(p), n);
    p += n;
    left -= n;
    return true;
  }
};

constexpr std::size_t kHeaderBytes = 8 + 4 + 4 + 8 + 6 * 4 + 4;  // up to and including n_tensors
constexpr uint32_t kMaxText = 4096;
constexpr uint8_t kRowInt8 = 1, kRowInt4 = 2;  // an Int4Int8Rows row's kind byte

// One Int8Row row's values (the scale already read and checked): q * scale, the loader's only int8 decode.
void read_int8_values(Reader& r, float scale, float* row, uint32_t cols) {
  for (uint32_t k = 0; k < cols; ++k) row[k] = static_cast<float>(static_cast<int8_t>(r.u8())) * scale;
}

ModelLoadResult fail(ModelFileError e, const std::string& msg) {
  ModelLoadResult r;
  r.error = e;
  r.message = msg;
  return r;
}

// Shapes every tensor must have, in param_list order, from the hyper-parameters alone.
ModelWeights shaped(const ModelConfig& c) {
  ModelWeights w;
  w.cfg = c;
  const int d = c.d_model, f = c.d_ff;
  w.tok_emb.resize(c.vocab_size, d);
  w.layers.resize(c.n_layers);
  for (LayerParams& l : w.layers) {
    l.ln1_g.resize(d);
    l.ln1_b.resize(d);
    l.ln2_g.resize(d);
    l.ln2_b.resize(d);
    l.attn.wq.resize(d, d);
    l.attn.wk.resize(d, d);
    l.attn.wv.resize(d, d);
    l.attn.wo.resize(d, d);
    l.attn.bq.resize(d);
    l.attn.bk.resize(d);
    l.attn.bv.resize(d);
    l.attn.bo.resize(d);
    l.w1.resize(d, f);
    l.b1.resize(f);
    l.w2.resize(f, d);
    l.b2.resize(d);
  }
  w.lnf_g.resize(d);
  w.lnf_b.resize(d);
  w.out_bias.resize(c.vocab_size);
  return w;
}

void write_int8_row(Writer& o, const float* row, int cols) {
  const float scale = int8_row_scale(row, cols);
  o.f32(scale);
  for (int k = 0; k < cols; ++k) o.u8(static_cast<uint8_t>(int8_index(row[k], scale)));
}

void write_int4_row(Writer& o, const float* x, int cols, float scale, const std::vector<float>& levels) {
  o.f32(scale);
  for (int k = 0; k < cols; k += 2) {
    const int lo = nearest_level(levels, scaled_value(x[k], scale));
    const int hi = k + 1 < cols ? nearest_level(levels, scaled_value(x[k + 1], scale)) : 0;
    o.u8(static_cast<uint8_t>(lo | (hi << 4)));
  }
}

// `fixed`: levels to use (sorted, kCodebookLevels of them); nullptr fits them to the data.
// `int8_rows`: for Int4Int8Rows, the rows stored in 8 bits (each row then starts with its kind).
void write_codebook(Writer& o, const float* data, int rows, int cols, const std::vector<float>* fixed,
                    const std::vector<uint8_t>* int8_rows) {
  const std::vector<float> scales = row_scales(data, rows, cols);
  const std::vector<float> levels = fixed ? *fixed : fit_tensor_codebook(data, rows, cols, int8_rows);
  for (float l : levels) o.f32(l);
  for (int r = 0; r < rows; ++r) {
    const float* x = data + std::size_t(r) * cols;
    if (int8_rows) o.u8((*int8_rows)[r] ? kRowInt8 : kRowInt4);
    if (int8_rows && (*int8_rows)[r])
      write_int8_row(o, x, cols);
    else
      write_int4_row(o, x, cols, scales[r], levels);
  }
}

}  // namespace

std::vector<uint8_t> save_model(const ModelWeights& w, const WordPieceVocab& vocab, const ModelFileInfo& info,
                                TensorCoding matrices) {
  return save_model(w, vocab, info,
                    [matrices](const std::string&, int rows) { return rows > 1 ? matrices : TensorCoding::F32; });
}

std::vector<uint8_t> save_model(const ModelWeights& w_in, const WordPieceVocab& vocab, const ModelFileInfo& info,
                                const CodingChooser& coding_for, const LevelsChooser& levels_for,
                                const Int8RowsChooser& int8_rows_for) {
  ModelWeights& w = const_cast<ModelWeights&>(w_in);  // param_list wants mutable; nothing is changed
  const ModelConfig& c = w.cfg;
  const std::vector<ParamRef> ps = param_list(w);
  Writer o;
  o.bytes(kModelMagic, 8);
  o.u32(kModelFormatVersion);
  o.u32(0);  // flags, reserved
  o.u64(0);  // file size, patched at the end
  for (int v : {c.vocab_size, c.d_model, c.n_layers, c.n_heads, c.d_ff, info.train_context})
    o.u32(static_cast<uint32_t>(v));
  o.u32(static_cast<uint32_t>(ps.size()));
  o.str32(w.name.substr(0, kMaxText));
  o.str32(info.description.substr(0, kMaxText));
  for (const std::string& p : vocab.pieces) {
    o.u8(static_cast<uint8_t>(std::min<std::size_t>(p.size(), 255)));
    o.bytes(p.data(), std::min<std::size_t>(p.size(), 255));
  }
  for (const ParamRef& p : ps) {
    o.u8(static_cast<uint8_t>(p.name.size()));
    o.bytes(p.name.data(), p.name.size());
    TensorCoding coding = coding_for(p.name, p.rows);
    const std::vector<uint8_t>* int8_rows = nullptr;
    if (coding == TensorCoding::Int4Int8Rows) {
      int8_rows = int8_rows_for ? int8_rows_for(p.name) : nullptr;
      if (!int8_rows || int8_rows->size() != std::size_t(p.rows)) {
        coding = TensorCoding::Int4Codebook;  // no row flags: every row in 4 bits
        int8_rows = nullptr;
      }
    }
    o.u8(static_cast<uint8_t>(coding));
    o.u32(static_cast<uint32_t>(p.rows));
    o.u32(static_cast<uint32_t>(p.cols));
    if (coding == TensorCoding::Int4Codebook || coding == TensorCoding::Int4Int8Rows) {
      const std::vector<float>* fixed = levels_for ? levels_for(p.name) : nullptr;
      if (fixed && (fixed->size() != std::size_t(kCodebookLevels) || !std::is_sorted(fixed->begin(), fixed->end())))
        fixed = nullptr;  // not a codebook: fit one rather than write a file the loader refuses
      write_codebook(o, p.data, p.rows, p.cols, fixed, int8_rows);
      continue;
    }
    for (int r = 0; r < p.rows; ++r) {
      const float* row = p.data + std::size_t(r) * p.cols;
      if (coding == TensorCoding::F32) {
        for (int k = 0; k < p.cols; ++k) o.f32(row[k]);
        continue;
      }
      write_int8_row(o, row, p.cols);  // the row's largest magnitude maps to 127: each row keeps its precision
    }
  }
  const uint64_t total = o.out.size() + 4;
  for (int i = 0; i < 8; ++i) o.out[16 + i] = uint8_t(total >> (8 * i));
  o.u32(crc32(o.out.data(), o.out.size()));
  return o.out;
}

ModelLoadResult load_model(const uint8_t* bytes, std::size_t size) {
  if (bytes == nullptr || size < kHeaderBytes + 4)
    return fail(ModelFileError::TooShort,
                "the model file is too short (" + std::to_string(size) + " bytes) to hold even its header");
  if (std::memcmp(bytes, kModelMagic, 8) != 0)
    return fail(ModelFileError::BadMagic, "this is not an attention-playground model file (wrong magic bytes)");
  Reader r{bytes + 8, size - 8};
  const uint32_t version = r.u32();
  if (version != kModelFormatVersion)
    return fail(ModelFileError::UnsupportedVersion, "the model file has format version " + std::to_string(version) +
                                                        ", this build reads version " +
                                                        std::to_string(kModelFormatVersion));
  r.u32();  // flags
  const uint64_t announced = r.u64();
  if (announced > size)
    return fail(ModelFileError::Truncated,
                "the model file is truncated: " + std::to_string(size) + " of " + std::to_string(announced) + " bytes");
  if (announced < size)
    return fail(ModelFileError::SizeMismatch,
                "the model file has " + std::to_string(size - announced) + " unexpected bytes after its end");
  uint32_t stored_crc = 0;
  for (int i = 0; i < 4; ++i) stored_crc |= uint32_t(bytes[size - 4 + i]) << (8 * i);
  if (crc32(bytes, size - 4) != stored_crc)
    return fail(ModelFileError::BadChecksum, "the model file is corrupted (checksum mismatch)");
  r.left = size - 4 - (r.p - bytes);  // the checksum is not payload

  ModelConfig c;
  c.vocab_size = static_cast<int>(std::min<uint32_t>(r.u32(), 1u << 30));
  c.d_model = static_cast<int>(std::min<uint32_t>(r.u32(), 1u << 30));
  c.n_layers = static_cast<int>(std::min<uint32_t>(r.u32(), 1u << 30));
  c.n_heads = static_cast<int>(std::min<uint32_t>(r.u32(), 1u << 30));
  c.d_ff = static_cast<int>(std::min<uint32_t>(r.u32(), 1u << 30));
  ModelFileInfo info;
  info.train_context = static_cast<int>(std::min<uint32_t>(r.u32(), 1u << 30));
  const uint32_t n_tensors = r.u32();
  if (c.vocab_size <= kNumSpecial || c.vocab_size > kMaxVocab || c.d_model < 1 || c.d_model > kMaxDModel ||
      c.n_layers < 1 || c.n_layers > kMaxLayers || c.n_heads < 1 || c.n_heads > kMaxHeads ||
      c.d_model % c.n_heads != 0 || c.d_ff < 1 || c.d_ff > kMaxDff || n_tensors != 3u + 16u * c.n_layers + 1u)
    return fail(ModelFileError::BadHyperParameters,
                "the model file has impossible sizes (vocab " + std::to_string(c.vocab_size) + ", d_model " +
                    std::to_string(c.d_model) + ", layers " + std::to_string(c.n_layers) + ", heads " +
                    std::to_string(c.n_heads) + ", d_ff " + std::to_string(c.d_ff) + ")");
  // The smallest possible payload for these sizes (every matrix in 4 bits) must fit in what is
  // left, so absurd-but-within-limits sizes are rejected before any allocation.
  {
    const uint64_t d = c.d_model, f = c.d_ff, v = c.vocab_size, L = c.n_layers;
    auto int4 = [](uint64_t rows, uint64_t cols) { return 4 * kCodebookLevels + rows * ((cols + 1) / 2 + 4); };
    const uint64_t min_bytes = int4(v, d) + L * (4 * int4(d, d) + int4(d, f) + int4(f, d));
    if (min_bytes > r.left)
      return fail(ModelFileError::BadHyperParameters, "the model file's sizes need at least " +
                                                          std::to_string(min_bytes) + " bytes but only " +
                                                          std::to_string(r.left) + " remain");
  }
  ModelLoadResult out;
  std::string name, description;
  uint32_t len = r.u32();
  if (len > kMaxText || !r.str(name, len))
    return fail(ModelFileError::BadHyperParameters, "the model name is missing or too long");
  len = r.u32();
  if (len > kMaxText || !r.str(description, len))
    return fail(ModelFileError::BadHyperParameters, "the model description is missing or too long");
  info.description = description;

  out.vocab.pieces.resize(c.vocab_size);
  for (int i = 0; i < c.vocab_size; ++i) {
    const uint8_t n = r.u8();
    if (!r.ok || n == 0 || !r.str(out.vocab.pieces[i], n))
      return fail(ModelFileError::BadVocabulary, "vocabulary entry " + std::to_string(i) + " is empty or cut off");
  }
  if (!out.vocab.rebuild_index())
    return fail(ModelFileError::BadVocabulary, "the vocabulary has duplicate pieces or wrong special tokens");

  out.weights = shaped(c);
  std::vector<ParamRef> ps = param_list(out.weights);
  for (const ParamRef& p : ps) {
    std::string tname;
    const uint8_t nlen = r.u8();
    r.str(tname, nlen);
    const uint8_t coding = r.u8();
    const uint32_t rows = r.u32(), cols = r.u32();
    if (!r.ok) return fail(ModelFileError::BadTensor, "the model file ends inside tensor " + p.name);
    if (tname != p.name || rows != uint32_t(p.rows) || cols != uint32_t(p.cols))
      return fail(ModelFileError::BadTensor, "expected tensor " + p.name + " [" + std::to_string(p.rows) + ", " +
                                                 std::to_string(p.cols) + "], found " + tname + " [" +
                                                 std::to_string(rows) + ", " + std::to_string(cols) + "]");
    if (coding == uint8_t(TensorCoding::F32)) {
      if (!r.need(std::size_t(rows) * cols * 4))
        return fail(ModelFileError::BadTensor, "tensor " + p.name + " is cut off");
      for (std::size_t k = 0; k < std::size_t(rows) * cols; ++k) p.data[k] = r.f32();
    } else if (coding == uint8_t(TensorCoding::Int8Row)) {
      if (!r.need(std::size_t(rows) * (cols + 4)))
        return fail(ModelFileError::BadTensor, "tensor " + p.name + " is cut off");
      for (uint32_t i = 0; i < rows; ++i) {
        const float scale = r.f32();
        if (!std::isfinite(scale))
          return fail(ModelFileError::BadTensor, "tensor " + p.name + " has a non-finite scale");
        read_int8_values(r, scale, p.data + std::size_t(i) * cols, cols);
      }
    } else if (coding == uint8_t(TensorCoding::Int4Codebook) || coding == uint8_t(TensorCoding::Int4Int8Rows)) {
      // Int4Int8Rows is Int4Codebook with a kind byte before each row, which may be an Int8Row row.
      const bool mixed = coding == uint8_t(TensorCoding::Int4Int8Rows);
      const std::size_t int4_row = 4 + (std::size_t(cols) + 1) / 2, int8_row = 4 + std::size_t(cols);
      if (!r.need(4 * kCodebookLevels + std::size_t(rows) * (int4_row + (mixed ? 1 : 0))))
        return fail(ModelFileError::BadTensor, "tensor " + p.name + " is cut off");
      Int4Coding& coded = out.int4.emplace_back();
      coded.name = p.name;
      coded.levels.resize(kCodebookLevels);
      coded.row_scales.resize(rows);
      if (mixed) coded.int8_rows.assign(rows, 0);
      float* levels = coded.levels.data();
      for (int l = 0; l < kCodebookLevels; ++l) {
        levels[l] = r.f32();
        if (!std::isfinite(levels[l]))
          return fail(ModelFileError::BadTensor, "tensor " + p.name + " has a non-finite level");
      }
      for (uint32_t i = 0; i < rows; ++i) {
        const uint8_t kind = mixed ? r.u8() : kRowInt4;
        if (kind != kRowInt4 && kind != kRowInt8)
          return fail(ModelFileError::BadTensor,
                      "tensor " + p.name + " row " + std::to_string(i) + " has unknown kind " + std::to_string(kind));
        if (!r.need(kind == kRowInt8 ? int8_row : int4_row))
          return fail(ModelFileError::BadTensor, "tensor " + p.name + " is cut off");
        const float scale = r.f32();
        if (!std::isfinite(scale))
          return fail(ModelFileError::BadTensor, "tensor " + p.name + " has a non-finite scale");
        coded.row_scales[i] = scale;
        float* row = p.data + std::size_t(i) * cols;
        if (kind == kRowInt8) {
          coded.int8_rows[i] = 1;
          read_int8_values(r, scale, row, cols);
          continue;
        }
        for (uint32_t k = 0; k < cols; k += 2) {
          const uint8_t b = r.u8();
          row[k] = levels[b & 15] * scale;
          if (k + 1 < cols) row[k + 1] = levels[b >> 4] * scale;
        }
      }
    } else {
      return fail(ModelFileError::BadTensor, "tensor " + p.name + " has unknown coding " + std::to_string(coding));
    }
    for (std::size_t k = 0; k < std::size_t(rows) * cols; ++k)
      if (!std::isfinite(p.data[k]))
        return fail(ModelFileError::BadTensor, "tensor " + p.name + " holds a non-finite value");
  }
  if (r.left != 0)
    return fail(ModelFileError::SizeMismatch,
                "the model file has " + std::to_string(r.left) + " bytes after its last tensor");
  out.weights.name = name;
  out.weights.trained = true;
  out.weights.trained_length = info.train_context;
  out.info = info;
  return out;
}

}  // namespace attn
