// Lesson: what the lesson pane says at the cursor — which of MDN's ten offer/answer steps the
// exchange has reached, and the scenario's notes for this moment — computed once per trace so
// that a frame only looks things up.
//
// Notes (the scenario's "notes" object) are tied to moments by their keys:
//   "intro"         shown from the start;
//   "<event kind>"  e.g. "host.move", "pc.restartIce": shown from the first such event on
//                   (the latest one reached wins);
//   "mdn-step-N"    shown while the exchange is at MDN step N (1-10).
// Other keys are shown under "More notes" whatever the cursor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/trace.h"

namespace rtclab::gui {

inline constexpr int kMdnSteps = 10;

// MDN's ten steps of an offer/answer exchange ("WebRTC connectivity"), in rtclab's words.
const char* mdn_step_text(int step);

// The MDN step an event is (0: none): a successful createOffer is 1, setLocalDescription(offer)
// 2, the offer's signal.send 3, its relay or setRemoteDescription(offer) 4, createAnswer 6,
// setLocalDescription(answer) 7, the answer's signal.send 8, its relay 9,
// setRemoteDescription(answer) 10. Step 5 (the callee sets up its media) has no event.
int mdn_step_of(std::string_view kind, const nlohmann::ordered_json& detail);

struct LessonNote {
    std::string key;
    std::string text;
};

struct LessonAtCursor {
    int mdn_step = 0;                // 0: before the first step
    std::ptrdiff_t mdn_event = -1;   // the event that reached it
    std::string mdn_actor;           // the peer that acted ("alice")
    std::vector<LessonNote> notes;   // intro, the moment's note, the step's note
};

class Lesson {
public:
    Lesson() = default;
    explicit Lesson(const sim::Trace& trace);

    LessonAtCursor at(std::ptrdiff_t cursor) const;
    const std::vector<LessonNote>& other_notes() const { return other_notes_; }
    int step_of_event(std::size_t event) const { return event < steps_.size() ? steps_[event] : 0; }

private:
    struct Anchor {
        std::size_t event;
        std::string key;
    };
    const sim::Trace* trace_ = nullptr;
    std::vector<std::int8_t> steps_;           // per event
    std::vector<std::int32_t> last_step_event_;  // per event: the last MDN event at or before it
    std::vector<Anchor> anchors_;               // by event, ascending
    std::string intro_;
    std::vector<std::string> step_notes_;       // [1..10]
    std::vector<LessonNote> other_notes_;
};

}  // namespace rtclab::gui
