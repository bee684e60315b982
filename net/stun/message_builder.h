// MessageBuilder: writes a STUN message attribute by attribute, then finishes it with
// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT (RFC 8489 §5, §14).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/stun/integrity_key.h"
#include "net/stun/message_type.h"
#include "net/stun/password_algorithm.h"
#include "net/stun/transaction_id.h"

namespace rtclab::net::stun {

// Which HMAC attributes finish() appends when it is given a key. RFC 8489 §9.2.4 lets a
// server pick SHA-256 from PASSWORD-ALGORITHMS, and an agent may send both; when both are
// sent, MESSAGE-INTEGRITY comes first (§14.6's HMAC then covers it).
enum class IntegrityMode : std::uint8_t { kSha1, kSha256, kSha1AndSha256 };

// Usage:
//   Bytes b = MessageBuilder(MessageClass::kRequest, Method::kBinding, id)
//                 .username("RFRAG:LFRAG").priority(p).ice_controlling(tie).use_candidate()
//                 .finish(&key);   // MESSAGE-INTEGRITY, then FINGERPRINT
// Attributes are written in call order. Values are not checked: a builder is driven by
// code, not by input, and writes what it is told (ERROR-CODE wants 300..699, strings the
// RFC's length limits); the parser is where input is judged.
class MessageBuilder {
  public:
    MessageBuilder(MessageClass cls, Method method, const TransactionId& id);

    // RFC 8489 (STUN)
    MessageBuilder& mapped_address(const TransportAddress& address);
    MessageBuilder& xor_mapped_address(const TransportAddress& address);
    MessageBuilder& username(std::string_view username);
    MessageBuilder& userhash(const std::array<std::uint8_t, 32>& hash);
    // An empty reason writes the recommended phrase of reason_phrase(code).
    MessageBuilder& error_code(int code, std::string_view reason = {});
    MessageBuilder& realm(std::string_view realm);
    MessageBuilder& nonce(std::string_view nonce);
    MessageBuilder& password_algorithms(std::span<const PasswordAlgorithm> algorithms);
    MessageBuilder& password_algorithm(const PasswordAlgorithm& algorithm);
    MessageBuilder& unknown_attributes(std::span<const std::uint16_t> types);
    MessageBuilder& software(std::string_view software);
    MessageBuilder& alternate_server(const TransportAddress& address);
    MessageBuilder& alternate_domain(std::string_view domain);

    // RFC 8445 (ICE)
    MessageBuilder& priority(std::uint32_t priority);
    MessageBuilder& use_candidate();
    MessageBuilder& ice_controlled(std::uint64_t tie_breaker);
    MessageBuilder& ice_controlling(std::uint64_t tie_breaker);

    // RFC 8656 (TURN)
    MessageBuilder& channel_number(std::uint16_t channel);
    MessageBuilder& lifetime(std::uint32_t seconds);
    MessageBuilder& xor_peer_address(const TransportAddress& address);
    MessageBuilder& data(ByteView data);
    MessageBuilder& xor_relayed_address(const TransportAddress& address);
    // IANA protocol number: 17 (UDP) is the only one RFC 8656 allocates for.
    MessageBuilder& requested_transport(std::uint8_t protocol = 17);
    MessageBuilder& dont_fragment();
    MessageBuilder& even_port(bool reserve_next_port);
    MessageBuilder& reservation_token(std::uint64_t token);
    MessageBuilder& requested_address_family(Family family);

    // Any attribute, as raw value bytes (padding is added).
    MessageBuilder& attribute(std::uint16_t type, ByteView value);

    // The byte that fills attribute padding. RFC 8489 §14: "The padding bits MUST be set to
    // zero on sending", so the default is 0. RFC 5389 let padding be any value, and the
    // RFC 5769 test vectors pad with spaces (0x20); setting 0x20 rebuilds them byte for byte.
    MessageBuilder& padding_byte(std::uint8_t byte);

    // Which HMACs finish() adds when given a key (default: MESSAGE-INTEGRITY only), and how
    // many bytes of the HMAC-SHA256 to keep (16..32, a multiple of 4; §14.6).
    MessageBuilder& integrity_mode(IntegrityMode mode, std::size_t sha256_length = 32);

    // Appends MESSAGE-INTEGRITY (and/or MESSAGE-INTEGRITY-SHA256, per integrity_mode()) when
    // key is given, then FINGERPRINT when asked, each computed with the header's length
    // adjusted as RFC 8489 §14.5-§14.7 say, and returns the message. The builder is spent
    // afterwards (its buffer is moved out).
    Bytes finish(const IntegrityKey* key = nullptr, bool fingerprint = true);

  private:
    // Appends the attribute header and room for the padded value; returns where the value
    // goes. Writing in place (rather than byte by byte) keeps building cheap on hot paths.
    std::uint8_t* add_attribute(std::uint16_t type, std::size_t value_length);
    void set_length(std::size_t total);

    TransactionId id_;
    Bytes b_;
    std::uint8_t padding_ = 0;
    IntegrityMode integrity_mode_ = IntegrityMode::kSha1;
    std::size_t sha256_length_ = 32;
};

}  // namespace rtclab::net::stun
