#include "net/turn/server_event.h"

namespace rtclab::net::turn {

std::string_view direction_name(Direction d) {
    return d == Direction::kClientToPeer ? "client-to-peer" : "peer-to-client";
}

std::string_view carrier_name(Carrier c) {
    switch (c) {
        case Carrier::kSendIndication: return "Send indication";
        case Carrier::kDataIndication: return "Data indication";
        case Carrier::kChannelData: return "ChannelData";
    }
    return "ChannelData";
}

std::string_view drop_reason_name(DropReason r) {
    switch (r) {
        case DropReason::kNotTurn: return "not TURN";
        case DropReason::kMalformed: return "malformed";
        case DropReason::kUnexpected: return "unexpected";
        case DropReason::kNoAllocation: return "no allocation";
        case DropReason::kChannelNotBound: return "channel not bound";
        case DropReason::kBadIndication: return "bad indication";
        case DropReason::kForbiddenPeer: return "forbidden peer";
        case DropReason::kTooLarge: return "too large";
    }
    return "malformed";
}

}  // namespace rtclab::net::turn
