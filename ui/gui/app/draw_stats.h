// DrawStats: what one frame asks the rasterizer to do — triangles, and the pixels they cover
// after clipping (the fill). The benchmark reports both beside the times, per window, to show
// where a frame's GL time goes (under Mesa's llvmpipe it follows the triangle count).
#pragma once

#include <string>
#include <vector>

struct ImDrawData;

namespace rtclab::gui {

struct DrawListStats {
    std::string window;       // the Dear ImGui window the draw list belongs to
    long long triangles = 0;
    double fill_px = 0;       // pixels covered, summed over triangles (overdraw counts twice)
};

struct DrawStats {
    long long triangles = 0;
    long long draw_calls = 0;
    double fill_px = 0;
    std::vector<DrawListStats> lists;
};

// Counts the frame's triangles and their clipped areas (each triangle cut to its command's clip
// rectangle, as the GL scissor cuts it).
DrawStats measure_draw_data(const ImDrawData& data);

}  // namespace rtclab::gui
