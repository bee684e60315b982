// jsep::PeerConnection: the W3C RTCPeerConnection (webrtc-pc) over JSEP (RFC 8829), sans-IO.
//
// The W3C API is asynchronous (promises); here every call completes at once, at the virtual
// instant it is made, and returns its result -- the order of events is the same as a browser's
// operations chain gives when each promise is awaited before the next call.
//
//   PeerConnection pc(config, rng.fork("alice"));
//   auto offer = pc.create_offer();                 // Result<Description>
//   pc.set_local_description(now, *offer);           // or set_local_description(now) (implicit)
//   ... signaling ...
//   pc.set_remote_description(now, answer);
//   pc.add_ice_candidate(now, IceCandidateInit{...}); // or std::nullopt: end-of-candidates
//   loop: poll_transmit() -> send; poll_event() -> app/trace; next_timeout() -> timer;
//         handle_datagram() / handle_timeout().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/core/rng.h"
#include "net/core/time.h"
#include "net/ice/agent.h"

namespace rtclab::net::dtls {
class Certificate;
}  // namespace rtclab::net::dtls

namespace rtclab::net::jsep {

// RTCSdpType.
enum class SdpType : std::uint8_t { kOffer, kPranswer, kAnswer, kRollback };
std::string_view sdp_type_name(SdpType t);  // "offer", "pranswer", "answer", "rollback"
std::optional<SdpType> parse_sdp_type(std::string_view name);

// RTCSessionDescriptionInit / RTCSessionDescription.
struct Description {
    SdpType type = SdpType::kOffer;
    std::string sdp;
    bool operator==(const Description&) const = default;
};

// RTCIceCandidateInit. candidate "" means end-of-candidates for that m-line (webrtc-pc §4.4.1.6).
struct IceCandidateInit {
    std::string candidate;  // "candidate:..." (no "a=")
    std::optional<std::string> sdp_mid;
    std::optional<std::uint16_t> sdp_mline_index;
    std::optional<std::string> username_fragment;
};

// RTCSignalingState.
enum class SignalingState : std::uint8_t {
    kStable, kHaveLocalOffer, kHaveRemoteOffer, kHaveLocalPranswer, kHaveRemotePranswer, kClosed
};
std::string_view signaling_state_name(SignalingState s);  // "stable", "have-local-offer", ...
// RTCPeerConnectionState.
enum class PeerConnectionState : std::uint8_t {
    kNew, kConnecting, kConnected, kDisconnected, kFailed, kClosed
};
std::string_view peer_connection_state_name(PeerConnectionState s);

// A DOMException: `name` is the W3C name ("InvalidStateError", "InvalidAccessError",
// "OperationError", "InvalidModificationError", "SyntaxError", "TypeError"), `message` says
// what to do about it.
struct DomError {
    std::string name;
    std::string message;
};

template <class T>
using DomResult = std::variant<T, DomError>;  // index 0: success
struct Ok {};

struct Configuration {
    std::vector<ice::StunServer> stun_servers;
    std::vector<ice::TurnServer> turn_servers;
    ice::TransportPolicy ice_transport_policy = ice::TransportPolicy::kAll;
    std::vector<TransportAddress> host_addresses;  // the peer's interfaces (one socket each)
    bool ice_lite = false;  // a local ICE-lite endpoint (servers do this; browsers do not)
    // What the page adds before its first offer: an audio track, a video track, a data channel.
    bool audio = true;
    bool video = false;
    bool data_channel = true;
};

struct OfferOptions {
    bool ice_restart = false;
};

// Events for the application (the page's event handlers) and the trace.
namespace event {
struct IceCandidate { std::optional<IceCandidateInit> candidate; };  // nullopt: gathering done
struct SignalingStateChange { SignalingState state; };
struct IceGatheringStateChange { ice::GatheringState state; };
struct IceConnectionStateChange { ice::ConnectionState state; };
struct ConnectionStateChange { PeerConnectionState state; };
struct NegotiationNeeded {};
// One of the four descriptions changed (including by a gathered or added candidate).
struct DescriptionsChanged {};
// Everything the ICE agent reports, passed through for the trace.
struct Ice { ice::Event event; };
}  // namespace event
using Event = std::variant<event::IceCandidate, event::SignalingStateChange,
                           event::IceGatheringStateChange, event::IceConnectionStateChange,
                           event::ConnectionStateChange, event::NegotiationNeeded,
                           event::DescriptionsChanged, event::Ice>;

class PeerConnection {
  public:
    PeerConnection(Configuration config, Rng rng);
    ~PeerConnection();
    PeerConnection(PeerConnection&&) noexcept;
    PeerConnection& operator=(PeerConnection&&) noexcept;

    DomResult<Description> create_offer(const OfferOptions& options = {});
    DomResult<Description> create_answer();
    // Explicit description, or implicit (std::nullopt): createOffer/createAnswer as the
    // signaling state requires (webrtc-pc §4.4.1.5).
    DomResult<Ok> set_local_description(Instant now, std::optional<Description> d = std::nullopt);
    DomResult<Ok> set_remote_description(Instant now, const Description& d);
    // nullopt: end-of-candidates for all m-lines.
    DomResult<Ok> add_ice_candidate(Instant now, std::optional<IceCandidateInit> c);
    void restart_ice();
    void close(Instant now);
    // Not a W3C method: the operating system told the browser its interfaces changed (the
    // host moved to another network). The ICE agent's sockets close and new ones open
    // (ice::Agent::change_network); restartIce() then gathers on the new network.
    void change_network(Instant now, std::vector<TransportAddress> host_addresses);

    SignalingState signaling_state() const;
    ice::GatheringState ice_gathering_state() const;
    ice::ConnectionState ice_connection_state() const;
    PeerConnectionState connection_state() const;
    // pending if non-null, else current (webrtc-pc §4.4.1).
    std::optional<Description> local_description() const;
    std::optional<Description> remote_description() const;
    const std::optional<Description>& pending_local_description() const;
    const std::optional<Description>& current_local_description() const;
    const std::optional<Description>& pending_remote_description() const;
    const std::optional<Description>& current_remote_description() const;
    const ice::Agent& ice_agent() const;
    // SHA-256 fingerprint of this peer's certificate, "AB:CD:..." as in a=fingerprint.
    const std::string& certificate_fingerprint() const;
    // This peer's certificate, with its key and DER for the DTLS endpoint (net/dtls); nullptr
    // only if Mbed TLS failed to make one (then certificate_fingerprint() is empty).
    const dtls::Certificate* certificate() const;

    // sans-IO plumbing (DESIGN.md), passed to and from the ICE agent.
    void handle_datagram(Instant now, const TransportAddress& local,
                         const TransportAddress& from, ByteView bytes);
    void handle_timeout(Instant now);
    std::optional<Instant> next_timeout() const;
    std::optional<ice::Transmit> poll_transmit();
    std::optional<Event> poll_event();

  private:
    struct State;
    std::unique_ptr<State> s_;
};

}  // namespace rtclab::net::jsep
