#include "net/sdp/direction.h"

namespace rtclab::net::sdp {

std::string direction_name(Direction direction) {
    switch (direction) {
        case Direction::kSendRecv:
            return "sendrecv";
        case Direction::kSendOnly:
            return "sendonly";
        case Direction::kRecvOnly:
            return "recvonly";
        case Direction::kInactive:
            return "inactive";
    }
    return "sendrecv";
}

std::optional<Direction> parse_direction(std::string_view name) {
    // Attribute names are matched exactly, as every SDP implementation writes them.
    for (Direction d :
         {Direction::kSendRecv, Direction::kSendOnly, Direction::kRecvOnly, Direction::kInactive})
        if (name == direction_name(d)) return d;
    return std::nullopt;
}

}  // namespace rtclab::net::sdp
