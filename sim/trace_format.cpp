#include "sim/trace_format.h"

#include "net/core/hex.h"
#include "net/stun/stun.h"
#include "sim/nat_state.h"
#include "sim/stun_json.h"

namespace rtclab::sim {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

std::string seconds_text(std::int64_t us) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(us) / 1e6);
    return buf;
}

const NatInfo* nat_of(const Trace& t, const NatRecord& r) {
    return r.nat < t.nats.size() ? &t.nats[r.nat] : nullptr;
}

std::string printable_payload(net::ByteView payload) {
    std::string text;
    for (std::uint8_t b : payload) {
        if (b < 0x20 || b >= 0x7f) return {};
        text += static_cast<char>(b);
        if (text.size() > 40) return text.substr(0, 40) + "…";
    }
    return text;
}

std::string filtering_sentence(Behavior filtering) {
    switch (filtering) {
        case Behavior::kEndpointIndependent:
            return "endpoint-independent filtering: anyone may send to a mapping (RFC 4787 §5)";
        case Behavior::kAddressDependent:
            return "address-dependent filtering: only addresses the inside host has sent to may "
                   "send back (RFC 4787 §5)";
        case Behavior::kAddressAndPortDependent:
            return "address-and-port-dependent filtering: only address:port pairs the inside host "
                   "has sent to may send back (RFC 4787 §5)";
    }
    return {};
}

std::string mapping_sentence(Behavior mapping) {
    switch (mapping) {
        case Behavior::kEndpointIndependent:
            return "endpoint-independent mapping: the same external address:port for every "
                   "destination (RFC 4787 §4.1, REQ-1) — what a STUN server sees is what a peer sees";
        case Behavior::kAddressDependent:
            return "address-dependent mapping: a new external port for each destination address "
                   "(RFC 4787 §4.1)";
        case Behavior::kAddressAndPortDependent:
            return "address-and-port-dependent mapping: a new external port for each destination "
                   "address:port (RFC 4787 §4.1) — the STUN server's answer is useless to a peer, "
                   "so ICE falls back to peer-reflexive candidates or a TURN relay";
    }
    return {};
}

}  // namespace

std::string payload_protocol(net::ByteView payload) {
    return net::stun::looks_like_stun(payload) ? "stun" : "udp";
}

std::string payload_summary(net::ByteView payload) {
    if (net::stun::looks_like_stun(payload)) {
        auto m = net::stun::parse_message(payload);
        if (m) return net::stun::summarize(*m);
        return "malformed STUN (" + m.error().describe() + ")";
    }
    const std::string text = printable_payload(payload);
    std::string s = "UDP " + std::to_string(payload.size()) + " bytes";
    if (!text.empty()) s += ": \"" + text + "\"";
    return s;
}

std::string drop_reason_text(DropReason reason) {
    switch (reason) {
        case DropReason::kNone: return "";
        case DropReason::kNoMapping: return "no mapping";
        case DropReason::kFilteredAddress: return "address-dependent filtering";
        case DropReason::kFilteredEndpoint: return "address-and-port-dependent filtering";
        case DropReason::kHairpinDisabled: return "hairpinning disabled";
        case DropReason::kPortsExhausted: return "no external port left";
    }
    return "";
}

bool is_lost_datagram_kind(std::string_view kind) {
    return kind == "link.loss" || kind == "net.unreachable" || kind == "net.no-host" ||
           kind == "host.port-unreachable";
}

std::string event_kind(const Trace& t, std::size_t i) {
    const Event& e = t.event(i);
    switch (e.kind) {
        case EventKind::kPacket: return "packet." + payload_protocol(t.packet_bytes(t.hop(e).packet));
        case EventKind::kLinkLoss: return "link.loss";
        case EventKind::kNoRoute: return "net.unreachable";
        case EventKind::kNoHostOnLink: return "net.no-host";
        case EventKind::kPortUnreachable: return "host.port-unreachable";
        case EventKind::kNatMappingCreated: return "nat.mapping.created";
        case EventKind::kNatMappingReused: return "nat.mapping.reused";
        case EventKind::kNatMappingRefreshed: return "nat.mapping.refreshed";
        case EventKind::kNatMappingExpired: return "nat.mapping.expired";
        case EventKind::kNatInbound: return "nat.inbound";
        case EventKind::kNatDrop: return "nat.drop";
        case EventKind::kNatHairpin: return "nat.hairpin";
        case EventKind::kGeneric: return t.generic(e).kind;
    }
    return "?";
}

json event_lanes(const Trace& t, std::size_t i) {
    const Event& e = t.event(i);
    json lanes = json::array();
    if (e.lane_a != kNoLane && e.lane_a < t.lanes.size()) lanes.push_back(t.lanes[e.lane_a].id);
    if (e.lane_b != kNoLane && e.lane_b < t.lanes.size()) lanes.push_back(t.lanes[e.lane_b].id);
    return lanes;
}

std::string event_summary(const Trace& t, std::size_t i) {
    const Event& e = t.event(i);
    switch (e.kind) {
        case EventKind::kPacket: {
            const PacketHop& h = t.hop(e);
            return payload_summary(t.packet_bytes(h.packet)) + "  " + h.src.to_string() + " → " +
                   h.dst.to_string();
        }
        case EventKind::kLinkLoss: {
            const PacketHop& h = t.hop(e);
            return "lost on " + t.networks[h.network] + ": " + payload_summary(t.packet_bytes(h.packet)) +
                   "  " + h.src.to_string() + " → " + h.dst.to_string();
        }
        case EventKind::kNoRoute: {
            const PacketHop& h = t.hop(e);
            return "no route from " + t.networks[h.network] + " to " + h.dst.ip.to_string() +
                   ": dropped";
        }
        case EventKind::kNoHostOnLink: {
            const PacketHop& h = t.hop(e);
            return "no host on " + t.networks[h.network] + " has " + h.dst.ip.to_string() +
                   " (its own subnet: not sent to the router): dropped";
        }
        case EventKind::kPortUnreachable: {
            const PacketHop& h = t.hop(e);
            return "nothing listens on " + h.dst.to_string() + ": dropped";
        }
        case EventKind::kGeneric: return t.generic(e).summary;
        default: break;
    }
    const NatRecord& r = t.nat_record(e);
    const NatInfo* nat = nat_of(t, r);
    const Behavior mapping = nat ? nat->config.mapping : Behavior::kEndpointIndependent;
    const Behavior filtering = nat ? nat->config.filtering : Behavior::kEndpointIndependent;
    const std::string pair = r.internal.to_string() + " ⇄ " + r.external.to_string();
    switch (e.kind) {
        case EventKind::kNatMappingCreated:
            return "new mapping " + pair +
                   (mapping == Behavior::kEndpointIndependent
                        ? std::string(" (for every destination)")
                        : " (for " + mapping_remote(mapping, r.remote).get<std::string>() + " only)");
        case EventKind::kNatMappingReused:
            return "reuse mapping " + pair + " for new destination " + r.remote.to_string();
        case EventKind::kNatMappingRefreshed:
            return "mapping " + pair + " refreshed (expires at " + seconds_text(r.expires_us) + ")";
        case EventKind::kNatInbound:
            return "from " + r.remote.to_string() + " to " + r.external.to_string() +
                   ": allowed, forward to " + r.internal.to_string();
        case EventKind::kNatHairpin:
            return "hairpin: " + r.remote.to_string() + " → " + r.external.to_string() +
                   " loops back inside to " + r.internal.to_string();
        case EventKind::kNatDrop: {
            std::string s = "drop " + r.remote.to_string() + " → " + r.external.to_string() + ": ";
            switch (r.reason) {
                case DropReason::kNoMapping: return s + "no mapping for port " + std::to_string(r.external.port);
                case DropReason::kFilteredAddress:
                    return s + "address-dependent filtering: " + r.internal.to_string() +
                           " never sent to " + r.remote.ip.to_string();
                case DropReason::kFilteredEndpoint:
                    return s + "address-and-port-dependent filtering: no mapping permits " +
                           r.remote.to_string();
                default: return s + drop_reason_text(r.reason);
            }
        }
        default: break;
    }
    (void)filtering;
    return "?";
}

std::string event_explain(const Trace& t, std::size_t i) {
    const Event& e = t.event(i);
    switch (e.kind) {
        case EventKind::kPacket: {
            const net::ByteView bytes = t.packet_bytes(t.hop(e).packet);
            if (!net::stun::looks_like_stun(bytes)) return "";
            auto m = net::stun::parse_message(bytes);
            if (!m || m->method != net::stun::Method::kBinding) return "";
            if (m->cls == net::stun::MessageClass::kRequest) {
                return "RFC 8489 §3: a Binding request asks the server which transport address it "
                       "sees the request coming from. Behind a NAT that is the NAT's mapping, not "
                       "the host's own address.";
            }
            if (m->cls == net::stun::MessageClass::kSuccessResponse) {
                return "RFC 8489 §14.2: XOR-MAPPED-ADDRESS carries the source address the server "
                       "saw, XOR-ed with the magic cookie so that NATs that rewrite addresses in "
                       "payloads cannot corrupt it. ICE calls it a server-reflexive candidate.";
            }
            return "";
        }
        case EventKind::kLinkLoss:
            return "The link's loss rate dropped this datagram. UDP does not retransmit; STUN "
                   "retransmits requests itself (RFC 8489 §6.2.1).";
        case EventKind::kNoRoute:
            return "Private addresses (RFC 1918) are not routed on the public internet: a packet "
                   "to one from outside its home network goes nowhere.";
        case EventKind::kNoHostOnLink:
            return "The destination lies inside the sender's own subnet, so the host delivers it "
                   "directly on the link (ARP asks who has the address) instead of handing it to its "
                   "router. Nobody here has it: it is a private address in another home that uses "
                   "the same range (RFC 1918 ranges repeat everywhere), so the datagram never leaves "
                   "and no NAT sees it.";
        case EventKind::kPortUnreachable:
            return "No application listens on this port. A real host would answer with an ICMP "
                   "port unreachable; the simulator drops the datagram.";
        case EventKind::kGeneric: return t.generic(e).explain;
        default: break;
    }
    const NatRecord& r = t.nat_record(e);
    const NatInfo* nat = nat_of(t, r);
    if (!nat) return "";
    switch (e.kind) {
        case EventKind::kNatMappingCreated:
            return "First packet from " + r.internal.to_string() + " " +
                   (nat->config.mapping == Behavior::kEndpointIndependent ? "" : "to this destination ") +
                   "through " + nat->name + ": " + mapping_sentence(nat->config.mapping) +
                   ". Port assignment: " + std::string(to_string(nat->config.ports)) + ".";
        case EventKind::kNatMappingReused:
            return mapping_sentence(nat->config.mapping) + ". The new destination is now also "
                   "allowed to send back (" + filtering_sentence(nat->config.filtering) + ").";
        case EventKind::kNatMappingRefreshed:
            return "RFC 4787 §4.3 REQ-6: outbound packets refresh the mapping's timer (" +
                   std::to_string(nat->config.mapping_lifetime.us / 1000000) + " s here).";
        case EventKind::kNatInbound:
            return filtering_sentence(nat->config.filtering) + ". This packet matches filter entry \"" +
                   filter_id(r.external, nat->config.filtering, r.remote) + "\".";
        case EventKind::kNatHairpin:
            return "RFC 4787 §6 REQ-9: a NAT must support hairpinning — a packet from inside to one "
                   "of its own external addresses is looped back inside, its source rewritten to "
                   "the sender's external address.";
        case EventKind::kNatDrop:
            switch (r.reason) {
                case DropReason::kNoMapping:
                    return "No mapping uses this external port: nobody inside has sent from it "
                           "(or its mapping expired). Unsolicited inbound packets are dropped — "
                           "why both peers must send first (hole punching, RFC 8445 §2).";
                case DropReason::kFilteredAddress:
                case DropReason::kFilteredEndpoint:
                    return filtering_sentence(nat->config.filtering) + ". " + r.internal.to_string() +
                           " has not sent to " + filter_remote(nat->config.filtering, r.remote) +
                           ", so its reply is unsolicited. ICE gets through by having both sides "
                           "send connectivity checks, opening each NAT from inside.";
                case DropReason::kHairpinDisabled:
                    return "This NAT does not support hairpinning (RFC 4787 REQ-9 says it must): two "
                           "hosts behind it cannot reach each other through their public mappings.";
                case DropReason::kPortsExhausted: return "Every external port is in use.";
                default: return "";
            }
        default: return "";
    }
}

ordered_json event_detail(const Trace& t, std::size_t i) {
    const Event& e = t.event(i);
    switch (e.kind) {
        case EventKind::kPacket:
        case EventKind::kLinkLoss:
        case EventKind::kNoRoute:
        case EventKind::kNoHostOnLink:
        case EventKind::kPortUnreachable: {
            const PacketHop& h = t.hop(e);
            const net::ByteView bytes = t.packet_bytes(h.packet);
            ordered_json d = {{"network", t.networks[h.network]},
                              {"src", h.src.to_string()},
                              {"dst", h.dst.to_string()},
                              {"bytes", bytes.size()},
                              {"protocol", payload_protocol(bytes)}};
            if (e.kind == EventKind::kPacket || e.kind == EventKind::kLinkLoss) {
                d["delay_us"] = h.delay_us;
                d["arrive_us"] = e.t_us + h.delay_us;
            }
            if (net::stun::looks_like_stun(bytes)) {
                auto m = net::stun::parse_message(bytes);
                if (m) d["stun"] = stun_to_json(*m, bytes, nullptr);
            }
            return d;
        }
        case EventKind::kGeneric: return t.generic(e).detail;
        default: break;
    }
    const NatRecord& r = t.nat_record(e);
    const NatInfo* nat = nat_of(t, r);
    ordered_json d = {{"nat", nat ? nat->name : ""},
                      {"internal", r.internal.to_string()},
                      {"external", r.external.to_string()},
                      {"remote", r.remote.to_string()}};
    if (nat) {
        d["mapping"] = mapping_id(r.external);
        d["filter"] = filter_id(r.external, nat->config.filtering, r.remote);
        d["mapping_behavior"] = std::string(to_string(nat->config.mapping));
        d["filtering_behavior"] = std::string(to_string(nat->config.filtering));
    }
    if (e.kind == EventKind::kNatDrop) {
        d["reason"] = drop_reason_text(r.reason);
        d.erase("mapping");
        if (r.reason == DropReason::kNoMapping) d.erase("internal");
    } else {
        d["expires_us"] = r.expires_us;
        d["refreshed"] = r.refreshed;
    }
    return d;
}

json event_changes(const Trace& t, std::size_t i) {
    const Event& e = t.event(i);
    switch (e.kind) {
        case EventKind::kGeneric: return t.generic(e).changes;
        case EventKind::kNatMappingCreated:
        case EventKind::kNatMappingReused:
        case EventKind::kNatMappingRefreshed:
        case EventKind::kNatInbound:
        case EventKind::kNatHairpin: return nat_record_changes(t, e, t.nat_record(e));
        default: return json::array();
    }
}

ordered_json event_packet(const Trace& t, std::size_t i) {
    const Event& e = t.event(i);
    switch (e.kind) {
        case EventKind::kPacket:
        case EventKind::kLinkLoss:
        case EventKind::kNoRoute:
        case EventKind::kNoHostOnLink:
        case EventKind::kPortUnreachable: {
            const PacketHop& h = t.hop(e);
            return ordered_json{{"link", t.networks[h.network]},
                                {"src", h.src.to_string()},
                                {"dst", h.dst.to_string()},
                                {"hex", net::to_hex(t.packet_bytes(h.packet))}};
        }
        case EventKind::kGeneric: return t.generic(e).packet;
        default: return nullptr;  // NAT decisions: the hop events beside them carry the packet
    }
}

ordered_json event_json(const Trace& t, std::size_t i) {
    const Event& e = t.event(i);
    ordered_json j;
    j["seq"] = i;
    j["t_us"] = e.t_us;
    j["kind"] = event_kind(t, i);
    j["lanes"] = event_lanes(t, i);
    j["summary"] = event_summary(t, i);
    j["detail"] = event_detail(t, i);
    const std::string explain = event_explain(t, i);
    if (!explain.empty()) j["explain"] = explain;
    ordered_json packet = event_packet(t, i);
    if (!packet.is_null()) j["packet"] = std::move(packet);
    j["changes"] = event_changes(t, i);
    return j;
}

}  // namespace rtclab::sim
