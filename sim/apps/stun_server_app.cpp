#include "sim/apps/stun_server_app.h"

#include "net/stun/stun.h"
#include "sim/world.h"

namespace rtclab::sim {

namespace stun = net::stun;

StunServerApp::StunServerApp(std::uint32_t host, StunServiceSpec spec)
    : host_(host), spec_(std::move(spec)) {}

void StunServerApp::on_datagram(World& world, const Received& d) {
    const LaneId lane = world.host_agent_lane(host_);
    const std::string& name = world.host(host_).name;
    auto note = [&](std::string kind, std::string summary, std::string explain) {
        if (!world.trace().recording()) return;
        GenericEvent ev;
        ev.kind = std::move(kind);
        ev.summary = std::move(summary);
        ev.explain = std::move(explain);
        ev.detail = {{"server", name}, {"from", d.remote.to_string()}};
        world.record(lane, kNoLane, std::move(ev));
    };
    if (!stun::looks_like_stun(d.payload)) {
        note("stun.server.ignored", "not a STUN message from " + d.remote.to_string() + ": ignored",
             "A STUN server answers only STUN messages (RFC 8489 §6.3).");
        return;
    }
    auto parsed = stun::parse_message(d.payload);
    if (!parsed) {
        note("stun.server.ignored", "malformed STUN from " + d.remote.to_string() + ": " + parsed.error().describe(),
             "RFC 8489 §6.3: a message that fails the basic checks is discarded.");
        return;
    }
    const stun::Message& m = *parsed;
    if (m.cls != stun::MessageClass::kRequest) return;  // §6.3.2/3: nothing to answer
    stun::MessageBuilder reply(stun::MessageClass::kSuccessResponse, m.method, m.transaction_id);
    if (!m.unknown_comprehension_required().empty()) {
        // RFC 8489 §6.3.1: unknown comprehension-required attributes get a 420 listing them.
        stun::MessageBuilder error(stun::MessageClass::kErrorResponse, m.method, m.transaction_id);
        error.error_code(420, "Unknown Attribute")
            .unknown_attributes(m.unknown_comprehension_required())
            .software(spec_.software);
        const net::Bytes bytes = error.finish(nullptr, true);
        note("stun.server.error", "420 Unknown Attribute to " + d.remote.to_string(),
             "RFC 8489 §6.3.1: the request carries a comprehension-required attribute this server "
             "does not understand.");
        world.send(host_, d.local.port, d.remote, bytes);
        return;
    }
    if (m.method != stun::Method::kBinding) {
        stun::MessageBuilder error(stun::MessageClass::kErrorResponse, m.method, m.transaction_id);
        error.error_code(400, "Bad Request").software(spec_.software);
        note("stun.server.error", "400 Bad Request to " + d.remote.to_string() + ": this server answers Binding only",
             "This server is a plain STUN server: it does not relay (that is TURN, RFC 8656).");
        world.send(host_, d.local.port, d.remote, error.finish(nullptr, true));
        return;
    }
    ++answered_;
    // RFC 8489 §7.3.1: the success response carries the request's source transport address in
    // XOR-MAPPED-ADDRESS.
    reply.xor_mapped_address(d.remote).software(spec_.software);
    const net::Bytes bytes = reply.finish(nullptr, true);
    if (world.trace().recording()) {
        GenericEvent ev;
        ev.kind = "stun.server.binding";
        ev.summary = "the request came from " + d.remote.to_string() +
                     ": answer with XOR-MAPPED-ADDRESS " + d.remote.to_string();
        ev.explain = "The server cannot see the client's own (private) address, only the source of "
                     "the packet as it arrived — after every NAT on the way rewrote it. It sends "
                     "that back (RFC 8489 §7.3.1).";
        ev.detail = {{"server", name}, {"from", d.remote.to_string()}, {"answered", answered_}};
        ev.changes.push_back({{"path", "/servers/" + name + "/stun/bindings_answered"}, {"value", answered_}});
        world.record(lane, kNoLane, std::move(ev));
    }
    world.send(host_, d.local.port, d.remote, bytes);
}

}  // namespace rtclab::sim
