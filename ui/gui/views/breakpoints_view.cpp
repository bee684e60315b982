// The Breakpoints window: add breakpoints on event kinds (the kinds of this trace) or on state
// predicates (a peer's attribute becomes a value; presets for the lesson's classic moments),
// enable, disable and remove them, run to the next one. Playback (play_step) stops on them.
#include <imgui.h>

#include <algorithm>
#include <array>
#include <set>

#include "sim/trace_format.h"
#include "ui/gui/views/views.h"

namespace rtclab::gui {

namespace {

struct Attribute {
    const char* label;   // in the combo
    const char* suffix;  // the pointer under /peers/<name>
    std::vector<const char*> values;
};

// The attributes of an RTCPeerConnection the state document keeps (docs/trace-format.md), with
// the values the W3C enumerations allow.
const std::vector<Attribute>& attributes() {
    static const std::vector<Attribute> kAttributes = {
        {"signalingState",
         "signalingState",
         {"stable", "have-local-offer", "have-remote-offer", "have-local-pranswer",
          "have-remote-pranswer", "closed"}},
        {"iceGatheringState", "iceGatheringState", {"new", "gathering", "complete"}},
        {"iceConnectionState",
         "iceConnectionState",
         {"new", "checking", "connected", "completed", "disconnected", "failed", "closed"}},
        {"connectionState",
         "connectionState",
         {"new", "connecting", "connected", "disconnected", "failed", "closed"}},
        {"a candidate pair is nominated", "candidatePairs/*/nominated", {"true"}},
        {"role", "role", {"controlling", "controlled"}},
    };
    return kAttributes;
}

std::string capitalised(const std::string& s) {
    std::string out = s;
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
        out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

bool string_getter(void* data, int idx, const char** out) {
    const auto* items = static_cast<const std::vector<std::string>*>(data);
    if (idx < 0 || static_cast<std::size_t>(idx) >= items->size()) return false;
    *out = (*items)[static_cast<std::size_t>(idx)].c_str();
    return true;
}

bool cstr_getter(void* data, int idx, const char** out) {
    const auto* items = static_cast<const std::vector<const char*>*>(data);
    if (idx < 0 || static_cast<std::size_t>(idx) >= items->size()) return false;
    *out = (*items)[static_cast<std::size_t>(idx)];
    return true;
}

void report(UiState& ui, const net::Result<void>& r) {
    ui.tools.breakpoint_error = r.ok() ? std::string() : r.error().message;
}

void stop_at(Session& session, UiState& ui, const BreakpointHit& hit) {
    session.set_cursor(static_cast<std::ptrdiff_t>(hit.event));
    ui.playing = false;
    ui.play_accum = 0;
    ui.tools.break_message = ui.tools.breakpoints.describe(hit);
    ui.tools.break_short = "stopped: " + ui.tools.breakpoints.list()[hit.breakpoint].label;
    ui.tools.break_event = static_cast<std::ptrdiff_t>(hit.event);
}

}  // namespace

bool play_step(Session& session, UiState& ui) {
    BreakpointHit hit;
    switch (play_one_step(session, ui.tools.breakpoints, &hit)) {
        case PlayStep::kMoved:
            return true;
        case PlayStep::kBreakpoint:
            stop_at(session, ui, hit);
            return false;
        case PlayStep::kAtEnd:
            return false;
    }
    return false;
}

void run_to_next_breakpoint(Session& session, UiState& ui) {
    const auto last = static_cast<std::ptrdiff_t>(session.event_count()) - 1;
    if (const auto hit = ui.tools.breakpoints.find(session, session.cursor(), last)) {
        stop_at(session, ui, *hit);
        return;
    }
    ui.playing = false;
    ui.tools.break_event = session.cursor();
    ui.tools.break_message = ui.tools.breakpoints.any_enabled()
                                 ? "no enabled breakpoint hits after this step"
                                 : "no breakpoint is enabled: add one in the Breakpoints window";
    ui.tools.break_short = ui.tools.break_message;
}

void draw_breakpoints_window(Session& session, UiState& ui, const ScreenLayout& screen) {
    ToolWindows& t = ui.tools;
    const Metrics& m = screen.metrics;
    ImGui::SetNextWindowPos(ImVec2(screen.width * 0.5f, screen.height * 0.5f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(screen.width - 40.0f, 720.0f * m.scale),
                                    std::min(screen.height - 40.0f, 560.0f * m.scale)),
                             ImGuiCond_Appearing);
    if (!ImGui::Begin("Breakpoints", &t.breakpoints_open,
                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(
        "Playing stops at an event that hits an enabled breakpoint: an event kind, or a "
        "state predicate checked on the event's own state changes.");
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Run to next breakpoint")) run_to_next_breakpoint(session, ui);
    if (!t.break_message.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(0.85f, 0.45f, 0.0f, 1.0f), "%s", t.break_message.c_str());
    }

    ImGui::Separator();
    ImGui::TextUnformatted("Presets");
    for (const auto& p : breakpoint_presets()) {
        if (ImGui::Button(p.label)) report(ui, t.breakpoints.add_spec(p.spec, p.label));
        ImGui::SameLine();
    }
    ImGui::NewLine();

    // By kind: the kinds of this trace, then their families ("nat.*").
    std::vector<std::string> kinds = session.event_kinds();
    std::set<std::string> families;
    for (const auto& k : session.event_kinds()) {
        const auto dot = k.find('.');
        if (dot != std::string::npos) families.insert(k.substr(0, dot + 1) + "*");
    }
    kinds.insert(kinds.end(), families.begin(), families.end());
    if (!kinds.empty()) {
        t.kind_choice = std::clamp(t.kind_choice, 0, static_cast<int>(kinds.size()) - 1);
        ImGui::SetNextItemWidth(300.0f * m.scale);
        ImGui::Combo("##kind", &t.kind_choice, string_getter, &kinds,
                     static_cast<int>(kinds.size()), 16);
        ImGui::SameLine();
        if (ImGui::Button("Add kind"))
            report(ui, t.breakpoints.add_spec(kinds[static_cast<std::size_t>(t.kind_choice)]));
    } else {
        ImGui::TextDisabled("(the trace has no events)");
    }

    // By predicate: peer, attribute, value.
    std::vector<std::string> peers = {"any peer"};
    for (const auto& p : session.peers())
        peers.push_back(p.name);
    const auto& attrs = attributes();
    t.peer_choice = std::clamp(t.peer_choice, 0, static_cast<int>(peers.size()) - 1);
    t.attribute_choice = std::clamp(t.attribute_choice, 0, static_cast<int>(attrs.size()) - 1);
    const Attribute& attr = attrs[static_cast<std::size_t>(t.attribute_choice)];
    t.value_choice = std::clamp(t.value_choice, 0, static_cast<int>(attr.values.size()) - 1);
    ImGui::SetNextItemWidth(110.0f * m.scale);
    ImGui::Combo("##peer", &t.peer_choice, string_getter, &peers, static_cast<int>(peers.size()));
    ImGui::SameLine();
    std::vector<const char*> attr_labels;
    for (const auto& a : attrs)
        attr_labels.push_back(a.label);
    ImGui::SetNextItemWidth(230.0f * m.scale);
    if (ImGui::Combo("##attribute", &t.attribute_choice, cstr_getter, &attr_labels,
                     static_cast<int>(attr_labels.size())))
        t.value_choice = 0;
    ImGui::SameLine();
    ImGui::TextUnformatted("becomes");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(170.0f * m.scale);
    auto values = attr.values;
    ImGui::Combo("##value", &t.value_choice, cstr_getter, &values, static_cast<int>(values.size()));
    ImGui::SameLine();
    if (ImGui::Button("Add predicate")) {
        const std::string peer =
            t.peer_choice == 0 ? "*" : peers[static_cast<std::size_t>(t.peer_choice)];
        const std::string value = values[static_cast<std::size_t>(t.value_choice)];
        const std::string who = t.peer_choice == 0 ? "any peer's" : capitalised(peer) + "'s";
        const std::string label =
            t.attribute_choice == 4
                ? (t.peer_choice == 0 ? "a pair is nominated"
                                      : capitalised(peer) + ": a pair is nominated")
                : who + " " + attr.label + " becomes " + value;
        report(ui,
               t.breakpoints.add_spec("/peers/" + peer + "/" + attr.suffix + "=" + value, label));
    }

    // By spec, as --break takes it.
    ImGui::SetNextItemWidth(420.0f * m.scale);
    const bool enter = ImGui::InputTextWithHint(
        "##spec", "nat.drop | ice.pair.* | /peers/bob/signalingState=stable", t.spec_text,
        sizeof t.spec_text, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if (ImGui::Button("Add spec") || enter) {
        const auto r = t.breakpoints.add_spec(t.spec_text);
        report(ui, r);
        if (r.ok()) t.spec_text[0] = '\0';
    }
    if (!t.breakpoint_error.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(ImVec4(0.85f, 0.1f, 0.1f, 1.0f), "%s", t.breakpoint_error.c_str());
        ImGui::PopTextWrapPos();
    }

    ImGui::Separator();
    if (t.breakpoints.empty()) ImGui::TextDisabled("No breakpoints yet.");
    std::ptrdiff_t remove = -1;
    const auto& list = t.breakpoints.list();
    for (std::size_t i = 0; i < list.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        bool on = list[i].enabled;
        if (ImGui::Checkbox("##on", &on)) t.breakpoints.set_enabled(i, on);
        ImGui::SameLine();
        if (ImGui::SmallButton("Remove")) remove = static_cast<std::ptrdiff_t>(i);
        ImGui::SameLine();
        ImGui::TextUnformatted(list[i].label.c_str());
        if (list[i].label != list[i].spec) {
            ImGui::SameLine();
            ImGui::TextDisabled("%s", list[i].spec.c_str());
        }
        ImGui::PopID();
    }
    if (remove >= 0) t.breakpoints.remove(static_cast<std::size_t>(remove));
    ImGui::End();
}

}  // namespace rtclab::gui
