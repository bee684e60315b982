// The packet inspector: the packet at the cursor (or the latest one shortly before it) as the
// tree of its fields, layer by layer — IPv4/UDP, STUN with integrity and fingerprint verdicts,
// TURN ChannelData, DTLS records, RTP/RTCP — over a hex dump of the whole frame (the bytes
// Wireshark shows for the pcapng export). Hovering a field lights its bytes; hovering a byte
// lights the innermost field that holds it. Everything shown is computed in the model when the
// cursor moves (PacketView); a frame only places pre-formatted text.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "ui/gui/views/views.h"

namespace rtclab::gui {

namespace {

constexpr int kNoField = -1;
constexpr float kMinHexFontScale = 0.75f;

ImVec4 colour(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

ImU32 tone_colour(FieldTone tone, const Palette& pal) {
    switch (tone) {
        case FieldTone::kValid: return pal.verdict_valid;
        case FieldTone::kInvalid:
        case FieldTone::kError: return pal.verdict_invalid;
        case FieldTone::kUnchecked: return pal.muted;
        case FieldTone::kPlain: break;
    }
    return pal.text;
}

// The fields [i, end) at one depth, recursing into open nodes. The model says which start open
// (payload layers and what carries them): the IP and UDP headers start closed, their one-line
// summaries say what matters, and the payload gets the room.
void draw_fields(const FieldTree& tree, std::size_t& i, std::size_t end, int lit, int& hovered, const Palette& pal) {
    while (i < end) {
        const PacketField& f = tree[i];
        const bool parent = f.has_children(i);
        ImGuiTreeNodeFlags flags = ImGuiTreeNodeFlags_SpanAvailWidth | ImGuiTreeNodeFlags_OpenOnArrow |
                                   ImGuiTreeNodeFlags_OpenOnDoubleClick;
        if (!parent) flags |= ImGuiTreeNodeFlags_Leaf | ImGuiTreeNodeFlags_NoTreePushOnOpen;
        if (f.expanded) flags |= ImGuiTreeNodeFlags_DefaultOpen;
        const void* id = reinterpret_cast<void*>(static_cast<std::intptr_t>(i));
        // The lit field, or the closed layer that holds it (a byte hovered in the dump names
        // its field; the tree shows where it is without unfolding under the reader's eyes).
        const bool holds_lit = parent && lit > static_cast<int>(i) && lit < static_cast<int>(f.end) &&
                               ImGui::GetStateStorage()->GetInt(ImGui::GetID(id), f.expanded ? 1 : 0) == 0;
        if (static_cast<int>(i) == lit || holds_lit) flags |= ImGuiTreeNodeFlags_Selected;
        const bool toned = f.tone != FieldTone::kPlain;
        if (toned) ImGui::PushStyleColor(ImGuiCol_Text, colour(tone_colour(f.tone, pal)));
        const bool open = ImGui::TreeNodeEx(id, flags, "%s", f.label.c_str());
        if (toned) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) {
            hovered = static_cast<int>(i);
            if (f.length > 0) {
                ImGui::SetTooltip("%s\nbytes %zu-%zu (%zu)", f.label.c_str(), f.offset, f.offset + f.length - 1, f.length);
            } else {
                ImGui::SetTooltip("%s", f.label.c_str());
            }
        }
        if (parent && open) {
            ++i;
            draw_fields(tree, i, f.end, lit, hovered, pal);
            ImGui::TreePop();
        } else {
            i = parent ? f.end : i + 1;
        }
    }
}

// Where the columns of the hex dump start, for the current font (gaps scale with it).
struct HexColumns {
    float offset_w, cell_w, group_gap, char_w, ascii_x, total_w;

    HexColumns() {
        const float em = ImGui::GetFontSize();
        offset_w = ImGui::CalcTextSize("0000").x + 0.6f * em;
        cell_w = ImGui::CalcTextSize("00").x + 0.25f * em;
        group_gap = 0.35f * em;  // between bytes 7 and 8
        char_w = ImGui::CalcTextSize("0").x;
        ascii_x = offset_w + static_cast<float>(kHexBytesPerRow) * cell_w + group_gap + 0.5f * em;
        total_w = ascii_x + static_cast<float>(kHexBytesPerRow) * char_w;
    }
    float byte_x(std::size_t col) const {
        return offset_w + static_cast<float>(col) * cell_w + (col >= kHexBytesPerRow / 2 ? group_gap : 0.0f);
    }
    // The column under x (relative to the row's left), or -1.
    int column_at(float x) const {
        for (std::size_t c = 0; c < kHexBytesPerRow; ++c) {
            if (x >= byte_x(c) && x < byte_x(c) + cell_w) return static_cast<int>(c);
            const float ax = ascii_x + static_cast<float>(c) * char_w;
            if (x >= ax && x < ax + char_w) return static_cast<int>(c);
        }
        return -1;
    }
};

// The hex dump: offset, 16 bytes, their ASCII. Returns the field under the mouse, or kNoField,
// and sets `hovered_byte` to the byte under it (or -1).
int draw_hex(const PacketView& p, int lit, const Palette& pal, std::ptrdiff_t& hovered_byte) {
    hovered_byte = -1;
    const float avail = ImGui::GetContentRegionAvail().x;
    HexColumns cols;
    // The pane is narrow (about 370 px at 1280x800): shrink the dump's font, but not below
    // legible; what still does not fit (the ASCII column) scrolls sideways.
    if (cols.total_w > avail && cols.total_w > 0) {
        ImGui::SetWindowFontScale(std::max(kMinHexFontScale, avail / cols.total_w));
        cols = HexColumns();
    }
    const float line_h = ImGui::GetTextLineHeight();
    const std::size_t lit_begin = lit >= 0 ? p.fields[static_cast<std::size_t>(lit)].offset : 0;
    const std::size_t lit_end = lit >= 0 ? lit_begin + p.fields[static_cast<std::size_t>(lit)].length : 0;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool window_hovered = ImGui::IsWindowHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    int hovered = kNoField;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(p.rows()), ImGui::GetTextLineHeightWithSpacing());  // Dummy + item spacing
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const ImVec2 o = ImGui::GetCursorScreenPos();
            const std::size_t first = static_cast<std::size_t>(r) * kHexBytesPerRow;
            const std::size_t count = std::min(kHexBytesPerRow, p.frame.size() - first);
            const std::string& offset = p.row_offsets[static_cast<std::size_t>(r)];
            dl->AddText(o, pal.muted, offset.c_str(), offset.c_str() + offset.size());
            int mouse_col = -1;
            if (window_hovered && mouse.y >= o.y && mouse.y < o.y + line_h) mouse_col = cols.column_at(mouse.x - o.x);
            for (std::size_t c = 0; c < count; ++c) {
                const std::size_t b = first + c;
                const float x = o.x + cols.byte_x(c);
                const float ax = o.x + cols.ascii_x + static_cast<float>(c) * cols.char_w;
                if (b >= lit_begin && b < lit_end) {
                    dl->AddRectFilled(ImVec2(x - 1, o.y), ImVec2(x + cols.cell_w - 1, o.y + line_h), pal.bytes_lit);
                    dl->AddRectFilled(ImVec2(ax, o.y), ImVec2(ax + cols.char_w, o.y + line_h), pal.bytes_lit);
                }
                if (static_cast<int>(c) == mouse_col) {
                    dl->AddRect(ImVec2(x - 1, o.y), ImVec2(x + cols.cell_w - 1, o.y + line_h), pal.text);
                    hovered_byte = static_cast<std::ptrdiff_t>(b);
                    const std::size_t field = p.field_of_byte[b];
                    if (field != FieldTree::kNone) hovered = static_cast<int>(field);
                }
                const char* hex = p.hex.data() + 2 * b;
                dl->AddText(ImVec2(x, o.y), pal.text, hex, hex + 2);
                const char* ch = p.ascii.data() + b;
                dl->AddText(ImVec2(ax, o.y), pal.muted, ch, ch + 1);
            }
            ImGui::Dummy(ImVec2(cols.total_w, line_h));
        }
    }
    ImGui::SetWindowFontScale(1.0f);
    return hovered;
}

}  // namespace

void draw_packet_inspector(const PacketView& packet, const PacketPanel& panel, const Metrics& m, const Palette& pal,
                           PacketHover& hover) {
    hover = PacketHover{};
    if (!begin_fixed_window("Packet inspector", panel.window, m.pad())) {
        ImGui::End();
        return;
    }
    ImGui::SetCursorScreenPos(ImVec2(panel.heading.x, panel.heading.y));
    ImGui::TextUnformatted("Packet");
    ImGui::SameLine();
    ImGui::TextColored(colour(packet.empty() ? pal.muted : pal.packet), "%s", packet.heading.c_str());
    if (!packet.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(colour(pal.muted), "(%zu bytes)", packet.frame.size());
    }
    if (packet.empty()) {
        ImGui::TextDisabled("Step to a packet event (detail 3 shows them) to see it decoded.");
        ImGui::End();
        return;
    }
    ImGui::TextColored(colour(pal.muted), "%s", packet.route.c_str());

    // Which field is lit: the one under the mouse in the tree (this frame), else the one whose
    // byte is under the mouse in the hex dump (last frame: the dump is drawn after the tree).
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID hex_hover_id = ImGui::GetID("hex hovered field");
    const int hex_hovered = storage->GetInt(hex_hover_id, kNoField);
    const int lit_from_hex = hex_hovered >= 0 && static_cast<std::size_t>(hex_hovered) < packet.fields.size() ? hex_hovered
                                                                                                            : kNoField;

    // The parts are placed where the layout says (tests hover them by its rectangles).
    int tree_hovered = kNoField;
    ImGui::SetCursorScreenPos(ImVec2(panel.fields.x, panel.fields.y));
    ImGui::BeginChild("fields", ImVec2(panel.fields.w, panel.fields.h), true);
    ImGui::PushStyleVar(ImGuiStyleVar_IndentSpacing, ImGui::GetFontSize() * 0.8f);
    std::size_t i = 0;
    draw_fields(packet.fields, i, packet.fields.size(), lit_from_hex, tree_hovered, pal);
    ImGui::PopStyleVar();
    ImGui::EndChild();

    const int lit = tree_hovered != kNoField ? tree_hovered : lit_from_hex;
    ImGui::SetCursorScreenPos(ImVec2(panel.hex.x, panel.hex.y));
    ImGui::BeginChild("hex", ImVec2(panel.hex.w, panel.hex.h), true, ImGuiWindowFlags_HorizontalScrollbar);
    const int byte_hovered = draw_hex(packet, lit, pal, hover.byte);
    if (hover.byte >= 0) {
        const auto b = static_cast<std::size_t>(hover.byte);
        const char* field = byte_hovered >= 0 ? packet.fields[static_cast<std::size_t>(byte_hovered)].label.c_str() : "";
        ImGui::SetTooltip("byte %zu = 0x%02x\n%s", b, static_cast<unsigned>(packet.frame[b]), field);
    }
    ImGui::EndChild();
    storage->SetInt(hex_hover_id, byte_hovered);
    hover.lit_field = lit;
    ImGui::End();
}

}  // namespace rtclab::gui
