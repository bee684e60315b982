// The STUN message type: a class (request, indication, success or error response) and a
// method (Binding, Allocate, ...) interleaved into 14 bits (RFC 8489 §5).
#pragma once

#include <cstdint>
#include <string_view>

namespace rtclab::net::stun {

// RFC 8489 §5: "0b00 is a request, 0b01 is an indication, 0b10 is a success response, and
// 0b11 is an error response." The enumerators carry exactly those two bits (C1 C0).
enum class MessageClass : std::uint8_t { kRequest, kIndication, kSuccessResponse, kErrorResponse };

// The 12-bit method. Binding is STUN's own (RFC 8489 §18.2); the rest are TURN's (RFC 8656
// §17). Other method numbers are kept as they are: static_cast<Method>(0xabc) is valid.
enum class Method : std::uint16_t {
    kBinding = 0x001,
    kAllocate = 0x003,
    kRefresh = 0x004,
    kSend = 0x006,
    kData = 0x007,
    kCreatePermission = 0x008,
    kChannelBind = 0x009,
};

// The method occupies 12 bits; anything above is dropped when encoding.
inline constexpr std::uint16_t kMaxMethod = 0x0fff;

// Interleaves class and method into the 14-bit message type (RFC 8489 §5, Figure 3):
//
//     0                 1
//     2  3  4 5 6 7 8 9 0 1 2 3 4 5
//    +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
//    |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
//    |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
//    +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
//
// so a Binding request is 0x0001 and a Binding success response 0x0101.
constexpr std::uint16_t encode_message_type(MessageClass cls, Method method) {
    const auto m = static_cast<unsigned>(method) & kMaxMethod;
    const auto c = static_cast<unsigned>(cls) & 0x3u;
    return static_cast<std::uint16_t>(((m & 0xf80u) << 2) | ((m & 0x070u) << 1) | (m & 0x00fu) |
                                      ((c & 0x2u) << 7) | ((c & 0x1u) << 4));
}

constexpr MessageClass class_of_type(std::uint16_t type) {
    return static_cast<MessageClass>(((type >> 7) & 0x2u) | ((type >> 4) & 0x1u));
}

constexpr Method method_of_type(std::uint16_t type) {
    return static_cast<Method>(((type >> 2) & 0xf80u) | ((type >> 1) & 0x070u) | (type & 0x00fu));
}

// "binding", "allocate", "refresh", "send", "data", "create-permission", "channel-bind";
// any other method as "0x0abc". The view stays valid for the whole program.
std::string_view method_name(Method method);

// The method as the RFCs write it in prose: "Binding", "Allocate", "CreatePermission", ...;
// empty for methods no RFC here defines.
std::string_view method_title(Method method);

// "request", "indication", "success_response", "error_response".
std::string_view class_name(MessageClass cls);

// "request", "indication", "success response", "error response" (for sentences).
std::string_view class_title(MessageClass cls);

}  // namespace rtclab::net::stun
