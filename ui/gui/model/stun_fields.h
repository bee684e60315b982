// Decoding a STUN message into packet fields (RFC 8489 §5 header, §14 attributes; RFC 8656
// §18 TURN attributes; RFC 8445 §16.1 ICE attributes), with the verdicts of
// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT.
#pragma once

#include <cstddef>

#include "net/core/bytes.h"
#include "ui/gui/model/packet_fields.h"
#include "ui/gui/model/payload_fields.h"

namespace rtclab::gui {

// The verdict texts the inspector shows.
inline constexpr const char* kVerdictValid = "valid";
inline constexpr const char* kVerdictInvalid = "INVALID (does not match)";
inline constexpr const char* kVerdictNoKey = "no key known";
inline constexpr const char* kFingerprintInvalid = "INVALID";

// Adds a "STUN" layer for frame[begin, end): the header fields, then every attribute with its
// type, length, decoded value and padding, in wire order. A DATA attribute's bytes are decoded
// again (RFC 7983) as the packet they carry. Integrity is checked with the key
// context.credentials chooses; a message that does not decode as a whole (net/stun's
// parse_message) still shows every field up to the problem, and the problem.
void decode_stun(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end,
                 const PayloadContext& context);

}  // namespace rtclab::gui
