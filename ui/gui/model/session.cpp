#include "ui/gui/model/session.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include "sim/scenario_loader.h"
#include "sim/trace_format.h"
#include "sim/trace_jsonl.h"
#include "sim/world.h"

namespace rtclab::gui {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A topology file says so in its first key ("rtclab_topology"); anything else is read as a
// scenario, whose loader gives the errors.
bool is_topology_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    return doc.is_object() && doc.contains("rtclab_topology") && !doc.contains("rtclab_scenario");
}

sim::Trace run_scenario(const sim::Scenario& scenario) {
    sim::World world(scenario);
    world.run();
    return std::move(world.trace());
}

// The four descriptions of each peer: all that the "changed since the previous step" needs.
nlohmann::json descriptions_of(const nlohmann::json& state) {
    nlohmann::json out = nlohmann::json::object();
    const auto peers = state.find("peers");
    if (peers == state.end() || !peers->is_object()) return out;
    auto& out_peers = out["peers"];
    for (const auto& [name, peer] : peers->items()) {
        if (!peer.is_object()) continue;
        auto& p = out_peers[name];
        for (int slot = 0; slot < 2; ++slot) {
            for (int side = 0; side < 2; ++side) {
                const char* key = description_key(slot, side);
                const auto it = peer.find(key);
                p[key] = it == peer.end() ? nlohmann::json() : *it;
            }
        }
    }
    return out;
}

}  // namespace

net::Result<std::unique_ptr<Session>> Session::open(const std::string& path, const OpenOptions& options) {
    if (ends_with(path, ".jsonl")) {
        auto trace = sim::read_trace_file(path);
        if (!trace.ok()) return trace.error();
        auto session = std::make_unique<Session>(std::move(trace).value());
        session->path_ = path;
        return session;
    }
    if (is_topology_file(path)) {
        auto topology = sim::load_topology_file(path);
        if (!topology.ok()) return topology.error();
        // The loader runs scenarios only: a bare topology becomes one with no peers and no
        // script, so its networks, NATs and hosts show (and nothing happens).
        sim::Scenario scenario;
        scenario.name = topology->name;
        scenario.title = "Topology " + topology->name + " (no peers, no script: open a scenario that uses it)";
        scenario.file = path;
        scenario.topology = std::move(topology).value();
        auto session = from_scenario(std::move(scenario), options);
        session->path_ = path;
        return session;
    }
    auto scenario = sim::load_scenario_file(path);
    if (!scenario.ok()) return scenario.error();
    auto session = from_scenario(std::move(scenario).value(), options);
    session->path_ = path;
    return session;
}

std::unique_ptr<Session> Session::from_scenario(sim::Scenario scenario, const OpenOptions& options) {
    sim::Trace trace = run_scenario(scenario);
    // Benchmarks ask for long traces: double virtual time until the run is long enough.
    for (int tries = 0; trace.size() < options.min_events && tries < 12; ++tries) {
        scenario.duration = scenario.duration * 2;
        trace = run_scenario(scenario);
    }
    auto session = std::make_unique<Session>(std::move(trace));
    session->setup_ = setup_of(scenario);
    session->path_ = scenario.file;
    session->base_ = std::make_shared<const sim::Scenario>(std::move(scenario));
    return session;
}

net::Result<std::unique_ptr<Session>> Session::rerun(const ScenarioSetup& setup) const {
    if (!base_) {
        return net::make_error("this session replays a recorded trace (" + path_ +
                               "): there is no scenario to re-run; open the scenario (.json) to change its setup");
    }
    auto scenario = apply_setup(*base_, setup);
    if (!scenario.ok()) return scenario.error();
    auto session = std::make_unique<Session>(run_scenario(*scenario));
    session->base_ = base_;
    session->setup_ = setup;
    session->path_ = path_;
    session->set_detail(detail_);
    // Keep the place in virtual time: the last event at or before the old cursor's time.
    if (cursor_ != kStart) session->set_cursor(session->last_event_at_or_before(time_us()));
    return session;
}

const std::vector<std::string>& Session::event_kinds() const {
    if (!kinds_ready_) {
        std::set<std::string> kinds;
        for (std::size_t i = 0; i < trace_->size(); ++i) kinds.insert(sim::event_kind(*trace_, i));
        kinds_.assign(kinds.begin(), kinds.end());
        kinds_ready_ = true;
    }
    return kinds_;
}

std::ptrdiff_t Session::last_event_at_or_before(std::int64_t t_us) const {
    // Times never decrease along the trace: binary search for the first event after t.
    std::size_t lo = 0, hi = trace_->size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (trace_->event(mid).t_us <= t_us) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return static_cast<std::ptrdiff_t>(lo) - 1;
}

Session::Session(sim::Trace trace)
    : trace_(std::make_unique<sim::Trace>(std::move(trace))), index_(*trace_), layout_(*trace_), signaling_(*trace_),
      lesson_(*trace_) {
    static std::uint64_t next_id = 0;
    id_ = ++next_id;
    state_ = index_.state_after(kStart);
    previous_ = descriptions_of(state_);
    rebuild_views();
}

void Session::set_cursor(std::ptrdiff_t step) {
    const auto last = static_cast<std::ptrdiff_t>(event_count()) - 1;
    step = std::clamp(step, kStart, std::max(kStart, last));
    if (step == cursor_) return;
    if (step == cursor_ + 1) {
        // Playing forward: fold one event instead of fetching a keyframe.
        previous_ = descriptions_of(state_);
        auto applied = sim::apply_changes(state_, sim::event_changes(*trace_, static_cast<std::size_t>(step)));
        if (!applied.ok()) state_ = index_.state_after(step);
    } else {
        previous_ = descriptions_of(index_.state_after(step - 1 < kStart ? kStart : step - 1));
        state_ = index_.state_after(step);
    }
    cursor_ = step;
    rebuild_views();
}

void Session::set_detail(int detail) { detail_ = std::clamp(detail, kMinDetail, kMaxDetail); }

bool Session::step_forward() {
    const auto& rows = layout_.rows(detail_);
    const auto it = std::upper_bound(rows.begin(), rows.end(), cursor_ < 0 ? -1 : cursor_,
                                     [](std::ptrdiff_t c, std::uint32_t e) { return c < static_cast<std::ptrdiff_t>(e); });
    if (it == rows.end()) return false;
    set_cursor(*it);
    return true;
}

bool Session::step_back() {
    if (cursor_ == kStart) return false;
    const auto& rows = layout_.rows(detail_);
    const auto it = std::lower_bound(rows.begin(), rows.end(), static_cast<std::uint32_t>(cursor_));
    set_cursor(it == rows.begin() ? kStart : static_cast<std::ptrdiff_t>(*(it - 1)));
    return true;
}

std::ptrdiff_t Session::highlighted_event() const {
    const auto row = highlighted_row();
    return row < 0 ? kStart : static_cast<std::ptrdiff_t>(layout_.rows(detail_)[static_cast<std::size_t>(row)]);
}

std::int64_t Session::time_us() const {
    return cursor_ < 0 ? 0 : trace_->event(static_cast<std::size_t>(cursor_)).t_us;
}

void Session::rebuild_views() {
    peers_ = make_peer_views(state_, previous_, signaling_, cursor_, std::move(peers_));
    topology_.update(*trace_, state_, cursor_);
    packet_.update(*trace_, state_, cursor_);
    lesson_at_cursor_ = lesson_.at(cursor_);
}

}  // namespace rtclab::gui
