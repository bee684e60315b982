#include "net/stun/userhash.h"

#include <mbedtls/sha256.h>

#include <string>

namespace rtclab::net::stun {

std::array<std::uint8_t, 32> compute_userhash(std::string_view username, std::string_view realm) {
    std::string text;
    text.reserve(username.size() + realm.size() + 1);
    text.append(username).append(":").append(realm);
    std::array<std::uint8_t, 32> out{};
    (void)mbedtls_sha256_ret(reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                             out.data(), 0);
    return out;
}

}  // namespace rtclab::net::stun
