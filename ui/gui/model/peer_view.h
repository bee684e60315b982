// PeerView: what the peer inspector shows for one peer at the cursor, taken from the state
// document (/peers/<name>/...): states, the four descriptions with the SDP lines that changed
// since the previous step, and the candidate pairs.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace rtclab::gui {

// One of pendingLocalDescription, currentLocalDescription, pendingRemoteDescription,
// currentRemoteDescription.
struct DescriptionView {
    bool present = false;        // false: the attribute is null
    bool returned = false;       // localDescription / remoteDescription returns this one
    std::string type;            // "offer", "answer", "pranswer"
    std::vector<std::string> lines;
    std::vector<bool> changed;   // per line: not in this description at the previous step
    bool any_changed = false;
};

struct PairView {
    std::string id, state, local, remote;
    bool nominated = false;
    bool selected = false;
};

enum DescriptionSlot { kPending = 0, kCurrent = 1 };
enum DescriptionSide { kLocal = 0, kRemote = 1 };

struct PeerView {
    std::string name;
    std::string signaling_state, gathering_state, ice_state, connection_state, role;
    DescriptionView descriptions[2][2];  // [kPending/kCurrent][kLocal/kRemote]
    std::vector<PairView> pairs;
    std::size_t local_candidates = 0, remote_candidates = 0;
};

// The JSON key of a description slot: "pendingLocalDescription" etc.
const char* description_key(int slot, int side);

// Builds the views of every peer in `state`; `previous` is the state document at the previous
// step (or the same document when there is none), used only for changed SDP lines.
std::vector<PeerView> make_peer_views(const nlohmann::json& state, const nlohmann::json& previous);

}  // namespace rtclab::gui
