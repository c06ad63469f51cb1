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
  // links, heads, focus heads in colours
  {"Mỗi đường nối một từ hỏi (trái) với một từ được nhìn (phải). Đường càng dày, càng đậm = trọng số càng cao. Chạm một từ để chỉ giữ các đường của nó; chạm lại để bỏ.",
   "Each line joins an asking token (left) to a token it looks at (right). Thicker, more opaque = higher weight. Tap a token to keep only its lines; tap it again to release."},
  {"Giữ mạnh nhất", "Keep strongest"},
  {"%d đường / từ", "%d per token"},
  {"tất cả", "all"},
  {"Ẩn dưới", "Hide below"},
  {"từ hỏi", "asking"},
  {"được nhìn", "looked at"},
  {"mảnh = yếu, dày = mạnh", "thin = weak, thick = strong"},
  {"%d đường của %d đầu (tầng %d). Chạm một từ để xem riêng.",
   "%d lines from %d heads (layer %d). Tap a token to isolate it."},
  {"Đang giữ \"%s\": nó nhìn nhiều nhất tới \"%s\" (%.0f%%). Chạm lại để bỏ.",
   "Locked on \"%s\": it looks most at \"%s\" (%.0f%%). Tap it again to release."},
  {"Đang giữ \"%s\": %d đường tới nó. Chạm lại để bỏ.",
   "Locked on \"%s\": %d lines reach it. Tap it again to release."},
  {"Không còn đường nào: hạ ngưỡng hoặc bật lại một đầu.",
   "No lines left: lower the threshold or unmute a head."},
  {"Chạm để tắt/bật đầu này", "Tap to mute or unmute this head"},
  {"Mỗi ô vuông là bản đồ của một đầu (hàng hỏi, cột được nhìn). Chạm một ô để mở nó trong bản đồ nhiệt.",
   "Each square is one head's map (rows ask, columns are looked at). Tap a square to open it in the heatmap."},
  {"Mọi đầu, mỗi đầu một màu", "All heads, one colour each"},
  {"Tầng %d: mỗi đầu làm gì trên câu này (đo được)",
   "Layer %d: what each head does on this text (measured)"},
  {"Tắt", "Mute"},
  {"Riêng", "Solo"},
  {"(đã tắt)", "(muted)"},
  {"%d tầng x %d đầu. Tầng %d, đầu %d: %s.",
   "%d layers x %d heads. Layer %d, head %d: %s."},
  {"trước %s · sau %s · chính nó %s · từ đầu %s · cùng từ %s · dấu câu %s · entropy %.2f",
   "previous %s · next %s · itself %s · first %s · same word %s · punctuation %s · entropy %.2f"},
  {"Tỉ lệ = trọng số trung bình rơi vào loại từ đó. Nhãn chỉ đặt khi một loại chiếm từ 40%; \"—\" = không có trong câu.",
   "Share = the mean weight that goes to that kind of token. A label is given only when one kind takes 40% or more; \"—\" = not in this text."},
  {"chủ yếu nhìn từ ngay trước", "mostly looks at the previous word"},
  {"chủ yếu nhìn từ ngay sau", "mostly looks at the next word"},
  {"chủ yếu nhìn chính nó", "mostly looks at itself"},
  {"chủ yếu nhìn từ đầu tiên", "mostly looks at the first word"},
  {"chủ yếu nhìn cùng từ ở chỗ khác", "mostly looks at the same word elsewhere"},
  {"chủ yếu nhìn dấu câu", "mostly looks at punctuation"},
  {"chia đều sự chú ý", "spreads its attention evenly"},
  {"pha trộn, không thói quen nào trội", "mixed: no single habit stands out"},
  {"câu quá ngắn để nói", "text too short to tell"},
  {"từ trước", "previous"},
  {"từ sau", "next"},
  {"chính nó", "itself"},
  {"từ đầu", "first"},
  {"cùng từ", "same word"},
  {"dấu câu", "punctuation"},
  {"chia đều", "even"},
  {"pha trộn", "mixed"},
  {"quá ngắn", "too short"},
  {"Mọi đầu cùng lúc, mỗi đầu một màu: thanh càng dày, đầu đó càng chú ý tới từ ấy. Chạm một từ để chọn.",
   "Every head at once, one colour each: the thicker the bar, the more that head attends to the token. Tap a token to choose it."},
  {"\"%s\", nơi mỗi đầu nhìn nhiều nhất:", "\"%s\", where each head looks most:"},
  {"Thử một đoạn hội thoại", "Try a conversation"},
  {"Lan: Anh cho mèo ăn chưa? Minh: Rồi, anh cho nó ăn sáng nay. Lan: Sao nó còn kêu? Minh: Nó muốn ăn thêm, như mọi khi.",
   "Lan: Did you feed the cat? Minh: Yes, I fed her this morning. Lan: Then why is she still crying? Minh: She wants more, as always."},
  {"Không dựng được phần vẽ bằng GPU của chế độ xem này: ",
   "This view's GPU drawing could not be set up: "},
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
