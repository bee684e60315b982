// SequenceLayout: the sequence diagram computed once per trace — which events are rows at each
// detail level, which lanes each row joins, and the phase bands — so that drawing a frame only
// looks up the rows on screen (nothing per frame is proportional to the trace length).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/trace.h"
#include "ui/gui/model/detail_level.h"

namespace rtclab::gui {

// A run of consecutive rows (at one detail level) in the same phase.
struct PhaseBand {
    std::size_t first_row = 0;
    std::size_t last_row = 0;  // inclusive
    Phase phase = Phase::kNone;
};

class SequenceLayout {
public:
    SequenceLayout() = default;
    explicit SequenceLayout(const sim::Trace& trace);

    std::size_t lane_count() const { return lane_count_; }
    // Lane x centre as a fraction of the lanes' width: (i + 0.5) / lane_count.
    float lane_fraction(std::size_t lane) const;

    // The events shown at `detail` (1..4), in trace order.
    const std::vector<std::uint32_t>& rows(int detail) const;
    const std::vector<PhaseBand>& bands(int detail) const;
    int event_level(std::size_t event) const { return levels_[event]; }
    Phase event_phase(std::size_t event) const { return static_cast<Phase>(phases_[event]); }
    bool visible(std::size_t event, int detail) const { return levels_[event] <= detail; }

    // The row of the last event shown at `detail` at or before `event` (-1: none, e.g. at
    // start). Binary search over the rows.
    std::ptrdiff_t row_at_or_before(std::ptrdiff_t event, int detail) const;

private:
    std::size_t lane_count_ = 0;
    std::vector<std::uint8_t> levels_;
    std::vector<std::uint8_t> phases_;  // inherited: an event with no phase of its own continues the last
    std::vector<std::uint32_t> rows_[kMaxDetail];
    std::vector<PhaseBand> bands_[kMaxDetail];
};

}  // namespace rtclab::gui
