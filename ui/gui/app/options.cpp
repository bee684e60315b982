#include "ui/gui/app/options.h"

#include <charconv>

namespace rtclab::gui {

bool parse_size(const std::string& text, int& width, int& height) {
    const auto x = text.find('x');
    if (x == std::string::npos) return false;
    int w = 0, h = 0;
    const char* begin = text.data();
    const auto r1 = std::from_chars(begin, begin + x, w);
    const auto r2 = std::from_chars(begin + x + 1, begin + text.size(), h);
    if (r1.ec != std::errc() || r1.ptr != begin + x || r2.ec != std::errc() || r2.ptr != begin + text.size()) return false;
    if (w < 64 || h < 64 || w > 8192 || h > 8192) return false;
    width = w;
    height = h;
    return true;
}

bool parse_point(const std::string& text, float& x, float& y) {
    const auto comma = text.find(',');
    if (comma == std::string::npos) return false;
    int px = 0, py = 0;
    const char* begin = text.data();
    const auto r1 = std::from_chars(begin, begin + comma, px);
    const auto r2 = std::from_chars(begin + comma + 1, begin + text.size(), py);
    if (r1.ec != std::errc() || r1.ptr != begin + comma || r2.ec != std::errc() || r2.ptr != begin + text.size()) {
        return false;
    }
    if (px < 0 || py < 0 || px > 8192 || py > 8192) return false;
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
