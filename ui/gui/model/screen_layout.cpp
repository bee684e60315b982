#include "ui/gui/model/screen_layout.h"

#include <algorithm>
#include <cmath>

namespace rtclab::gui {

ScreenLayout make_screen_layout(float width, float height, float scale, std::size_t peer_count) {
    ScreenLayout s;
    s.metrics = Metrics(scale);
    s.width = width;
    s.height = height;
    const Metrics& m = s.metrics;
    const float left_w = std::floor(width * 0.58f);
    const float top = std::floor(m.controls_h());
    const float lesson_h = std::floor(m.lesson_h());
    const float body_h = std::max(0.0f, height - top);
    // The left column: the diagram over the topology and the packet inspector side by side.
    const float sequence_h = std::floor(body_h * 0.58f);
    const float topology_w = std::floor(left_w * 0.5f);
    s.controls = Rect{0, 0, width, top};
    s.sequence = Rect{0, top, left_w, sequence_h};
    s.topology = Rect{0, s.sequence.bottom(), topology_w, height - s.sequence.bottom()};
    s.packet = Rect{topology_w, s.sequence.bottom(), left_w - topology_w, height - s.sequence.bottom()};
    // The packet inspector: its heading, then the tree gets 55% of what is left, the dump the
    // rest (the dump's rows are short; the tree's open layers are long).
    {
        PacketPanel& pp = s.packet_panel;
        pp.window = s.packet;
        const Rect& w = s.packet;
        const float inner_w = std::max(0.0f, w.w - 2.0f * m.pad());
        const float gap = std::floor(4.0f * scale);  // ItemSpacing.y between the parts
        pp.inner_pad = m.pad();
        pp.heading = Rect{w.x + m.pad(), w.y + m.pad(), inner_w, 2.0f * m.line_h()};
        const float rest = std::max(0.0f, w.bottom() - m.pad() - pp.heading.bottom());
        const float fields_h = std::floor(rest * 0.55f);
        pp.fields = Rect{pp.heading.x, pp.heading.bottom(), inner_w, fields_h};
        pp.hex = Rect{pp.heading.x, pp.fields.bottom() + gap, inner_w, std::max(0.0f, rest - fields_h - gap)};
    }
    // The right column: one inspector per peer, the lesson under them.
    s.lesson = Rect{left_w, std::max(top, height - lesson_h), width - left_w, std::min(lesson_h, body_h)};
    const std::size_t n = std::max<std::size_t>(peer_count, 1);
    const float peer_h = std::floor((s.lesson.y - top) / static_cast<float>(n));
    for (std::size_t p = 0; p < peer_count; ++p) {
        PeerPanel panel;
        // The last panel takes the pixels the rounding left, so that the views tile the window.
        const float y = top + peer_h * static_cast<float>(p);
        panel.window = Rect{left_w, y, width - left_w, p + 1 == peer_count ? s.lesson.y - y : peer_h};
        const Rect& w = panel.window;
        const float inner_w = w.w - 2.0f * m.pad();
        // Two lines of states, the tab bar (a frame's height: the font and FramePadding.y = 3
        // scaled, as apply_theme sets it), then the tab's body.
        panel.states = Rect{w.x + m.pad(), w.y + m.pad(), inner_w, 2.0f * m.line_h()};
        panel.tabs = Rect{w.x + m.pad(), std::floor(panel.states.bottom() + 2.0f * scale), inner_w,
                          std::floor(m.font_px() + 6.0f * scale)};
        const float body_top = std::floor(panel.tabs.bottom() + 4.0f * scale);
        panel.body = Rect{w.x + m.pad(), body_top, inner_w, std::max(0.0f, w.bottom() - m.pad() - body_top)};
        const Rect& b = panel.body;
        // Descriptions: the grid under its column header, the row labels on its left.
        const float grid_top = b.y + m.line_h();
        const float label_w = std::floor(72.0f * scale);
        const float gap = std::floor(4.0f * scale);
        const float cell_w = std::floor((inner_w - label_w - gap) / 2.0f);
        const float cell_h = std::floor(std::max(0.0f, b.bottom() - grid_top - gap) / 2.0f);
        for (int slot = 0; slot < 2; ++slot) {
            for (int side = 0; side < 2; ++side) {
                panel.cells[slot][side] = Rect{std::floor(b.x + label_w + static_cast<float>(side) * (cell_w + gap)),
                                               std::floor(grid_top + static_cast<float>(slot) * (cell_h + gap)), cell_w, cell_h};
            }
        }
        // Signaling: the diagram over one line that names the last transition.
        panel.transition = Rect{b.x, std::max(b.y, b.bottom() - m.line_h()), b.w, std::min(m.line_h(), b.h)};
        panel.diagram = Rect{b.x, b.y, b.w, std::max(0.0f, panel.transition.y - gap - b.y)};
        // Candidates and Checks: lists of rows (the check list under its legend).
        panel.row_h = m.line_h();
        panel.candidates = b;
        panel.pairs = Rect{b.x, b.y + m.line_h(), b.w, std::max(0.0f, b.h - m.line_h())};
        s.peers.push_back(panel);
    }
    return s;
}

std::size_t ScreenLayout::visible_rows() const {
    const float h = sequence.bottom() - rows_top();
    if (h <= 0) return 0;
    return static_cast<std::size_t>(h / metrics.row_h());
}

std::size_t ScreenLayout::first_row(std::ptrdiff_t highlighted_row, std::size_t row_count) const {
    const std::size_t visible = visible_rows();
    if (row_count <= visible || highlighted_row < 0) return 0;
    const std::size_t want = static_cast<std::size_t>(highlighted_row) > visible / 2
                                 ? static_cast<std::size_t>(highlighted_row) - visible / 2
                                 : 0;
    return std::min(want, row_count - visible);
}

float ScreenLayout::lane_x(const SequenceLayout& layout, std::size_t lane) const {
    const float left = sequence.x + metrics.band_w();
    return std::floor(left + (sequence.w - metrics.band_w()) * layout.lane_fraction(lane));
}

Rect ScreenLayout::row_rect(std::size_t row, std::size_t first) const {
    return Rect{sequence.x, rows_top() + static_cast<float>(row - first) * metrics.row_h(), sequence.w, metrics.row_h()};
}

Rect error_window_rect(float width, float height) {
    return Rect{std::floor(width * 0.1f), std::floor(height * 0.2f), std::floor(width * 0.8f), std::floor(height * 0.5f)};
}

std::optional<Rect> highlighted_arrow_rect(const ScreenLayout& screen, const Session& session) {
    const auto row = session.highlighted_row();
    if (row < 0) return std::nullopt;
    const auto& rows = session.layout().rows(session.detail());
    const std::size_t first = screen.first_row(row, rows.size());
    const auto r = static_cast<std::size_t>(row);
    if (r < first || r >= first + screen.visible_rows()) return std::nullopt;
    const auto& ev = session.trace().event(rows[r]);
    const Rect band = screen.row_rect(r, first);
    const float xa = ev.lane_a == sim::kNoLane ? screen.sequence.x + screen.metrics.band_w()
                                                : screen.lane_x(session.layout(), ev.lane_a);
    const float xb = ev.lane_b == sim::kNoLane ? xa : screen.lane_x(session.layout(), ev.lane_b);
    const float half = 6.0f * screen.metrics.scale;
    const float x0 = std::min(xa, xb) - half, x1 = std::max(xa, xb) + half;
    return Rect{x0, band.y, x1 - x0, band.h};
}

}  // namespace rtclab::gui
