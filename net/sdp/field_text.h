// Small text helpers shared by the SDP field parsers: splitting a value into its
// space-separated fields, reading bounded numbers, checking RFC 8866 token characters, and
// quoting input safely inside an error message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/result.h"

namespace rtclab::net::sdp {

// RFC 8866 §9 writes fields separated by exactly one SP. Browsers do not always (Chrome writes
// "a=msid-semantic: WMS"), so readers split on runs of spaces and ignore spaces at either
// end; the exact spelling is kept elsewhere (see Line) so that it still round-trips.
std::vector<std::string_view> split_fields(std::string_view value);

// Strips spaces (not other whitespace) at both ends.
std::string_view trim_spaces(std::string_view value);

// The decimal number in `token`, which must lie in [min, max]. `field` names it in the error:
//   "port '99999' is out of range 0-65535", "priority 'abc' is not a decimal number".
Result<std::uint64_t> parse_decimal(std::string_view token, std::string_view field,
                                    std::uint64_t min, std::uint64_t max);

// RFC 8866 §9: token-char = %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E
// (visible ASCII except the separators  " ( ) , / : ; < = > ? @ [ \ ] { }  -- braces are in
// fact allowed by the ranges, which is why Firefox's "{uuid}" msids are tokens).
bool is_token_char(char c);
bool is_token(std::string_view text);  // one or more token-chars

// RFC 8839 §5.1: ice-char = ALPHA / DIGIT / "+" / "/" (the alphabet of foundations, ufrags
// and passwords).
bool is_ice_chars(std::string_view text);

// RFC 8839 §5.1 / RFC 8866 §9: connection-address = IP4-address / IP6-address / FQDN. Accepts
// an IP address, or a host name (letters, digits, '-', '_' in dot-separated labels, at most
// 253 characters, e.g. an mDNS "<uuid>.local"); refuses what is neither, saying which it
// tried to be: "connection address '999.1.1.1' is not a valid IPv4 address".
Result<void> check_address(std::string_view text, std::string_view field);

// Case-insensitive ASCII comparison and lower-casing (ABNF string literals such as "UDP" or
// "actpass" are case-insensitive, RFC 5234 §2.3).
bool iequals(std::string_view a, std::string_view b);
std::string to_lower(std::string_view text);

// Input quoted for an error message: 'text', cut to 40 characters with "..." and with
// control and non-ASCII bytes written as \xNN, so that a binary or 1 MB line gives a short,
// printable message.
std::string quoted(std::string_view text);

}  // namespace rtclab::net::sdp
