#include "ui/gui/app/options.h"

#include <charconv>

namespace rtclab::gui {

namespace {

// "<a><sep><b>", two whole numbers each in [lo, hi]; false when malformed.
bool parse_number_pair(const std::string& text, char sep, int lo, int hi, int& a, int& b) {
    const auto at = text.find(sep);
    if (at == std::string::npos) return false;
    const char* begin = text.data();
    const char* end = begin + text.size();
    int x = 0, y = 0;
    const auto r1 = std::from_chars(begin, begin + at, x);
    const auto r2 = std::from_chars(begin + at + 1, end, y);
    if (r1.ec != std::errc() || r1.ptr != begin + at || r2.ec != std::errc() || r2.ptr != end) return false;
    if (x < lo || y < lo || x > hi || y > hi) return false;
    a = x;
    b = y;
    return true;
}

}  // namespace

bool parse_size(const std::string& text, int& width, int& height) {
    return parse_number_pair(text, 'x', 64, 8192, width, height);
}

bool parse_point(const std::string& text, float& x, float& y) {
    int px = 0, py = 0;
    if (!parse_number_pair(text, ',', 0, 8192, px, py)) return false;
    x = static_cast<float>(px);
    y = static_cast<float>(py);
    return true;
}

std::vector<std::string> parse_key_script(const std::string& text, std::string& error) {
    static const char* const kKnown[] = {"right", "left", "space", "home", "end", "ctrl+plus", "ctrl+minus"};
    std::vector<std::string> keys;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto comma = text.find(',', pos);
        std::string key = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        while (!key.empty() && key.front() == ' ') key.erase(key.begin());
        while (!key.empty() && key.back() == ' ') key.pop_back();
        if (!key.empty()) {
            bool known = false;
            for (const char* k : kKnown) known = known || key == k;
            if (!known) {
                error = "unknown key '" + key + "' (known: right, left, space, home, end, ctrl+plus, ctrl+minus)";
                return {};
            }
            keys.push_back(key);
        }
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return keys;
}

}  // namespace rtclab::gui
