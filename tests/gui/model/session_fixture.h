// The classroom scenario opened once for the view-model tests (it runs the simulator).
#pragma once

#include <memory>
#include <string>

#include "sim/trace_format.h"
#include "ui/gui/model/session.h"

namespace rtclab::gui::test {

inline std::string classroom_path() { return std::string(RTCLAB_SOURCE_DIR) + "/scenarios/classroom.json"; }

// A fresh session on the classroom scenario (each test moves its own cursor).
inline std::unique_ptr<Session> open_classroom() {
    auto s = Session::open(classroom_path());
    if (!s.ok()) return nullptr;
    return std::move(s).value();
}

// The first event of `kind` whose summary starts with `prefix`; -2 when there is none.
inline std::ptrdiff_t find_event(const Session& s, const std::string& kind, const std::string& prefix) {
    for (std::size_t i = 0; i < s.event_count(); ++i) {
        if (sim::event_kind(s.trace(), i) == kind && sim::event_summary(s.trace(), i).rfind(prefix, 0) == 0)
            return static_cast<std::ptrdiff_t>(i);
    }
    return -2;
}

inline const PeerView* peer(const Session& s, const std::string& name) {
    for (const auto& p : s.peers())
        if (p.name == name) return &p;
    return nullptr;
}

}  // namespace rtclab::gui::test
