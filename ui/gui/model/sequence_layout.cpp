#include "ui/gui/model/sequence_layout.h"

#include <algorithm>

#include "sim/trace_format.h"

namespace rtclab::gui {

namespace {
int clamp_detail(int detail) { return std::clamp(detail, kMinDetail, kMaxDetail); }
}  // namespace

SequenceLayout::SequenceLayout(const sim::Trace& trace) : lane_count_(trace.lanes.size()) {
    const std::size_t n = trace.size();
    levels_.resize(n);
    phases_.resize(n);
    Phase current = Phase::kNone;
    static const nlohmann::ordered_json kNoDetail = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < n; ++i) {
        const std::string kind = sim::event_kind(trace, i);
        levels_[i] = static_cast<std::uint8_t>(detail_level_of(kind));
        // Only signaling messages need their detail to find their phase; hot events (packets,
        // NAT decisions) never build JSON here.
        const bool needs_detail = kind.rfind("signal.", 0) == 0;
        const Phase own = phase_of(kind, needs_detail ? sim::event_detail(trace, i) : kNoDetail);
        if (own != Phase::kNone) current = own;
        phases_[i] = static_cast<std::uint8_t>(current);
        for (int d = levels_[i]; d <= kMaxDetail; ++d) rows_[d - 1].push_back(static_cast<std::uint32_t>(i));
    }
    for (int d = 0; d < kMaxDetail; ++d) {
        const auto& rows = rows_[d];
        auto& bands = bands_[d];
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const Phase p = static_cast<Phase>(phases_[rows[r]]);
            if (!bands.empty() && bands.back().phase == p) {
                bands.back().last_row = r;
            } else {
                bands.push_back(PhaseBand{r, r, p});
            }
        }
    }
}

float SequenceLayout::lane_fraction(std::size_t lane) const {
    if (lane_count_ == 0) return 0.5f;
    return (static_cast<float>(lane) + 0.5f) / static_cast<float>(lane_count_);
}

const std::vector<std::uint32_t>& SequenceLayout::rows(int detail) const { return rows_[clamp_detail(detail) - 1]; }

const std::vector<PhaseBand>& SequenceLayout::bands(int detail) const { return bands_[clamp_detail(detail) - 1]; }

std::ptrdiff_t SequenceLayout::row_at_or_before(std::ptrdiff_t event, int detail) const {
    if (event < 0) return -1;
    const auto& r = rows(detail);
    const auto it = std::upper_bound(r.begin(), r.end(), static_cast<std::uint32_t>(event));
    return static_cast<std::ptrdiff_t>(it - r.begin()) - 1;
}

}  // namespace rtclab::gui
