#include "net/stun/error_code.h"

namespace rtclab::net::stun {

std::string_view reason_phrase(int code) {
    switch (code) {
        case kTryAlternate:
            return "Try Alternate";
        case kBadRequest:
            return "Bad Request";
        case kUnauthenticated:
            return "Unauthenticated";
        case kForbidden:
            return "Forbidden";
        case kUnknownAttribute:
            return "Unknown Attribute";
        case kAllocationMismatch:
            return "Allocation Mismatch";
        case kStaleNonce:
            return "Stale Nonce";
        case kAddressFamilyNotSupported:
            return "Address Family not Supported";
        case kWrongCredentials:
            return "Wrong Credentials";
        case kUnsupportedTransportProtocol:
            return "Unsupported Transport Protocol";
        case kPeerAddressFamilyMismatch:
            return "Peer Address Family Mismatch";
        case kAllocationQuotaReached:
            return "Allocation Quota Reached";
        case kRoleConflict:
            return "Role Conflict";
        case kServerError:
            return "Server Error";
        case kInsufficientCapacity:
            return "Insufficient Capacity";
        default:
            return {};
    }
}

void write_error_code(ByteWriter& w, int code, std::string_view reason) {
    const auto unsigned_code = static_cast<unsigned>(code);
    w.u16(0);
    w.u8(static_cast<std::uint8_t>((unsigned_code / 100) & 7u));
    w.u8(static_cast<std::uint8_t>(unsigned_code % 100));
    w.bytes(ByteView(reinterpret_cast<const std::uint8_t*>(reason.data()), reason.size()));
}

Result<ErrorCode> read_error_code(ByteView value) {
    if (value.size() < 4) {
        return make_error("value is " + std::to_string(value.size()) +
                          " bytes, at least 4 are needed (reserved, class, number)");
    }
    // "The Reserved bits SHOULD be 0 ... Receivers MUST ignore these bits." (RFC 8489 §14.8)
    const int cls = value[2] & 7;
    const int number = value[3];
    // "The Class represents the hundreds digit of the error code. The value MUST be between
    // 3 and 6. The Number represents the binary encoding of the error code modulo 100, and
    // its value MUST be between 0 and 99." (RFC 8489 §14.8)
    if (cls < 3 || cls > 6) {
        return make_error("class " + std::to_string(cls) + " is not 3-6 (codes are 300-699)");
    }
    if (number > 99) {
        return make_error("number " + std::to_string(number) + " is not 0-99");
    }
    ErrorCode e;
    e.code = cls * 100 + number;
    e.reason.assign(reinterpret_cast<const char*>(value.data() + 4), value.size() - 4);
    return e;
}

}  // namespace rtclab::net::stun
