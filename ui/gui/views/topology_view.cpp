// The topology: networks as bars, NATs, hosts and servers as boxes hanging from them (placed
// once by the model), the packet at the cursor as a dot moving along its link, and under the
// drawing each NAT's mapping and filter tables at the cursor with the entry the event hit lit
// and why a dropped packet was dropped. Only the table lines that fit are drawn.
#include <algorithm>
#include <cmath>

#include "ui/gui/views/views.h"

namespace rtclab::gui {

namespace {

ImVec2 to_imvec(Point p) { return ImVec2(p.x, p.y); }

bool fits(const std::string& text, float width) { return ImGui::CalcTextSize(text.c_str()).x <= width; }

// Text clipped to `max_w` (no ellipsis: the hover tooltip has the rest).
void draw_clipped(ImDrawList* dl, ImVec2 pos, ImU32 colour, const char* text, float max_w) {
    const ImVec4 clip(pos.x, pos.y, pos.x + std::max(0.0f, max_w), pos.y + ImGui::GetFontSize() + 2.0f);
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), pos, colour, text, nullptr, 0.0f, &clip);
}

// A label centred in its box: the long form when it fits, else the short one, else clipped.
void draw_box_label(ImDrawList* dl, const Rect& box, ImU32 colour, const TopologyNode& node, float inset) {
    const float room = box.w - 2.0f * inset;
    const std::string& text = fits(node.label, room) ? node.label : node.short_label;
    const float tw = std::min(room, ImGui::CalcTextSize(text.c_str()).x);
    const ImVec2 pos(std::floor(box.x + (box.w - tw) / 2), std::floor(box.y + (box.h - ImGui::GetFontSize()) / 2));
    draw_clipped(dl, pos, colour, text.c_str(), room);
}

// Text in at most `max_lines` lines, broken at spaces only (Dear ImGui's own wrapping also
// breaks after '.', which would split an IP address); the last line is clipped.
void draw_wrapped(ImDrawList* dl, ImVec2 pos, ImU32 colour, const std::string& text, float width, int max_lines,
                  float line_h) {
    const char* begin = text.c_str();
    const char* const end = begin + text.size();
    for (int line = 0; line < max_lines && begin < end; ++line) {
        const char* stop = end;
        if (line + 1 < max_lines && ImGui::CalcTextSize(begin, end).x > width) {
            const char* best = nullptr;
            for (const char* c = begin; c < end; ++c) {
                if (*c != ' ') continue;
                if (ImGui::CalcTextSize(begin, c).x > width) break;
                best = c;
            }
            if (best != nullptr) stop = best;
        }
        const ImVec2 at(pos.x, pos.y + static_cast<float>(line) * line_h);
        const ImVec4 clip(at.x, at.y, at.x + width, at.y + line_h);
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at, colour, begin, stop, 0.0f, &clip);
        begin = stop;
        while (begin < end && *begin == ' ') ++begin;
    }
}

void draw_cross(ImDrawList* dl, ImVec2 c, float r, ImU32 colour, float thickness) {
    dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), colour, thickness);
    dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), colour, thickness);
}

void node_tooltip(const TopologyGraph& g, const TopologyNode& node) {
    ImGui::BeginTooltip();
    switch (node.kind) {
        case NodeKind::kNetwork:
            ImGui::Text("network %s  %s", node.name.c_str(), node.address.c_str());
            break;
        case NodeKind::kNat: {
            ImGui::Text("%s (%s)  outside %s", node.label.c_str(), node.name.c_str(), node.address.c_str());
            const int n = g.nat_named(node.name);
            if (n >= 0) {
                const NatDescription& d = g.nats[static_cast<std::size_t>(n)];
                ImGui::Text("RFC 3489: %s", d.rfc3489.c_str());
                ImGui::Text("RFC 4787: %s mapping, %s filtering", d.mapping.c_str(), d.filtering.c_str());
            }
            break;
        }
        case NodeKind::kHost:
        case NodeKind::kServer:
            ImGui::Text("%s (%s)  %s", node.label.c_str(), node.name.c_str(), node.address.c_str());
            break;
    }
    ImGui::EndTooltip();
}

void entry_tooltip(const TableLine& line, const NatEntry& e) {
    ImGui::BeginTooltip();
    if (line.kind == TableLineKind::kMapping) {
        ImGui::Text("mapping: inside %s  <->  outside %s", e.internal.c_str(), e.external.c_str());
        ImGui::Text("%s%s", e.remote.empty() ? "for every destination" : "only for ", e.remote.c_str());
        if (e.created_us >= 0) ImGui::Text("created at %.3f s", static_cast<double>(e.created_us) / 1e6);
        if (e.expires_us >= 0) ImGui::Text("expires at %.3f s unless refreshed", static_cast<double>(e.expires_us) / 1e6);
    } else {
        ImGui::Text("filter: %s may send in through %s", e.remote.c_str(), e.external.c_str());
    }
    if (e.missing) ImGui::TextUnformatted("(not in the table)");
    ImGui::EndTooltip();
}

void draw_graph(ImDrawList* dl, const TopologyGraph& g, const TopologyPlacement& p, const TopologyAtCursor& at,
                const UiState& ui, const Palette& pal) {
    const float s = p.scale;
    const float inset = 4.0f * s;
    for (const Attachment& a : p.attachments) {
        dl->AddLine(to_imvec(a.at_node), to_imvec(a.at_bar), pal.lane, 2.0f * s);
    }
    // The packet's path goes under the boxes (a bar it crosses keeps its label readable); its
    // dot and arrowhead go on top of everything.
    const PacketPath path = p.path(at.packet);
    const ImU32 packet_colour = at.packet.lost ? pal.drop : pal.packet;
    for (int k = 1; k < path.count; ++k) {
        dl->AddLine(to_imvec(path.points[static_cast<std::size_t>(k - 1)]), to_imvec(path.points[static_cast<std::size_t>(k)]),
                    packet_colour, 3.0f * s);
    }
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        const TopologyNode& node = g.nodes[i];
        const Rect& b = p.boxes[i];
        if (b.empty()) continue;
        const ImVec2 a(b.x, b.y), z(b.right(), b.bottom());
        switch (node.kind) {
            case NodeKind::kNetwork:
                dl->AddRectFilled(a, z, pal.cell_null, 3.0f * s);
                draw_box_label(dl, b, pal.text, node, inset);
                break;
            case NodeKind::kNat: {
                const bool here = static_cast<int>(i) == (at.event_nat >= 0 ? g.nats[static_cast<std::size_t>(at.event_nat)].node : -1);
                const bool dropped = here && at.status_kind == StatusKind::kDrop;
                dl->AddRectFilled(a, z, here ? pal.row_highlight : pal.cell_present, 4.0f * s);
                dl->AddRect(a, z, dropped ? pal.drop : pal.nat, 4.0f * s, 0, (here ? 3.0f : 2.0f) * s);
                // "NAT A · symmetric" when the RFC 3489 name fits beside the label.
                const int n = g.nat_named(node.name);
                const std::string* rfc3489 = n >= 0 ? &g.nats[static_cast<std::size_t>(n)].rfc3489 : nullptr;
                const float lw = ImGui::CalcTextSize(node.label.c_str()).x;
                const float rw = rfc3489 ? ImGui::CalcTextSize(rfc3489->c_str()).x + 8.0f * s : 0.0f;
                if (rfc3489 && lw + rw <= b.w - 2.0f * inset) {
                    const float x = std::floor(b.x + (b.w - lw - rw) / 2);
                    const float y = std::floor(b.y + (b.h - ImGui::GetFontSize()) / 2);
                    dl->AddText(ImVec2(x, y), pal.text, node.label.c_str());
                    dl->AddText(ImVec2(x + lw + 8.0f * s, y), pal.nat, rfc3489->c_str());
                } else {
                    draw_box_label(dl, b, pal.text, node, inset);
                }
                if (dropped) draw_cross(dl, ImVec2(b.x + b.w / 2, b.y), 7.0f * s, pal.drop, 3.0f * s);
                break;
            }
            case NodeKind::kHost:
            case NodeKind::kServer:
                dl->AddRectFilled(a, z, pal.cell_present, 4.0f * s);
                dl->AddRect(a, z, node.kind == NodeKind::kHost ? pal.api : pal.muted, 4.0f * s, 0, 1.5f * s);
                draw_box_label(dl, b, pal.text, node, inset);
                break;
        }
    }

    // The packet at the cursor: a dot on its path. While playing, play_accum (0..1) is how far
    // the next step is, so the dot leaves the source as the step begins and reaches the
    // destination as the next one comes; paused, it rests on the path, the arrowhead showing
    // where it goes. A lost packet stops halfway, crossed out.
    if (path.count >= 2) {
        const ImU32 colour = packet_colour;
        Point dot = path.resting();
        if (ui.playing) dot = path.at(std::min(static_cast<float>(std::clamp(ui.play_accum, 0.0, 1.0)), at.packet.lost ? 0.5f : 1.0f));
        // Arrowhead where the path enters the destination.
        const Point end = path.points[static_cast<std::size_t>(path.count - 1)];
        const Point before = path.points[static_cast<std::size_t>(path.count - 2)];
        const float len = std::max(1.0f, std::hypot(end.x - before.x, end.y - before.y));
        const float ux = (end.x - before.x) / len, uy = (end.y - before.y) / len, h = 7.0f * s;
        dl->AddTriangleFilled(ImVec2(end.x, end.y), ImVec2(end.x - ux * h - uy * h * 0.6f, end.y - uy * h + ux * h * 0.6f),
                              ImVec2(end.x - ux * h + uy * h * 0.6f, end.y - uy * h - ux * h * 0.6f), colour);
        dl->AddCircleFilled(to_imvec(dot), 6.0f * s, colour);
        dl->AddCircle(to_imvec(dot), 6.0f * s, pal.text, 0, 1.0f * s);
        if (at.packet.lost) draw_cross(dl, to_imvec(path.at(0.5f)), 7.0f * s, pal.drop, 3.0f * s);
    }
}

void draw_tables(ImDrawList* dl, const TopologyAtCursor& at, const TopologyPlacement& p, const Palette& pal) {
    const float s = p.scale;
    const std::size_t visible = p.visible_lines();
    const std::size_t first = first_table_line(at, visible);
    const std::size_t last = std::min(at.lines.size(), first + visible);
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hovered = ImGui::IsWindowHovered();
    const ImU32 lit_text = IM_COL32(0, 0, 0, 255);
    for (std::size_t i = first; i < last; ++i) {
        const TableLine& line = at.lines[i];
        const Rect r = p.line_rect(i, first);
        const float ty = r.y + std::floor((r.h - ImGui::GetFontSize()) / 2);
        const NatEntry* entry = nullptr;
        if (line.entry >= 0 && line.nat >= 0) {
            const NatTables& t = at.tables[static_cast<std::size_t>(line.nat)];
            const auto& list = line.kind == TableLineKind::kMapping ? t.mappings : t.filters;
            if (static_cast<std::size_t>(line.entry) < list.size()) entry = &list[static_cast<std::size_t>(line.entry)];
        }
        float indent = 0;
        ImU32 colour = pal.text;
        switch (line.kind) {
            case TableLineKind::kNatHeader:
                if (i > first) dl->AddLine(ImVec2(r.x, r.y), ImVec2(r.right(), r.y), pal.lane, 1.0f);
                colour = pal.nat;
                break;
            case TableLineKind::kMappingHeading:
            case TableLineKind::kFilterHeading:
                indent = 6.0f * s;
                colour = pal.muted;
                break;
            case TableLineKind::kEmpty:
                indent = 18.0f * s;
                colour = pal.muted;
                break;
            case TableLineKind::kMapping:
            case TableLineKind::kFilter:
                indent = 18.0f * s;
                if (entry && entry->missing) {
                    dl->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.right(), r.bottom()), pal.nat_entry_missing);
                    colour = pal.drop;
                } else if (entry && entry->lit) {
                    // Exact and opaque: screenshot tests find the lit entry by this colour.
                    dl->AddRectFilled(ImVec2(r.x, r.y), ImVec2(r.right(), r.bottom()), pal.nat_entry_lit);
                    colour = lit_text;
                }
                break;
        }
        draw_clipped(dl, ImVec2(r.x + indent, ty), colour, line.text.c_str(), r.w - indent);
        if (entry && hovered && r.contains(mouse.x, mouse.y)) entry_tooltip(line, *entry);
    }
    if (at.lines.empty()) dl->AddText(ImVec2(p.tables.x, p.tables.y), pal.muted, "no NATs in this topology");
}

}  // namespace

void draw_topology(const Session& session, const UiState& ui, const ScreenLayout& screen, const Palette& pal) {
    const Rect& area = screen.topology;
    if (area.empty()) return;
    if (!begin_fixed_window("Topology", area, 0.0f)) {
        ImGui::End();
        return;
    }
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const TopologyView& view = session.topology();
    const TopologyGraph& g = view.graph();
    const TopologyPlacement& p = view.placement(area, screen.metrics.scale);
    const TopologyAtCursor& at = view.at_cursor();
    dl->PushClipRect(ImVec2(area.x, area.y), ImVec2(area.right(), area.bottom()), true);

    if (g.nodes.empty()) {
        dl->AddText(ImVec2(p.graph.x, p.graph.y), pal.muted, "this trace has no topology");
    } else {
        draw_graph(dl, g, p, at, ui, pal);
    }

    // The event at the cursor in words; a drop says why.
    if (!at.status.empty()) {
        const ImU32 colour = at.status_kind == StatusKind::kDrop ? pal.drop : pal.text;
        draw_wrapped(dl, ImVec2(p.status.x, p.status.y + 2.0f * p.scale), colour, at.status, p.status.w, 2, p.line_h);
    }
    draw_tables(dl, at, p, pal);

    // Hover: a node's names and addresses.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (ImGui::IsWindowHovered() && p.graph.contains(mouse.x, mouse.y)) {
        for (std::size_t i = 0; i < g.nodes.size(); ++i) {
            if (p.boxes[i].contains(mouse.x, mouse.y)) {
                node_tooltip(g, g.nodes[i]);
                break;
            }
        }
    }
    dl->PopClipRect();
    ImGui::End();
}

}  // namespace rtclab::gui
