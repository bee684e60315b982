#include "ui/gui/model/peer_view.h"

#include <string_view>
#include <unordered_set>

namespace rtclab::gui {

namespace {

std::string string_at(const nlohmann::json& obj, const char* key) {
    const auto it = obj.find(key);
    if (it == obj.end() || !it->is_string()) return it == obj.end() || it->is_null() ? "" : it->dump();
    return it->get<std::string>();
}

std::vector<std::string> sdp_lines(const nlohmann::json& desc) {
    std::vector<std::string> out;
    if (!desc.is_object()) return out;
    const auto sdp = desc.find("sdp");
    if (sdp == desc.end() || !sdp->is_string()) return out;
    std::string_view text = sdp->get_ref<const std::string&>();
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty()) out.emplace_back(line);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return out;
}

const nlohmann::json& member(const nlohmann::json& obj, const char* key) {
    static const nlohmann::json kNull;
    if (!obj.is_object()) return kNull;
    const auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
}

}  // namespace

const char* description_key(int slot, int side) {
    static const char* const kKeys[2][2] = {{"pendingLocalDescription", "pendingRemoteDescription"},
                                           {"currentLocalDescription", "currentRemoteDescription"}};
    return kKeys[slot][side];
}

std::vector<PeerView> make_peer_views(const nlohmann::json& state, const nlohmann::json& previous) {
    std::vector<PeerView> out;
    const auto& peers = member(state, "peers");
    if (!peers.is_object()) return out;
    const auto& prev_peers = member(previous, "peers");
    for (const auto& [name, peer] : peers.items()) {
        if (!peer.is_object()) continue;
        PeerView v;
        v.name = name;
        v.signaling_state = string_at(peer, "signalingState");
        v.gathering_state = string_at(peer, "iceGatheringState");
        v.ice_state = string_at(peer, "iceConnectionState");
        v.connection_state = string_at(peer, "connectionState");
        v.role = string_at(peer, "role");
        const auto& prev_peer = member(prev_peers, name.c_str());
        const std::string returned[2] = {string_at(peer, "localDescription"), string_at(peer, "remoteDescription")};
        for (int slot = 0; slot < 2; ++slot) {
            for (int side = 0; side < 2; ++side) {
                const char* key = description_key(slot, side);
                const auto& desc = member(peer, key);
                auto& d = v.descriptions[slot][side];
                d.present = desc.is_object();
                d.returned = returned[side] == (slot == kPending ? "pending" : "current");
                if (!d.present) continue;
                d.type = string_at(desc, "type");
                d.lines = sdp_lines(desc);
                const auto& before = member(prev_peer, key);
                const auto old_lines = sdp_lines(before);
                const std::unordered_set<std::string> old(old_lines.begin(), old_lines.end());
                const bool same = before == desc;
                d.changed.resize(d.lines.size());
                for (std::size_t i = 0; i < d.lines.size(); ++i) {
                    d.changed[i] = !same && !old.contains(d.lines[i]);
                    d.any_changed = d.any_changed || d.changed[i];
                }
                if (!same && before.is_null()) d.any_changed = true;
            }
        }
        const auto& selected = member(peer, "selectedPair");
        const auto& pairs = member(peer, "candidatePairs");
        if (pairs.is_object()) {
            for (const auto& [id, pair] : pairs.items()) {
                PairView p;
                p.id = id;
                p.state = string_at(pair, "state");
                p.local = string_at(pair, "local");
                p.remote = string_at(pair, "remote");
                const auto& nom = member(pair, "nominated");
                p.nominated = nom.is_boolean() && nom.get<bool>();
                p.selected = selected.is_string() && selected.get_ref<const std::string&>() == id;
                v.pairs.push_back(std::move(p));
            }
        }
        const auto& lc = member(peer, "localCandidates");
        const auto& rc = member(peer, "remoteCandidates");
        v.local_candidates = lc.is_object() ? lc.size() : 0;
        v.remote_candidates = rc.is_object() ? rc.size() : 0;
        out.push_back(std::move(v));
    }
    return out;
}

}  // namespace rtclab::gui
