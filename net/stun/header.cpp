#include "net/stun/header.h"

namespace rtclab::net::stun {

bool looks_like_stun(ByteView datagram) {
    if (datagram.size() < kHeaderSize) return false;
    if (datagram[0] > 3) return false;
    const std::uint16_t length = load_u16(datagram.data() + kLengthOffset);
    if (length % 4 != 0) return false;
    if (kHeaderSize + length != datagram.size()) return false;
    return load_u32(datagram.data() + kCookieOffset) == kMagicCookie;
}

}  // namespace rtclab::net::stun
