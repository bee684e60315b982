// The peer inspector: signalingState, the four descriptions as a 2x2 grid (pending/current x
// local/remote) with null shown as null, which one localDescription / remoteDescription returns,
// SDP lines changed since the previous step, the gathering/ICE/connection states, and the
// candidate pairs coloured by state.
#include <string>

#include "ui/gui/views/views.h"

namespace rtclab::gui {

namespace {

// The attribute's value: a frame, just outside the cell, around the description that
// localDescription / remoteDescription returns (exact pixels: filled strips, not lines).
void draw_returned_frame(ImDrawList* dl, const Rect& r, ImU32 colour) {
    const float a = 3.0f, b = 1.0f;
    dl->AddRectFilled(ImVec2(r.x - a, r.y - a), ImVec2(r.right() + a, r.y - b), colour);
    dl->AddRectFilled(ImVec2(r.x - a, r.bottom() + b), ImVec2(r.right() + a, r.bottom() + a), colour);
    dl->AddRectFilled(ImVec2(r.x - a, r.y - a), ImVec2(r.x - b, r.bottom() + a), colour);
    dl->AddRectFilled(ImVec2(r.right() + b, r.y - a), ImVec2(r.right() + a, r.bottom() + a), colour);
}

void draw_cell(const char* id, const DescriptionView& d, const Rect& r, int side, const Metrics& m, const Palette& pal) {
    if (d.returned) draw_returned_frame(ImGui::GetWindowDrawList(), r, pal.cell_returned_border);
    ImGui::SetCursorScreenPos(ImVec2(r.x, r.y));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, ImGui::ColorConvertU32ToFloat4(d.present ? pal.cell_present : pal.cell_null));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4.0f * m.scale, 2.0f * m.scale));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(4.0f * m.scale, 0.0f));
    ImGui::BeginChild(id, ImVec2(r.w, r.h), true, ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (d.returned) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.api), "%s  = %s", d.present ? d.type.c_str() : "null",
                           side == kLocal ? "localDescription" : "remoteDescription");
    } else {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.muted), "%s", d.present ? d.type.c_str() : "null");
    }
    if (d.present) {
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(d.lines.size()));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                if (d.changed[static_cast<std::size_t>(i)]) {
                    const ImVec2 p = ImGui::GetCursorScreenPos();
                    dl->AddRectFilled(p, ImVec2(r.right(), p.y + ImGui::GetTextLineHeight()), pal.changed_line);
                }
                ImGui::TextUnformatted(d.lines[static_cast<std::size_t>(i)].c_str());
            }
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
}

}  // namespace

void draw_peer_inspector(const PeerView& peer, const PeerPanel& panel, const Metrics& m, const Palette& pal) {
    const std::string window = "Peer " + peer.name;
    if (!begin_fixed_window(window.c_str(), panel.window, m.pad())) {
        ImGui::End();
        return;
    }
    ImGui::Text("%s", peer.name.c_str());
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.muted), "(%s)", peer.role.c_str());
    ImGui::SameLine();
    ImGui::Text("  signalingState:");
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.signal), "%s", peer.signaling_state.c_str());
    ImGui::Text("gathering %s   ICE %s   connection %s   candidates %zu local / %zu remote",
                peer.gathering_state.c_str(), peer.ice_state.c_str(), peer.connection_state.c_str(),
                peer.local_candidates, peer.remote_candidates);

    // The grid's headings, placed from the layout like the cells themselves.
    const Rect& pl = panel.cells[kPending][kLocal];
    const Rect& pr = panel.cells[kPending][kRemote];
    const Rect& cl = panel.cells[kCurrent][kLocal];
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float head_y = pl.y - m.line_h();
    dl->AddText(ImVec2(pl.x, head_y), pal.text, "local");
    dl->AddText(ImVec2(pr.x, head_y), pal.text, "remote");
    dl->AddText(ImVec2(panel.window.x + m.pad(), pl.y), pal.text, "pending");
    dl->AddText(ImVec2(panel.window.x + m.pad(), cl.y), pal.text, "current");
    for (int slot = 0; slot < 2; ++slot) {
        for (int side = 0; side < 2; ++side) {
            const std::string id = peer.name + description_key(slot, side);
            draw_cell(id.c_str(), peer.descriptions[slot][side], panel.cells[slot][side], side, m, pal);
        }
    }

    const Rect& pairs = panel.pairs;
    dl->AddText(ImVec2(pairs.x, pairs.y - m.line_h()), pal.text, "candidate pairs (check list)");
    ImGui::SetCursorScreenPos(ImVec2(pairs.x, pairs.y));
    ImGui::BeginChild((peer.name + "pairs").c_str(), ImVec2(pairs.w, pairs.h), true);
    if (peer.pairs.empty()) ImGui::TextDisabled("none yet");
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(peer.pairs.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const PairView& p = peer.pairs[static_cast<std::size_t>(i)];
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.pair_state_colour(p.state)), "%-11s", p.state.c_str());
            ImGui::SameLine();
            ImGui::Text("%s -> %s%s%s", p.local.c_str(), p.remote.c_str(), p.nominated ? "  [nominated]" : "",
                        p.selected ? "  [selected]" : "");
        }
    }
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace rtclab::gui
