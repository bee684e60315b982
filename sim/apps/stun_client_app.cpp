#include "sim/apps/stun_client_app.h"

#include "net/stun/stun.h"
#include "sim/world.h"

namespace rtclab::sim {

namespace stun = net::stun;

StunClientApp::StunClientApp(std::uint32_t host, std::uint16_t local_port)
    : host_(host), port_(local_port) {}

void StunClientApp::ask(World& world, net::Instant now, const std::string& server_name,
                        const net::TransportAddress& server) {
    const stun::TransactionId id = stun::random_transaction_id(world.host_rng(host_));
    // RFC 8489 §14.7: FINGERPRINT helps tell STUN from other protocols on the same port.
    net::Bytes request = stun::MessageBuilder(stun::MessageClass::kRequest, stun::Method::kBinding, id)
                             .finish(nullptr, true);
    asks_.push_back(Ask{stun::ClientTransaction(std::move(request), id, now), server_name, server, now,
                        std::nullopt, false});
    if (world.trace().recording()) {
        const HostSpec& h = world.host(host_);
        GenericEvent ev;
        ev.kind = "stun.binding.start";
        ev.summary = "who am I? ask " + server_name + " (" + server.to_string() + ") from port " +
                     std::to_string(port_);
        ev.explain =
            "Behind a NAT a host knows only its private address. To be reachable it needs the "
            "public address the NAT gives it: it asks a STUN server (RFC 8489), the first step of "
            "gathering server-reflexive candidates (RFC 8445 §5.1.1.2).";
        ev.detail = {{"host", h.name},
                     {"local", world.host_endpoint(host_, port_).to_string()},
                     {"server", server_name},
                     {"server_address", server.to_string()}};
        world.record(world.host_app_lane(host_), world.host_agent_lane(host_), std::move(ev));
    }
    pump(world, static_cast<std::uint32_t>(asks_.size() - 1), now);
}

void StunClientApp::pump(World& world, std::uint32_t index, net::Instant now) {
    Ask& a = asks_[index];
    while (auto bytes = a.transaction.poll_transmit()) {
        const int n = a.transaction.transmissions();
        if (n > 1 && world.trace().recording()) {
            GenericEvent ev;
            ev.kind = "stun.retransmit";
            ev.summary = "no answer from " + a.server_name + " yet: send the Binding request again (try " +
                         std::to_string(n) + ")";
            ev.explain = "RFC 8489 §6.2.1: over UDP a client retransmits a request, starting after "
                         "RTO (500 ms) and doubling the interval each time, up to Rc = 7 requests.";
            ev.detail = {{"host", world.host(host_).name}, {"server", a.server_name}, {"transmission", n}};
            world.record(world.host_agent_lane(host_), kNoLane, std::move(ev));
        }
        world.send(host_, port_, a.server, *bytes);
    }
    if (a.transaction.state() != stun::ClientTransaction::State::kPending) {
        finish(world, index, now);
        return;
    }
    const auto deadline = a.transaction.next_timeout();
    if (deadline && (!a.timer || *a.timer != *deadline)) {
        a.timer = deadline;
        world.set_timer(app_index, *deadline, index);
    }
}

void StunClientApp::on_timer(World& world, net::Instant now, std::uint32_t token) {
    if (token >= asks_.size()) return;
    Ask& a = asks_[token];
    if (!a.timer || *a.timer != now) return;  // a stale timer
    a.timer.reset();
    a.transaction.handle_timeout(now);
    pump(world, token, now);
}

void StunClientApp::on_datagram(World& world, const Received& d) {
    if (!stun::looks_like_stun(d.payload)) return;
    auto parsed = stun::parse_message(d.payload);
    if (!parsed) return;
    for (std::uint32_t i = 0; i < asks_.size(); ++i) {
        if (asks_[i].transaction.handle_response(d.now, *parsed)) {
            finish(world, i, d.now);
            return;
        }
    }
}

void StunClientApp::finish(World& world, std::uint32_t index, net::Instant now) {
    Ask& a = asks_[index];
    if (a.reported) return;
    a.reported = true;
    if (!world.trace().recording()) return;
    const HostSpec& h = world.host(host_);
    const std::string local = world.host_endpoint(host_, port_).to_string();
    GenericEvent ev;
    ev.detail = {{"host", h.name}, {"local", local}, {"server", a.server_name},
                 {"transmissions", a.transaction.transmissions()},
                 {"elapsed_us", (now - a.started).us}};
    using State = stun::ClientTransaction::State;
    if (a.transaction.state() == State::kFailed) {
        ev.kind = "stun.binding.timeout";
        ev.summary = "no answer from " + a.server_name + " after " +
                     std::to_string(a.transaction.transmissions()) + " requests: give up";
        ev.explain = "RFC 8489 §6.2.1: after Rc requests and a final wait of Rm × RTO the "
                     "transaction fails. Without a server-reflexive address, ICE must rely on host, "
                     "peer-reflexive or relayed candidates.";
    } else {
        const std::optional<stun::Message>& response = a.transaction.response();
        const auto mapped = response ? response->xor_mapped_address() : std::nullopt;
        if (response && response->cls == stun::MessageClass::kSuccessResponse && mapped) {
            ev.kind = "stun.binding.success";
            ev.summary = "who am I? " + mapped->to_string() + " (says " + a.server_name + "; I am " + local + ")";
            const bool natted = mapped->to_string() != local;
            ev.explain = natted ? "The public address differs from the host's own: a NAT on the way "
                                  "mapped " + local + " to " + mapped->to_string() +
                                  ". This is the server-reflexive candidate ICE will offer."
                                : "The server saw the host's own address: no NAT on the way.";
            ev.detail["mapped"] = mapped->to_string();
            const std::string base = "/hosts/" + h.name;
            ev.changes.push_back({{"path", base + "/reflexive/" + std::to_string(port_)},
                                  {"value", mapped->to_string()}});
            ev.changes.push_back({{"path", base + "/bindings/" + std::to_string(port_) + " via " + a.server_name},
                                  {"value", mapped->to_string()}});
        } else {
            ev.kind = "stun.binding.error";
            const auto code = response ? response->error_code() : std::nullopt;
            ev.summary = "the server refused: " +
                         (code ? std::to_string(code->first) + " " + code->second : std::string("no XOR-MAPPED-ADDRESS"));
            ev.explain = "RFC 8489 §6.3.4: an error response ends the transaction with the error it carries.";
        }
    }
    world.record(world.host_agent_lane(host_), world.host_app_lane(host_), std::move(ev));
}

}  // namespace rtclab::sim
