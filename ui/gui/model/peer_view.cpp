#include "ui/gui/model/peer_view.h"

#include <algorithm>
#include <cctype>
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

std::uint64_t u64_at(const nlohmann::json& obj, const char* key) {
    const auto& v = member(obj, key);
    if (v.is_number_unsigned()) return v.get<std::uint64_t>();
    if (v.is_number_integer()) return static_cast<std::uint64_t>(std::max<std::int64_t>(0, v.get<std::int64_t>()));
    return 0;
}

std::vector<CandidateView> candidates_of(const nlohmann::json& list) {
    std::vector<CandidateView> out;
    if (!list.is_object()) return out;
    out.reserve(list.size());
    for (const auto& [id, c] : list.items()) {
        CandidateView v;
        v.id = id;
        v.type = string_at(c, "type");
        v.protocol = string_at(c, "protocol");
        const std::string address = string_at(c, "address");
        const auto& port = member(c, "port");
        // IPv6 addresses are bracketed, as everywhere in the trace ("[addr]:port").
        v.endpoint = address.find(':') != std::string::npos ? "[" + address + "]" : address;
        if (port.is_number_integer()) v.endpoint += ":" + std::to_string(port.get<std::int64_t>());
        v.related = string_at(c, "relatedAddress");
        v.priority = u64_at(c, "priority");
        v.priority_text = std::to_string(v.priority);
        v.prflx = v.type == "prflx";
        out.push_back(std::move(v));
    }
    // Highest priority first: the order ICE prefers them in (RFC 8445 §5.1.2).
    std::stable_sort(out.begin(), out.end(),
                     [](const CandidateView& a, const CandidateView& b) { return a.priority > b.priority; });
    return out;
}

// "sha-256 AB:CD:..." -> algorithm, fingerprint.
void split_fingerprint(const std::string& value, std::string& algorithm, std::string& fingerprint) {
    const auto space = value.find(' ');
    if (space == std::string::npos) {
        fingerprint = value;
        return;
    }
    algorithm = value.substr(0, space);
    fingerprint = value.substr(value.find_first_not_of(' ', space) == std::string::npos
                                   ? value.size()
                                   : value.find_first_not_of(' ', space));
}

bool same_fingerprint(const std::string& a, const std::string& b) {
    // RFC 8122 §5: the hex digits are upper case, but compare without trusting that.
    return !a.empty() && a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
           });
}

DtlsView dtls_of(const nlohmann::json& peer, const PeerView& v) {
    DtlsView d;
    d.state = string_at(peer, "dtlsState");
    if (d.state.empty()) d.state = string_at(member(peer, "dtls"), "state");
    d.local_fingerprint = string_at(peer, "fingerprint");
    // The description each attribute returns: pending if there is one, else current.
    const auto returned = [&](int side) -> const DescriptionView* {
        for (int slot : {kPending, kCurrent})
            if (v.descriptions[slot][side].returned && v.descriptions[slot][side].present) return &v.descriptions[slot][side];
        return nullptr;
    };
    if (const DescriptionView* local = returned(kLocal)) {
        std::string ignored;
        split_fingerprint(sdp_attribute(local->lines, "fingerprint"), d.local_algorithm, ignored);
        d.local_setup = sdp_attribute(local->lines, "setup");
    }
    if (const DescriptionView* remote = returned(kRemote)) {
        split_fingerprint(sdp_attribute(remote->lines, "fingerprint"), d.remote_algorithm, d.remote_fingerprint);
        d.remote_setup = sdp_attribute(remote->lines, "setup");
    }
    // RFC 5763 §5: "active" opens the DTLS connection (the client), "passive" waits for it; the
    // offerer says "actpass" and the answer decides.
    if (d.local_setup == "active" || (d.local_setup == "actpass" && d.remote_setup == "passive")) d.role = "client";
    if (d.local_setup == "passive" || (d.local_setup == "actpass" && d.remote_setup == "active")) d.role = "server";
    return d;
}

}  // namespace

std::string sdp_attribute(const std::vector<std::string>& lines, std::string_view attribute) {
    for (const auto& line : lines) {
        const std::string_view l = line;
        if (l.size() > attribute.size() + 3 && l.substr(0, 2) == "a=" && l.substr(2, attribute.size()) == attribute &&
            l[2 + attribute.size()] == ':')
            return std::string(l.substr(3 + attribute.size()));
    }
    return {};
}

const char* peer_tab_name(int tab) {
    static const char* const kNames[kPeerTabCount] = {"descriptions", "signaling", "candidates", "checks", "dtls"};
    return tab >= 0 && tab < kPeerTabCount ? kNames[tab] : nullptr;
}

int peer_tab_index(std::string_view name) {
    for (int t = 0; t < kPeerTabCount; ++t)
        if (name == peer_tab_name(t)) return t;
    return -1;
}

namespace {
std::vector<PeerView> build_peer_views(const nlohmann::json& state, const nlohmann::json& previous,
                                       std::vector<PeerView>* reuse);
}  // namespace

const char* description_key(int slot, int side) {
    static const char* const kKeys[2][2] = {{"pendingLocalDescription", "pendingRemoteDescription"},
                                           {"currentLocalDescription", "currentRemoteDescription"}};
    return kKeys[slot][side];
}

std::vector<PeerView> make_peer_views(const nlohmann::json& state, const nlohmann::json& previous) {
    return build_peer_views(state, previous, nullptr);
}

namespace {

std::vector<PeerView> build_peer_views(const nlohmann::json& state, const nlohmann::json& previous,
                                       std::vector<PeerView>* reuse) {
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
        if (v.role.empty()) v.role = kRoleUndecided;  // null until the first offer decides it
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
                d.sdp = string_at(desc, "sdp");
                const auto& before = member(prev_peer, key);
                const bool same = before == desc;
                if (same) {
                    // Unchanged since the previous step (most steps): no line is new, and the
                    // lines split for the last view of this description serve again.
                    DescriptionView* old = nullptr;
                    if (reuse != nullptr) {
                        for (auto& o : *reuse)
                            if (o.name == name) old = &o.descriptions[slot][side];
                    }
                    if (old != nullptr && old->present && old->sdp == d.sdp) {
                        d.lines = std::move(old->lines);
                    } else {
                        d.lines = sdp_lines(desc);
                    }
                    d.changed.assign(d.lines.size(), false);
                    continue;
                }
                d.lines = sdp_lines(desc);
                const auto old_lines = sdp_lines(before);
                const std::unordered_set<std::string> old(old_lines.begin(), old_lines.end());
                d.changed.resize(d.lines.size());
                for (std::size_t i = 0; i < d.lines.size(); ++i) {
                    d.changed[i] = !old.contains(d.lines[i]);
                    d.any_changed = d.any_changed || d.changed[i];
                }
                if (before.is_null()) d.any_changed = true;
            }
        }
        const auto& selected = member(peer, "selectedPair");
        const auto& pairs = member(peer, "candidatePairs");
        if (pairs.is_object()) {
            v.pairs.reserve(pairs.size());
            for (const auto& [id, pair] : pairs.items()) {
                PairView p;
                p.id = id;
                p.state = string_at(pair, "state");
                p.local = string_at(pair, "local");
                p.remote = string_at(pair, "remote");
                p.priority = u64_at(pair, "priority");
                const auto& nom = member(pair, "nominated");
                p.nominated = nom.is_boolean() && nom.get<bool>();
                p.selected = selected.is_string() && selected.get_ref<const std::string&>() == id;
                v.pairs.push_back(std::move(p));
            }
            // The check list is ordered by pair priority (RFC 8445 §6.1.2.3).
            std::stable_sort(v.pairs.begin(), v.pairs.end(),
                             [](const PairView& a, const PairView& b) { return a.priority > b.priority; });
            for (std::size_t i = 0; i < v.pairs.size(); ++i) {
                if (v.pairs[i].selected) v.selected_pair = static_cast<int>(i);
                v.nominated_pairs += v.pairs[i].nominated ? 1 : 0;
            }
        }
        v.local_candidates = candidates_of(member(peer, "localCandidates"));
        v.remote_candidates = candidates_of(member(peer, "remoteCandidates"));
        v.dtls = dtls_of(peer, v);
        out.push_back(std::move(v));
    }
    // Whose certificate the remote fingerprint names: the other peer's, when all is well.
    for (auto& v : out) {
        for (const auto& other : out) {
            if (&other != &v && same_fingerprint(v.dtls.remote_fingerprint, other.dtls.local_fingerprint))
                v.dtls.remote_owner = other.name;
        }
    }
    return out;
}

}  // namespace

std::vector<PeerView> make_peer_views(const nlohmann::json& state, const nlohmann::json& previous,
                                      const SignalingHistory& history, std::ptrdiff_t cursor,
                                      std::vector<PeerView>&& before) {
    auto out = build_peer_views(state, previous, &before);
    for (auto& v : out) v.signaling = history.at(v.name, cursor, v.signaling_state);
    return out;
}

}  // namespace rtclab::gui
