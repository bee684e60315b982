// net/turn's client against net/turn's server, in lockstep on fake time: the whole life of an
// allocation -- 401 challenge, credentials, refreshes, permissions, channels, data, expiry.
#include <catch2/catch.hpp>

#include "lockstep.h"
#include "net/stun/stun.h"

using namespace rtclab::net;
using namespace rtclab::net::turn;
using namespace rtclab::net::turn::testing;
namespace cev = rtclab::net::turn::client_event;
namespace sev = rtclab::net::turn::server_event;

namespace {

stun::Message parse(const Bytes& b) {
    auto m = stun::parse_message(b);
    REQUIRE(m.ok());
    return *m;
}

// Allocates for client 0 and returns its relayed address.
TransportAddress allocate(Lockstep& l) {
    l.client().start(l.now);
    l.pump();
    REQUIRE(l.client().state() == TurnClient::State::kAllocated);
    return *l.client().relayed_address();
}

}  // namespace

TEST_CASE("allocate: 401 with realm and nonce, then success with credentials", "[turn][client][server]") {
    Lockstep l;
    l.add_client();
    l.client().start(l.now);
    l.pump();

    const auto sent = l.client_events<cev::RequestSent>();
    REQUIRE(sent.size() == 2);
    CHECK(sent[0].op == Operation::kAllocate);
    CHECK_FALSE(sent[0].authenticated);
    CHECK(sent[1].authenticated);
    const auto challenge = l.client_events<cev::Unauthorized>();
    REQUIRE(challenge.size() == 1);
    CHECK(challenge[0].realm == "rtclab.test");
    CHECK(challenge[0].nonce.size() == 40);
    const auto allocated = l.client_events<cev::Allocated>();
    REQUIRE(allocated.size() == 1);
    CHECK(allocated[0].mapped == kClient);
    CHECK(allocated[0].relayed.ip == kServer.ip);
    CHECK(allocated[0].relayed.port >= 49152);
    CHECK(allocated[0].relayed.port <= 49160);
    CHECK(allocated[0].lifetime == Duration::seconds(600));
    CHECK(l.client().state() == TurnClient::State::kAllocated);
    CHECK(l.client().relayed_address() == allocated[0].relayed);

    // The server's view: a challenge, then the allocation.
    const auto challenged = l.server_events_of<sev::Challenged>();
    REQUIRE(challenged.size() == 1);
    CHECK(challenged[0].code == 401);
    CHECK(challenged[0].nonce == challenge[0].nonce);
    const auto created = l.server_events_of<sev::AllocationCreated>();
    REQUIRE(created.size() == 1);
    CHECK(created[0].client == kClient);
    CHECK(created[0].relayed == allocated[0].relayed);
    CHECK(created[0].username == "alice");
    const Allocation* a = l.server.allocation_for_client(kClient);
    REQUIRE(a != nullptr);
    CHECK(a->expires == l.now + Duration::seconds(600));

    // On the wire: genuine STUN. The first Allocate carries no credentials; the second
    // carries USERNAME, REALM, NONCE and a MESSAGE-INTEGRITY that verifies under the
    // long-term key, and FINGERPRINT. So does the success response.
    const auto& wire = l.clients[0]->sent;
    REQUIRE(wire.size() == 2);
    const stun::Message first = parse(wire[0]);
    CHECK(first.method == stun::Method::kAllocate);
    CHECK(first.requested_transport() == 17);
    CHECK_FALSE(first.has(stun::attr::kMessageIntegrity));
    CHECK(stun::verify_fingerprint(first) == stun::Verdict::kValid);
    const stun::Message second = parse(wire[1]);
    CHECK(second.username() == "alice");
    CHECK(second.realm() == "rtclab.test");
    CHECK(second.nonce() == challenge[0].nonce);
    CHECK(second.requested_transport() == 17);
    const auto key = stun::IntegrityKey::long_term("alice", "rtclab.test", "s3cret");
    CHECK(stun::verify_integrity(second, &key) == stun::Verdict::kValid);
    CHECK(stun::verify_fingerprint(second) == stun::Verdict::kValid);
    const auto wrong = stun::IntegrityKey::long_term("alice", "rtclab.test", "not it");
    CHECK(stun::verify_integrity(second, &wrong) == stun::Verdict::kInvalid);

    REQUIRE(l.to_clients.size() == 2);
    const stun::Message unauthorized = parse(l.to_clients[0]);
    CHECK(unauthorized.cls == stun::MessageClass::kErrorResponse);
    CHECK(unauthorized.error_code()->first == 401);
    CHECK(unauthorized.realm() == "rtclab.test");
    CHECK_FALSE(unauthorized.has(stun::attr::kMessageIntegrity));
    const stun::Message success = parse(l.to_clients[1]);
    CHECK(success.cls == stun::MessageClass::kSuccessResponse);
    CHECK(success.xor_relayed_address() == allocated[0].relayed);
    CHECK(success.xor_mapped_address() == kClient);
    CHECK(success.lifetime() == 600u);
    CHECK(success.software() == "rtclab turn");
    CHECK(stun::verify_integrity(success, &key) == stun::Verdict::kValid);
    CHECK(stun::verify_fingerprint(success) == stun::Verdict::kValid);
}

TEST_CASE("a wrong password fails visibly with the second 401", "[turn][client][server]") {
    Lockstep l;
    l.add_client(client_config("alice", "guess"));
    l.client().start(l.now);
    l.pump();
    CHECK(l.client().state() == TurnClient::State::kFailed);
    CHECK(l.client_events<cev::Unauthorized>().size() == 1);
    const auto failed = l.client_events<cev::Failed>();
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].op == Operation::kAllocate);
    CHECK(failed[0].code == 401);
    CHECK(failed[0].reason.find("Unauthenticated") != std::string::npos);
    CHECK(l.client_events<cev::Allocated>().empty());
    CHECK(l.client().relayed_address() == std::nullopt);
    CHECK(l.server.allocations().empty());
    // The server challenged once, then refused the credentials -- with the reason.
    CHECK(l.server_events_of<sev::Challenged>().size() == 1);
    const auto rejected = l.server_events_of<sev::Rejected>();
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].code == 401);
    CHECK(rejected[0].why.find("another password") != std::string::npos);
    // And the client sends nothing more (RFC 8656 §7.4: "SHOULD NOT send any further requests").
    const std::size_t sent = l.clients[0]->sent.size();
    l.advance(Duration::seconds(120));
    CHECK(l.clients[0]->sent.size() == sent);
    CHECK(l.client().next_timeout() == std::nullopt);
}

TEST_CASE("an unknown username fails the same way", "[turn][client][server]") {
    Lockstep l;
    l.add_client(client_config("mallory", "s3cret"));
    l.client().start(l.now);
    l.pump();
    const auto failed = l.client_events<cev::Failed>();
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].code == 401);
    const auto rejected = l.server_events_of<sev::Rejected>();
    REQUIRE(rejected.size() == 1);
    CHECK(rejected[0].why.find("no user 'mallory'") != std::string::npos);
}

TEST_CASE("438 Stale Nonce: the client retries with the new nonce", "[turn][client][server]") {
    ServerConfig sc = server_config();
    sc.nonce_lifetime = Duration::seconds(30);
    Lockstep l(sc);
    l.add_client();
    allocate(l);
    l.advance(Duration::seconds(31));  // the nonce of the Allocate is stale now
    REQUIRE(l.client().create_permission(l.now, kPeer.ip).ok());
    l.pump();
    const auto stale = l.client_events<cev::StaleNonce>();
    REQUIRE(stale.size() == 1);
    CHECK(stale[0].op == Operation::kCreatePermission);
    const auto created = l.client_events<cev::PermissionCreated>();
    REQUIRE(created.size() == 1);
    CHECK(created[0].peer == kPeer.ip);
    const auto challenged = l.server_events_of<sev::Challenged>();
    REQUIRE(challenged.size() == 2);  // the first 401, then the 438
    CHECK(challenged[1].code == 438);
    CHECK(challenged[1].nonce == stale[0].nonce);
    // The 438 is signed: the request was authenticated, so the client can trust it.
    const stun::Message m = parse(l.to_clients[l.to_clients.size() - 2]);
    CHECK(m.error_code()->first == 438);
    const auto key = stun::IntegrityKey::long_term("alice", "rtclab.test", "s3cret");
    CHECK(stun::verify_integrity(m, &key) == stun::Verdict::kValid);
}

TEST_CASE("refresh keeps the allocation; LIFETIME 0 deletes it", "[turn][client][server]") {
    Lockstep l;
    l.add_client();
    const TransportAddress relayed = allocate(l);
    l.advance(Duration::seconds(539));
    CHECK(l.client_events<cev::Refreshed>().empty());
    l.advance(Duration::seconds(2));  // 541 s: a minute before the 600 s ran out
    const auto refreshed = l.client_events<cev::Refreshed>();
    REQUIRE(refreshed.size() == 1);
    CHECK(refreshed[0].lifetime == Duration::seconds(600));
    CHECK(l.server_events_of<sev::AllocationRefreshed>().size() == 1);
    l.advance(Duration::seconds(3000));  // five more refreshes, never an expiry
    CHECK(l.client_events<cev::Refreshed>().size() == 6);
    CHECK(l.server_events_of<sev::AllocationExpired>().empty());
    CHECK(l.client().state() == TurnClient::State::kAllocated);

    l.client().close(l.now);
    l.pump();
    CHECK(l.client().state() == TurnClient::State::kClosed);
    CHECK(l.client_events<cev::Deallocated>().size() == 1);
    const auto deleted = l.server_events_of<sev::AllocationDeleted>();
    REQUIRE(deleted.size() == 1);
    CHECK(deleted[0].relayed == relayed);
    CHECK(l.server.allocations().empty());
    CHECK_FALSE(l.server.relay_ports().in_use(relayed.port));
    // Data sent to the old relayed address goes nowhere.
    l.peer_sends(kPeer, relayed, "anyone?");
    const auto dropped = l.server_events_of<sev::Dropped>();
    REQUIRE(dropped.size() == 1);
    CHECK(dropped[0].reason == DropReason::kNoAllocation);
}

TEST_CASE("expiry: an allocation nobody refreshes is gone, and its data dropped", "[turn][client][server]") {
    ServerConfig sc = server_config();
    sc.default_lifetime = Duration::seconds(120);
    Lockstep l(sc);
    l.add_client();
    const TransportAddress relayed = allocate(l);
    REQUIRE(l.client().create_permission(l.now, kPeer.ip).ok());
    l.pump();
    l.peer_sends(kPeer, relayed, "before");
    CHECK(l.client_events<cev::Data>().size() == 1);
    // The client's link dies: nothing it sends arrives any more.
    l.up = [](std::size_t, const Bytes&) { return false; };
    l.advance(Duration::seconds(119));
    CHECK(l.server.allocation_for_client(kClient) != nullptr);
    l.advance(Duration::seconds(1));
    const auto expired = l.server_events_of<sev::AllocationExpired>();
    REQUIRE(expired.size() == 1);
    CHECK(expired[0].relayed == relayed);
    CHECK(expired[0].client == kClient);
    CHECK(l.server.allocations().empty());
    // The client saw its refresh time out and its allocation expire.
    CHECK(l.client_events<cev::Expired>().size() == 1);
    CHECK(l.client().state() == TurnClient::State::kFailed);
    CHECK(l.client().relayed_address() == std::nullopt);
    l.peer_sends(kPeer, relayed, "after");
    CHECK(l.client_events<cev::Data>().size() == 1);
    const auto dropped = l.server_events_of<sev::Dropped>();
    REQUIRE_FALSE(dropped.empty());
    CHECK(dropped.back().reason == DropReason::kNoAllocation);
    CHECK(l.server.next_timeout() == std::nullopt);
}

TEST_CASE("permissions: peer data is dropped without one, relayed with one", "[turn][client][server]") {
    Lockstep l;
    l.add_client();
    const TransportAddress relayed = allocate(l);

    l.peer_sends(kPeer, relayed, "knock knock");
    auto no_permission = l.server_events_of<sev::DroppedNoPermission>();
    REQUIRE(no_permission.size() == 1);
    CHECK(no_permission[0].direction == Direction::kPeerToClient);
    CHECK(no_permission[0].peer == kPeer);
    CHECK(no_permission[0].relayed == relayed);
    CHECK(no_permission[0].size == 11);
    CHECK(l.client_events<cev::Data>().empty());

    // Sending before asking is refused by the client itself (RFC 8656 §11.1).
    CHECK_FALSE(l.client().send_to(l.now, kPeer, view_of("hi")).ok());

    REQUIRE(l.client().create_permission(l.now, kPeer.ip).ok());
    l.pump();
    REQUIRE(l.client_events<cev::PermissionCreated>().size() == 1);
    const auto installed = l.server_events_of<sev::PermissionInstalled>();
    REQUIRE(installed.size() == 1);
    CHECK(installed[0].peer == kPeer.ip);
    CHECK(installed[0].expires == l.now + Duration::seconds(300));

    l.peer_sends(kPeer, relayed, "knock knock");
    // A permission is by IP address only: another port of the same host is let through too,
    // another host is not.
    l.peer_sends(addr("192.0.2.50:7777"), relayed, "other port");
    l.peer_sends(addr("192.0.2.51:6000"), relayed, "other host");
    const auto data = l.client_events<cev::Data>();
    REQUIRE(data.size() == 2);
    CHECK(data[0].peer == kPeer);
    CHECK(data[0].data == bytes_of("knock knock"));
    CHECK_FALSE(data[0].via_channel);
    CHECK(data[1].peer == addr("192.0.2.50:7777"));
    CHECK(l.server_events_of<sev::DroppedNoPermission>().size() == 2);
    // It came as a Data indication with XOR-PEER-ADDRESS.
    const stun::Message ind = parse(l.to_clients[l.to_clients.size() - 2]);
    CHECK(ind.cls == stun::MessageClass::kIndication);
    CHECK(ind.method == stun::Method::kData);
    CHECK(ind.xor_peer_address() == kPeer);

    // And back: a Send indication, relayed from the relayed address.
    REQUIRE(l.client().send_to(l.now, kPeer, view_of("who's there?")).ok());
    l.pump();
    REQUIRE(l.to_peers.size() == 1);
    CHECK(l.to_peers[0].from == relayed);
    CHECK(l.to_peers[0].to == kPeer);
    CHECK(l.to_peers[0].bytes == bytes_of("who's there?"));
    const stun::Message send = parse(l.clients[0]->sent.back());
    CHECK(send.method == stun::Method::kSend);
    CHECK(send.cls == stun::MessageClass::kIndication);
    CHECK_FALSE(send.has(stun::attr::kMessageIntegrity));  // indications are never authenticated (§5)
    const auto relayed_events = l.server_events_of<sev::Relayed>();
    REQUIRE(relayed_events.size() == 3);
    CHECK(relayed_events[2].direction == Direction::kClientToPeer);
    CHECK(relayed_events[2].carrier == Carrier::kSendIndication);
}

TEST_CASE("permissions are refreshed every 240 s and expire on the server without it", "[turn][client][server]") {
    Lockstep l;
    l.add_client();
    const TransportAddress relayed = allocate(l);
    REQUIRE(l.client().create_permission(l.now, kPeer.ip).ok());
    l.pump();
    l.advance(Duration::seconds(250));
    const auto created = l.client_events<cev::PermissionCreated>();
    REQUIRE(created.size() == 2);
    CHECK(created[1].refreshed);
    const auto installed = l.server_events_of<sev::PermissionInstalled>();
    REQUIRE(installed.size() == 2);
    CHECK(installed[1].refreshed);
    // Now lose every CreatePermission: the server lets the permission run out.
    l.up = [](std::size_t, const Bytes& b) {
        auto m = stun::parse_message(b);
        return !(m.ok() && m->method == stun::Method::kCreatePermission);
    };
    l.advance(Duration::seconds(300));
    const auto expired = l.server_events_of<sev::PermissionExpired>();
    REQUIRE(expired.size() == 1);
    CHECK(expired[0].peer == kPeer.ip);
    CHECK(expired[0].relayed == relayed);
    l.peer_sends(kPeer, relayed, "late");
    CHECK(l.server_events_of<sev::DroppedNoPermission>().size() == 1);
}

TEST_CASE("ChannelBind, then ChannelData both ways", "[turn][client][server]") {
    Lockstep l;
    l.add_client();
    const TransportAddress relayed = allocate(l);
    const auto channel = l.client().bind_channel(l.now, kPeer);
    REQUIRE(channel.ok());
    CHECK(*channel == 0x4000);
    // Data sent before the binding is confirmed waits for it.
    REQUIRE(l.client().send_to(l.now, kPeer, view_of("early")).ok());
    l.pump();
    const auto bound = l.client_events<cev::ChannelBound>();
    REQUIRE(bound.size() == 1);
    CHECK(bound[0].channel == 0x4000);
    CHECK(bound[0].peer == kPeer);
    CHECK(l.client().channel_of(kPeer) == 0x4000);
    CHECK(l.client().has_permission(kPeer.ip));  // ChannelBind installs the permission (§12.2)
    const auto server_bound = l.server_events_of<sev::ChannelBound>();
    REQUIRE(server_bound.size() == 1);
    CHECK(server_bound[0].channel == 0x4000);
    const auto perm = l.server_events_of<sev::PermissionInstalled>();
    REQUIRE(perm.size() == 1);
    CHECK(perm[0].by_channel);
    REQUIRE(l.to_peers.size() == 1);
    CHECK(l.to_peers[0].bytes == bytes_of("early"));

    REQUIRE(l.client().send_to(l.now, kPeer, view_of("via channel")).ok());
    l.pump();
    const Bytes& wire = l.clients[0]->sent.back();
    CHECK(wire[0] == 0x40);
    CHECK(wire[1] == 0x00);
    CHECK(wire.size() == 4 + 11);
    REQUIRE(l.to_peers.size() == 2);
    CHECK(l.to_peers[1].bytes == bytes_of("via channel"));
    CHECK(l.to_peers[1].from == relayed);

    l.peer_sends(kPeer, relayed, "and back");
    const Bytes& down = l.to_clients.back();
    CHECK(looks_like_channel_data(down));
    const auto data = l.client_events<cev::Data>();
    REQUIRE(data.size() == 1);
    CHECK(data[0].via_channel);
    CHECK(data[0].peer == kPeer);
    CHECK(data[0].data == bytes_of("and back"));
    // Another port of the same IP has the permission, not the channel: a Data indication.
    l.peer_sends(addr("192.0.2.50:6001"), relayed, "no channel");
    CHECK_FALSE(looks_like_channel_data(l.to_clients.back()));
    const auto relays = l.server_events_of<sev::Relayed>();
    CHECK(relays[relays.size() - 2].carrier == Carrier::kChannelData);
    CHECK(relays.back().carrier == Carrier::kDataIndication);

    // The same peer again gets the same channel; the binding is refreshed at 540 s.
    CHECK(l.client().bind_channel(l.now, kPeer).value() == 0x4000);
    CHECK(l.client().bind_channel(l.now, addr("192.0.2.60:1")).value() == 0x4001);
    l.advance(Duration::seconds(545));
    CHECK(l.server_events_of<sev::ChannelExpired>().empty());
    const auto rebound = l.client_events<cev::ChannelBound>();
    REQUIRE(rebound.size() == 4);
    CHECK(rebound[2].refreshed);
}

TEST_CASE("a lost response: the retransmission is answered from the cache, not with 437", "[turn][client][server]") {
    Lockstep l;
    l.add_client();
    int success_responses = 0;
    l.down = [&](std::size_t, const Bytes& b) {
        auto m = stun::parse_message(b);
        if (m.ok() && m->cls == stun::MessageClass::kSuccessResponse && ++success_responses == 1) {
            return false;  // lose the first Allocate success response
        }
        return true;
    };
    l.client().start(l.now);
    l.advance(Duration::seconds(2));
    CHECK(l.client().state() == TurnClient::State::kAllocated);
    CHECK(l.client_events<cev::Retransmitted>().size() == 1);
    CHECK(l.server_events_of<sev::RetransmissionAnswered>().size() == 1);
    CHECK(l.server_events_of<sev::Rejected>().empty());
    CHECK(l.server.allocations().size() == 1);
}

TEST_CASE("no answer at all: Allocate fails with 408 after Rc tries", "[turn][client]") {
    Lockstep l;
    l.add_client();
    l.up = [](std::size_t, const Bytes&) { return false; };
    l.client().start(l.now);
    l.advance(Duration::seconds(60));
    const auto failed = l.client_events<cev::Failed>();
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].code == 408);
    CHECK(l.clients[0]->sent.size() == 7);
    CHECK(l.client().state() == TurnClient::State::kFailed);
}

TEST_CASE("508 when every relay port is taken", "[turn][client][server]") {
    ServerConfig sc = server_config();
    sc.relay_port_min = 50000;
    sc.relay_port_max = 50001;
    Lockstep l(sc);
    l.add_client(client_config(), addr("198.51.100.7:1"));
    l.add_client(client_config(), addr("198.51.100.7:2"));
    l.add_client(client_config("bob", "hunter2"), addr("198.51.100.8:3"));
    for (auto& e : l.clients) e->client.start(l.now);
    l.pump();
    CHECK(l.client(0).state() == TurnClient::State::kAllocated);
    CHECK(l.client(1).state() == TurnClient::State::kAllocated);
    CHECK(l.client(0).relayed_address() != l.client(1).relayed_address());
    CHECK(l.client(2).state() == TurnClient::State::kFailed);
    const auto failed = l.client_events<cev::Failed>(2);
    REQUIRE(failed.size() == 1);
    CHECK(failed[0].code == 508);
    CHECK(failed[0].reason == "Insufficient Capacity");
    // A port comes free when an allocation goes; the next client gets it.
    l.client(0).close(l.now);
    l.pump();
    l.add_client(client_config("bob", "hunter2"), addr("198.51.100.8:4"));
    l.client(3).start(l.now);
    l.pump();
    CHECK(l.client(3).state() == TurnClient::State::kAllocated);
}

TEST_CASE("the client discards what it cannot trust", "[turn][client]") {
    Lockstep l;
    l.add_client();
    const TransportAddress relayed = allocate(l);
    (void)relayed;
    TurnClient& c = l.client();
    // A Data indication from a peer it gave no permission.
    Rng rng(5);
    const Bytes ind = stun::MessageBuilder(stun::MessageClass::kIndication, stun::Method::kData,
                                           stun::random_transaction_id(rng))
                          .xor_peer_address(kPeer)
                          .data(bytes_of("spoof"))
                          .finish(nullptr, true);
    CHECK(c.handle_datagram(l.now, kServer, ind));
    // ChannelData on a channel it never bound.
    CHECK(c.handle_datagram(l.now, kServer, encode_channel_data(0x4123, bytes_of("x"))));
    // The same from someone else is not TURN traffic at all.
    CHECK_FALSE(c.handle_datagram(l.now, kPeer, ind));
    // A forged success response (no MESSAGE-INTEGRITY) to a pending request is ignored and
    // the request goes on waiting.
    REQUIRE(c.create_permission(l.now, kPeer.ip).ok());
    std::optional<Transmit> t = c.poll_transmit();
    REQUIRE(t.has_value());
    const stun::Message req = parse(t->bytes);
    const Bytes forged = stun::MessageBuilder(stun::MessageClass::kSuccessResponse,
                                              stun::Method::kCreatePermission, req.transaction_id)
                             .finish(nullptr, true);
    CHECK(c.handle_datagram(l.now, kServer, forged));
    std::vector<std::string> why;
    while (auto e = c.poll_event()) {
        if (const auto* d = std::get_if<cev::Discarded>(&*e)) why.push_back(d->why);
        CHECK_FALSE(std::holds_alternative<cev::Data>(*e));
        CHECK_FALSE(std::holds_alternative<cev::PermissionCreated>(*e));
    }
    REQUIRE(why.size() == 3);
    CHECK(why[0].find("no permission") != std::string::npos);
    CHECK(why[1].find("not bound") != std::string::npos);
    CHECK(why[2].find("MESSAGE-INTEGRITY is absent") != std::string::npos);
    CHECK_FALSE(c.has_permission(kPeer.ip));
}

TEST_CASE("the same seed gives the same relayed port and nonces", "[turn][determinism]") {
    const auto run = [](std::uint64_t seed) {
        Lockstep l(server_config(), seed);
        l.add_client();
        l.client().start(l.now);
        l.pump();
        return std::make_pair(l.client().relayed_address()->port, l.client_events<cev::Unauthorized>()[0].nonce);
    };
    CHECK(run(1) == run(1));
    CHECK(run(1) != run(2));
}

TEST_CASE("keepalive: a Binding indication after 15 s of silence, unanswered", "[turn][client][server]") {
    Lockstep l;
    l.add_client();
    allocate(l);
    const std::size_t sent = l.clients[0]->sent.size();
    const std::size_t answered = l.to_clients.size();
    const std::size_t events = l.server_events.size();
    l.advance(Duration::seconds(46));
    REQUIRE(l.clients[0]->sent.size() == sent + 3);  // at 15, 30 and 45 s
    const stun::Message m = parse(l.clients[0]->sent.back());
    CHECK(m.cls == stun::MessageClass::kIndication);
    CHECK(m.method == stun::Method::kBinding);
    CHECK(l.to_clients.size() == answered);
    CHECK(l.server_events.size() == events);
    // Sending data counts as traffic: no keepalive while data flows.
    REQUIRE(l.client().create_permission(l.now, kPeer.ip).ok());
    l.pump();
    for (int i = 0; i < 10; ++i) {
        REQUIRE(l.client().send_to(l.now, kPeer, view_of("tick")).ok());
        l.advance(Duration::seconds(10));
    }
    for (std::size_t i = sent + 3; i < l.clients[0]->sent.size(); ++i) {
        auto x = stun::parse_message(l.clients[0]->sent[i]);
        CHECK_FALSE((x.ok() && x->method == stun::Method::kBinding));
    }
}
