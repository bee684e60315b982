// The Setup window: change a NAT's preset or its RFC 4787 knobs, TURN and trickle per peer, the
// seed; the scenario re-runs (milliseconds) and the cursor keeps its place in virtual time.
// Only for sessions opened from a scenario: a recorded trace has no simulator behind it.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "sim/nat_config.h"
#include "ui/gui/views/views.h"

namespace rtclab::gui {

namespace {

template <class E>
bool enum_combo(const char* label, E& value, std::initializer_list<E> options, float width) {
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(label, std::string(sim::to_string(value)).c_str())) {
        for (E o : options) {
            const std::string name(sim::to_string(o));
            if (ImGui::Selectable(name.c_str(), o == value)) {
                changed = changed || o != value;
                value = o;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

void help(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

// Each peer's connectionState at the end of a run: the outcome a change of setup changes.
std::string outcome(const Session& s) {
    const auto end = s.state_at(static_cast<std::ptrdiff_t>(s.event_count()) - 1);
    std::string out;
    const auto peers = end.find("peers");
    if (peers == end.end() || !peers->is_object()) return out;
    for (const auto& [name, p] : peers->items()) {
        const auto st = p.find("connectionState");
        if (!out.empty()) out += ", ";
        out += name + " " +
               (st != p.end() && st->is_string() ? st->get<std::string>() : std::string("?"));
    }
    return out;
}

void rerun(const Session& session, UiState& ui) {
    ToolWindows& t = ui.tools;
    const auto t0 = std::chrono::steady_clock::now();
    auto r = session.rerun(t.setup_edit);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!r.ok()) {
        t.setup_status = r.error().message;
        t.setup_status_ok = false;
        return;
    }
    char line[160];
    std::snprintf(line, sizeof line, "re-ran in %.0f ms: %zu events; at the end: ", ms,
                  r.value()->event_count());
    t.setup_status = line + outcome(*r.value());
    t.setup_status_ok = true;
    t.replacement = std::move(r).value();
}

}  // namespace

void draw_setup_window(const Session& session, UiState& ui, const ScreenLayout& screen) {
    ToolWindows& t = ui.tools;
    const Metrics& m = screen.metrics;
    ImGui::SetNextWindowPos(ImVec2(screen.width * 0.5f, screen.height * 0.5f), ImGuiCond_Appearing,
                            ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(screen.width - 40.0f, 760.0f * m.scale),
                                    std::min(screen.height - 40.0f, 600.0f * m.scale)),
                             ImGuiCond_Appearing);
    if (!ImGui::Begin("Setup", &t.setup_open,
                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    ImGui::PushTextWrapPos(0.0f);
    if (session.scenario() == nullptr) {
        ImGui::TextUnformatted("Setup is disabled: this session replays a recorded trace");
        ImGui::TextDisabled("%s", session.path().c_str());
        ImGui::TextUnformatted(
            "A trace is a record of one run, with no simulator behind it, so there is nothing "
            "to re-run. Open the scenario (.json) it was recorded from to change NATs, TURN, "
            "trickle or the seed.");
        ImGui::PopTextWrapPos();
        ImGui::End();
        return;
    }
    if (t.setup_edit_for != session.id()) {
        t.setup_edit = session.setup();
        t.setup_edit_for = session.id();
    }
    ImGui::TextUnformatted(
        "Changing anything re-runs the scenario (it takes milliseconds); the cursor keeps its "
        "place in virtual time, the detail level and breakpoints stay.");
    ImGui::PopTextWrapPos();
    bool changed = false;
    const float combo_w = 230.0f * m.scale;

    ImGui::SetNextItemWidth(200.0f * m.scale);
    ImGui::InputScalar("seed", ImGuiDataType_U64, &t.setup_edit.seed);
    changed = ImGui::IsItemDeactivatedAfterEdit() || changed;
    help(
        "Every random draw (ports, ICE ufrags and passwords, transaction ids, jitter) comes from "
        "the seed: "
        "the same seed gives the same trace, byte for byte.");

    if (ImGui::CollapsingHeader("NATs", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (t.setup_edit.nats.empty()) ImGui::TextDisabled("This topology has no NAT.");
        for (auto& nat : t.setup_edit.nats) {
            ImGui::PushID(nat.name.c_str());
            sim::NatConfig& c = nat.config;
            ImGui::Text("%s (joins %s to its parent)", nat.name.c_str(), nat.network.c_str());
            ImGui::Indent();
            ImGui::SetNextItemWidth(combo_w);
            if (ImGui::BeginCombo("preset", c.preset.c_str())) {
                for (const auto& name : sim::nat_preset_names()) {
                    if (ImGui::Selectable(name.c_str(), name == c.preset)) {
                        changed = changed || name != c.preset;
                        c = with_preset(name);
                    }
                }
                ImGui::EndCombo();
            }
            help(
                "The RFC 3489 names over RFC 4787 behaviours: full-cone = endpoint-independent "
                "mapping and "
                "filtering; restricted-cone filters by address; port-restricted-cone by address "
                "and port; "
                "symmetric maps per destination too. open is a plain router. Changing a knob below "
                "makes it "
                "custom.");
            if (c.translates) {
                bool knob = false;
                using B = sim::Behavior;
                knob |= enum_combo(
                    "mapping (RFC 4787 §4.1)", c.mapping,
                    {B::kEndpointIndependent, B::kAddressDependent, B::kAddressAndPortDependent},
                    combo_w);
                knob |= enum_combo(
                    "filtering (§5)", c.filtering,
                    {B::kEndpointIndependent, B::kAddressDependent, B::kAddressAndPortDependent},
                    combo_w);
                using P = sim::PortAssignment;
                knob |= enum_combo("port assignment (§4.2)", c.ports,
                                   {P::kPreserve, P::kSequential, P::kRandom}, combo_w);
                int lifetime = static_cast<int>(c.mapping_lifetime.us / 1000000);
                ImGui::SetNextItemWidth(combo_w);
                ImGui::InputInt("mapping lifetime s (§4.3)", &lifetime, 0, 0);
                lifetime = std::clamp(lifetime, 1, 86400);
                c.mapping_lifetime = net::Duration::seconds(lifetime);
                knob |= ImGui::IsItemDeactivatedAfterEdit();
                using R = sim::RefreshRule;
                knob |=
                    enum_combo("refreshed by (§4.3)", c.refresh, {R::kOutbound, R::kBoth}, combo_w);
                knob |= ImGui::Checkbox("hairpinning (§6)", &c.hairpinning);
                if (knob) {
                    name_preset(c);
                    changed = true;
                }
            } else {
                ImGui::TextDisabled("a plain router: no translation, no knobs");
            }
            ImGui::Unindent();
            ImGui::PopID();
        }
    }
    if (ImGui::CollapsingHeader("Peers", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (t.setup_edit.peers.empty())
            ImGui::TextDisabled("This scenario has no PeerConnections.");
        for (auto& p : t.setup_edit.peers) {
            ImGui::PushID(p.host.c_str());
            ImGui::Text("%s", p.host.c_str());
            ImGui::SameLine(140.0f * m.scale);
            changed |= ImGui::Checkbox("TURN", &p.turn);
            help(
                "On: the peer's ICE servers include a TURN server (relayed candidates). Off: every "
                "TURN server is "
                "removed from its configuration.");
            ImGui::SameLine();
            changed |= ImGui::Checkbox("trickle ICE", &p.trickle);
            help(
                "On: candidates are sent as they are gathered (RFC 8838). Off: the description is "
                "sent once "
                "gathering is complete, with the candidates inside.");
            ImGui::PopID();
        }
    }
    ImGui::Separator();
    if (ImGui::Button("Reset to the file's setup")) {
        t.setup_edit = setup_of(*session.scenario());
        changed = true;
    }
    if (changed && !(t.setup_edit == session.setup())) rerun(session, ui);
    if (!t.setup_status.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(
            t.setup_status_ok ? ImVec4(0.1f, 0.55f, 0.1f, 1.0f) : ImVec4(0.85f, 0.1f, 0.1f, 1.0f),
            "%s", t.setup_status.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::End();
}

}  // namespace rtclab::gui
