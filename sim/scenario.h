// Scenario: a loaded, validated scenario — topology, script and expectations — as plain data.
//
// The loader (scenario_loader.h) turns a JSON file into this; the world (world.h) runs it.
// Everything here has been checked: names are unique, addresses lie in their networks,
// references resolve. The file format is documented in docs/scenario-format.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/core/address.h"
#include "net/core/time.h"
#include "sim/nat_config.h"

namespace rtclab::sim {

// Latency, jitter and loss of one network segment, applied to every hop across it.
struct LinkConfig {
    net::Duration latency = net::Duration::millis(1);
    net::Duration jitter{};  // each hop adds a uniform draw in [0, jitter]
    double loss = 0.0;       // probability in [0, 1] that a hop loses the datagram
};

struct NatSpec {
    std::string name;           // e.g. "nat-a": a lane of its own in the trace
    net::IpAddress outside;     // its address on the parent network
    net::IpAddress inside;      // its address on the network it serves (the gateway)
    NatConfig config;
};

// A network segment. The root (no parent) is the public internet; every other network hangs
// below its parent through a NAT (preset "open" for a plain router), so the topology is a tree.
struct NetworkSpec {
    std::string name;
    net::Cidr cidr;
    LinkConfig link;
    std::string parent;          // empty for the root
    std::optional<NatSpec> nat;  // set exactly when parent is set
};

enum class HostRole { kPeer, kServer };

struct StunServiceSpec {
    std::uint16_t port = 3478;
    std::string software = "rtclab stun";
};

// A TURN server (RFC 8656) with long-term credentials.
struct TurnServiceSpec {
    std::uint16_t port = 3478;
    std::string realm = "rtclab.test";
    std::vector<std::pair<std::string, std::string>> users;  // username, password
    std::uint16_t relay_port_min = 49152;  // relayed transport addresses are drawn from here
    std::uint16_t relay_port_max = 65535;
    std::string software = "rtclab turn";
};

// A signaling server (DESIGN.md): relays offers, answers and candidates between the peers.
// WebRTC leaves signaling to the application; rtclab models it as the WebSocket a page keeps
// open to its server -- reliable and in order -- with one latency per leg (peer to server,
// server to peer), off the simulated UDP network.
struct SignalingServiceSpec {
    net::Duration latency = net::Duration::millis(25);
};

struct HostSpec {
    std::string name;     // e.g. "alice", "stun"
    std::string label;    // for lanes, e.g. "Alice"
    std::string network;  // the network it is attached to
    net::IpAddress address;
    HostRole role = HostRole::kPeer;
    std::optional<StunServiceSpec> stun;  // servers: answers STUN Binding requests
    std::optional<TurnServiceSpec> turn;  // servers: relays for TURN clients
    std::optional<SignalingServiceSpec> signaling;  // servers: relays signaling messages
};

// A host in code (tests, benchmarks): a peer, or a STUN server when `stun` is given.
inline HostSpec make_host(std::string name, std::string label, std::string network,
                          net::IpAddress address, std::optional<StunServiceSpec> stun = std::nullopt) {
    HostSpec h;
    h.name = std::move(name);
    h.label = std::move(label);
    h.network = std::move(network);
    h.address = address;
    h.role = stun ? HostRole::kServer : HostRole::kPeer;
    h.stun = std::move(stun);
    return h;
}

struct TopologySpec {
    std::string name;
    std::vector<NetworkSpec> networks;  // the root first, then parents before children
    std::vector<HostSpec> hosts;
};

// --- script -----------------------------------------------------------------------------------

// A host asks a STUN server "who am I?" (a Binding request from local_port).
struct StunBindingAction {
    std::string host;
    std::string server;             // a host with a STUN service
    std::uint16_t local_port = 5000;
};

// A host sends one UDP datagram, e.g. to show a NAT filtering an unsolicited packet.
struct UdpSendAction {
    std::string host;
    std::uint16_t local_port = 5000;
    net::TransportAddress to;
    std::string payload;  // sent as UTF-8 bytes
};

// A NAT reboots and forgets all its mappings.
struct NatRebootAction {
    std::string nat;
};

// restartIce() on a peer (webrtc-pc §4.4.1.6): it then negotiates again as the offerer.
struct RestartIceAction {
    std::string peer;
};

// The page negotiates again as the offerer, e.g. after adding a track (renegotiation,
// webrtc-pc §4.7.3): a new offer in the same session, ICE credentials unchanged.
struct RenegotiateAction {
    std::string peer;
};

// A network's link stops (or starts again) carrying datagrams: "the Wi-Fi dropped".
struct LinkAction {
    std::string network;
    bool up = false;
};

// A host moves to another network ("the phone walks out of the Wi-Fi onto 4G"): it leaves
// its network and joins `network` with `address`. Its PeerConnection learns that its
// interfaces changed; its old candidates fall silent. The page recovers with restart-ice.
struct MoveHostAction {
    std::string host;
    std::string network;
    net::IpAddress address;
};

// One explicit API call on a peer, for exercises: "what happens if Bob calls
// setLocalDescription(answer) now?". The result is a trace event; `expect_error` (a W3C
// error name, or "" for success) makes it an expectation too.
struct PeerCallAction {
    std::string peer;
    std::string call;  // createOffer, createAnswer, setLocalDescription, setRemoteDescription,
                       // addIceCandidate, restartIce, close
    // For setLocalDescription / setRemoteDescription: "offer", "answer", "pranswer",
    // "rollback", or "" (implicit setLocalDescription; for setRemoteDescription: the last
    // description the other peer created).
    std::string type;
    std::optional<std::string> expect_error;
    int line = 0;  // the script step's line, so its expectation finds this very call
};

struct ScriptStep {
    net::Duration at;  // virtual time from the start
    std::variant<StunBindingAction, UdpSendAction, NatRebootAction, RestartIceAction,
                 RenegotiateAction, LinkAction, PeerCallAction, MoveHostAction>
        action;
    int line = 0;  // where it stood in the file, for messages
};

// --- expectations ---------------------------------------------------------------------------

// Matches trace events: kind equal (or, ending in ".*", a prefix), every lane listed among the
// event's lanes, and detail containing every key/value given.
struct EventPredicate {
    std::string kind;
    std::vector<std::string> lanes;
    nlohmann::json detail = nlohmann::json::object();
};

struct Expectation {
    std::string what;  // a sentence, shown in the summary
    int line = 0;
    // Either an event expectation: events matching `event` occur between min and max times ...
    std::optional<EventPredicate> event;
    int min_count = 1;
    std::optional<int> max_count;
    // ... or a state expectation: at the end (or right after the first event matching
    // `after`), the state document at `path` equals `equals` / exists or not.
    std::optional<std::string> state_path;
    std::optional<nlohmann::json> equals;
    std::optional<bool> exists;
    std::optional<EventPredicate> after;
};

// An ICE server a peer's RTCConfiguration names: a host with a STUN and/or TURN service.
struct IceServerRef {
    std::string server;    // host name
    std::string username;  // TURN credentials ("" for STUN-only)
    std::string password;
};

// A peer running a PeerConnection (net/jsep) in a page that follows MDN's flow.
struct PeerSpec {
    std::string host;
    bool offerer = false;  // the caller: creates the first offer at `start`
    net::Duration start{};
    bool trickle = true;   // send candidates as they come (false: wait for gathering to end)
    bool negotiate = true; // run the MDN flow; false: only the script's explicit calls
    bool polite = false;   // perfect negotiation: the polite peer yields on glare
    std::vector<IceServerRef> ice_servers;
    bool relay_only = false;  // iceTransportPolicy "relay"
    bool ice_lite = false;    // an ICE-lite endpoint (RFC 8445 §2.5), as media servers are
    bool audio = true;
    bool video = false;
    bool data_channel = true;
    std::uint16_t port = 0;  // the ICE socket's port; 0 = an ephemeral port from the seed
};

struct Scenario {
    std::string name;
    std::string title;
    std::string description;
    std::string file;  // the path it was loaded from
    std::uint64_t seed = 1;
    net::Duration duration = net::Duration::seconds(10);  // how long virtual time runs
    TopologySpec topology;
    std::vector<PeerSpec> peers;
    std::string signaling;  // the host whose signaling service the peers use ("" = none)
    std::vector<ScriptStep> script;
    std::vector<Expectation> expectations;
    nlohmann::json notes = nlohmann::json::object();  // lesson notes, kept for the trace header
};

}  // namespace rtclab::sim
