// The string tables (Vietnamese first: the article's language). printf-style slots where noted.
#include "i18n.h"

namespace ui {

namespace {
struct Entry { const char* vi; const char* en; };

// Order must follow enum Str; the static_assert below keeps them in step.
const Entry kStrings[] = {
  {"Tập trung", "Focus"},
  {"Q-K-V từng bước", "Q-K-V flow"},
  {"Tìm bạn trong đám đông", "Crowd"},
  {"Bản đồ nhiệt", "Heatmap"},
  {"Đường nối", "Links"},
  {"Các đầu", "Heads"},
  {"Huấn luyện", "Train"},
  {"Tầng", "Layer"},
  {"Đầu", "Head"},
  {"Trung bình các đầu", "All heads (mean)"},
  {"Hai chiều", "Bidirectional"},
  {"Nhân quả (chỉ nhìn về trước)", "Causal (looks back only)"},
  {"Nhiệt độ", "Temperature"},
  {"Thấp: tập trung vào một từ. Cao: chia đều.", "Low: one winner. High: spread evenly."},
  {"Trọng số chưa huấn luyện (ngẫu nhiên)", "Untrained weights (random)"},
  {"Mô hình đã huấn luyện", "Trained model"},
  {"Hãy gõ một câu vào ô phía trên để xem sự chú ý.", "Type a sentence in the box above to see its attention."},
  {"Văn bản quá dài: chỉ dùng %d từ đầu tiên trong %d.", "Text too long: only the first %d of %d tokens are used."},
  {"Liên kết có vài giá trị không hợp lệ; các giá trị đó dùng mặc định.", "The link had some invalid values; those were reset to defaults."},
  {"Liên kết quá dài nên bị bỏ qua; đang hiện ví dụ mặc định.", "The link was too long and was ignored; showing the default example."},
  {"Liên kết được tạo bởi phiên bản mới hơn; đã đọc những gì có thể.", "The link comes from a newer version; what could be read was kept."},
  {"Không đọc được liên kết; đang hiện ví dụ mặc định.", "The link could not be read; showing the default example."},
  {"Hàng: từ đang hỏi (query). Cột: từ được nhìn tới (key). Sáng = trọng số cao.",
   "Row: the asking token (query). Column: the token looked at (key). Bright = high weight."},
  {"từ hỏi", "query"},
  {"từ được nhìn", "key"},
  {"\"%s\" nhìn \"%s\": %.4f", "\"%s\" looks at \"%s\": %.4f"},
  {"Phóng to", "Zoom in"},
  {"Thu nhỏ", "Zoom out"},
  {"Vừa khung", "Fit"},
  {"Chạm vào một từ để xem nó chú ý tới những từ nào.", "Tap a token to see which tokens it attends to."},
  {"Từ đang chọn: \"%s\"", "Chosen token: \"%s\""},
  {"\"%s\" chú ý nhiều nhất tới \"%s\" (%.0f%%)", "\"%s\" attends most to \"%s\" (%.0f%%)"},
  {"(đã ẩn)", "(hidden)"},
  {"Ẩn từ này", "Hide this token"},
  {"Hiện lại", "Show again"},
  {"Trung bình %d đầu", "Mean of %d heads"},
  {"Chú giải", "Legend"},
  {"thấp", "low"},
  {"cao", "high"},
  {"Đóng", "Dismiss"},
  {"Chế độ xem này chưa có trong phiên bản này.", "This view is not available in this version yet."},
};
static_assert(sizeof(kStrings) / sizeof(kStrings[0]) == static_cast<int>(Str::Count),
              "every Str needs a Vietnamese and an English text");
}  // namespace

const char* tr(Str key, attn::Lang lang) {
  const Entry& e = kStrings[static_cast<int>(key)];
  return lang == attn::Lang::Vi ? e.vi : e.en;
}

const char* view_title(attn::View v, attn::Lang lang) {
  return tr(static_cast<Str>(static_cast<int>(Str::ViewFocus) + static_cast<int>(v)), lang);
}

}  // namespace ui
