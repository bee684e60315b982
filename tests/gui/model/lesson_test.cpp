// The lesson pane's model: MDN's ten steps found in the classroom trace, in order and by the
// right peer, and the scenario's notes tied to moments by their keys.
#include "ui/gui/model/lesson.h"

#include <catch2/catch.hpp>

#include "session_fixture.h"
#include "sim/trace_format.h"

using namespace rtclab;
using namespace rtclab::gui;

TEST_CASE("lesson: the classroom exchange walks MDN's steps in order, each by the right peer", "[gui][lesson]") {
    auto session = test::open_classroom();
    REQUIRE(session);
    const sim::Trace& t = session->trace();
    const Lesson& lesson = session->lesson();
    // The first event of each step, in trace order: 1 2 3 4 6 7 8 9 10 (5 has no event).
    std::vector<int> firsts;
    std::vector<std::size_t> at;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const int s = lesson.step_of_event(i);
        if (s > 0 && std::find(firsts.begin(), firsts.end(), s) == firsts.end()) {
            firsts.push_back(s);
            at.push_back(i);
        }
    }
    CHECK(firsts == std::vector<int>{1, 2, 3, 4, 6, 7, 8, 9, 10});
    REQUIRE(at.size() == 9);
    // Step 4 is Bob's (he receives the offer); step 10 is Alice's setRemoteDescription(answer).
    const LessonAtCursor four = lesson.at(static_cast<std::ptrdiff_t>(at[3]));
    CHECK(four.mdn_step == 4);
    CHECK(four.mdn_actor == "bob");
    const LessonAtCursor ten = lesson.at(static_cast<std::ptrdiff_t>(at[8]));
    CHECK(ten.mdn_step == 10);
    CHECK(ten.mdn_actor == "alice");
    CHECK(sim::event_kind(t, at[8]) == "pc.setRemoteDescription");
    // Before anything: no step, only the intro.
    const LessonAtCursor start = lesson.at(-1);
    CHECK(start.mdn_step == 0);
    REQUIRE(start.notes.size() == 1);
    CHECK(start.notes[0].key == "intro");
    // The step stays reached between its events (an ICE event after step 10 is still step 10).
    CHECK(lesson.at(static_cast<std::ptrdiff_t>(t.size()) - 1).mdn_step == 10);
    CHECK(std::string(mdn_step_text(4)).find("setRemoteDescription(offer)") != std::string::npos);
}

TEST_CASE("lesson: notes keyed by an event kind appear from that event on; mdn-step-N with its step",
          "[gui][lesson]") {
    auto session = test::open_classroom();
    REQUIRE(session);
    const sim::Trace& t = session->trace();
    const Lesson& lesson = session->lesson();
    std::ptrdiff_t first_drop = -1, step3 = -1;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (first_drop < 0 && sim::event_kind(t, i) == "nat.drop") first_drop = static_cast<std::ptrdiff_t>(i);
        if (step3 < 0 && lesson.step_of_event(i) == 3) step3 = static_cast<std::ptrdiff_t>(i);
    }
    REQUIRE(first_drop > 0);
    const auto keys = [&](std::ptrdiff_t c) {
        std::vector<std::string> k;
        for (const auto& n : lesson.at(c).notes) k.push_back(n.key);
        return k;
    };
    const auto has = [&](std::ptrdiff_t c, const std::string& key) {
        const auto k = keys(c);
        return std::find(k.begin(), k.end(), key) != k.end();
    };
    CHECK_FALSE(has(first_drop - 1, "nat.drop"));
    CHECK(has(first_drop, "nat.drop"));
    CHECK(has(step3, "mdn-step-3"));
    CHECK_FALSE(has(step3 - 1, "mdn-step-3"));
    CHECK(has(step3, "intro"));
}

TEST_CASE("lesson: MDN steps come from the call and the description type, only when the call succeeds",
          "[gui][lesson]") {
    using nlohmann::ordered_json;
    CHECK(mdn_step_of("pc.setLocalDescription", ordered_json{{"argument", "offer"}, {"result", "ok"}}) == 2);
    CHECK(mdn_step_of("pc.setLocalDescription", ordered_json{{"argument", "answer"}, {"result", "ok"}}) == 7);
    CHECK(mdn_step_of("pc.setRemoteDescription",
                      ordered_json{{"argument", "answer"}, {"result", "InvalidStateError"}}) == 0);
    CHECK(mdn_step_of("signal.send", ordered_json{{"message", {{"type", "answer"}}}}) == 8);
    CHECK(mdn_step_of("signal.relay", ordered_json{{"message", {{"type", "offer"}}}}) == 4);
    CHECK(mdn_step_of("signal.send", ordered_json{{"message", {{"type", "candidate"}}}}) == 0);
    CHECK(mdn_step_of("pc.addIceCandidate", ordered_json{{"result", "ok"}}) == 0);
}
