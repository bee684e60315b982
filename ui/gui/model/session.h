// Session: one trace open in the GUI — the trace, its state index and sequence layout, the
// cursor and detail level, and the view of the state at the cursor (rebuilt when it moves).
//
// The cursor is a step as docs/trace-format.md defines it: the state after event `cursor`,
// kStart (-1) for the initial state. Stepping moves between the events shown at the chosen
// detail level.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/core/result.h"
#include "sim/state_index.h"
#include "sim/trace.h"
#include "ui/gui/model/peer_view.h"
#include "ui/gui/model/sequence_layout.h"

namespace rtclab::gui {

struct OpenOptions {
    // For benchmarks: when a scenario gives fewer events, run it longer in virtual time
    // (consent checks and keepalives keep producing events) until it gives this many.
    std::size_t min_events = 0;
};

inline constexpr int kDefaultDetail = 2;

class Session {
public:
    static constexpr std::ptrdiff_t kStart = sim::StateIndex::kStart;

    // A scenario (.json: runs the world) or a trace (.jsonl: replays it). Errors name the file.
    static net::Result<std::unique_ptr<Session>> open(const std::string& path, const OpenOptions& options = {});
    explicit Session(sim::Trace trace);
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const sim::Trace& trace() const { return *trace_; }
    const SequenceLayout& layout() const { return layout_; }
    std::size_t event_count() const { return trace_->size(); }

    std::ptrdiff_t cursor() const { return cursor_; }
    void set_cursor(std::ptrdiff_t step);  // clamps to [kStart, last event]
    int detail() const { return detail_; }
    void set_detail(int detail);

    // Moves to the next / previous event shown at the detail level (back from the first one
    // reaches start). False when there is nowhere to go.
    bool step_forward();
    bool step_back();
    void go_start() { set_cursor(kStart); }
    void go_end() { set_cursor(static_cast<std::ptrdiff_t>(event_count()) - 1); }
    bool at_end() const { return cursor_ + 1 >= static_cast<std::ptrdiff_t>(event_count()); }

    // The event the diagram highlights: the last event shown at the detail level at or
    // before the cursor; kStart when there is none.
    std::ptrdiff_t highlighted_event() const;
    std::ptrdiff_t highlighted_row() const { return layout_.row_at_or_before(cursor_, detail_); }

    // Virtual time at the cursor (the event's time; 0 at start).
    std::int64_t time_us() const;

    const nlohmann::json& state() const { return state_; }
    const std::vector<PeerView>& peers() const { return peers_; }

private:
    void rebuild_views();

    std::unique_ptr<sim::Trace> trace_;  // StateIndex keeps a reference: the trace never moves
    sim::StateIndex index_;
    SequenceLayout layout_;
    std::ptrdiff_t cursor_ = kStart;
    int detail_ = kDefaultDetail;
    nlohmann::json state_;
    nlohmann::json previous_;  // {"peers": {name: {the four descriptions}}} at cursor - 1
    std::vector<PeerView> peers_;
};

}  // namespace rtclab::gui
