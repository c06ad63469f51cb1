// The glossary's words (Vietnamese first) and the "?" marker that opens them in a popup.
#include "glossary.h"

#include <algorithm>
#include <cfloat>
#include <string>

#include "imgui.h"
#include "imgui_internal.h"  // BeginPopupEx, ImHashStr: one popup id for markers anywhere
#include "ui_context.h"

namespace ui {

namespace {
struct Entry {
  const char* id;
  const char* vi_name;
  const char* vi;
  const char* en_name;
  const char* en;
};

// One row per Term, in the enum's order (the static_assert below keeps them in step). Written for
// a reader who has never met a transformer: what the thing is and why it is there, no formulas.
// clang-format off
const Entry kTerms[] = {
  {"token", "Mảnh (token)",
   "Mô hình không đọc cả câu một lúc mà cắt nó thành từng mảnh: thường là một từ, đôi khi là một phần của từ hay một dấu câu. Mỗi mảnh là một hàng trong các hình ở đây.",
   "Token (piece)",
   "The model does not read a sentence whole: it cuts it into pieces, usually a word, sometimes part of a word or a punctuation mark. Each piece is one row in the pictures here."},
  {"query", "Từ hỏi (query, Q)",
   "Từ đang đi tìm thông tin. Lần lượt từng từ đóng vai này: nó mang một dãy số (q) nói lên điều nó cần biết để hiểu chính mình.",
   "Query (Q)",
   "The word that is looking for information. Every word takes this role in turn: it carries a list of numbers (q) saying what it needs to know to make sense of itself."},
  {"key", "Từ được nhìn (key, K)",
   "Mỗi từ cũng mang một dãy số (k) giống như tấm nhãn tự giới thiệu. Từ hỏi đem điều mình cần so với nhãn của từng từ để biết nên nhìn ai.",
   "Key (K)",
   "Every word also carries a list of numbers (k), like a name tag describing itself. The asking word holds its need up against each tag to decide whom to look at."},
  {"value", "Giá trị (value, V)",
   "Thông tin mà một từ sẵn lòng trao cho từ hỏi (dãy số v). Nhãn k quyết định ai được nhìn; giá trị v mới là thứ thật sự được lấy về và trộn lại.",
   "Value (V)",
   "What a word is ready to hand over to the asking word (the list v). The tag k decides who gets looked at; the value v is what is actually taken and mixed."},
  {"score", "Điểm",
   "Một con số cho biết từ hỏi và một từ khác hợp nhau đến mức nào. Điểm càng cao, sau bước softmax từ đó càng được chú ý nhiều.",
   "Score",
   "One number saying how well the asking word and another word match. The higher the score, the more attention that word gets after the softmax step."},
  {"q_dot_k", "Q · K (tích vô hướng)",
   "Cách tính điểm: nhân từng cặp số nằm cùng chỗ trong q và k rồi cộng tất cả lại. Hai dãy số càng cùng chiều nhau thì tổng càng lớn.",
   "Q · K (dot product)",
   "How a score is worked out: multiply the numbers of q and k that sit in the same place, pair by pair, and add it all up. The more the two lists point the same way, the larger the total."},
  {"softmax", "Softmax",
   "Bước đổi một hàng điểm thành các phần dương cộng lại đúng 100%. Điểm lớn hơn nhận phần lớn hơn hẳn, nhưng không từ nào bị hạ về đúng 0.",
   "Softmax",
   "The step that turns a row of scores into positive shares adding up to exactly 100%. A bigger score gets a much bigger share, yet no word drops to exactly zero."},
  {"weight", "Trọng số chú ý",
   "Phần sự chú ý một từ dành cho mỗi từ khác, từ 0 đến 1; các trọng số của một từ cộng lại bằng 1. Ô sáng, đường đậm là trọng số cao.",
   "Attention weight",
   "The share of a word's attention that goes to each other word, from 0 to 1; one word's weights add up to 1. Bright cells and thick lines are high weights."},
  {"layer", "Tầng",
   "Mô hình xử lý câu qua nhiều lượt nối tiếp nhau; mỗi lượt là một tầng. Tầng sau bắt đầu từ kết quả của tầng trước nên nắm được những quan hệ xa hơn.",
   "Layer",
   "The model goes over the sentence in several passes, one after another; each pass is a layer. A later layer starts from what the earlier ones made, so it can catch looser links."},
  {"head", "Đầu chú ý (head)",
   "Trong mỗi tầng có vài đầu làm việc song song, mỗi đầu tự học một cách nhìn riêng (ví dụ: luôn nhìn từ ngay trước). Kết quả của các đầu được ghép lại với nhau.",
   "Attention head",
   "Each layer has a few heads working side by side, each learning its own way of looking (for example: always at the word just before). Their results are put together."},
  {"temperature", "Nhiệt độ",
   "Một núm vặn của bước softmax: thấp thì từ điểm cao nhất lấy gần hết sự chú ý, cao thì sự chú ý rải đều hơn. Mô hình thật luôn dùng 1.",
   "Temperature",
   "A dial on the softmax step: low lets the top-scoring word take nearly all the attention, high spreads it more evenly. The real model always uses 1."},
  {"contribution", "Đóng góp",
   "Trọng số chỉ cho biết một từ được nhìn bao nhiêu. Đóng góp tính thêm lượng thông tin nó thật sự gửi đi: được nhìn nhiều mà gửi rất ít thì đóng góp vẫn nhỏ.",
   "Contribution",
   "A weight only says how much a word is looked at. Contribution also counts how much information it really sends: looked at a lot but sending very little still means a small contribution."},
  {"rollout", "Lan qua các tầng (rollout)",
   "Nối bản đồ chú ý của các tầng với nhau để ước đoán thông tin ở tầng đang xem đến từ những từ nào của câu gốc. Đây là ước đoán, không phải phép đo chính xác.",
   "Rollout",
   "Chains the layers' attention maps together to guess which words of the original sentence the current layer's information comes from. A rough estimate, not an exact measurement."},
  {"loss", "Độ lỗi (loss)",
   "Một con số đo mô hình trả lời sai đến đâu trên các ví dụ luyện tập. Học nghĩa là chỉnh các con số bên trong từng chút một để độ lỗi giảm dần.",
   "Loss",
   "One number measuring how wrong the model's answers are on its practice examples. Training means nudging the numbers inside it, bit by bit, so that the loss goes down."},
  {"hidden_state", "Trạng thái ẩn",
   "Dãy con số mô hình dùng để ghi nhớ một từ ở một tầng: nghĩa của từ, vị trí của nó và những gì nó đã lấy từ các từ khác. Từng số riêng lẻ không đọc ra nghĩa; chỉ cả dãy mới có nghĩa.",
   "Hidden state",
   "The list of numbers the model keeps for a word at one layer: its meaning, its place in the sentence and what it has gathered from other words. No single number means anything on its own; only the whole list does."},
  {"d_model", "Số chiều (d_model, d_k)",
   "Một dãy có bao nhiêu con số. d_model: số con số ghi một từ trong mô hình; d_k: số con số trong q và k của một đầu. Nhiều số hơn thì ghi được nhiều chi tiết hơn.",
   "Dimensions (d_model, d_k)",
   "How many numbers a list holds. d_model: the numbers that hold a word inside the model; d_k: the numbers in one head's q and k. More numbers can hold more detail."},
  {"mask", "Mặt nạ",
   "Quy tắc cấm một số cặp từ nhìn nhau. Chế độ nhân quả chỉ cho mỗi từ nhìn các từ đứng trước nó, như khi đoán chữ tiếp theo mà chưa biết phần sau.",
   "Mask",
   "A rule that forbids some pairs of words from looking at each other. The causal mode lets each word see only the words before it, as when guessing the next word without knowing what follows."},
  {"context", "Ngữ cảnh",
   "Kết quả của một đầu cho một từ: các giá trị v được trộn theo trọng số. Nhờ vậy từ đó mang theo một ít thông tin của những từ nó đã nhìn.",
   "Context",
   "A head's result for one word: the values v mixed by the weights. This way the word carries a little information from the words it looked at."},
  {"learning_rate", "Tốc độ học",
   "Mỗi bước học, mô hình sửa các con số bên trong một chút theo hướng làm độ lỗi giảm. Tốc độ học là độ lớn của mỗi lần sửa: lớn quá thì chao đảo, nhỏ quá thì học rất lâu.",
   "Learning rate",
   "At each training step the model adjusts its inner numbers a little, in the direction that lowers the loss. The learning rate is how big each adjustment is: too big and it wobbles, too small and it takes ages."},
  {"seed", "Hạt giống",
   "Con số chọn điểm xuất phát ngẫu nhiên của mô hình trước khi học. Cùng hạt giống thì lần học lặp lại y hệt; hạt giống khác cho một lần học khác.",
   "Seed",
   "The number that picks the model's random starting point before training. The same seed repeats a run exactly; another seed gives a different run."},
};
// clang-format on
static_assert(sizeof(kTerms) / sizeof(kTerms[0]) == static_cast<int>(Term::Count),
              "every Term needs an id, a name and a text in both languages");

// One popup for every marker: its id must not depend on where the marker sat in the ID stack.
ImGuiID popup_id() { return ImHashStr("##attn-glossary"); }
}  // namespace

const char* term_id(Term t) { return kTerms[static_cast<int>(t)].id; }
const char* term_name(Term t, attn::Lang lang) {
  const Entry& e = kTerms[static_cast<int>(t)];
  return lang == attn::Lang::Vi ? e.vi_name : e.en_name;
}
const char* term_text(Term t, attn::Lang lang) {
  const Entry& e = kTerms[static_cast<int>(t)];
  return lang == attn::Lang::Vi ? e.vi : e.en;
}

void term_help(UiContext& ctx, std::initializer_list<Term> terms, bool same_line) {
  IM_ASSERT(terms.size() >= 1 && terms.size() <= 3);
  if (terms.size() == 0) return;
  GlossaryUi& g = ctx.glossary;
  const int frame = ImGui::GetFrameCount();
  // Markers of earlier frames go the first time a marker is drawn in a new one.
  if (!g.markers.empty() && g.markers.front().frame != frame) g.markers.clear();
  const float font = ImGui::GetFontSize();
  // As tall as the item it follows (a combo's frame, a line of text), at least a line: a finger
  // needs the height more than the width.
  float h = font;
  if (same_line) {
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    // The line's height (a text aligned to a frame's padding is on a frame-tall line too).
    h = std::clamp(ImGui::GetCurrentWindow()->DC.CurrLineSize.y, font, ImGui::GetFrameHeight());
  }
  const ImVec2 size(std::max(font * 1.25f, h), h);
  ImGui::PushID(static_cast<int>(*terms.begin()));
  ImGui::PushID(static_cast<int>(g.markers.size()));
  const bool clicked = ImGui::InvisibleButton("##term", size);
  ImGui::PopID();
  ImGui::PopID();
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const bool hot = ImGui::IsItemHovered() || ImGui::IsItemActive();
  // A small round "?" in the theme's button colours, centred in the tap area.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 c((a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f);
  const float r = font * 0.48f;
  dl->AddCircleFilled(c, r, ImGui::GetColorU32(hot ? ImGuiCol_ButtonHovered : ImGuiCol_Button));
  dl->AddCircle(c, r, ImGui::GetColorU32(ImGuiCol_TextDisabled), 0, std::max(1.0f, ctx.scale));
  const float q = font * 0.8f;
  const ImVec2 qs = ImGui::GetFont()->CalcTextSizeA(q, FLT_MAX, 0, "?");
  dl->AddText(ImGui::GetFont(), q, ImVec2(c.x - qs.x * 0.5f, c.y - qs.y * 0.5f), ImGui::GetColorU32(ImGuiCol_Text),
              "?");
  g.markers.push_back({std::vector<Term>(terms), a.x, a.y, b.x, b.y, frame});
  if (clicked) {
    g.open.assign(terms);
    g.anchor_x0 = a.x;
    g.anchor_y0 = a.y;
    g.anchor_y1 = b.y;
    ImGui::OpenPopup(popup_id());
  }
}

void help_with_terms(UiContext& ctx, const char* text, std::initializer_list<Term> terms) {
  // The marker leads the paragraph: after wrapped text it would sit at the paragraph's top right.
  term_help(ctx, terms, false);
  ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

void draw_glossary_popup(UiContext& ctx) {
  GlossaryUi& g = ctx.glossary;
  const int frame = ImGui::GetFrameCount();
  if (!g.markers.empty() && g.markers.front().frame != frame) g.markers.clear();
  g.popup.shown = false;
  g.popup.text.clear();
  const attn::Lang lang = ctx.session->state().lang;
  const float font = ImGui::GetFontSize();
  // Wide enough for two short lines of a sentence on a desktop, never wider than a phone's screen.
  const float width = std::min(font * 24, static_cast<float>(ctx.display_w) - font * 1.5f);
  const float w = std::max(font * 8, width);
  ImGui::SetNextWindowSize(ImVec2(w, 0));
  // Its height, measured before it is drawn: it goes under its marker when it fits there on the
  // screen, else over it, else where there is more room, and always inside the visible band.
  const ImGuiStyle& style = ImGui::GetStyle();
  const float wrap = w - style.WindowPadding.x * 2;
  float h = style.WindowPadding.y * 2;
  for (Term t : g.open)
    h += ImGui::CalcTextSize(term_name(t, lang), nullptr, false, wrap).y +
         ImGui::CalcTextSize(term_text(t, lang), nullptr, false, wrap).y + style.ItemSpacing.y * 3;
  const float top = std::max(0.0f, g.visible_y0), bottom = std::min(static_cast<float>(ctx.display_h), g.visible_y1);
  const float gap = font * 0.25f, below = bottom - (g.anchor_y1 + gap), over = g.anchor_y0 - gap - top;
  float y = h <= below || below >= over ? g.anchor_y1 + gap : g.anchor_y0 - gap - h;
  y = std::max(top, std::min(y, bottom - h));
  const float x = std::clamp(g.anchor_x0 - font, font * 0.5f, std::max(font * 0.5f, ctx.display_w - w - font * 0.5f));
  ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always);
  if (!ImGui::BeginPopupEx(popup_id(),
                           ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove)) {
    g.open.clear();
    return;
  }
  bool first = true;
  for (Term t : g.open) {
    if (!first) ImGui::Spacing();
    first = false;
    // The name in the theme's accent (the check mark's colour), the sentence in plain text.
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_CheckMark));
    ImGui::TextWrapped("%s", term_name(t, lang));
    ImGui::PopStyleColor();
    ImGui::TextWrapped("%s", term_text(t, lang));
    g.popup.text += std::string(term_name(t, lang)) + "\n" + term_text(t, lang) + "\n";
  }
  const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
  g.popup = {p.x, p.y, p.x + s.x, p.y + s.y, true, g.popup.text};
  ImGui::EndPopup();
}

}  // namespace ui
