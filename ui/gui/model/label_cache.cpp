#include "ui/gui/model/label_cache.h"

#include "sim/trace_format.h"

namespace rtclab::gui {

const std::string& LabelCache::summary(const sim::Trace& trace, std::size_t event) {
    const auto it = summaries_.find(event);
    if (it != summaries_.end()) return it->second;
    // Bounded: a long run played to the end does not keep every label.
    if (summaries_.size() >= kCapacity) summaries_.clear();
    return summaries_.emplace(event, sim::event_summary(trace, event)).first->second;
}

}  // namespace rtclab::gui
