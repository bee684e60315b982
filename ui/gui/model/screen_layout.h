// ScreenLayout: the fixed, deterministic placement of every view for a window size and UI
// scale, and the rectangles of key elements (the highlighted arrow, each description cell),
// computed without GL so that tests can check the pixels of a screenshot.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "ui/gui/model/rect.h"
#include "ui/gui/model/session.h"

namespace rtclab::gui {

// Sizes in pixels at a UI scale (the font is DejaVu Sans at kBaseFontPx * scale).
struct Metrics {
    static constexpr float kBaseFontPx = 16.0f;

    explicit Metrics(float scale = 1.0f) : scale(scale) {}
    float scale;
    float font_px() const { return kBaseFontPx * scale; }
    float pad() const { return 8.0f * scale; }
    float line_h() const { return font_px() + 4.0f * scale; }
    float row_h() const { return font_px() + 8.0f * scale; }
    float band_w() const { return 22.0f * scale; }             // the phase bands' column
    float lane_header_h() const { return 2.0f * line_h() + 6.0f * scale; }  // staggered labels
    float controls_h() const { return 2.0f * (font_px() + 6.0f * scale) + 3.0f * pad(); }
    float lesson_h() const { return 4.0f * line_h() + 2.0f * pad(); }
};

struct PeerPanel {
    Rect window;
    Rect cells[2][2];   // [kPending/kCurrent][kLocal/kRemote]
    Rect pairs;         // the candidate pairs list
};

struct ScreenLayout {
    Metrics metrics;
    float width = 0, height = 0;
    Rect controls;      // timeline and controls, across the top
    Rect sequence;      // the sequence diagram (its canvas is the whole rect)
    Rect lesson;        // lesson notes, under the diagram
    std::vector<PeerPanel> peers;  // the right column, one per peer, top to bottom

    // Rows of the diagram that fit, and the first one shown for a highlighted row: the
    // highlighted row is kept in the middle third; deterministic for a given cursor.
    std::size_t visible_rows() const;
    std::size_t first_row(std::ptrdiff_t highlighted_row, std::size_t row_count) const;
    float rows_top() const { return sequence.y + metrics.lane_header_h(); }
    float lane_x(const SequenceLayout& layout, std::size_t lane) const;
    Rect row_rect(std::size_t row, std::size_t first_row) const;
};

ScreenLayout make_screen_layout(float width, float height, float scale, std::size_t peer_count);

// Where the load-error window goes (a file that does not open is shown, not a crash).
Rect error_window_rect(float width, float height);

// The rectangle of the highlighted event's arrow (or mark) on screen, if one is highlighted.
std::optional<Rect> highlighted_arrow_rect(const ScreenLayout& screen, const Session& session);

}  // namespace rtclab::gui
