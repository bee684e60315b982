#include "net/stun/fingerprint.h"

#include <zlib.h>

namespace rtclab::net::stun {

std::uint32_t compute_fingerprint(std::initializer_list<ByteView> parts) {
    uLong crc = crc32(0L, Z_NULL, 0);
    for (const ByteView part : parts) {
        // crc32() with a null buffer returns the initial value, so empty parts are skipped.
        if (part.empty()) continue;
        // A STUN message is at most 20 + 65535 bytes, far below zlib's uInt limit.
        crc = crc32(crc, part.data(), static_cast<uInt>(part.size()));
    }
    return static_cast<std::uint32_t>(crc) ^ kFingerprintXor;
}

}  // namespace rtclab::net::stun
