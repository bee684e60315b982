// stun_to_json(): a decoded STUN message as JSON, the shape `rtclab decode` prints and the
// trace's packet details carry.
#pragma once

#include <nlohmann/json.hpp>

#include "net/core/bytes.h"
#include "net/stun/integrity_key.h"
#include "net/stun/message.h"

namespace rtclab::sim {

// {
//   "protocol": "stun",
//   "class": "request" | "indication" | "success_response" | "error_response",
//   "method": "binding" | "allocate" | ... | "0x0abc",
//   "transaction_id": "<24 hex digits>",
//   "length": <the header's Length field>,
//   "attributes": [ {"type": "USERNAME", "value": "evtj:h6vY"}, ... in wire order ],
//   "unknown_comprehension_required": ["0x0030", ...],        (only when there are any)
//   "message_integrity": "valid" | "invalid" | "absent" | "unverified",
//   "message_integrity_sha256": same,
//   "fingerprint": "valid" | "invalid" | "absent"
// }
// Attribute values: addresses as "ip:port" / "[v6]:port"; ERROR-CODE as {"code", "reason"};
// PRIORITY, ICE-CONTROLLED/-CONTROLLING, LIFETIME, CHANNEL-NUMBER and REQUESTED-TRANSPORT
// as numbers; USERNAME, REALM, NONCE, SOFTWARE, ALTERNATE-DOMAIN as strings (bytes that are
// not UTF-8 become U+FFFD, so the JSON is always valid); USE-CANDIDATE and DONT-FRAGMENT as
// null (they have no value); EVEN-PORT as {"reserve_next_port": bool};
// REQUESTED-ADDRESS-FAMILY as "IPv4"/"IPv6"; UNKNOWN-ATTRIBUTES as a list of attribute
// names; PASSWORD-ALGORITHM(S) as {"algorithm": "MD5", "parameters": "<hex>"} (parameters
// only when present); MESSAGE-INTEGRITY(-SHA256), FINGERPRINT, USERHASH, DATA,
// RESERVATION-TOKEN and unknown types as hex strings. Attributes that follow
// MESSAGE-INTEGRITY and are ignored (see net/stun/message.h) stay in wire order with
// "ignored": true.
//
// raw must be the bytes m was parsed from; key, when given, checks MESSAGE-INTEGRITY and
// MESSAGE-INTEGRITY-SHA256 (otherwise a present one is "unverified").
nlohmann::ordered_json stun_to_json(const net::stun::Message& m, net::ByteView raw,
                                    const net::stun::IntegrityKey* key);

}  // namespace rtclab::sim
