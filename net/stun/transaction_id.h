// The 96-bit transaction id that pairs a STUN response with its request (RFC 8489 §5, §6).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "net/core/rng.h"

namespace rtclab::net::stun {

using TransactionId = std::array<std::uint8_t, 12>;

// RFC 8489 §5: "The transaction ID MUST be uniformly and randomly chosen from the interval
// 0 .. 2**96-1, and MUST be cryptographically random." rtclab draws it from the scenario's
// seeded Rng instead, so that a run is reproducible; that is the one deliberate departure
// (a teaching simulator wants the same trace every time, not unpredictability).
TransactionId random_transaction_id(Rng& rng);

// 24 lower-case hex digits.
std::string to_hex(const TransactionId& id);

}  // namespace rtclab::net::stun
