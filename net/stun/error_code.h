// The ERROR-CODE attribute: a code from 300 to 699 and a reason phrase (RFC 8489 §14.8),
// with the recommended phrases of STUN, TURN and ICE.
#pragma once

#include <string>
#include <string_view>

#include "net/core/bytes.h"
#include "net/core/result.h"

namespace rtclab::net::stun {

struct ErrorCode {
    int code = 0;        // 300..699
    std::string reason;  // UTF-8, "for diagnostic purposes" (RFC 8489 §14.8)
};

// Codes rtclab's STUN, TURN and ICE use.
inline constexpr int kTryAlternate = 300;                  // RFC 8489 §14.8
inline constexpr int kBadRequest = 400;                    // RFC 8489 §14.8
inline constexpr int kUnauthenticated = 401;               // RFC 8489 §14.8
inline constexpr int kForbidden = 403;                     // RFC 8656 §19
inline constexpr int kUnknownAttribute = 420;              // RFC 8489 §14.8
inline constexpr int kAllocationMismatch = 437;            // RFC 8656 §19
inline constexpr int kStaleNonce = 438;                    // RFC 8489 §14.8
inline constexpr int kAddressFamilyNotSupported = 440;     // RFC 8656 §19
inline constexpr int kWrongCredentials = 441;              // RFC 8656 §19
inline constexpr int kUnsupportedTransportProtocol = 442;  // RFC 8656 §19
inline constexpr int kPeerAddressFamilyMismatch = 443;     // RFC 8656 §19
inline constexpr int kAllocationQuotaReached = 486;        // RFC 8656 §19
inline constexpr int kRoleConflict = 487;                  // RFC 8445 §7.3.1.1
inline constexpr int kServerError = 500;                   // RFC 8489 §14.8
inline constexpr int kInsufficientCapacity = 508;          // RFC 8656 §19

// The recommended reason phrase of a code ("Stale Nonce"), or "" for codes not listed.
// 401 is "Unauthenticated": RFC 8489 §18.4 renamed it ("IANA has changed the name of the 401
// error code from "Unauthorized" to "Unauthenticated""); servers written to RFC 5389 still
// send "Unauthorized", and either is fine since the phrase is only for people.
std::string_view reason_phrase(int code);

// Appends the value: "Reserved, should be 0" (21 bits), Class (3 bits, the hundreds digit),
// Number (8 bits, the code modulo 100), then the reason phrase. Codes outside 300..699 are
// the caller's bug; they are written as (code / 100) & 7 and code % 100 without complaint.
void write_error_code(ByteWriter& w, int code, std::string_view reason);

// Errors say which rule was broken: "class 7 is not 3-6 (codes are 300-699)".
Result<ErrorCode> read_error_code(ByteView value);

}  // namespace rtclab::net::stun
