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
#include "sim/scenario.h"
#include "sim/trace.h"
#include "ui/gui/model/lesson.h"
#include "ui/gui/model/packet_view.h"
#include "ui/gui/model/peer_view.h"
#include "ui/gui/model/scenario_setup.h"
#include "ui/gui/model/sequence_layout.h"
#include "ui/gui/model/topology_view.h"

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

    // --- opening and re-running (the Files and Setup windows) --------------------------------
    // Runs a loaded scenario; `open` uses it for .json files. A topology file opens as a
    // scenario of its own with no peers and no script (its networks, NATs and hosts, no events).
    static std::unique_ptr<Session> from_scenario(sim::Scenario scenario, const OpenOptions& options = {});
    // The loaded scenario with `setup` applied, run again (milliseconds): the same detail
    // level, the cursor at the last event at or before the old cursor's virtual time. An
    // error for a trace (nothing to re-run) or a bad setup.
    net::Result<std::unique_ptr<Session>> rerun(const ScenarioSetup& setup) const;
    // The scenario as loaded, null for a trace; the setup this run used.
    const sim::Scenario* scenario() const { return base_.get(); }
    const ScenarioSetup& setup() const { return setup_; }
    const std::string& path() const { return path_; }  // the file it was opened from
    std::uint64_t id() const { return id_; }             // unique per session in a process
    // The state after any step (a keyframe and at most 127 events folded: not for every frame).
    nlohmann::json state_at(std::ptrdiff_t step) const { return index_.state_after(step); }
    // The kinds of the trace's events, sorted, computed on first use (Breakpoints window).
    const std::vector<std::string>& event_kinds() const;
    // The last event at or before virtual time t; kStart when there is none.
    std::ptrdiff_t last_event_at_or_before(std::int64_t t_us) const;

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
    // Every peer's signalingState changes, indexed when the trace opened (the peer inspector's
    // state machine finds the last transition there instead of scanning the trace).
    const SignalingHistory& signaling_history() const { return signaling_; }
    const TopologyView& topology() const { return topology_; }
    const PacketView& packet() const { return packet_.view(); }  // the packet inspector's
    // The lesson pane's: the MDN step reached and the notes for this moment.
    const Lesson& lesson() const { return lesson_; }
    const LessonAtCursor& lesson_at_cursor() const { return lesson_at_cursor_; }

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
    SignalingHistory signaling_;
    TopologyView topology_;  // networks, NATs and their tables at the cursor
    PacketViewCache packet_;  // the packet at (or shortly before) the cursor, decoded
    Lesson lesson_;
    LessonAtCursor lesson_at_cursor_;
    // Opening and re-running.
    std::shared_ptr<const sim::Scenario> base_;  // as loaded; shared by its re-runs
    ScenarioSetup setup_;
    std::string path_;
    std::uint64_t id_ = 0;
    mutable std::vector<std::string> kinds_;
    mutable bool kinds_ready_ = false;
};

}  // namespace rtclab::gui
