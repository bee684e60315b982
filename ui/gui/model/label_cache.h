// LabelCache: event summaries already formatted, so a frame formats only the rows it has not
// drawn recently (sim::event_summary decodes packets; drawing stays cheap while playing).
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

#include "sim/trace.h"

namespace rtclab::gui {

class LabelCache {
public:
    static constexpr std::size_t kCapacity = 4096;

    const std::string& summary(const sim::Trace& trace, std::size_t event);
    void clear() { summaries_.clear(); }

private:
    std::unordered_map<std::size_t, std::string> summaries_;
};

}  // namespace rtclab::gui
