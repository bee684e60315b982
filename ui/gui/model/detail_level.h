// Detail levels and exchange phases: which events the sequence diagram shows, and in which
// band (signaling, gathering, connectivity checks, DTLS, media) each one belongs.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace rtclab::gui {

// 1: API calls and state changes (MDN's ten steps), 2: + signaling messages,
// 3: + every packet and protocol event, 4: + NAT decisions.
inline constexpr int kMinDetail = 1;
inline constexpr int kMaxDetail = 4;

// The lowest detail level at which an event of this kind is shown.
int detail_level_of(std::string_view kind);

enum class Phase { kNone, kSignaling, kGathering, kChecks, kDtls, kMedia };
inline constexpr int kPhaseCount = 6;

// The phase an event starts or belongs to; kNone when the event only continues the current
// phase (packets, NAT decisions). `detail` is consulted for signaling messages, whose payload
// says whether they carry a description or a candidate.
Phase phase_of(std::string_view kind, const nlohmann::ordered_json& detail);
const char* phase_name(Phase phase);

}  // namespace rtclab::gui
