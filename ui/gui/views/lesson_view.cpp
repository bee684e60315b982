// The lesson pane: the scenario's notes (the trace header's "notes") and why the event at the
// cursor happens.
#include <cmath>
#include <cstdio>

#include "sim/trace_format.h"
#include "ui/gui/views/views.h"

namespace rtclab::gui {

namespace {

// MDN's ten steps as numbered dots: done ones filled, the current one lit, step 5 (no event of
// its own) drawn hollow once passed.
void draw_mdn_progress(ImDrawList* dl, const LessonAtCursor& at, const Metrics& m, const Palette& pal) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float r = 0.5f * m.font_px();
    const float step_w = 2.0f * r + 3.0f * m.scale;
    for (int s = 1; s <= kMdnSteps; ++s) {
        const ImVec2 c(p.x + r + static_cast<float>(s - 1) * step_w, p.y + r);
        const bool done = s <= at.mdn_step;
        const bool current = s == at.mdn_step;
        const ImU32 fill = current ? pal.highlight : done ? pal.api : pal.lane;
        dl->AddCircleFilled(c, r, fill, 16);
        char n[4];
        std::snprintf(n, sizeof n, "%d", s);
        const float scale = 0.75f;
        const ImVec2 ts = ImGui::CalcTextSize(n);
        dl->AddText(ImGui::GetFont(), ImGui::GetFontSize() * scale,
                    ImVec2(std::floor(c.x - ts.x * scale / 2), std::floor(c.y - ts.y * scale / 2)),
                    current || done ? IM_COL32(0, 0, 0, 255) : pal.text, n);
    }
    ImGui::Dummy(ImVec2(static_cast<float>(kMdnSteps) * step_w, 2.0f * r));
}

}  // namespace

void draw_lesson(const Session& session, const ScreenLayout& screen, const Palette& pal) {
    const Metrics& m = screen.metrics;
    if (!begin_fixed_window("Lesson", screen.lesson, m.pad())) {
        ImGui::End();
        return;
    }
    const sim::Trace& trace = session.trace();
    const LessonAtCursor& at = session.lesson_at_cursor();
    draw_mdn_progress(ImGui::GetWindowDrawList(), at, m, pal);
    ImGui::SameLine();
    if (at.mdn_step > 0) {
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.api), "MDN step %d of %d%s%s", at.mdn_step, kMdnSteps,
                           at.mdn_actor.empty() ? "" : " - ", at.mdn_actor.c_str());
    } else {
        ImGui::TextDisabled("MDN's ten steps: not started");
    }
    ImGui::BeginChild("lesson-text", ImVec2(0, 0), false);
    ImGui::PushTextWrapPos(0.0f);
    if (at.mdn_step > 0) ImGui::TextUnformatted(mdn_step_text(at.mdn_step));
    // The note for this moment first, then why the event at the cursor happens, then the intro.
    for (auto it = at.notes.rbegin(); it != at.notes.rend(); ++it) {
        if (it->key == "intro") continue;
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal.signal), "%s", it->text.c_str());
    }
    const auto e = session.highlighted_event();
    if (e >= 0) {
        const std::string why = sim::event_explain(trace, static_cast<std::size_t>(e));
        if (!why.empty()) ImGui::TextDisabled("%s", why.c_str());
    }
    for (const auto& note : at.notes) {
        if (note.key == "intro") ImGui::TextUnformatted(note.text.c_str());
    }
    if (at.notes.empty() || (at.notes.size() == 1 && at.notes[0].key == "intro")) {
        ImGui::TextDisabled("%s", trace.title.c_str());
    }
    for (const auto& note : session.lesson().other_notes()) {
        ImGui::TextDisabled("%s: %s", note.key.c_str(), note.text.c_str());
    }
    ImGui::PopTextWrapPos();
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace rtclab::gui
