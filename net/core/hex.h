// Hex text <-> bytes, for traces, the packet decoder and tests.
#pragma once

#include <string>
#include <string_view>

#include "net/core/bytes.h"
#include "net/core/result.h"

namespace rtclab::net {

// Lower-case hex, two digits per byte, no separators.
std::string to_hex(ByteView bytes);

// Parses hex as people paste it: "0001 0058", "00:01:00:58", "0x0001...", upper or lower case;
// whitespace, ':' and '-' between bytes are ignored. Errors name the character offset
// ("offset 7: 'g' is not a hex digit", "odd number of hex digits").
Result<Bytes> parse_hex(std::string_view text);

}  // namespace rtclab::net
