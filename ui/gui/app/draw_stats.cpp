#include "ui/gui/app/draw_stats.h"

#include <imgui.h>

#include <array>
#include <cmath>

namespace rtclab::gui {

namespace {

struct Pt {
    double x, y;
};

// Sutherland–Hodgman: the part of a convex polygon on the inside of one clip edge.
template <typename Inside, typename Cross>
std::vector<Pt> clip_edge(const std::vector<Pt>& in, Inside inside, Cross cross) {
    std::vector<Pt> out;
    for (std::size_t i = 0; i < in.size(); ++i) {
        const Pt& a = in[i];
        const Pt& b = in[(i + 1) % in.size()];
        const bool ia = inside(a), ib = inside(b);
        if (ia) out.push_back(a);
        if (ia != ib) out.push_back(cross(a, b));
    }
    return out;
}

double polygon_area(const std::vector<Pt>& p) {
    double twice = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const Pt& a = p[i];
        const Pt& b = p[(i + 1) % p.size()];
        twice += a.x * b.y - b.x * a.y;
    }
    return std::fabs(twice) * 0.5;
}

double clipped_triangle_area(const std::array<Pt, 3>& t, const ImVec4& clip) {
    std::vector<Pt> p(t.begin(), t.end());
    const auto at_x = [](const Pt& a, const Pt& b, double x) {
        return Pt{x, a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)};
    };
    const auto at_y = [](const Pt& a, const Pt& b, double y) {
        return Pt{a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y};
    };
    p = clip_edge(p, [&](const Pt& q) { return q.x >= clip.x; }, [&](const Pt& a, const Pt& b) { return at_x(a, b, clip.x); });
    p = clip_edge(p, [&](const Pt& q) { return q.x <= clip.z; }, [&](const Pt& a, const Pt& b) { return at_x(a, b, clip.z); });
    p = clip_edge(p, [&](const Pt& q) { return q.y >= clip.y; }, [&](const Pt& a, const Pt& b) { return at_y(a, b, clip.y); });
    p = clip_edge(p, [&](const Pt& q) { return q.y <= clip.w; }, [&](const Pt& a, const Pt& b) { return at_y(a, b, clip.w); });
    return p.size() < 3 ? 0.0 : polygon_area(p);
}

}  // namespace

DrawStats measure_draw_data(const ImDrawData& data) {
    DrawStats stats;
    for (int l = 0; l < data.CmdListsCount; ++l) {
        const ImDrawList& list = *data.CmdLists[l];
        DrawListStats ls;
        ls.window = list._OwnerName != nullptr ? list._OwnerName : "?";
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback != nullptr || cmd.ElemCount == 0) continue;
            ++stats.draw_calls;
            for (unsigned int e = 0; e + 2 < cmd.ElemCount; e += 3) {
                std::array<Pt, 3> t;
                for (int k = 0; k < 3; ++k) {
                    const ImDrawVert& v = list.VtxBuffer[static_cast<int>(cmd.VtxOffset + list.IdxBuffer[static_cast<int>(cmd.IdxOffset + e) + k])];
                    t[static_cast<std::size_t>(k)] = Pt{v.pos.x, v.pos.y};
                }
                ++ls.triangles;
                ls.fill_px += clipped_triangle_area(t, cmd.ClipRect);
            }
        }
        stats.triangles += ls.triangles;
        stats.fill_px += ls.fill_px;
        stats.lists.push_back(std::move(ls));
    }
    return stats;
}

}  // namespace rtclab::gui
