// Direction: a=sendrecv, a=sendonly, a=recvonly, a=inactive (RFC 8866 §6.7) -- whether an
// endpoint wants to send, receive, both or neither on a media section.
//
// Offer/answer (RFC 3264 §6.1) mirrors it: to an offer of sendonly the answer is recvonly
// (or inactive), to recvonly it is sendonly (or inactive), to sendrecv any of the four.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rtclab::net::sdp {

enum class Direction : std::uint8_t { kSendRecv, kSendOnly, kRecvOnly, kInactive };

// "sendrecv", "sendonly", "recvonly", "inactive": the attribute names.
std::string direction_name(Direction direction);
std::optional<Direction> parse_direction(std::string_view name);

constexpr bool sends(Direction d) {
    return d == Direction::kSendRecv || d == Direction::kSendOnly;
}
constexpr bool receives(Direction d) {
    return d == Direction::kSendRecv || d == Direction::kRecvOnly;
}
constexpr Direction direction_from(bool send, bool receive) {
    if (send) return receive ? Direction::kSendRecv : Direction::kSendOnly;
    return receive ? Direction::kRecvOnly : Direction::kInactive;
}
// The same direction seen from the other end: sendonly <-> recvonly (RFC 3264 §6.1). The
// answerer intersects this with what it wants to do itself.
constexpr Direction reversed(Direction d) {
    return direction_from(receives(d), sends(d));
}

}  // namespace rtclab::net::sdp
