// Candidate: one ICE candidate, the a=candidate attribute of RFC 8839 §5.1 -- one transport
// address at which an agent may be reachable, with what ICE needs to rank and pair it.
//
//   candidate:842163049 1 udp 1677729535 203.0.113.7 54400 typ srflx raddr 192.168.1.20
//       rport 54400 generation 0 ufrag EsAw network-id 1 network-cost 10
//             |        |  |   |          |           |       |         `- related address
//    foundation  component transport  priority  address  port  type       (where it came from)
//
// The same text travels two ways: as an "a=candidate:" line inside an SDP media section, and
// alone, as the `candidate` string of an RTCIceCandidate handed to addIceCandidate() (trickle
// ICE, RFC 8838). parse_candidate() accepts both forms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/core/address.h"
#include "net/core/result.h"

namespace rtclab::net::sdp {

// RFC 8445 §5.1.1: where the address came from.
enum class CandidateType : std::uint8_t {
    kHost,             // "host": an address on one of the agent's own interfaces
    kServerReflexive,  // "srflx": the NAT's public mapping, as a STUN server saw it
    kPeerReflexive,  // "prflx": an address learned from a connectivity check (RFC 8445 §7.2.5.3.1)
    kRelay,          // "relay": an address allocated on a TURN server (RFC 8656)
};

// "host", "srflx", "prflx", "relay": the cand-type spellings of RFC 8839 §5.1.
std::string candidate_type_name(CandidateType type);
std::optional<CandidateType> parse_candidate_type(std::string_view name);

// RFC 8839 §5.1: transport = "UDP" / transport-extension; RFC 6544 adds "TCP".
enum class CandidateTransport : std::uint8_t { kUdp, kTcp };

// RFC 6544 §4.5: the role of a TCP candidate in connection setup.
enum class TcpType : std::uint8_t {
    kActive,   // "active": will open connections, does not accept them (port is 9, "discard")
    kPassive,  // "passive": accepts connections, does not open them
    kSo,       // "so": simultaneous-open, both sides connect at once
};
std::string tcp_type_name(TcpType type);

// An extension pair after the fixed fields, e.g. Chrome's "generation 0", "ufrag EsAw",
// "network-id 1", "network-cost 10" (RFC 8839 §5.1: cand-extension). Kept in order.
struct CandidateExtension {
    std::string name;
    std::string value;

    bool operator==(const CandidateExtension&) const = default;
};

struct Candidate {
    // RFC 8445 §5.1.1.3: equal for candidates of the same type, base and server, so that
    // frozen checks can be unfrozen together. 1 to 32 ice-chars.
    std::string foundation;
    // RFC 8445 §4: 1 for RTP, 2 for RTCP (absent with rtcp-mux, which WebRTC always uses);
    // RFC 8839 §5.1 allows 1 to 256.
    std::uint16_t component = 1;
    CandidateTransport transport = CandidateTransport::kUdp;
    // RFC 8445 §5.1.2: computed by the gathering agent (type preference, local preference,
    // component); carried here as the 32-bit value STUN's PRIORITY attribute uses.
    std::uint32_t priority = 0;
    // An IPv4 or IPv6 address, or a host name: browsers hide host addresses behind mDNS
    // names such as "1f4712db-ea17-4bcf-a596-105139dfd8bf.local".
    std::string address;
    std::uint16_t port = 0;
    CandidateType type = CandidateType::kHost;
    // RFC 8839 §5.1: rel-addr and rel-port, "information for diagnostics": the base of a
    // srflx/prflx candidate, the mapped address of a relay candidate. Chrome writes
    // "raddr 0.0.0.0 rport 0" to hide them.
    std::optional<std::string> related_address;
    std::optional<std::uint16_t> related_port;
    std::optional<TcpType> tcp_type;  // RFC 6544 §4.5, TCP candidates only
    std::vector<CandidateExtension> extensions;

    // The connection address as an IP address, or nullopt for a host name (mDNS, FQDN).
    std::optional<IpAddress> ip() const;
    // ip():port, when the address is an IP address.
    std::optional<TransportAddress> transport_address() const;
    // True for a ".local" name: an mDNS candidate that must be resolved before use.
    bool is_mdns() const;
    // The value of the first extension with this name, e.g. extension("generation") -> "0".
    std::optional<std::string> extension(std::string_view name) const;

    bool operator==(const Candidate&) const = default;
};

// Parses "candidate:..." (an RTCIceCandidate's candidate string) or "a=candidate:..." (an SDP
// line). Errors name the field: "candidate: port '99999' is out of range 0-65535".
Result<Candidate> parse_candidate(std::string_view text);

// Parses the value after "a=candidate:". Errors name the field without a prefix
// ("port '99999' is out of range 0-65535"); the SDP parser adds "line N: a=candidate: ".
Result<Candidate> parse_candidate_value(std::string_view value);

// "candidate:<foundation> <component> <transport> ..." -- without "a=", as addIceCandidate()
// takes it. Fields come in RFC 8839 §5.1 order: raddr, rport, then tcptype (RFC 6544 §4.5),
// then the extensions in their order. The transport is written "udp"/"tcp", as Chrome does
// (it is case-insensitive; Firefox writes "UDP").
std::string to_string(const Candidate& candidate);
// The same without the "candidate:" prefix: the attribute value.
std::string candidate_value_to_string(const Candidate& candidate);

}  // namespace rtclab::net::sdp
