// The peer inspector, one per peer: its states on top (signaling, gathering, ICE, connection),
// and five tabs —
//   Descriptions: the four descriptions as a 2x2 grid (pending/current x local/remote), null shown
//                 as null, the one localDescription / remoteDescription returns framed, SDP lines
//                 changed since the previous step lit;
//   Signaling:    the signaling state machine, the state at the cursor lit, the last transition
//                 marked (and named in words under it);
//   Candidates:   local and remote candidates (type, address:port, priority, related address),
//                 peer-reflexive ones marked;
//   Checks:       the check list, pair states coloured, the selected and nominated pairs marked
//                 with a sign as well as a colour;
//   DTLS:         the DTLS state and the certificates' fingerprints.
// Everything drawn comes prepared from the view model (PeerView, SignalingDiagramGeometry); lists
// go through ImGuiListClipper.
#include <algorithm>
#include <cstring>
#include <string>

#include "ui/gui/views/views.h"

namespace rtclab::gui {

namespace {

ImVec4 v4(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }
ImVec2 iv(DiagramPoint p) { return ImVec2(p.x, p.y); }

ImU32 state_colour(const std::string& s, const Palette& pal) {
    if (s == "connected" || s == "completed" || s == "complete" || s == "succeeded") return pal.packet;
    if (s == "failed" || s == "disconnected" || s == "closed") return pal.drop;
    if (s == "checking" || s == "connecting" || s == "gathering" || s == "in-progress") return pal.nat;
    return pal.text;
}

// "label value" pairs on one line, the values coloured.
void state_item(const char* label, const std::string& value, ImU32 colour, const Palette& pal, bool last = false) {
    ImGui::TextColored(v4(pal.muted), "%s", label);
    ImGui::SameLine(0, 4);
    ImGui::TextColored(v4(colour), "%s", value.empty() ? "-" : value.c_str());
    if (!last) ImGui::SameLine(0, 14);
}

void draw_states(const PeerView& peer, const PeerPanel& panel, const Palette& pal) {
    ImGui::SetCursorScreenPos(ImVec2(panel.states.x, panel.states.y));
    ImGui::TextUnformatted(peer.name.c_str());
    ImGui::SameLine(0, 4);
    ImGui::TextColored(v4(pal.muted), "(%s)", peer.role.c_str());
    ImGui::SameLine(0, 14);
    state_item("signalingState", peer.signaling_state, pal.signal, pal, true);
    state_item("gathering", peer.gathering_state, state_colour(peer.gathering_state, pal), pal);
    state_item("ICE", peer.ice_state, state_colour(peer.ice_state, pal), pal);
    state_item("connection", peer.connection_state, state_colour(peer.connection_state, pal), pal, true);
}

// --- Descriptions ------------------------------------------------------------------------------

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
    ImGui::PushStyleColor(ImGuiCol_ChildBg, v4(d.present ? pal.cell_present : pal.cell_null));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(4.0f * m.scale, 2.0f * m.scale));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(4.0f * m.scale, 0.0f));
    ImGui::BeginChild(id, ImVec2(r.w, r.h), true, ImGuiWindowFlags_AlwaysUseWindowPadding);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (d.returned) {
        ImGui::TextColored(v4(pal.api), "%s  = %s", d.present ? d.type.c_str() : "null",
                           side == kLocal ? "localDescription" : "remoteDescription");
    } else {
        ImGui::TextColored(v4(pal.muted), "%s", d.present ? d.type.c_str() : "null");
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

void draw_descriptions(const PeerView& peer, const PeerPanel& panel, const Metrics& m, const Palette& pal) {
    // The grid's headings, placed from the layout like the cells themselves.
    const Rect& pl = panel.cells[kPending][kLocal];
    const Rect& pr = panel.cells[kPending][kRemote];
    const Rect& cl = panel.cells[kCurrent][kLocal];
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float head_y = pl.y - m.line_h();
    dl->AddText(ImVec2(pl.x, head_y), pal.text, "local");
    dl->AddText(ImVec2(pr.x, head_y), pal.text, "remote");
    dl->AddText(ImVec2(panel.body.x, pl.y), pal.text, "pending");
    dl->AddText(ImVec2(panel.body.x, cl.y), pal.text, "current");
    for (int slot = 0; slot < 2; ++slot) {
        for (int side = 0; side < 2; ++side) {
            char id[64];
            std::snprintf(id, sizeof id, "desc%d%d", slot, side);
            draw_cell(id, peer.descriptions[slot][side], panel.cells[slot][side], side, m, pal);
        }
    }
}

// --- Signaling ---------------------------------------------------------------------------------

// Text lines stacked at an anchor, aligned as the model says.
void draw_label(ImDrawList* dl, ImFont* font, float size, const DiagramEdgeGeometry& e,
                const std::vector<std::string>& lines, const std::string& lit_line, const Palette& pal) {
    float w = 0;
    for (const auto& l : lines) w = std::max(w, font->CalcTextSizeA(size, 1e9f, 0, l.c_str()).x);
    const float line_h = size + 1;
    const float h = line_h * static_cast<float>(lines.size());
    float x = e.label.x - e.align_x * w;
    float y = e.label.y - e.align_y * h;
    for (const auto& l : lines) {
        const float lw = font->CalcTextSizeA(size, 1e9f, 0, l.c_str()).x;
        const float lx = x + e.align_x * (w - lw);  // right-aligned labels keep their right edge
        if (edge_label_names(l, lit_line)) {
            // The call that took the last transition: its label in the transition's colour,
            // underlined.
            dl->AddText(font, size, ImVec2(lx, y), pal.sig_last_edge, l.c_str());
            dl->AddRectFilled(ImVec2(lx, y + size), ImVec2(lx + lw, y + size + 2), pal.sig_last_edge);
        } else {
            dl->AddText(font, size, ImVec2(lx, y), pal.muted, l.c_str());
        }
        y += line_h;
    }
}

void draw_edge_line(ImDrawList* dl, const DiagramEdgeGeometry& e, ImU32 colour, float thickness) {
    for (std::size_t i = 0; i + 1 < e.points.size(); ++i) {
        // Stop the line short of the arrowhead's tip so that the tip stays sharp.
        ImVec2 a = iv(e.points[i]), b = iv(e.points[i + 1]);
        if (i + 2 == e.points.size()) b = ImVec2((e.head[1].x + e.head[2].x) * 0.5f, (e.head[1].y + e.head[2].y) * 0.5f);
        dl->AddLine(a, b, colour, thickness);
    }
    dl->AddTriangleFilled(iv(e.head[0]), iv(e.head[1]), iv(e.head[2]), colour);
}

void draw_signaling(const PeerView& peer, const PeerPanel& panel, const Metrics& m, const Palette& pal) {
    const SignalingDiagramGeometry g = layout_signaling_diagram(panel.diagram, m.font_px());
    const SignalingView& sv = peer.signaling;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ImGui::GetFont();
    const float fs = g.font_px;
    const auto& edges = signaling_edges();
    const std::vector<DiagramEdgeGeometry> marked = transition_edges(g, sv.hops);
    for (const auto& e : g.edges) {
        draw_edge_line(dl, e, pal.sig_edge, 1.5f * m.scale);
        const bool last = std::any_of(marked.begin(), marked.end(), [&](const DiagramEdgeGeometry& x) { return x.edge == e.edge; });
        draw_label(dl, font, fs, e, edges[static_cast<std::size_t>(e.edge)].labels, last ? sv.last.short_call : std::string(),
                   pal);
    }
    // The last transition, thick and in its own colour, over the others.
    for (const auto& e : marked) draw_edge_line(dl, e, pal.sig_last_edge, 4.0f * m.scale);
    for (int s = 0; s < sig::kCount; ++s) {
        const Rect& r = g.nodes[s];
        const bool lit = s == sv.lit;
        const ImVec2 a(r.x, r.y), b(r.right(), r.bottom());
        dl->AddRectFilled(a, b, lit ? pal.sig_lit_node : pal.sig_node, 4.0f * m.scale);
        if (lit) {
            // Not by colour alone: the state at the cursor has a heavy frame too.
            dl->AddRect(ImVec2(a.x - 2, a.y - 2), ImVec2(b.x + 2, b.y + 2), pal.text, 5.0f * m.scale, 0, 2.0f);
        } else if (s == sv.previous) {
            dl->AddRect(a, b, pal.sig_last_edge, 4.0f * m.scale, 0, 2.5f * m.scale);
        } else {
            dl->AddRect(a, b, pal.sig_node_border, 4.0f * m.scale);
        }
        const char* name = signaling_state_name(s);
        const ImVec2 ts = font->CalcTextSizeA(fs, 1e9f, 0, name);
        dl->AddText(font, fs, ImVec2(std::floor(r.x + (r.w - ts.x) * 0.5f), std::floor(r.y + (r.h - ts.y) * 0.5f)),
                    lit ? pal.sig_lit_text : pal.text, name);
    }
    // closed has no drawn edges: say how it is reached.
    const Rect& closed = g.nodes[sig::kClosed];
    const char* how = "close()";
    const ImVec2 hs = font->CalcTextSizeA(fs, 1e9f, 0, how);
    dl->AddText(font, fs, ImVec2(std::floor(closed.x + (closed.w - hs.x) * 0.5f), closed.bottom() + 2), pal.muted, how);

    // The line under the diagram: the state in words and the last transition.
    ImGui::SetCursorScreenPos(ImVec2(panel.transition.x, panel.transition.y));
    ImGui::TextColored(v4(sv.last.event >= 0 ? pal.sig_last_edge : pal.muted), "%s", sv.summary.c_str());
    if (ImGui::IsItemHovered()) {
        ImGui::SetTooltip("The signaling state machine of webrtc-pc (RTCSignalingState). Filled: the state now\n"
                          "(%s). Thick: the last transition, %s. Framed: the state it left.\n"
                          "setLocal / setRemote = setLocalDescription / setRemoteDescription.",
                          peer.signaling_state.c_str(), sv.summary.c_str());
    }
}

// --- Candidates --------------------------------------------------------------------------------

ImU32 candidate_colour(const std::string& type, const Palette& pal) {
    if (type == "srflx") return pal.api;
    if (type == "relay") return pal.signal;
    if (type == "prflx") return pal.nat;
    return pal.text;  // host
}

// Column starts, in ems: type, address:port, priority, related address.
constexpr float kCandidateColumns[] = {0.0f, 4.6f, 15.2f, 21.4f};

void draw_candidate_heading(const char* which, std::size_t n, float em, const Palette& pal) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    char text[64];
    std::snprintf(text, sizeof text, "%s candidates (%zu)", which, n);
    dl->AddText(p, pal.text, text);
    dl->AddText(ImVec2(p.x + kCandidateColumns[2] * em, p.y), pal.muted, "priority");
    dl->AddText(ImVec2(p.x + kCandidateColumns[3] * em, p.y), pal.muted, "related address");
}

void draw_candidate_row(const CandidateView& c, float em, const Palette& pal) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float x0 = p.x + 0.6f * em;
    // Peer-reflexive: marked with a sign as well as its colour (it was never signaled).
    dl->AddText(ImVec2(x0, p.y), candidate_colour(c.type, pal), c.prflx ? "\u25C6 prflx" : c.type.c_str());
    dl->AddText(ImVec2(x0 + kCandidateColumns[1] * em, p.y), pal.text, c.endpoint.c_str());
    dl->AddText(ImVec2(x0 + kCandidateColumns[2] * em, p.y), pal.text, c.priority_text.c_str());
    if (c.prflx && c.related.empty()) {
        dl->AddText(ImVec2(x0 + kCandidateColumns[3] * em, p.y), pal.nat, "learned from a check");
    } else {
        dl->AddText(ImVec2(x0 + kCandidateColumns[3] * em, p.y), pal.muted, c.related.empty() ? "-" : c.related.c_str());
    }
}

void draw_candidates(const PeerView& peer, const PeerPanel& panel, const Metrics& m, const Palette& pal) {
    const Rect& r = panel.candidates;
    ImGui::SetCursorScreenPos(ImVec2(r.x, r.y));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    ImGui::BeginChild("candidates", ImVec2(r.w, r.h), false);
    // One list: the local heading and candidates, then the remote ones.
    const std::size_t nl = peer.local_candidates.size(), nr = peer.remote_candidates.size();
    const int rows = static_cast<int>(nl + nr + 2);
    const float em = m.font_px();
    ImGuiListClipper clipper;
    clipper.Begin(rows, panel.row_h);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto row = static_cast<std::size_t>(i);
            if (row == 0) {
                draw_candidate_heading("local", nl, em, pal);
            } else if (row <= nl) {
                draw_candidate_row(peer.local_candidates[row - 1], em, pal);
            } else if (row == nl + 1) {
                draw_candidate_heading("remote", nr, em, pal);
            } else {
                draw_candidate_row(peer.remote_candidates[row - nl - 2], em, pal);
            }
            ImGui::Dummy(ImVec2(r.w, panel.row_h));
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
}

// --- Checks ------------------------------------------------------------------------------------

// Column starts, in ems: marks, state, local candidate, remote candidate.
constexpr float kPairColumns[] = {0.25f, 2.1f, 7.6f, 19.6f};

void draw_checks(const PeerView& peer, const PeerPanel& panel, const Metrics& m, const Palette& pal) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float em = m.font_px();
    // The legend: the signs, so that no one needs the colours.
    const ImVec2 lp(panel.body.x, panel.body.y);
    dl->AddText(lp, pal.text, "\u25B6 selected   \u25CF nominated");
    dl->AddText(ImVec2(lp.x + kPairColumns[2] * em + 5.6f * em, lp.y), pal.muted, "local \u2192 remote, by priority");
    const Rect& r = panel.pairs;
    if (peer.pairs.empty()) {
        dl->AddText(ImVec2(r.x, r.y), pal.muted, "no pairs yet: checks start once both sides have candidates");
        return;
    }
    ImGui::SetCursorScreenPos(ImVec2(r.x, r.y));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    ImGui::BeginChild("pairs", ImVec2(r.w, r.h), false);
    ImDrawList* cdl = ImGui::GetWindowDrawList();
    const float text_dy = std::floor((panel.row_h - ImGui::GetFontSize()) * 0.5f);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(peer.pairs.size()), panel.row_h);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const PairView& p = peer.pairs[static_cast<std::size_t>(i)];
            const ImVec2 a = ImGui::GetCursorScreenPos();
            if (p.selected) cdl->AddRectFilled(a, ImVec2(a.x + r.w, a.y + panel.row_h), pal.pair_selected_row);
            const float y = a.y + text_dy;
            const char* mark = p.selected && p.nominated ? "\u25B6\u25CF" : p.selected ? "\u25B6" : p.nominated ? " \u25CF" : "";
            cdl->AddText(ImVec2(a.x + kPairColumns[0] * em, y), pal.text, mark);
            cdl->AddText(ImVec2(a.x + kPairColumns[1] * em, y), pal.pair_state_colour(p.state), p.state.c_str());
            cdl->AddText(ImVec2(a.x + kPairColumns[2] * em, y), pal.text, p.local.c_str());
            cdl->AddText(ImVec2(a.x + kPairColumns[3] * em, y), pal.text, p.remote.c_str());
            ImGui::Dummy(ImVec2(r.w, panel.row_h));
            if (ImGui::IsItemHovered()) {
                ImGui::SetTooltip("pair %s\npriority %llu\n%s%s", p.id.c_str(), static_cast<unsigned long long>(p.priority),
                                  p.nominated ? "nominated (USE-CANDIDATE)\n" : "",
                                  p.selected ? "selected: media and DTLS use this pair" : "");
            }
        }
    }
    ImGui::EndChild();
    ImGui::PopStyleVar(2);
}

// --- DTLS --------------------------------------------------------------------------------------

// A fingerprint on two lines of 16 bytes ("AB:CD:..." is 3 characters a byte).
void fingerprint_lines(const std::string& fp, float indent) {
    constexpr std::size_t kPerLine = 16 * 3;
    for (std::size_t at = 0; at < fp.size(); at += kPerLine) {
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
        const std::size_t end = std::min(fp.size(), at + kPerLine - (at + kPerLine < fp.size() ? 1 : 0));
        ImGui::TextUnformatted(fp.data() + at, fp.data() + end);
    }
}

void draw_dtls(const PeerView& peer, const PeerPanel& panel, const Metrics& m, const Palette& pal) {
    const DtlsView& d = peer.dtls;
    const float indent = 1.5f * m.font_px();
    ImGui::SetCursorScreenPos(ImVec2(panel.body.x, panel.body.y));
    ImGui::BeginGroup();
    ImGui::TextColored(v4(pal.muted), "DTLS state");
    ImGui::SameLine();
    if (d.state.empty()) {
        ImGui::TextUnformatted("new \u2014 no DTLS yet");
        ImGui::SameLine();
        ImGui::TextColored(v4(pal.muted), "(the handshake runs on the selected pair)");
    } else {
        ImGui::TextColored(v4(state_colour(d.state, pal)), "%s", d.state.c_str());
    }
    ImGui::TextColored(v4(pal.muted), "this peer's certificate");
    ImGui::SameLine();
    ImGui::TextUnformatted(d.local_algorithm.empty() ? "(fingerprint)" : d.local_algorithm.c_str());
    if (d.local_fingerprint.empty()) {
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
        ImGui::TextColored(v4(pal.muted), "none");
    } else {
        fingerprint_lines(d.local_fingerprint, indent);
    }
    ImGui::TextColored(v4(pal.muted), "remote a=fingerprint (remoteDescription)");
    ImGui::SameLine();
    ImGui::TextUnformatted(d.remote_algorithm.c_str());
    if (d.remote_fingerprint.empty()) {
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
        ImGui::TextColored(v4(pal.muted), "null: no remote description yet");
    } else {
        fingerprint_lines(d.remote_fingerprint, indent);
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
        if (!d.remote_owner.empty()) {
            ImGui::TextColored(v4(pal.packet), "= %s's certificate: the handshake must present it", d.remote_owner.c_str());
        } else {
            ImGui::TextColored(v4(pal.drop), "matches no peer's certificate: the handshake would fail");
        }
    }
    ImGui::TextColored(v4(pal.muted), "a=setup");
    ImGui::SameLine();
    ImGui::Text("local %s, remote %s", d.local_setup.empty() ? "-" : d.local_setup.c_str(),
                d.remote_setup.empty() ? "-" : d.remote_setup.c_str());
    if (!d.role.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(v4(pal.api), "\u2192 DTLS %s", d.role.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("RFC 5763: a=setup:active opens the DTLS connection (client),\npassive waits for it (server); the offer says actpass and the answer decides.");
    }
    ImGui::EndGroup();
}

}  // namespace

void draw_peer_inspector(const PeerView& peer, const PeerPanel& panel, const Metrics& m, const Palette& pal, int select_tab) {
    const std::string window = "Peer " + peer.name;
    if (!begin_fixed_window(window.c_str(), panel.window, m.pad())) {
        ImGui::End();
        return;
    }
    draw_states(peer, panel, pal);
    ImGui::SetCursorScreenPos(ImVec2(panel.tabs.x, panel.tabs.y));
    if (ImGui::BeginTabBar("tabs", ImGuiTabBarFlags_NoTooltip)) {
        static const char* const kLabels[kPeerTabCount] = {"Descriptions", "Signaling", "Candidates", "Checks", "DTLS"};
        for (int t = 0; t < kPeerTabCount; ++t) {
            const ImGuiTabItemFlags flags = t == select_tab ? ImGuiTabItemFlags_SetSelected : 0;
            if (!ImGui::BeginTabItem(kLabels[t], nullptr, flags)) continue;
            switch (t) {
                case kTabDescriptions:
                    draw_descriptions(peer, panel, m, pal);
                    break;
                case kTabSignaling:
                    draw_signaling(peer, panel, m, pal);
                    break;
                case kTabCandidates:
                    draw_candidates(peer, panel, m, pal);
                    break;
                case kTabChecks:
                    draw_checks(peer, panel, m, pal);
                    break;
                default:
                    draw_dtls(peer, panel, m, pal);
                    break;
            }
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::End();
}

}  // namespace rtclab::gui
