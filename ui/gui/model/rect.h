// Rect: an axis-aligned rectangle in window pixels, shared by the layout and the tests.
#pragma once

namespace rtclab::gui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;

    float right() const { return x + w; }
    float bottom() const { return y + h; }
    bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
    bool empty() const { return w <= 0 || h <= 0; }
};

}  // namespace rtclab::gui
