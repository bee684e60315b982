// NonceIssuer: the nonces a TURN server hands out with its 401 and 438 challenges, and the
// check of a nonce a request brings back (RFC 8489 §9.2, RFC 8656 §5).
#pragma once

#include <string>
#include <string_view>

#include "net/core/address.h"
#include "net/core/rng.h"
#include "net/core/time.h"
#include "net/stun/integrity_key.h"

namespace rtclab::net::turn {

// A nonce is the server's "prove you are talking to me now": the client must echo it in every
// authenticated request, and once it goes stale the server answers 438 (Stale Nonce) with a
// fresh one. RFC 8656 §5: "For each Allocate request, the server SHOULD generate a new random
// nonce when the allocation is first attempted ... and SHOULD expire the nonce at least once
// every hour".
//
// The issuer remembers nothing per nonce, so a flood of unauthenticated requests costs no
// memory: each nonce carries its own expiry time and an HMAC over that time, a random salt
// and the client's transport address, keyed with a secret drawn once from the server's Rng.
// Checking recomputes the HMAC. The nonce is 40 hex digits:
//   salt (8) | expiry in microseconds of virtual time (16) | HMAC-SHA1, first 8 bytes (16)
// Binding the nonce to the client's transport address means a nonce given to one client is
// refused from another. rtclab does not put the "nonce cookie" of RFC 8489 §9.2 in front
// (that advertises SHA-256 passwords and USERHASH, which this server does not offer), so
// clients use the MD5 long-term key of RFC 5389, as most deployed TURN servers expect.
class NonceIssuer {
public:
    enum class Check {
        kValid,    // made here, for this client, and not yet expired
        kExpired,  // made here for this client, but its lifetime has run out
        kForeign,  // not a nonce this server made for this client (or mangled)
    };

    NonceIssuer(Rng& rng, Duration lifetime);

    // A new nonce for `client`, valid until now + lifetime.
    std::string issue(Rng& rng, Instant now, const TransportAddress& client) const;
    Check check(Instant now, const TransportAddress& client, std::string_view nonce) const;

    Duration lifetime() const { return lifetime_; }

private:
    std::string make(std::uint32_t salt, std::int64_t expires_us,
                     const TransportAddress& client) const;

    stun::IntegrityKey secret_;
    Duration lifetime_;
};

// "valid", "expired", "foreign".
std::string_view nonce_check_name(NonceIssuer::Check check);

}  // namespace rtclab::net::turn
