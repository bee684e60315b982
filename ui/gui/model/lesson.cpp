#include "ui/gui/model/lesson.h"

#include <algorithm>
#include <unordered_map>

#include "sim/trace_format.h"

namespace rtclab::gui {

namespace {

std::string text_of(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string string_at(const nlohmann::ordered_json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A signal message's type: "offer", "answer", "candidate", ...
std::string message_type(const nlohmann::ordered_json& detail) {
    const auto it = detail.find("message");
    if (it == detail.end() || !it->is_object()) return {};
    return string_at(*it, "type");
}

}  // namespace

const char* mdn_step_text(int step) {
    static const char* const kText[kMdnSteps] = {
        "The caller calls createOffer(): a description of its media, ICE credentials and certificate fingerprint.",
        "The caller calls setLocalDescription(offer): the offer becomes its pending local description and ICE "
        "starts gathering candidates.",
        "The caller sends the offer through the signaling server.",
        "The callee receives the offer and calls setRemoteDescription(offer): its pending remote description "
        "(signalingState have-remote-offer).",
        "The callee sets up its end: the media it will send (here the scenario's tracks).",
        "The callee calls createAnswer(): the media it accepts, its own ICE credentials and fingerprint.",
        "The callee calls setLocalDescription(answer): it knows both ends; its pending descriptions become "
        "current.",
        "The callee sends the answer through the signaling server.",
        "The caller receives the answer.",
        "The caller calls setRemoteDescription(answer): both ends known on both sides; pending becomes current "
        "and media can flow once ICE and DTLS are done.",
    };
    return step >= 1 && step <= kMdnSteps ? kText[step - 1] : "";
}

int mdn_step_of(std::string_view kind, const nlohmann::ordered_json& detail) {
    if (kind.substr(0, 3) == "pc.") {
        if (string_at(detail, "result") != "ok") return 0;
        const std::string arg = string_at(detail, "argument");
        if (kind == "pc.createOffer") return 1;
        if (kind == "pc.createAnswer") return 6;
        if (kind == "pc.setLocalDescription") return arg == "offer" ? 2 : arg == "answer" ? 7 : 0;
        if (kind == "pc.setRemoteDescription") return arg == "offer" ? 4 : arg == "answer" ? 10 : 0;
        return 0;
    }
    if (kind == "signal.send" || kind == "signal.relay") {
        const std::string type = message_type(detail);
        const bool send = kind == "signal.send";
        if (type == "offer") return send ? 3 : 4;
        if (type == "answer") return send ? 8 : 9;
    }
    return 0;
}

Lesson::Lesson(const sim::Trace& trace) : trace_(&trace) {
    std::unordered_map<std::string, std::string> by_kind;
    step_notes_.assign(kMdnSteps + 1, std::string());
    if (trace.notes.is_object()) {
        for (const auto& [key, value] : trace.notes.items()) {
            const std::string text = text_of(value);
            if (key == "intro") {
                intro_ = text;
            } else if (key.rfind("mdn-step-", 0) == 0 && key.size() > 9) {
                const int n = std::atoi(key.c_str() + 9);
                if (n >= 1 && n <= kMdnSteps && key == "mdn-step-" + std::to_string(n)) {
                    step_notes_[static_cast<std::size_t>(n)] = text;
                } else {
                    other_notes_.push_back({key, text});
                }
            } else if (key.find('.') != std::string::npos) {
                by_kind.emplace(key, text);
            } else {
                other_notes_.push_back({key, text});
            }
        }
    }
    const std::size_t n = trace.size();
    steps_.assign(n, 0);
    last_step_event_.assign(n, -1);
    std::int32_t last = -1;
    std::unordered_map<std::string, bool> anchored;
    for (std::size_t i = 0; i < n; ++i) {
        const std::string kind = sim::event_kind(trace, i);
        if (kind.rfind("pc.", 0) == 0 || kind.rfind("signal.", 0) == 0) {
            steps_[i] = static_cast<std::int8_t>(mdn_step_of(kind, sim::event_detail(trace, i)));
            if (steps_[i] > 0) last = static_cast<std::int32_t>(i);
        }
        last_step_event_[i] = last;
        if (!by_kind.empty()) {
            const auto it = by_kind.find(kind);
            if (it != by_kind.end() && !anchored[kind]) {
                anchored[kind] = true;
                anchors_.push_back({i, kind});
            }
        }
    }
    // Keys whose kind never happens are still worth reading.
    for (const auto& [kind, text] : by_kind) {
        if (!anchored.count(kind)) other_notes_.push_back({kind, text});
    }
    std::sort(other_notes_.begin(), other_notes_.end(),
              [](const LessonNote& a, const LessonNote& b) { return a.key < b.key; });
}

LessonAtCursor Lesson::at(std::ptrdiff_t cursor) const {
    LessonAtCursor out;
    if (!intro_.empty()) out.notes.push_back({"intro", intro_});
    if (!trace_ || cursor < 0 || static_cast<std::size_t>(cursor) >= steps_.size()) return out;
    const auto c = static_cast<std::size_t>(cursor);
    const std::int32_t e = last_step_event_[c];
    if (e >= 0) {
        out.mdn_step = steps_[static_cast<std::size_t>(e)];
        out.mdn_event = e;
        const auto detail = sim::event_detail(*trace_, static_cast<std::size_t>(e));
        out.mdn_actor = string_at(detail, "peer");
        if (out.mdn_actor.empty()) {
            out.mdn_actor = string_at(detail, sim::event_kind(*trace_, static_cast<std::size_t>(e)) == "signal.send"
                                                  ? "from"
                                                  : "to");
        }
    }
    // The latest anchored note at or before the cursor.
    const auto it = std::upper_bound(anchors_.begin(), anchors_.end(), c,
                                     [](std::size_t v, const Anchor& a) { return v < a.event; });
    if (it != anchors_.begin()) {
        const Anchor& a = *std::prev(it);
        out.notes.push_back({a.key, text_of(trace_->notes[a.key])});
    }
    if (out.mdn_step > 0 && !step_notes_[static_cast<std::size_t>(out.mdn_step)].empty()) {
        out.notes.push_back({"mdn-step-" + std::to_string(out.mdn_step),
                             step_notes_[static_cast<std::size_t>(out.mdn_step)]});
    }
    return out;
}

}  // namespace rtclab::gui
