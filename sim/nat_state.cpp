#include "sim/nat_state.h"

#include <algorithm>

namespace rtclab::sim {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json nat_config_json(const std::string& name, const NatConfig& c,
                             const net::IpAddress& outside, const net::IpAddress& inside) {
    return ordered_json{{"name", name},
                        {"preset", c.preset},
                        {"description", describe(c)},
                        {"translates", c.translates},
                        {"outside", outside.to_string()},
                        {"inside", inside.to_string()},
                        {"mapping", std::string(to_string(c.mapping))},
                        {"filtering", std::string(to_string(c.filtering))},
                        {"port_assignment", std::string(to_string(c.ports))},
                        {"mapping_lifetime_s", c.mapping_lifetime.us / 1000000},
                        {"refresh", std::string(to_string(c.refresh))},
                        {"hairpinning", c.hairpinning}};
}

std::string mapping_id(const net::TransportAddress& external) { return external.to_string(); }

std::string filter_remote(Behavior filtering, const net::TransportAddress& remote) {
    switch (filtering) {
        case Behavior::kEndpointIndependent: return "*";
        case Behavior::kAddressDependent: return remote.ip.to_string();
        case Behavior::kAddressAndPortDependent: return remote.to_string();
    }
    return "*";
}

std::string filter_id(const net::TransportAddress& external, Behavior filtering,
                      const net::TransportAddress& remote) {
    return mapping_id(external) + " from " + filter_remote(filtering, remote);
}

json mapping_remote(Behavior mapping, const net::TransportAddress& remote) {
    switch (mapping) {
        case Behavior::kEndpointIndependent: return nullptr;
        case Behavior::kAddressDependent: return remote.ip.to_string();
        case Behavior::kAddressAndPortDependent: return remote.to_string();
    }
    return nullptr;
}

namespace {

std::string pointer_token(const std::string& key) {
    // RFC 6901: '~' is written "~0" and '/' is written "~1" inside a reference token.
    std::string out;
    for (char c : key) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

json set(const std::string& path, json value) { return json{{"path", path}, {"value", std::move(value)}}; }
json remove(const std::string& path) { return json{{"path", path}, {"remove", true}}; }

}  // namespace

json nat_record_changes(const Trace& trace, const Event& event, const NatRecord& rec) {
    const EventKind kind = event.kind;
    json changes = json::array();
    if (rec.nat >= trace.nats.size()) return changes;
    const NatInfo& nat = trace.nats[rec.nat];
    const std::string base = "/nats/" + pointer_token(nat.name);
    const std::string mapping = base + "/mappings/" + pointer_token(mapping_id(rec.external));
    const std::string filter =
        base + "/filters/" + pointer_token(filter_id(rec.external, nat.config.filtering, rec.remote));
    switch (kind) {
        case EventKind::kNatMappingCreated:
            changes.push_back(set(mapping, json{{"internal", rec.internal.to_string()},
                                                {"external", rec.external.to_string()},
                                                {"remote", mapping_remote(nat.config.mapping, rec.remote)},
                                                {"created_us", event.t_us},
                                                {"expires_us", rec.expires_us}}));
            changes.push_back(set(filter, json{{"mapping", mapping_id(rec.external)},
                                               {"remote", filter_remote(nat.config.filtering, rec.remote)}}));
            break;
        case EventKind::kNatMappingReused:
            changes.push_back(set(mapping + "/expires_us", rec.expires_us));
            changes.push_back(set(filter, json{{"mapping", mapping_id(rec.external)},
                                               {"remote", filter_remote(nat.config.filtering, rec.remote)}}));
            break;
        case EventKind::kNatMappingRefreshed:
            changes.push_back(set(mapping + "/expires_us", rec.expires_us));
            break;
        case EventKind::kNatInbound:
        case EventKind::kNatHairpin:
            if (rec.refreshed) changes.push_back(set(mapping + "/expires_us", rec.expires_us));
            break;
        default: break;
    }
    return changes;
}

GenericEvent mapping_expired_event(const Nat& nat, const NatMapping& gone,
                                   const std::vector<net::TransportAddress>& permits) {
    GenericEvent ev;
    ev.kind = "nat.mapping.expired";
    ev.summary = "mapping " + gone.internal.to_string() + " ⇄ " + gone.external.to_string() +
                 " expired (no outbound traffic for " +
                 std::to_string(nat.config().mapping_lifetime.us / 1000000) + " s)";
    ev.explain =
        "RFC 4787 §4.3: a mapping lives for its lifetime after the last packet that refreshes it (" +
        std::string(to_string(nat.config().refresh)) +
        " traffic here). Once it expires, packets to " + gone.external.to_string() +
        " are dropped and the next outbound packet creates a new mapping — which is why ICE "
        "sends keepalives (RFC 8445 §11).";
    ev.detail = {{"nat", nat.name()},
                 {"internal", gone.internal.to_string()},
                 {"external", gone.external.to_string()},
                 {"created_us", gone.created.us}};
    const std::string base = "/nats/" + pointer_token(nat.name());
    ev.changes.push_back(remove(base + "/mappings/" + pointer_token(mapping_id(gone.external))));
    std::vector<std::string> seen;
    for (const auto& p : permits) {
        const std::string id = filter_id(gone.external, nat.config().filtering, p);
        if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
        seen.push_back(id);
        ev.changes.push_back(remove(base + "/filters/" + pointer_token(id)));
    }
    return ev;
}

GenericEvent nat_reboot_event(const Nat& nat, std::size_t forgotten) {
    GenericEvent ev;
    ev.kind = "nat.reboot";
    ev.summary = nat.name() + " rebooted and forgot " + std::to_string(forgotten) + " mapping" +
                 (forgotten == 1 ? "" : "s");
    ev.explain =
        "A NAT keeps its mappings only in memory. After a reboot, packets to the old external "
        "ports are dropped, and new outbound packets get new mappings (maybe new ports): "
        "connections through it break until the endpoints find the new path (an ICE restart).";
    ev.detail = {{"nat", nat.name()}, {"forgotten", forgotten}};
    const std::string base = "/nats/" + pointer_token(nat.name());
    ev.changes.push_back(set(base + "/mappings", json::object()));
    ev.changes.push_back(set(base + "/filters", json::object()));
    return ev;
}

}  // namespace rtclab::sim
