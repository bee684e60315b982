// Fingerprint: the a=fingerprint attribute (RFC 8122 §5) -- the hash of the DTLS certificate
// an endpoint will present. SDP travels over the signaling channel and the certificate over
// the media path; checking one against the other is what binds the DTLS handshake to the
// offer/answer exchange (RFC 5763 §5, RFC 8827 §6.5).
//
//   a=fingerprint:sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:...
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "net/core/bytes.h"
#include "net/core/result.h"

namespace rtclab::net::sdp {

struct Fingerprint {
    // RFC 8122 §5: hash-func = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" /
    // "md5" / "md2" / token. Kept in lower case (the literals are case-insensitive).
    std::string hash_function = "sha-256";
    Bytes digest;  // the certificate's hash, e.g. 32 bytes for sha-256; never empty

    // "sha-256 AB:CD:..." (the attribute value). Upper- or lower-case hex is accepted
    // (RFC 8122 writes UHEX; being lenient costs nothing); a known hash function must come
    // with its digest size ("a sha-256 fingerprint has 32 bytes, this one has 31").
    static Result<Fingerprint> parse(std::string_view value);

    // "sha-256 AB:CD:...": the hash function, a space, then the colon-separated upper-case
    // hex digest, as RFC 8122 §5 writes it.
    std::string to_string() const;
    // Just the "AB:CD:..." part.
    std::string digest_hex() const;

    bool operator==(const Fingerprint&) const = default;
};

// The digest size of a hash function RFC 8122 names, or nullopt for another token.
std::optional<std::size_t> digest_size(std::string_view hash_function);

}  // namespace rtclab::net::sdp
