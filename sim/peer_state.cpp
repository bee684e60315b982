#include "sim/peer_state.h"

#include "sim/json_source_map.h"

namespace rtclab::sim {
namespace {

using nlohmann::json;
namespace jsep = net::jsep;
namespace ice = net::ice;

json description_json(const std::optional<jsep::Description>& d) {
    if (!d) return nullptr;
    return {{"type", std::string(jsep::sdp_type_name(d->type))}, {"sdp", d->sdp}};
}

json candidate_json(const net::sdp::Candidate& c) {
    json j = {{"type", net::sdp::candidate_type_name(c.type)},
              {"address", c.address},
              {"port", c.port},
              {"protocol", c.transport == net::sdp::CandidateTransport::kUdp ? "udp" : "tcp"},
              {"priority", c.priority},
              {"foundation", c.foundation}};
    if (c.related_address && c.related_port) {
        j["relatedAddress"] = *c.related_address + ":" + std::to_string(*c.related_port);
    }
    return j;
}

// Members whose entries change one at a time: diffed entry by entry.
bool is_map_member(const std::string& key) {
    return key == "localCandidates" || key == "remoteCandidates" || key == "candidatePairs";
}

}  // namespace

std::string candidate_id(const net::sdp::Candidate& c) {
    const bool v6 = c.address.find(':') != std::string::npos;
    return net::sdp::candidate_type_name(c.type) + " " + (v6 ? "[" + c.address + "]" : c.address) +
           ":" + std::to_string(c.port);
}

json peer_state_json(const jsep::PeerConnection& pc) {
    const ice::Agent& agent = pc.ice_agent();
    json local = json::object();
    for (const auto& c : agent.local_candidates()) local[candidate_id(c)] = candidate_json(c);
    json remote = json::object();
    for (const auto& c : agent.remote_candidates()) remote[candidate_id(c)] = candidate_json(c);
    json pairs = json::object();
    for (const auto& p : agent.pairs()) {
        pairs[p.id] = {{"state", std::string(ice::pair_state_name(p.state))},
                       {"nominated", p.nominated},
                       {"local", candidate_id(agent.local_candidates()[p.local])},
                       {"remote", candidate_id(agent.remote_candidates()[p.remote])},
                       {"priority", p.priority}};
    }
    const auto selected = agent.selected_pair();
    const auto which = [](const std::optional<jsep::Description>& pending,
                          const std::optional<jsep::Description>& current) -> json {
        if (pending) return "pending";
        if (current) return "current";
        return nullptr;
    };
    return {
        {"signalingState", std::string(jsep::signaling_state_name(pc.signaling_state()))},
        {"iceGatheringState", std::string(ice::gathering_state_name(pc.ice_gathering_state()))},
        {"iceConnectionState",
         std::string(ice::connection_state_name(pc.ice_connection_state()))},
        {"connectionState",
         std::string(jsep::peer_connection_state_name(pc.connection_state()))},
        {"localDescription",
         which(pc.pending_local_description(), pc.current_local_description())},
        {"remoteDescription",
         which(pc.pending_remote_description(), pc.current_remote_description())},
        {"pendingLocalDescription", description_json(pc.pending_local_description())},
        {"currentLocalDescription", description_json(pc.current_local_description())},
        {"pendingRemoteDescription", description_json(pc.pending_remote_description())},
        {"currentRemoteDescription", description_json(pc.current_remote_description())},
        {"localCandidates", std::move(local)},
        {"remoteCandidates", std::move(remote)},
        {"candidatePairs", std::move(pairs)},
        {"selectedPair", selected && *selected < agent.pairs().size()
                             ? json(agent.pairs()[*selected].id)
                             : json(nullptr)},
        // RFC 8445 §6.1.1 / RFC 8829: the first offer decides the ICE role (its maker
        // controls). Before any description the agent's default is no decision: null.
        {"role", !pc.local_description() && !pc.remote_description()
                     ? json(nullptr)
                     : json(agent.role() == ice::Role::kControlling ? "controlling" : "controlled")},
        {"fingerprint", pc.certificate_fingerprint()},
    };
}

json peer_state_changes(const std::string& base, const json& before, const json& after) {
    json changes = json::array();
    const auto set = [&](const std::string& path, const json& value) {
        changes.push_back({{"path", path}, {"value", value}});
    };
    const auto remove = [&](const std::string& path) {
        changes.push_back({{"path", path}, {"remove", true}});
    };
    for (const auto& [key, value] : after.items()) {
        const std::string path = json_pointer_child(base, key);
        const auto old = before.is_object() ? before.find(key) : before.end();
        const bool had = before.is_object() && old != before.end();
        if (is_map_member(key) && had && old->is_object() && value.is_object()) {
            for (const auto& [id, entry] : value.items()) {
                const auto o = old->find(id);
                if (o == old->end() || *o != entry) set(json_pointer_child(path, id), entry);
            }
            for (const auto& [id, entry] : old->items()) {
                (void)entry;
                if (!value.contains(id)) remove(json_pointer_child(path, id));
            }
        } else if (!had || *old != value) {
            set(path, value);
        }
    }
    if (before.is_object()) {
        for (const auto& [key, value] : before.items()) {
            (void)value;
            if (!after.contains(key)) remove(json_pointer_child(base, key));
        }
    }
    return changes;
}

}  // namespace rtclab::sim
