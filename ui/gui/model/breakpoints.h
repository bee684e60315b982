// Breakpoints: where playback stops — on an event kind ("nat.drop", every "ice.pair.*") or on
// a state predicate ("/peers/bob/signalingState becomes have-remote-offer"), evaluated on each
// event's own state changes so that checking an event is cheap and needs no full state.
//
// Spec syntax (the Breakpoints window and `rtclab-gui --break SPEC` share it):
//
//     nat.drop                                   an event kind, exactly
//     ice.pair.*   (or ice.pair.)                every kind starting with "ice.pair."
//     /peers/bob/signalingState=have-remote-offer   a JSON pointer (RFC 6901) becomes a value;
//     /peers/*/candidatePairs/*/nominated=true      `*` stands for any one path segment; the
//                                                   value is JSON (true, 3, "x", null) or,
//                                                   when it is not JSON, a string
//     /nats/nat-a/mappings                       no value: any change at or under the pointer
//
// " becomes " may be written instead of "=".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/core/result.h"
#include "sim/trace.h"

namespace rtclab::gui {

class Session;

struct Breakpoint {
    enum class Type { kKind, kState };
    Type type = Type::kKind;
    std::string spec;   // as parsed, canonical: "nat.drop", "ice.pair.*", "/peers/bob/x=\"y\""
    std::string label;  // for people: the spec, or a preset's sentence
    bool enabled = true;

    // kKind: the kind, or the prefix ("ice.pair.") when `prefix`.
    std::string kind;
    bool prefix = false;

    // kState: the pointer's unescaped tokens ("*" = any one segment) and the value it must
    // become; no value: any change at or under the pointer.
    std::string pointer;
    std::vector<std::string> pattern;
    std::optional<nlohmann::json> value;

    bool matches_kind(std::string_view event_kind) const;
    // The concrete pointers this change list sets to the breakpoint's value (for a pattern
    // without a value: the changed pointers at or under it). Says nothing about the value
    // before: `Breakpoints::find` checks "becomes" against the state before the event.
    std::vector<std::string> state_hits(const nlohmann::json& changes) const;
};

// Parses a spec; errors say what is wrong and what is expected.
net::Result<Breakpoint> parse_breakpoint(std::string_view spec);

// The presets the Breakpoints window offers (spec + sentence).
struct BreakpointPreset {
    const char* label;
    const char* spec;
};
const std::vector<BreakpointPreset>& breakpoint_presets();

struct BreakpointHit {
    std::size_t event = 0;       // the event that hit
    std::size_t breakpoint = 0;  // index into Breakpoints::list()
    std::string where;           // the kind, or the concrete pointer that became the value
};

class Breakpoints {
  public:
    // Adds a breakpoint unless one with the same spec exists (then it is enabled again).
    void add(Breakpoint bp);
    net::Result<void> add_spec(std::string_view spec, std::string label = {});
    void remove(std::size_t i);
    void set_enabled(std::size_t i, bool on);
    void clear() { list_.clear(); }
    const std::vector<Breakpoint>& list() const { return list_; }
    bool empty() const { return list_.empty(); }
    bool any_enabled() const;

    // The breakpoints event `i` of `trace` hits, without the "becomes" check (for tests and
    // the kind-only fast path): kinds first, then state predicates on its changes.
    std::optional<BreakpointHit> check(const sim::Trace& trace, std::size_t i) const;

    // The first event in (from, to] that hits an enabled breakpoint. A state predicate hits
    // only when the value really changes: the value before the event (the session's state at
    // its cursor when the event is the next one, else the state index's) must differ. Costs
    // one kind check per event, and the event's changes when a state predicate is enabled.
    std::optional<BreakpointHit> find(const Session& session, std::ptrdiff_t from,
                                      std::ptrdiff_t to) const;

    // "breakpoint 'LABEL' hit at step N (where)".
    std::string describe(const BreakpointHit& hit) const;

  private:
    std::vector<Breakpoint> list_;
};

// Playing one step: the cursor moves to the next event shown at the detail level, unless an
// enabled breakpoint hits on the way (events hidden at the level included): then it stops at
// that event and `hit` says which. Only the events the cursor passes are checked.
enum class PlayStep { kMoved, kBreakpoint, kAtEnd };
PlayStep play_one_step(Session& session, const Breakpoints& breakpoints, BreakpointHit* hit);

// RFC 6901 helpers used by the predicates.
std::string json_pointer_of(const std::vector<std::string>& tokens);
// Null when the pointer does not lead to a value.
const nlohmann::json* value_at(const nlohmann::json& doc, const std::vector<std::string>& tokens);

}  // namespace rtclab::gui
