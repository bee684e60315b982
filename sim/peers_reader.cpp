#include "sim/peers_reader.h"

#include <algorithm>

namespace rtclab::sim::loader {
namespace {

const std::vector<std::string> kPeerKeys = {
    "host",       "offerer", "start_ms", "trickle",  "negotiate", "polite",
    "ice_servers", "ice_transport_policy", "ice_lite", "media", "port"};
const std::vector<std::string> kIceServerKeys = {"server", "username", "password"};
const std::vector<std::string> kPolicies = {"all", "relay"};
const std::vector<std::string> kMedia = {"audio", "video", "data"};
constexpr std::int64_t kMaxStartMs = 3600000;

const HostSpec* find_host(const TopologySpec* t, const std::string& name) {
    if (!t) return nullptr;
    for (const auto& h : t->hosts) {
        if (h.name == name) return &h;
    }
    return nullptr;
}

std::vector<std::string> names_where(const TopologySpec* t, bool (*keep)(const HostSpec&)) {
    std::vector<std::string> out;
    if (!t) return out;
    for (const auto& h : t->hosts) {
        if (keep(h)) out.push_back(h.name);
    }
    return out;
}

bool is_peer_host(const HostSpec& h) { return h.role == HostRole::kPeer; }
bool is_ice_server(const HostSpec& h) { return h.stun.has_value() || h.turn.has_value(); }
bool is_signaling(const HostSpec& h) { return h.signaling.has_value(); }

std::optional<IceServerRef> read_ice_server(const Doc& doc, const json& v, const std::string& ptr,
                                            const TopologySpec* topo) {
    IceServerRef ref;
    std::string name_ptr = ptr;
    if (v.is_string()) {
        ref.server = v.get<std::string>();
    } else if (v.is_object()) {
        check_keys(doc, v, ptr, kIceServerKeys, "an ICE server");
        Fields f(doc, v, ptr);
        ref.server = f.string("server", true, "a host with a STUN or TURN service", 1024).value_or("");
        ref.username = f.string("username", false, {}, 512).value_or("");
        ref.password = f.string("password", false, {}, 512).value_or("");
        name_ptr = f.at("server");
    } else {
        doc.error(ptr, "expected a server name (\"stun\") or {\"server\", \"username\", "
                       "\"password\"}, got " + describe_value(v));
        return std::nullopt;
    }
    if (!topo || ref.server.empty()) return ref;
    const HostSpec* h = find_host(topo, ref.server);
    const auto servers = names_where(topo, is_ice_server);
    if (!h || !is_ice_server(*h)) {
        doc.error(name_ptr, (h ? "host " + in_quotes(ref.server) + " runs no STUN or TURN service"
                               : "unknown host " + in_quotes(ref.server) +
                                     did_you_mean(ref.server, servers)) +
                                "; ICE servers here: " +
                                (servers.empty() ? std::string("none") : join(servers)));
        return std::nullopt;
    }
    if (h->turn && ref.username.empty() && !h->turn->users.empty()) {
        // A TURN server named alone: its first account, as a lesson's page would be given.
        ref.username = h->turn->users.front().first;
        ref.password = h->turn->users.front().second;
    }
    return ref;
}

}  // namespace

std::optional<std::vector<PeerSpec>> read_peers(const Doc& doc, const json& peers,
                                                const std::string& ptr,
                                                const TopologySpec* topo) {
    const std::size_t before = doc.diags->count();
    if (!peers.is_array()) {
        doc.error(ptr, "expected an array of peers ([{\"host\": \"alice\", \"offerer\": true}, "
                       "{\"host\": \"bob\"}]), got " + describe_value(peers));
        return std::nullopt;
    }
    if (too_many(doc, peers, ptr, 16, "peers")) return std::nullopt;
    const auto peer_hosts = names_where(topo, is_peer_host);
    std::vector<PeerSpec> out;
    for (std::size_t i = 0; i < peers.size(); ++i) {
        const std::string pptr = json_pointer_child(ptr, i);
        const json& p = peers[i];
        if (!p.is_object()) {
            doc.error(pptr, "expected a peer ({\"host\": \"alice\", ...}), got " + describe_value(p));
            continue;
        }
        check_keys(doc, p, pptr, kPeerKeys, "a peer");
        Fields f(doc, p, pptr);
        PeerSpec spec;
        if (auto host = f.string("host", true, "a peer host of the topology", 1024)) {
            const HostSpec* h = find_host(topo, *host);
            if (topo && (!h || !is_peer_host(*h))) {
                doc.error(f.at("host"),
                          (h ? "host " + in_quotes(*host) + " is a server"
                             : "unknown host " + in_quotes(*host) + did_you_mean(*host, peer_hosts)) +
                              "; peer hosts here: " +
                              (peer_hosts.empty() ? std::string("none") : join(peer_hosts)));
            }
            for (const auto& other : out) {
                if (other.host == *host) {
                    doc.error(f.at("host"), "peer " + in_quotes(*host) +
                                                " is listed twice; one PeerConnection per host");
                }
            }
            spec.host = *host;
        }
        spec.offerer = f.boolean("offerer", false).value_or(false);
        if (auto ms = f.integer("start_ms", 0, kMaxStartMs, false)) spec.start = net::Duration::millis(*ms);
        spec.trickle = f.boolean("trickle", false).value_or(true);
        spec.negotiate = f.boolean("negotiate", false).value_or(true);
        spec.polite = f.boolean("polite", false).value_or(false);
        spec.ice_lite = f.boolean("ice_lite", false).value_or(false);
        if (auto policy = f.string("ice_transport_policy", false, {}, 64)) {
            if (std::find(kPolicies.begin(), kPolicies.end(), *policy) == kPolicies.end()) {
                doc.error(f.at("ice_transport_policy"),
                          unknown_word("ICE transport policy", *policy, kPolicies));
            }
            spec.relay_only = *policy == "relay";
        }
        if (auto port = f.integer("port", 1, 65535, false)) spec.port = static_cast<std::uint16_t>(*port);
        if (const json* servers = f.array("ice_servers", false)) {
            for (std::size_t j = 0; j < servers->size(); ++j) {
                if (auto ref = read_ice_server(doc, (*servers)[j],
                                               json_pointer_child(f.at("ice_servers"), j), topo)) {
                    spec.ice_servers.push_back(std::move(*ref));
                }
            }
        }
        if (const json* media = f.array("media", false)) {
            spec.audio = spec.video = spec.data_channel = false;
            for (std::size_t j = 0; j < media->size(); ++j) {
                const std::string mptr = json_pointer_child(f.at("media"), j);
                const json& m = (*media)[j];
                const std::string word = m.is_string() ? m.get<std::string>() : "";
                if (std::find(kMedia.begin(), kMedia.end(), word) == kMedia.end()) {
                    doc.error(mptr, m.is_string() ? unknown_word("media kind", word, kMedia)
                                                  : "expected \"audio\", \"video\" or \"data\", got " +
                                                        describe_value(m));
                    continue;
                }
                (word == "audio" ? spec.audio : word == "video" ? spec.video : spec.data_channel) = true;
            }
            if (media->empty()) {
                doc.error(f.at("media"), "no media: give at least one of \"audio\", \"video\", \"data\"");
            }
        }
        out.push_back(std::move(spec));
    }
    const auto offerers = std::count_if(out.begin(), out.end(), [](const PeerSpec& p) { return p.offerer; });
    const auto negotiating =
        std::count_if(out.begin(), out.end(), [](const PeerSpec& p) { return p.negotiate; });
    if (negotiating > 0 && offerers == 0) {
        doc.error(ptr, "no peer is the offerer: give one peer \"offerer\": true (MDN's caller)");
    }
    if (doc.diags->count() != before) return std::nullopt;
    return out;
}

std::optional<std::string> read_signaling(const Doc& doc, const json& value, const std::string& ptr,
                                          const TopologySpec* topo) {
    if (!value.is_string()) {
        doc.error(ptr, "expected the name of a host with a signaling service, got " +
                           describe_value(value));
        return std::nullopt;
    }
    const std::string name = value.get<std::string>();
    if (!topo) return name;
    const HostSpec* h = find_host(topo, name);
    if (!h || !h->signaling) {
        const auto servers = names_where(topo, is_signaling);
        doc.error(ptr, (h ? "host " + in_quotes(name) + " runs no signaling service"
                          : "unknown host " + in_quotes(name) + did_you_mean(name, servers)) +
                           "; signaling servers here: " +
                           (servers.empty()
                                ? std::string("none (give a host \"signaling\": {\"latency_ms\": 25})")
                                : join(servers)));
        return std::nullopt;
    }
    return name;
}

}  // namespace rtclab::sim::loader
