// Running rtclab-gui from the tests (under Xvfb) and reading back its screenshots.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <stb_image.h>

#include "ui/gui/model/rect.h"

namespace rtclab::gui::test {

struct GuiResult {
    bool exited = false;  // false: killed by a signal (a crash)
    int code = -1;
    std::string out;
    std::string err;  // what it printed on stderr (for the failure messages)
};

inline std::string tmp_path(const std::string& name) {
    std::filesystem::create_directories(RTCLAB_GUI_TMP);
    return std::string(RTCLAB_GUI_TMP) + "/" + name;
}

inline GuiResult run_gui(const std::string& args) {
    GuiResult r;
    // One stderr file per call (tests run in parallel processes, each with its own pid).
    static int calls = 0;
    const std::string err_path =
        tmp_path("stderr-" + std::to_string(::getpid()) + "-" + std::to_string(calls++) + ".txt");
    const std::string cmd = std::string("'") + RTCLAB_GUI_EXE + "' " + args + " 2>'" + err_path + "'";
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = pclose(p);
    r.exited = WIFEXITED(status);
    r.code = r.exited ? WEXITSTATUS(status) : -1;
    std::ifstream err(err_path);
    r.err.assign(std::istreambuf_iterator<char>(err), std::istreambuf_iterator<char>());
    std::filesystem::remove(err_path);
    // Shown by `ctest --output-on-failure` when a test fails (expected failures print too).
    if (r.code != 0) std::fprintf(stderr, "rtclab-gui %s: exit %d\n%s\n", args.c_str(), r.code, r.err.c_str());
    return r;
}

struct Image {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;

    bool load(const std::string& path) {
        int channels = 0;
        unsigned char* data = stbi_load(path.c_str(), &width, &height, &channels, 3);
        if (data == nullptr) return false;
        rgb.assign(data, data + static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 3);
        stbi_image_free(data);
        return true;
    }
    // The share of pixels in `r` that have exactly the colour (r, g, b).
    double share(const Rect& rect, unsigned cr, unsigned cg, unsigned cb) const {
        std::size_t hits = 0, total = 0;
        for (int y = static_cast<int>(rect.y); y < static_cast<int>(rect.bottom()) && y < height; ++y) {
            for (int x = static_cast<int>(rect.x); x < static_cast<int>(rect.right()) && x < width; ++x) {
                if (x < 0 || y < 0) continue;
                const unsigned char* p = &rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                                               static_cast<std::size_t>(x)) * 3];
                ++total;
                if (p[0] == cr && p[1] == cg && p[2] == cb) ++hits;
            }
        }
        return total == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(total);
    }
    // The same for a palette colour (Dear ImGui's ImU32: red in the low byte).
    double share(const Rect& rect, std::uint32_t colour) const {
        return share(rect, colour & 0xFF, (colour >> 8) & 0xFF, (colour >> 16) & 0xFF);
    }
    // The share of pixels in `rect` that differ from `other` (an image of the same size).
    double differs(const Image& other, const Rect& rect) const {
        std::size_t diff = 0, total = 0;
        for (int y = static_cast<int>(rect.y); y < static_cast<int>(rect.bottom()) && y < height; ++y) {
            for (int x = static_cast<int>(rect.x); x < static_cast<int>(rect.right()) && x < width; ++x) {
                if (x < 0 || y < 0) continue;
                const std::size_t o =
                    (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 3;
                if (o + 2 >= other.rgb.size()) continue;
                ++total;
                if (rgb[o] != other.rgb[o] || rgb[o + 1] != other.rgb[o + 1] || rgb[o + 2] != other.rgb[o + 2]) ++diff;
            }
        }
        return total == 0 ? 0.0 : static_cast<double>(diff) / static_cast<double>(total);
    }
};

}  // namespace rtclab::gui::test
