// The sequence diagram: lanes as vertical lines, each visible event an arrow or a mark with
// its summary, phase bands on the left, the event at the cursor highlighted. Only the rows on
// screen are drawn (the layout was computed once; ScreenLayout picks the first row).
#include <algorithm>
#include <cmath>

#include "sim/trace_format.h"
#include "ui/gui/views/views.h"

namespace rtclab::gui {

namespace {

void draw_label(ImDrawList* dl, ImVec2 pos, ImU32 colour, const std::string& text, float max_w) {
    const float w = ImGui::CalcTextSize(text.c_str()).x;
    if (w <= max_w) {
        dl->AddText(pos, colour, text.c_str());
    } else {
        const ImVec4 clip(pos.x, pos.y, pos.x + max_w, pos.y + 1000.0f);
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), pos, colour, text.c_str(), nullptr, 0.0f, &clip);
    }
}

void draw_arrow(ImDrawList* dl, float xa, float xb, float y, ImU32 colour, float thickness, float head) {
    dl->AddLine(ImVec2(xa, y), ImVec2(xb, y), colour, thickness);
    const float dir = xb >= xa ? 1.0f : -1.0f;
    dl->AddTriangleFilled(ImVec2(xb, y), ImVec2(xb - dir * head, y - head * 0.6f), ImVec2(xb - dir * head, y + head * 0.6f),
                          colour);
}

// Text reading bottom to top, its baseline side on the left: Dear ImGui draws text
// horizontally only, so the glyph vertices it just added are turned a quarter turn about the
// text's origin (the idea of imgui issue #1286's ImRotateStart/ImRotateEnd).
void draw_vertical_text(ImDrawList* dl, ImVec2 bottom_left, ImU32 colour, const char* text) {
    const int first = dl->VtxBuffer.Size;
    dl->AddText(bottom_left, colour, text);
    for (int i = first; i < dl->VtxBuffer.Size; ++i) {
        ImVec2& p = dl->VtxBuffer[i].pos;
        const float dx = p.x - bottom_left.x, dy = p.y - bottom_left.y;
        p = ImVec2(bottom_left.x + dy, bottom_left.y - dx);
    }
}

}  // namespace

void draw_sequence(const Session& session, UiState& ui, const ScreenLayout& screen, const Palette& pal) {
    const Rect& c = screen.sequence;
    const Metrics& m = screen.metrics;
    if (!begin_fixed_window("Sequence diagram", c, 0.0f)) {
        ImGui::End();
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const sim::Trace& trace = session.trace();
    const SequenceLayout& layout = session.layout();
    const int detail = session.detail();
    const auto& rows = layout.rows(detail);
    const std::ptrdiff_t hrow = session.highlighted_row();
    const std::size_t first = screen.first_row(hrow, rows.size());
    const std::size_t last = std::min(rows.size(), first + screen.visible_rows());
    const float rows_top = screen.rows_top();

    // Phase bands: the bands overlapping the rows on screen (binary search by last row).
    const auto& bands = layout.bands(detail);
    auto band = std::lower_bound(bands.begin(), bands.end(), first,
                                 [](const PhaseBand& b, std::size_t row) { return b.last_row < row; });
    for (; band != bands.end() && band->first_row < last; ++band) {
        const std::size_t b0 = std::max(band->first_row, first), b1 = std::min(band->last_row + 1, last);
        const float y0 = rows_top + static_cast<float>(b0 - first) * m.row_h();
        const float y1 = rows_top + static_cast<float>(b1 - first) * m.row_h();
        const ImU32 colour = pal.phase[static_cast<int>(band->phase)];
        dl->AddRectFilled(ImVec2(c.x, y0), ImVec2(c.x + m.band_w(), y1), colour | IM_COL32(0, 0, 0, 255));
        if (band->phase == Phase::kNone) continue;
        if (band->first_row >= first) dl->AddLine(ImVec2(c.x + m.band_w(), y0), ImVec2(c.right(), y0), colour, 1.0f);
        // The phase's name runs up its own band, where no row label can cover it; a band too
        // short for it shows the name on hover.
        const char* name = phase_name(band->phase);
        const float tw = ImGui::CalcTextSize(name).x;
        if (tw + m.pad() <= y1 - y0) {
            const float x = std::floor(c.x + (m.band_w() - m.font_px()) / 2);
            draw_vertical_text(dl, ImVec2(x, std::floor(y1 - (y1 - y0 - tw) / 2)), pal.text, name);
        }
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        if (ImGui::IsWindowHovered() && mouse.x >= c.x && mouse.x < c.x + m.band_w() && mouse.y >= y0 && mouse.y < y1) {
            ImGui::SetTooltip("phase: %s", name);
        }
    }

    // Lanes: labels staggered over two lines so neighbours do not collide.
    const float lane_spacing = (c.w - m.band_w()) / static_cast<float>(std::max<std::size_t>(1, trace.lanes.size()));
    for (std::size_t i = 0; i < trace.lanes.size(); ++i) {
        const float x = screen.lane_x(layout, i);
        const std::string& label = trace.lanes[i].label;
        const float tw = std::min(ImGui::CalcTextSize(label.c_str()).x, 2.0f * lane_spacing - m.pad());
        const float y = c.y + 3.0f * m.scale + static_cast<float>(i % 2) * m.line_h();
        draw_label(dl, ImVec2(std::floor(x - tw / 2), y), pal.text, label, tw);
        dl->AddLine(ImVec2(x, y + m.font_px()), ImVec2(x, c.bottom()), pal.lane, 1.0f);
    }

    // Rows on screen.
    const float head = 6.0f * m.scale;
    const ImU32 lit_text = pal.dark ? IM_COL32(255, 255, 255, 255) : IM_COL32(0, 0, 0, 255);
    for (std::size_t r = first; r < last; ++r) {
        const std::size_t e = rows[r];
        const sim::Event& ev = trace.event(e);
        const Rect rr = screen.row_rect(r, first);
        const bool lit = static_cast<std::ptrdiff_t>(r) == hrow;
        const float xa = ev.lane_a == sim::kNoLane ? c.x + m.band_w() : screen.lane_x(layout, ev.lane_a);
        const bool arrow = ev.lane_b != sim::kNoLane && ev.lane_b != ev.lane_a;
        const float xb = arrow ? screen.lane_x(layout, ev.lane_b) : xa;
        if (lit) {
            dl->AddRectFilled(ImVec2(c.x + m.band_w(), rr.y), ImVec2(c.right(), rr.bottom()), pal.row_highlight);
            dl->AddRectFilled(ImVec2(std::min(xa, xb) - head, rr.y), ImVec2(std::max(xa, xb) + head, rr.bottom()),
                              pal.highlight);
        }
        const std::string kind = sim::event_kind(trace, e);
        const ImU32 colour = lit ? IM_COL32(0, 0, 0, 255) : pal.kind_colour(kind);
        const float ya = rr.bottom() - 4.0f * m.scale;
        const std::string& label = ui.labels.summary(trace, e);
        if (arrow) {
            draw_arrow(dl, xa, xb, ya, colour, lit ? 2.5f * m.scale : 1.5f * m.scale, head);
            if (lit && ui.playing) {
                // While playing, the message travels along its arrow until the next step.
                const float t = static_cast<float>(std::clamp(ui.play_accum, 0.0, 1.0));
                const ImVec2 at(xa + (xb - xa) * t, ya);
                dl->AddCircleFilled(at, 5.0f * m.scale, pal.kind_colour(kind), 12);
                dl->AddCircle(at, 5.0f * m.scale, IM_COL32(0, 0, 0, 255), 12, 1.5f * m.scale);
            }
            const float span = std::fabs(xb - xa);
            const float tw = ImGui::CalcTextSize(label.c_str()).x;
            // A label longer than its arrow grows toward the middle of the diagram.
            const bool right_half = (xa + xb) / 2 > c.x + c.w * 0.5f;
            const float x0 = tw <= span    ? std::min(xa, xb) + (span - tw) / 2
                             : right_half ? std::max(c.x + m.band_w(), std::max(xa, xb) - tw)
                                          : std::min(xa, xb) + 2.0f * m.scale;
            draw_label(dl, ImVec2(std::floor(x0), rr.y + 1.0f), lit ? lit_text : pal.text, label,
                       c.right() - x0 - m.pad());
        } else {
            dl->AddCircleFilled(ImVec2(xa, ya - 2.0f * m.scale), 4.0f * m.scale, colour);
            // Marks on the right half label to their left, so the text stays on screen.
            const float tw = ImGui::CalcTextSize(label.c_str()).x;
            const bool right_half = xa > c.x + c.w * 0.6f;
            const float x0 = right_half ? std::max(c.x + m.band_w(), xa - 8.0f * m.scale - tw) : xa + 8.0f * m.scale;
            draw_label(dl, ImVec2(std::floor(x0), rr.y + 1.0f), lit ? lit_text : pal.text, label,
                       right_half ? xa - x0 : c.right() - x0 - m.pad());
        }
    }

    // Hover: what the event is and why it happens.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (ImGui::IsWindowHovered() && mouse.y >= rows_top && mouse.y < c.bottom() && mouse.x >= c.x) {
        const auto r = first + static_cast<std::size_t>((mouse.y - rows_top) / m.row_h());
        if (r < last) {
            const std::size_t e = rows[r];
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
            ImGui::TextDisabled("#%zu  t = %.6f s  %s", e, static_cast<double>(trace.event(e).t_us) / 1e6,
                                sim::event_kind(trace, e).c_str());
            ImGui::TextUnformatted(ui.labels.summary(trace, e).c_str());
            const std::string why = sim::event_explain(trace, e);
            if (!why.empty()) {
                ImGui::Separator();
                ImGui::TextUnformatted(why.c_str());
            }
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
    }
    if (rows.empty()) {
        dl->AddText(ImVec2(c.x + m.band_w() + m.pad(), rows_top), pal.muted, "no events at this detail level");
    }
    ImGui::End();
}

}  // namespace rtclab::gui
