#include "ui/gui/views/palette.h"

#include "sim/trace_format.h"

namespace rtclab::gui {

namespace {
bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
}  // namespace

Palette make_palette(bool dark) {
    Palette p;
    p.dark = dark;
    if (dark) {
        p.text = IM_COL32(230, 230, 230, 255);
        p.muted = IM_COL32(150, 150, 150, 255);
        p.lane = IM_COL32(90, 90, 100, 255);
        p.row_highlight = IM_COL32(80, 70, 30, 255);
        p.api = IM_COL32(110, 170, 255, 255);
        p.signal = IM_COL32(200, 140, 255, 255);
        p.packet = IM_COL32(130, 200, 130, 255);
        p.nat = IM_COL32(255, 160, 80, 255);
        p.drop = IM_COL32(255, 90, 90, 255);
        p.other = IM_COL32(190, 190, 190, 255);
        p.cell_null = IM_COL32(45, 45, 50, 255);
        p.cell_present = IM_COL32(30, 40, 60, 255);
        p.cell_returned_border = IM_COL32(110, 170, 255, 255);
        p.changed_line = IM_COL32(90, 80, 20, 255);
        p.verdict_valid = IM_COL32(110, 210, 110, 255);
        p.verdict_invalid = IM_COL32(255, 100, 100, 255);
        p.bytes_lit = IM_COL32(70, 90, 140, 255);
        p.nat_entry_missing = IM_COL32(90, 30, 30, 255);
        p.sig_node = IM_COL32(48, 48, 56, 255);
        p.sig_node_border = IM_COL32(120, 120, 130, 255);
        p.sig_lit_node = IM_COL32(150, 88, 222, 255);
        p.sig_lit_text = IM_COL32(255, 255, 255, 255);
        p.sig_edge = IM_COL32(140, 140, 150, 255);
        p.sig_last_edge = IM_COL32(255, 150, 30, 255);
        p.pair_selected_row = IM_COL32(28, 78, 44, 255);
    } else {
        p.text = IM_COL32(20, 20, 20, 255);
        p.muted = IM_COL32(110, 110, 110, 255);
        p.lane = IM_COL32(185, 185, 195, 255);
        p.row_highlight = IM_COL32(255, 240, 190, 255);
        p.api = IM_COL32(20, 90, 200, 255);
        p.signal = IM_COL32(130, 40, 180, 255);
        p.packet = IM_COL32(40, 130, 60, 255);
        p.nat = IM_COL32(200, 100, 0, 255);
        p.drop = IM_COL32(210, 30, 30, 255);
        p.other = IM_COL32(90, 90, 90, 255);
        p.cell_null = IM_COL32(228, 228, 228, 255);
        p.cell_present = IM_COL32(246, 250, 255, 255);
        p.cell_returned_border = IM_COL32(20, 90, 200, 255);
        p.changed_line = IM_COL32(255, 236, 150, 255);
        p.verdict_valid = IM_COL32(20, 130, 40, 255);
        p.verdict_invalid = IM_COL32(200, 20, 20, 255);
        p.bytes_lit = IM_COL32(190, 215, 255, 255);
        p.nat_entry_missing = IM_COL32(255, 222, 218, 255);
        p.sig_node = IM_COL32(238, 238, 244, 255);
        p.sig_node_border = IM_COL32(130, 130, 140, 255);
        p.sig_lit_node = IM_COL32(112, 40, 170, 255);
        p.sig_lit_text = IM_COL32(255, 255, 255, 255);
        p.sig_edge = IM_COL32(120, 120, 130, 255);
        p.sig_last_edge = IM_COL32(225, 110, 0, 255);
        p.pair_selected_row = IM_COL32(206, 238, 212, 255);
    }
    const ImU32 a = dark ? 70 : 60;
    p.phase[static_cast<int>(Phase::kNone)] = IM_COL32(128, 128, 128, a);
    p.phase[static_cast<int>(Phase::kSignaling)] = IM_COL32(130, 40, 180, a);
    p.phase[static_cast<int>(Phase::kGathering)] = IM_COL32(40, 130, 200, a);
    p.phase[static_cast<int>(Phase::kChecks)] = IM_COL32(40, 160, 60, a);
    p.phase[static_cast<int>(Phase::kDtls)] = IM_COL32(200, 120, 0, a);
    p.phase[static_cast<int>(Phase::kMedia)] = IM_COL32(200, 40, 40, a);
    return p;
}

ImU32 Palette::kind_colour(std::string_view kind) const {
    if (kind == "nat.drop" || sim::is_lost_datagram_kind(kind)) return drop;
    if (starts_with(kind, "pc.") || starts_with(kind, "app.")) return api;
    if (starts_with(kind, "signal.")) return signal;
    if (starts_with(kind, "nat.")) return nat;
    if (starts_with(kind, "packet.")) return packet;
    return other;
}

ImU32 Palette::pair_state_colour(std::string_view state) const {
    if (state == "succeeded") return packet;
    if (state == "failed") return drop;
    if (state == "in-progress") return nat;
    if (state == "waiting") return api;
    return muted;  // frozen
}

void apply_theme(bool dark, float scale) {
    ImGuiStyle& style = ImGui::GetStyle();
    style = ImGuiStyle();
    // Filled shapes here are nearly all axis-aligned rectangles, where the anti-aliasing fringe
    // adds triangles but no quality; under Mesa's software rasterizer it cost ~1 ms a frame.
    // Lines (arrows, links) stay anti-aliased.
    style.AntiAliasedFill = false;
    // The font atlas is sampled nearest (GlWindow::set_fonts): anti-aliased lines are made of
    // geometry instead of the atlas's baked line texture.
    style.AntiAliasedLinesUseTex = false;
    if (dark) {
        ImGui::StyleColorsDark();
    } else {
        ImGui::StyleColorsLight();
    }
    style.WindowRounding = 0;
    style.ChildRounding = 0;
    style.WindowBorderSize = 1;
    // Opaque backgrounds: the software rasterizer pays for every blended pixel.
    style.Colors[ImGuiCol_WindowBg].w = 1.0f;
    style.Colors[ImGuiCol_ChildBg].w = 0.0f;
    style.ScaleAllSizes(scale);
}

}  // namespace rtclab::gui
