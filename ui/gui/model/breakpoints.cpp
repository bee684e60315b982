#include "ui/gui/model/breakpoints.h"

#include <algorithm>

#include "sim/json_source_map.h"
#include "sim/trace_format.h"
#include "ui/gui/model/session.h"

namespace rtclab::gui {

namespace {

bool kind_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// "a.b-c.d": dot-separated non-empty words of a-z 0-9 - _ (docs/scenario-format.md).
bool valid_kind(std::string_view k) {
    if (k.empty()) return false;
    bool word = false;
    for (char c : k) {
        if (c == '.') {
            if (!word) return false;
            word = false;
        } else if (kind_char(c)) {
            word = true;
        } else {
            return false;
        }
    }
    return word;
}

// RFC 6901: "/a/b~1c" -> {"a", "b/c"}; false with a message when malformed.
bool parse_pointer(std::string_view text, std::vector<std::string>& tokens, std::string& error) {
    tokens.clear();
    if (text.empty() || text.front() != '/') {
        error = "a JSON pointer starts with '/'";
        return false;
    }
    std::string token;
    for (std::size_t i = 1; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '/') {
            tokens.push_back(std::move(token));
            token.clear();
            continue;
        }
        if (text[i] == '~') {
            if (i + 1 < text.size() && (text[i + 1] == '0' || text[i + 1] == '1')) {
                token += text[i + 1] == '0' ? '~' : '/';
                ++i;
                continue;
            }
            error = "'~' in a JSON pointer must be written ~0 ('~') or ~1 ('/')";
            return false;
        }
        token += text[i];
    }
    return true;
}

bool pointer_tokens(const nlohmann::json& change, std::vector<std::string>& tokens) {
    const auto p = change.find("path");
    if (p == change.end() || !p->is_string()) return false;
    std::string error;
    return parse_pointer(p->get_ref<const std::string&>(), tokens, error);
}

// Walks `value` down `pattern[from..]`, `*` taking every member; calls `f(tokens, value)` on
// each value reached. `path` holds the concrete tokens so far.
template <class F>
void walk(const nlohmann::json& value, const std::vector<std::string>& pattern, std::size_t from,
          std::vector<std::string>& path, F&& f) {
    if (from == pattern.size()) {
        f(path, value);
        return;
    }
    if (!value.is_object()) return;
    if (pattern[from] == "*") {
        for (const auto& [key, child] : value.items()) {
            path.push_back(key);
            walk(child, pattern, from + 1, path, f);
            path.pop_back();
        }
        return;
    }
    const auto it = value.find(pattern[from]);
    if (it == value.end()) return;
    path.push_back(pattern[from]);
    walk(*it, pattern, from + 1, path, f);
    path.pop_back();
}

std::vector<std::string> split_pointer(const std::string& pointer) {
    std::vector<std::string> tokens;
    std::string error;
    parse_pointer(pointer, tokens, error);
    return tokens;
}

// An event's changes without copying a ready-made event's list (those carry descriptions).
const nlohmann::json& changes_of(const sim::Trace& trace, std::size_t i, nlohmann::json& owned) {
    const sim::Event& e = trace.event(i);
    if (e.kind == sim::EventKind::kGeneric) return trace.generic(e).changes;
    owned = sim::event_changes(trace, i);
    return owned;
}

}  // namespace

std::string json_pointer_of(const std::vector<std::string>& tokens) {
    std::string out;
    for (const auto& t : tokens) out += "/" + sim::json_pointer_escape(t);
    return out;
}

const nlohmann::json* value_at(const nlohmann::json& doc, const std::vector<std::string>& tokens) {
    const nlohmann::json* v = &doc;
    for (const auto& t : tokens) {
        if (!v->is_object()) return nullptr;
        const auto it = v->find(t);
        if (it == v->end()) return nullptr;
        v = &*it;
    }
    return v;
}

bool Breakpoint::matches_kind(std::string_view event_kind) const {
    if (type != Type::kKind) return false;
    if (prefix) return event_kind.size() > kind.size() && event_kind.substr(0, kind.size()) == kind;
    return event_kind == kind;
}

std::vector<std::string> Breakpoint::state_hits(const nlohmann::json& changes) const {
    std::vector<std::string> hits;
    if (type != Type::kState || !changes.is_array()) return hits;
    std::vector<std::string> tokens, path;
    for (const auto& change : changes) {
        if (!change.is_object() || !pointer_tokens(change, tokens)) continue;
        const std::size_t common = std::min(tokens.size(), pattern.size());
        bool prefix_ok = true;
        for (std::size_t k = 0; k < common && prefix_ok; ++k)
            prefix_ok = pattern[k] == "*" || pattern[k] == tokens[k];
        if (!prefix_ok) continue;
        const bool removed = change.value("remove", false);
        if (tokens.size() > pattern.size()) {
            // Something under the pattern changed: without the full state the value there is
            // unknown, so only "any change" predicates hit.
            if (!value) hits.push_back(json_pointer_of(tokens));
            continue;
        }
        if (removed) {
            if (!value) hits.push_back(json_pointer_of(tokens));
            continue;
        }
        const auto v = change.find("value");
        if (v == change.end()) continue;
        path = tokens;
        walk(*v, pattern, tokens.size(), path,
             [&](const std::vector<std::string>& concrete, const nlohmann::json& x) {
                 if (!value || x == *value) hits.push_back(json_pointer_of(concrete));
             });
    }
    return hits;
}

net::Result<Breakpoint> parse_breakpoint(std::string_view text) {
    const std::string_view spec = trim(text);
    Breakpoint bp;
    if (spec.empty()) {
        return net::make_error(
            "empty breakpoint; expected an event kind (nat.drop), a kind prefix (ice.pair.*) or a "
            "state "
            "predicate (/peers/bob/signalingState=have-remote-offer)");
    }
    if (spec.front() != '/') {
        std::string_view kind = spec;
        bool prefix = false;
        if (kind.size() >= 2 && kind.substr(kind.size() - 2) == ".*") {
            kind.remove_suffix(1);
            prefix = true;
        } else if (kind.back() == '.') {
            prefix = true;
        }
        const std::string_view words = prefix ? kind.substr(0, kind.size() - 1) : kind;
        if (!valid_kind(words)) {
            return net::make_error(
                "bad breakpoint '" + std::string(spec) +
                "': an event kind is dot-separated words of a-z 0-9 - _ (nat.drop), a prefix "
                "ends in .* (ice.pair.*), and a state predicate starts with / "
                "(/peers/bob/signalingState=have-remote-offer)");
        }
        bp.type = Breakpoint::Type::kKind;
        bp.kind = std::string(kind);
        bp.prefix = prefix;
        bp.spec = prefix ? bp.kind + "*" : bp.kind;
        bp.label = bp.spec;
        return bp;
    }

    std::string_view pointer = spec, value_text;
    bool has_value = false;
    const auto b = spec.find(" becomes");
    if (b != std::string_view::npos && (b + 8 == spec.size() || spec[b + 8] == ' ')) {
        pointer = trim(spec.substr(0, b));
        value_text = trim(spec.substr(b + 8));
        has_value = true;
    } else if (const auto eq = spec.find('='); eq != std::string_view::npos) {
        pointer = trim(spec.substr(0, eq));
        value_text = trim(spec.substr(eq + 1));
        has_value = true;
    }
    std::string error;
    if (!parse_pointer(pointer, bp.pattern, error)) {
        return net::make_error("bad breakpoint '" + std::string(spec) + "': " + error);
    }
    if (has_value && value_text.empty()) {
        return net::make_error(
            "bad breakpoint '" + std::string(spec) +
            "': expected a value after '=' (true, 3, null, \"text\" or a plain word)");
    }
    bp.type = Breakpoint::Type::kState;
    bp.pointer = std::string(pointer);
    if (has_value) {
        auto parsed = nlohmann::json::parse(value_text.begin(), value_text.end(), nullptr, false);
        bp.value =
            parsed.is_discarded() ? nlohmann::json(std::string(value_text)) : std::move(parsed);
        bp.spec = bp.pointer + "=" + bp.value->dump();
        bp.label = bp.pointer + " becomes " + bp.value->dump();
    } else {
        bp.spec = bp.pointer;
        bp.label = bp.pointer + " changes";
    }
    return bp;
}

const std::vector<BreakpointPreset>& breakpoint_presets() {
    static const std::vector<BreakpointPreset> kPresets = {
        {"a pair is nominated", "/peers/*/candidatePairs/*/nominated=true"},
        {"a NAT drops a packet", "nat.drop"},
        {"Bob's signalingState becomes have-remote-offer",
         "/peers/bob/signalingState=have-remote-offer"},
    };
    return kPresets;
}

void Breakpoints::add(Breakpoint bp) {
    for (auto& b : list_) {
        if (b.spec == bp.spec) {
            b.enabled = true;
            return;
        }
    }
    list_.push_back(std::move(bp));
}

net::Result<void> Breakpoints::add_spec(std::string_view spec, std::string label) {
    auto bp = parse_breakpoint(spec);
    if (!bp.ok()) return bp.error();
    if (!label.empty()) bp->label = std::move(label);
    add(std::move(bp).value());
    return {};
}

void Breakpoints::remove(std::size_t i) {
    if (i < list_.size()) list_.erase(list_.begin() + static_cast<std::ptrdiff_t>(i));
}

void Breakpoints::set_enabled(std::size_t i, bool on) {
    if (i < list_.size()) list_[i].enabled = on;
}

bool Breakpoints::any_enabled() const {
    return std::any_of(list_.begin(), list_.end(), [](const Breakpoint& b) { return b.enabled; });
}

std::optional<BreakpointHit> Breakpoints::check(const sim::Trace& trace, std::size_t i) const {
    bool any_state = false;
    std::string kind;
    for (std::size_t b = 0; b < list_.size(); ++b) {
        const Breakpoint& bp = list_[b];
        if (!bp.enabled) continue;
        if (bp.type == Breakpoint::Type::kState) {
            any_state = true;
            continue;
        }
        if (kind.empty()) kind = sim::event_kind(trace, i);
        if (bp.matches_kind(kind)) return BreakpointHit{i, b, kind};
    }
    if (!any_state) return std::nullopt;
    nlohmann::json owned;
    const nlohmann::json& changes = changes_of(trace, i, owned);
    if (changes.empty()) return std::nullopt;
    for (std::size_t b = 0; b < list_.size(); ++b) {
        const Breakpoint& bp = list_[b];
        if (!bp.enabled || bp.type != Breakpoint::Type::kState) continue;
        const auto hits = bp.state_hits(changes);
        if (!hits.empty()) return BreakpointHit{i, b, hits.front()};
    }
    return std::nullopt;
}

std::optional<BreakpointHit> Breakpoints::find(const Session& session, std::ptrdiff_t from,
                                               std::ptrdiff_t to) const {
    if (!any_enabled()) return std::nullopt;
    const sim::Trace& trace = session.trace();
    const auto last = static_cast<std::ptrdiff_t>(trace.size()) - 1;
    to = std::min(to, last);
    bool any_state = false;
    for (const auto& bp : list_)
        any_state = any_state || (bp.enabled && bp.type == Breakpoint::Type::kState);
    std::string kind;
    for (std::ptrdiff_t e = std::max<std::ptrdiff_t>(from + 1, 0); e <= to; ++e) {
        const auto i = static_cast<std::size_t>(e);
        kind = sim::event_kind(trace, i);
        for (std::size_t b = 0; b < list_.size(); ++b) {
            const Breakpoint& bp = list_[b];
            if (bp.enabled && bp.type == Breakpoint::Type::kKind && bp.matches_kind(kind))
                return BreakpointHit{i, b, kind};
        }
        if (!any_state) continue;
        nlohmann::json owned;
        const nlohmann::json& changes = changes_of(trace, i, owned);
        if (changes.empty()) continue;
        std::optional<nlohmann::json>
            fetched;  // the state before event e, only when a candidate needs it
        for (std::size_t b = 0; b < list_.size(); ++b) {
            const Breakpoint& bp = list_[b];
            if (!bp.enabled || bp.type != Breakpoint::Type::kState) continue;
            const auto hits = bp.state_hits(changes);
            if (hits.empty()) continue;
            if (!bp.value) return BreakpointHit{i, b, hits.front()};
            // "Becomes": the value before the event must be a different one.
            const nlohmann::json* before = nullptr;
            if (e - 1 == session.cursor()) {
                before = &session.state();
            } else {
                if (!fetched) fetched = session.state_at(e - 1);
                before = &*fetched;
            }
            for (const auto& where : hits) {
                const nlohmann::json* old = value_at(*before, split_pointer(where));
                if (old == nullptr || *old != *bp.value) return BreakpointHit{i, b, where};
            }
        }
    }
    return std::nullopt;
}

PlayStep play_one_step(Session& session, const Breakpoints& breakpoints, BreakpointHit* hit) {
    const auto& rows = session.layout().rows(session.detail());
    const std::ptrdiff_t cursor = session.cursor();
    const auto it = std::upper_bound(
        rows.begin(), rows.end(), cursor,
        [](std::ptrdiff_t c, std::uint32_t e) { return c < static_cast<std::ptrdiff_t>(e); });
    if (it == rows.end()) return PlayStep::kAtEnd;
    const auto target = static_cast<std::ptrdiff_t>(*it);
    if (const auto found = breakpoints.find(session, cursor, target)) {
        session.set_cursor(static_cast<std::ptrdiff_t>(found->event));
        if (hit != nullptr) *hit = *found;
        return PlayStep::kBreakpoint;
    }
    session.set_cursor(target);
    return PlayStep::kMoved;
}

std::string Breakpoints::describe(const BreakpointHit& hit) const {
    std::string label =
        hit.breakpoint < list_.size() ? list_[hit.breakpoint].label : std::string("?");
    std::string out = "breakpoint '" + label + "' hit at step " + std::to_string(hit.event);
    if (!hit.where.empty() && hit.where != label) out += " (" + hit.where + ")";
    return out;
}

}  // namespace rtclab::gui
