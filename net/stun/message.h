// Message: one decoded STUN message -- header fields, attributes in wire order, and typed
// accessors -- and parse_message(), which turns any byte string into one or an Error.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/core/result.h"
#include "net/stun/attribute_type.h"
#include "net/stun/message_type.h"
#include "net/stun/password_algorithm.h"
#include "net/stun/transaction_id.h"

namespace rtclab::net::stun {

// One attribute as it sits on the wire (RFC 8489 §14: "a 16-bit type, 16-bit length, and
// value", the value then padded to a multiple of 4 bytes).
struct Attribute {
    std::uint16_t type = 0;
    std::size_t offset = 0;  // where its 4-byte type/length header starts in the message
    ByteView value;          // the Length bytes of value, without padding; points into the
                             // owning Message's raw() bytes and lives as long as it does
};

struct Message;

// Decodes one STUN message from a whole datagram. Any byte string gives either a Message
// or an Error whose message names the field and whose offset is the byte offset of the
// problem -- the header field, or the start of the offending attribute:
//   "offset 20: XOR-MAPPED-ADDRESS: family 0x03 is neither IPv4 (0x01) nor IPv6 (0x02)".
// What is checked:
//  - the header (RFC 8489 §5): two zero bits, a length that is a multiple of 4 and equals
//    the bytes after the header, the magic cookie;
//  - every attribute's framing, and the value format of every attribute type this codec
//    knows (address families and sizes, ERROR-CODE class and number, fixed-size values);
//  - FINGERPRINT is last (§14.7: "When present, the FINGERPRINT attribute MUST be the last
//    attribute in the message").
// What is reported, not rejected:
//  - unknown comprehension-required attributes (0x0000-0x7FFF): the message decodes, and
//    unknown_comprehension_required() lists them, because deciding what to do (a 420
//    response to a request, a failed transaction for a response, §6.3.1 and §6.3.3) is the
//    agent's job;
//  - attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT,
//    and after MESSAGE-INTEGRITY-SHA256 other than FINGERPRINT. RFC 5389 §15.4 put it as
//    "With the exception of the FINGERPRINT attribute, which appears after
//    MESSAGE-INTEGRITY, agents MUST ignore all other attributes that follow
//    MESSAGE-INTEGRITY"; RFC 8489 keeps the rule and adds MESSAGE-INTEGRITY-SHA256 to the
//    exceptions. Such attributes are not covered by the HMAC, so they go to
//    ignored_attributes() and no accessor returns them.
Result<Message> parse_message(ByteView bytes);

struct Message {
    MessageClass cls = MessageClass::kRequest;
    Method method = Method::kBinding;
    TransactionId transaction_id{};

    Message() = default;
    Message(const Message& other);
    Message& operator=(const Message& other);
    Message(Message&&) noexcept = default;
    Message& operator=(Message&&) noexcept = default;
    ~Message() = default;

    // The whole message as parsed, header included.
    ByteView raw() const { return ByteView(raw_.data(), raw_.size()); }
    // The header's Length field: bytes after the 20-byte header.
    std::uint16_t length() const { return length_; }

    // Attributes in wire order, without the ignored ones.
    const std::vector<Attribute>& attributes() const { return attributes_; }
    // Attributes that followed MESSAGE-INTEGRITY(-SHA256) and must be ignored (see above).
    const std::vector<Attribute>& ignored_attributes() const { return ignored_; }
    // Comprehension-required attribute types this codec does not know, in wire order.
    const std::vector<std::uint16_t>& unknown_comprehension_required() const {
        return unknown_required_;
    }

    // The first attribute of a type (RFC 8489 §14: "only the first occurrence needs to be
    // processed by a receiver"), or nullptr.
    const Attribute* find(std::uint16_t type) const;
    std::vector<const Attribute*> find_all(std::uint16_t type) const;
    bool has(std::uint16_t type) const { return find(type) != nullptr; }

    // Typed accessors: nullopt when the attribute is absent.
    std::optional<TransportAddress> mapped_address() const;
    std::optional<TransportAddress> xor_mapped_address() const;
    std::optional<TransportAddress> alternate_server() const;
    std::optional<TransportAddress> xor_peer_address() const;
    std::vector<TransportAddress> xor_peer_addresses() const;  // CreatePermission may carry several
    std::optional<TransportAddress> xor_relayed_address() const;
    std::optional<std::string> username() const;
    std::optional<std::array<std::uint8_t, 32>> userhash() const;
    std::optional<std::string> realm() const;
    std::optional<std::string> nonce() const;
    std::optional<std::string> software() const;
    std::optional<std::string> alternate_domain() const;
    std::optional<std::pair<int, std::string>> error_code() const;
    std::optional<std::vector<std::uint16_t>> unknown_attributes() const;  // UNKNOWN-ATTRIBUTES
    std::optional<std::vector<PasswordAlgorithm>> password_algorithms() const;
    std::optional<PasswordAlgorithm> password_algorithm() const;
    std::optional<std::uint32_t> priority() const;
    bool use_candidate() const { return has(attr::kUseCandidate); }
    std::optional<std::uint64_t> ice_controlled() const;
    std::optional<std::uint64_t> ice_controlling() const;
    std::optional<std::uint16_t> channel_number() const;
    std::optional<std::uint32_t> lifetime() const;            // seconds
    std::optional<ByteView> data() const;                     // a view into raw()
    std::optional<std::uint8_t> requested_transport() const;  // IANA protocol number, 17 = UDP
    bool dont_fragment() const { return has(attr::kDontFragment); }
    std::optional<bool> even_port() const;  // the R bit: reserve the next-higher port
    std::optional<std::uint64_t> reservation_token() const;
    std::optional<Family> requested_address_family() const;
    std::optional<std::uint32_t> fingerprint() const;

  private:
    friend Result<Message> parse_message(ByteView bytes);

    Bytes raw_;
    std::uint16_t length_ = 0;
    std::vector<Attribute> attributes_;
    std::vector<Attribute> ignored_;
    std::vector<std::uint16_t> unknown_required_;
};

}  // namespace rtclab::net::stun
