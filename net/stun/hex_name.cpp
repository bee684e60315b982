#include "net/stun/hex_name.h"

#include <string>

namespace rtclab::net::stun {

std::string_view hex_name(std::uint16_t value) {
    static const std::string table = [] {
        static constexpr char kDigits[] = "0123456789abcdef";
        std::string t;
        t.reserve(65536 * 6);
        for (unsigned v = 0; v < 65536; ++v) {
            t += "0x";
            t += kDigits[(v >> 12) & 15];
            t += kDigits[(v >> 8) & 15];
            t += kDigits[(v >> 4) & 15];
            t += kDigits[v & 15];
        }
        return t;
    }();
    return std::string_view(table).substr(std::size_t{value} * 6, 6);
}

}  // namespace rtclab::net::stun
