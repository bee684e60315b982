// PeerView: what the peer inspector shows for one peer at the cursor, taken from the state
// document (/peers/<name>/...): states, the four descriptions with the SDP lines that changed
// since the previous step, the signaling state machine, the local and remote candidates, the
// check list, and DTLS (state and fingerprints). Built when the cursor moves, so that drawing a
// frame only copies prepared text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ui/gui/model/signaling_diagram.h"

namespace rtclab::gui {

// One of pendingLocalDescription, currentLocalDescription, pendingRemoteDescription,
// currentRemoteDescription.
struct DescriptionView {
    bool present = false;        // false: the attribute is null
    bool returned = false;       // localDescription / remoteDescription returns this one
    std::string type;            // "offer", "answer", "pranswer"
    std::string sdp;             // the SDP the lines were split from
    std::vector<std::string> lines;
    std::vector<bool> changed;   // per line: not in this description at the previous step
    bool any_changed = false;
};

// An ICE candidate of /peers/<name>/localCandidates or remoteCandidates.
struct CandidateView {
    std::string id;              // "srflx 203.0.113.10:52357"
    std::string type;            // host, srflx, prflx, relay
    std::string endpoint;        // "address:port"
    std::string protocol;        // udp
    std::string related;         // relatedAddress ("ip:port"), "" when there is none
    std::string priority_text;
    std::uint64_t priority = 0;
    bool prflx = false;          // peer-reflexive: learned from a connectivity check, never signaled
};

// A candidate pair of the check list (RFC 8445 §6.1.2).
struct PairView {
    std::string id, state, local, remote;
    std::uint64_t priority = 0;
    bool nominated = false;
    bool selected = false;
};

// DTLS on the selected pair: its state and the certificates' fingerprints (RFC 8122 a=fingerprint;
// RFC 5763 a=setup decides who is the DTLS client).
struct DtlsView {
    std::string state;               // /peers/<name>/dtlsState or dtls/state; "" before any DTLS
    std::string local_fingerprint;   // the state's `fingerprint`: this peer's certificate
    std::string local_algorithm;     // "sha-256", from the local description's a=fingerprint
    std::string remote_fingerprint;  // from a=fingerprint of the description remoteDescription returns
    std::string remote_algorithm;
    std::string remote_owner;        // the peer whose certificate has the remote fingerprint, "" none
    std::string local_setup, remote_setup;  // a=setup: actpass, active, passive
    std::string role;                // "client", "server", or "" while it is not decided
};

enum DescriptionSlot { kPending = 0, kCurrent = 1 };
enum DescriptionSide { kLocal = 0, kRemote = 1 };

// The peer inspector's tabs, in order.
enum PeerTab { kTabDescriptions = 0, kTabSignaling, kTabCandidates, kTabChecks, kTabDtls, kPeerTabCount };
const char* peer_tab_name(int tab);          // "descriptions", "signaling", "candidates", "checks", "dtls"
int peer_tab_index(std::string_view name);   // -1 when unknown

// A peer's ICE role before the first offer decides it.
inline constexpr const char* kRoleUndecided = "no ICE role yet";

struct PeerView {
    std::string name;
    // role: "controlling" / "controlled" (ICE), or kRoleUndecided before any description
    std::string signaling_state, gathering_state, ice_state, connection_state, role;
    DescriptionView descriptions[2][2];  // [kPending/kCurrent][kLocal/kRemote]
    SignalingView signaling;             // the state machine: lit state, last transition
    std::vector<CandidateView> local_candidates, remote_candidates;  // highest priority first
    std::vector<PairView> pairs;         // the check list, highest priority first
    int selected_pair = -1;              // index into pairs, -1 when none is selected
    int nominated_pairs = 0;
    DtlsView dtls;
};

// The JSON key of a description slot: "pendingLocalDescription" etc.
const char* description_key(int slot, int side);

// Builds the views of every peer in `state`; `previous` is the state document at the previous
// step (or the same document when there is none), used only for changed SDP lines. The
// signaling view is left empty: the session fills it from its SignalingHistory.
std::vector<PeerView> make_peer_views(const nlohmann::json& state, const nlohmann::json& previous);

// As above, with each peer's signaling view at `cursor` from `history`. `before` (the views of
// the previous cursor, consumed) lends the lines of descriptions that did not change, so that a
// step splits no SDP unless a description changed at it.
std::vector<PeerView> make_peer_views(const nlohmann::json& state, const nlohmann::json& previous,
                                      const SignalingHistory& history, std::ptrdiff_t cursor,
                                      std::vector<PeerView>&& before = {});

// The value of the first "a=<attribute>:" line of an SDP split into lines ("" when none).
std::string sdp_attribute(const std::vector<std::string>& lines, std::string_view attribute);

}  // namespace rtclab::gui
