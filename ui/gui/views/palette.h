// Palette: the colours of rtclab's own drawing (arrows, highlights, description cells, pair
// states) for the light and dark themes. The highlight colour is opaque and exact so that
// screenshot tests can find it.
#pragma once

#include <string_view>

#include <imgui.h>

#include "ui/gui/model/detail_level.h"

namespace rtclab::gui {

inline constexpr ImU32 kHighlight = IM_COL32(255, 196, 0, 255);  // the event at the cursor
inline constexpr ImU32 kErrorBackground = IM_COL32(255, 228, 225, 255);  // the load-error window
inline constexpr ImU32 kNatEntryLit = IM_COL32(255, 214, 72, 255);  // the NAT table entry the event hit

struct Palette {
    bool dark = false;
    ImU32 text, muted, lane, row_highlight, highlight = kHighlight;
    ImU32 api, signal, packet, nat, drop, other;
    ImU32 phase[kPhaseCount];
    ImU32 cell_null, cell_present, cell_returned_border, changed_line;
    ImU32 nat_entry_lit = kNatEntryLit, nat_entry_missing;  // topology: NAT table rows
    // Peer inspector: the signaling state machine (the lit state and the last transition are
    // opaque and exact: screenshot tests look for them) and the check list's selected pair.
    ImU32 sig_node, sig_node_border, sig_lit_node, sig_lit_text, sig_edge, sig_last_edge;
    ImU32 pair_selected_row;
    // Packet inspector: integrity / checksum verdicts, and the bytes of the field under the mouse.
    ImU32 verdict_valid, verdict_invalid, bytes_lit;

    ImU32 kind_colour(std::string_view kind) const;
    ImU32 pair_state_colour(std::string_view state) const;
};

Palette make_palette(bool dark);
// Applies Dear ImGui's light or dark style, scaled, with opaque windows (no overdraw).
void apply_theme(bool dark, float scale);

}  // namespace rtclab::gui
