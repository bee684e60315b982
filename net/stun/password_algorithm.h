// PASSWORD-ALGORITHMS and PASSWORD-ALGORITHM: which hash turns a long-term password into the
// HMAC key (RFC 8489 §14.11, §14.12, §18.5).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "net/core/bytes.h"
#include "net/core/result.h"

namespace rtclab::net::stun {

// RFC 8489 §18.5: "0x0001: MD5, 0x0002: SHA-256".
inline constexpr std::uint16_t kPasswordAlgorithmMd5 = 0x0001;
inline constexpr std::uint16_t kPasswordAlgorithmSha256 = 0x0002;

struct PasswordAlgorithm {
    std::uint16_t id = kPasswordAlgorithmMd5;
    Bytes parameters;  // empty for both MD5 and SHA-256 (RFC 8489 §18.5.1)

    bool operator==(const PasswordAlgorithm&) const = default;
};

// "MD5", "SHA-256", or "0x0003" for others (a stable view, like attribute_name()).
std::string_view password_algorithm_name(std::uint16_t id);

// One entry: algorithm (16 bits), parameters length (16 bits), parameters "padded to a
// 32-bit boundary, in the same manner as an attribute" (RFC 8489 §14.11).
void write_password_algorithm(ByteWriter& w, const PasswordAlgorithm& algorithm);

// PASSWORD-ALGORITHM holds exactly one entry, PASSWORD-ALGORITHMS a list of them; the
// entries must fill the value exactly.
Result<PasswordAlgorithm> read_password_algorithm(ByteView value);
Result<std::vector<PasswordAlgorithm>> read_password_algorithms(ByteView value);

}  // namespace rtclab::net::stun
