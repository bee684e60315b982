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

// A peer inspector: the states on top (on every tab), a tab bar, and the tabs' contents, all
// in the same `body` (one tab shows at a time, PeerTab in peer_view.h).
struct PeerPanel {
    Rect window;
    Rect states;        // two lines: signaling / gathering / ICE / connection
    Rect tabs;          // the tab bar
    Rect body;          // what the selected tab fills
    Rect cells[2][2];   // Descriptions: [kPending/kCurrent][kLocal/kRemote]
    Rect diagram;       // Signaling: the state machine's canvas (signaling_diagram.h)
    Rect transition;    // Signaling: the line under it that names the last transition
    Rect candidates;    // Candidates: the local, then the remote candidates
    Rect pairs;         // Checks: the check list's rows, under a legend line
    float row_h = 0;    // a row of the candidate and check lists

    // Row i of the check list while the list is not scrolled.
    Rect pair_row(std::size_t i) const { return Rect{pairs.x, pairs.y + row_h * static_cast<float>(i), pairs.w, row_h}; }
};

// The packet inspector: two heading lines, the field tree over the hex dump.
struct PacketPanel {
    Rect window;
    Rect heading;       // "Packet event N: kind (B bytes)" and the route
    Rect fields;        // the field tree, layer by layer (a framed child)
    Rect hex;           // the hex dump (a framed child): offset, 16 bytes, their ASCII per row
    float inner_pad = 0;  // between a child's frame and its first row (WindowPadding)

    // Where the hex dump's first row starts while the dump is not scrolled: the tests hover a
    // byte there (the rows' height and the columns depend on the font, measured by the view).
    float hex_rows_top() const { return hex.y + inner_pad; }
};

struct ScreenLayout {
    Metrics metrics;
    float width = 0, height = 0;
    Rect controls;      // timeline and controls, across the top
    Rect sequence;      // the sequence diagram (its canvas is the whole rect), top left
    Rect topology;      // networks, NATs with their tables, hosts: under the diagram, left
    Rect packet;        // the packet inspector: under the diagram, right
    PacketPanel packet_panel;  // its parts
    Rect lesson;        // lesson notes, at the bottom of the right column
    std::vector<PeerPanel> peers;  // the right column above the lesson, one per peer

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
