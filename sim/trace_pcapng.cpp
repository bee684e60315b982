#include "sim/trace_pcapng.h"

#include <map>

#include "net/core/hex.h"
#include "sim/pcapng_writer.h"
#include "sim/trace_format.h"

namespace rtclab::sim {

namespace {

// "home-a" is the inside of nat-a; "internet" is the outside of nat-a and nat-b.
std::string interface_description(const Trace& t, const std::string& network) {
    std::string inside, outside;
    if (t.topology.contains("networks")) {
        for (const auto& n : t.topology["networks"]) {
            if (!n.contains("nat") || !n["nat"].is_object()) continue;
            const std::string nat = n["nat"].value("name", "");
            if (n.value("name", "") == network) inside += (inside.empty() ? "" : ", ") + nat;
            if (n.contains("parent") && n["parent"].is_string() && n["parent"] == network) {
                outside += (outside.empty() ? "" : ", ") + nat;
            }
        }
    }
    std::string d = "rtclab network " + network;
    if (!inside.empty()) d += "; inside of " + inside;
    if (!outside.empty()) d += "; outside of " + outside;
    return d;
}

}  // namespace

net::Bytes trace_to_pcapng(const Trace& t) {
    PcapngWriter writer;
    std::map<std::string, std::uint32_t> interfaces;
    for (const std::string& n : t.networks) interfaces[n] = writer.add_interface(n, interface_description(t, n));
    for (std::size_t i = 0; i < t.size(); ++i) {
        const std::string kind = event_kind(t, i);
        if (kind.rfind("packet.", 0) != 0) continue;  // only packets that crossed a link
        const auto packet = event_packet(t, i);
        if (!packet.is_object()) continue;
        const auto src = net::TransportAddress::parse(packet.value("src", ""));
        const auto dst = net::TransportAddress::parse(packet.value("dst", ""));
        const auto bytes = net::parse_hex(packet.value("hex", ""));
        if (!src || !dst || !bytes || src->ip.family() != dst->ip.family()) continue;
        const std::string link = packet.value("link", "");
        auto it = interfaces.find(link);
        if (it == interfaces.end()) it = interfaces.emplace(link, writer.add_interface(link, interface_description(t, link))).first;
        const auto lanes = event_lanes(t, i);
        std::string comment = "#" + std::to_string(i) + " ";
        for (std::size_t k = 0; k < lanes.size(); ++k) comment += (k ? " → " : "") + lanes[k].get<std::string>();
        writer.add_packet(it->second, net::Instant{t.event(i).t_us}, *src, *dst, *bytes, comment);
    }
    return writer.bytes();
}

}  // namespace rtclab::sim
