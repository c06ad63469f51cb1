// The weights file: a documented little-endian binary format (docs/model-format.md), load and save.
// Works on bytes in memory (the browser fetches them; the native tools read files), never throws.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "codebook.h"  // kCodebookLevels, fit_codebook
#include "model.h"
#include "wordpiece.h"

namespace attn {

constexpr char kModelMagic[8] = {'A', 'T', 'T', 'N', 'M', 'O', 'D', 'L'};
constexpr uint32_t kModelFormatVersion = 1;

// How a tensor's numbers are stored.
enum class TensorCoding : uint8_t {
  F32 = 0,  // 4-byte IEEE floats, exact
  Int8Row = 1,  // per row: one f32 scale, then cols signed bytes; value = q * scale, |q| <= 127
  Int4Codebook = 2,  // 16 f32 levels for the tensor, then per row: one f32 scale and cols 4-bit
  // indices (two a byte, low nibble first); value = levels[q] * scale
  Int4Int8Rows = 3,  // 16 f32 levels, then per row a u8 kind (1: the row as Int8Row, 2: as
  // Int4Codebook with the levels): a token embedding whose most frequent pieces keep 8 bits
};

// What can be wrong with a file, for the UI to translate; ModelLoadResult::message says it in English.
enum class ModelFileError : uint8_t {
  Ok = 0,
  TooShort,  // smaller than the fixed header
  BadMagic,  // not a model file of this project
  UnsupportedVersion,  // made by a newer or older format version
  Truncated,  // fewer bytes than the header announces (an interrupted download)
  SizeMismatch,  // more bytes than the header announces
  BadChecksum,  // the bytes were changed after saving
  BadHyperParameters,  // sizes outside the sane limits below, or inconsistent
  BadVocabulary,  // a piece is empty, duplicated or the specials are wrong
  BadTensor,  // a tensor with an unexpected name, shape or coding, or out of bytes
};
const char* model_file_error_name(ModelFileError e);  // "truncated", "bad_checksum", ...

// Sane limits checked before anything is allocated.
constexpr int kMaxVocab = 65536;
constexpr int kMaxDModel = 1024;
constexpr int kMaxLayers = 32;
constexpr int kMaxHeads = 64;
constexpr int kMaxDff = 8192;

struct ModelFileInfo {
  std::string description;  // free text, e.g. training summary; at most 4096 bytes
  int train_context = 0;  // the longest sequence seen in training (informative)
};

// A 4-bit tensor as the file codes it: its 16 levels and one scale per row. Kept so training can
// carry on from a shipped file and round exactly as the file did (restore_row_scales).
// For an Int4Int8Rows tensor, int8_rows flags its 8-bit rows (their row_scales entry is the
// Int8Row scale); for an Int4Codebook tensor it is empty.
struct Int4Coding {
  std::string name;
  std::vector<float> levels, row_scales;
  std::vector<uint8_t> int8_rows;
};

struct ModelLoadResult {
  ModelFileError error = ModelFileError::Ok;
  std::string message;  // English, names the problem; empty when ok
  ModelWeights weights;  // weights.name from the file, weights.trained = true
  WordPieceVocab vocab;
  ModelFileInfo info;
  std::vector<Int4Coding> int4;  // the Int4Codebook tensors, in file order
  bool ok() const { return error == ModelFileError::Ok; }
};

// Serialises w and its vocabulary, each tensor in the coding `coding_for(name, rows)` returns
// (the shipped file: a 4-bit embedding, int8 matrices; checkpoints: F32 everywhere).
using CodingChooser = std::function<TensorCoding(const std::string& name, int rows)>;
// levels_for(name): the 16 levels an Int4Codebook tensor must use (the ones quantisation-aware
// training adapted the weights to), or nullptr to fit them to the tensor.
using LevelsChooser = std::function<const std::vector<float>*(const std::string& name)>;
// int8_rows_for(name): an Int4Int8Rows tensor's row flags (size rows, nonzero = 8 bits), or nullptr
// for none (every row in 4 bits).
using Int8RowsChooser = std::function<const std::vector<uint8_t>*(const std::string& name)>;
std::vector<uint8_t> save_model(const ModelWeights& w, const WordPieceVocab& vocab, const ModelFileInfo& info,
                                const CodingChooser& coding_for, const LevelsChooser& levels_for = nullptr,
                                const Int8RowsChooser& int8_rows_for = nullptr);
// Matrices (rows > 1) as `matrices`, vectors (biases, gains) as F32.
std::vector<uint8_t> save_model(const ModelWeights& w, const WordPieceVocab& vocab, const ModelFileInfo& info,
                                TensorCoding matrices);

ModelLoadResult load_model(const uint8_t* bytes, std::size_t size);

// CRC-32 (IEEE 802.3, the zlib/PNG one) of a buffer.
uint32_t crc32(const uint8_t* data, std::size_t size, uint32_t crc = 0);

}  // namespace attn
