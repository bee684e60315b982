#include "net/turn/server.h"

#include <algorithm>
#include <cstdio>

#include "net/stun/attribute_type.h"
#include "net/stun/error_code.h"
#include "net/stun/header.h"
#include "net/stun/message_builder.h"
#include "net/stun/transaction_id.h"
#include "net/stun/verify.h"
#include "net/turn/channel_data.h"

namespace rtclab::net::turn {

namespace stun = net::stun;
using stun::MessageClass;
using stun::Method;
namespace ev = server_event;

namespace {

// RFC 8656 §18.8: "the protocol number ... 17 (UDP)". The only transport this server relays.
constexpr std::uint8_t kUdp = 17;

std::uint32_t whole_seconds(Duration d) {
    return d.us <= 0 ? 0u : static_cast<std::uint32_t>(d.us / 1000000);
}

std::string channel_hex(std::uint16_t channel) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(channel));
    return buf;
}

std::string family_name(Family f) { return f == Family::kIpv4 ? "IPv4" : "IPv6"; }

}  // namespace

TurnServer::TurnServer(ServerConfig config, Rng rng)
    : config_(std::move(config)),
      rng_(rng),
      nonces_(rng_, config_.nonce_lifetime),
      ports_(config_.relay_port_min, config_.relay_port_max, [&] {
          std::vector<std::uint16_t> excluded = config_.excluded_ports;
          if (config_.listen.ip == config_.relay_ip) excluded.push_back(config_.listen.port);
          return excluded;
      }()) {
    for (const auto& [name, password] : config_.users) {
        // RFC 8489 §9.2.2: key = MD5(username ":" OpaqueString(realm) ":" OpaqueString(password))
        users_.push_back(User{name, stun::IntegrityKey::long_term(name, config_.realm, password)});
    }
}

// --- datagrams from clients -------------------------------------------------------------------

void TurnServer::handle_client_datagram(Instant now, const TransportAddress& from, ByteView bytes) {
    // RFC 8656 §12 (Table 3, after RFC 7983): the first byte tells STUN (0..3) from
    // ChannelData (64..79).
    if (looks_like_channel_data(bytes)) {
        handle_channel_data(now, from, bytes);
        return;
    }
    if (!stun::looks_like_stun(bytes)) {
        drop(DropReason::kNotTurn, from, std::nullopt,
             "neither a STUN message nor ChannelData (RFC 8656 §12, Table 3: the first byte "
             "decides, and " +
                 (bytes.empty() ? std::string("the datagram is empty")
                                : "it is " + std::to_string(bytes[0])) +
                 ")");
        return;
    }
    auto parsed = stun::parse_message(bytes);
    if (!parsed) {
        drop(DropReason::kMalformed, from, std::nullopt,
             "malformed STUN, discarded (RFC 8489 §6.3): " + parsed.error().describe());
        return;
    }
    const stun::Message& m = *parsed;
    // RFC 8489 §7.3: a FINGERPRINT that does not match means this is not a STUN message.
    if (m.has(stun::attr::kFingerprint) &&
        stun::verify_fingerprint(m) != stun::Verdict::kValid) {
        drop(DropReason::kMalformed, from, std::nullopt,
             "FINGERPRINT does not match the message, discarded (RFC 8489 §7.3, §14.7)");
        return;
    }
    switch (m.cls) {
        case MessageClass::kRequest: handle_request(now, from, m); break;
        case MessageClass::kIndication: handle_indication(now, from, m); break;
        default:
            drop(DropReason::kUnexpected, from, std::nullopt,
                 "a " + std::string(stun::class_title(m.cls)) +
                     " from a client: this server sent it no request (RFC 8489 §6.3.3 "
                     "discards it)");
    }
}

void TurnServer::handle_request(Instant now, const TransportAddress& from, const stun::Message& m) {
    Request r{now, from, m};
    // A retransmission of a request already answered gets the same answer (RFC 8489 §6.3.1,
    // RFC 8656 §5): the first copy may have created the allocation, the answer got lost.
    if (const auto it = responses_.find({from, m.transaction_id});
        it != responses_.end() && now < it->second.expires) {
        transmits_.push_back(ServerTransmit{config_.listen, from, it->second.bytes});
        events_.push_back(ev::RetransmissionAnswered{from, m.method});
        return;
    }
    // RFC 8489 §6.3.1: "If the request contains one or more unknown comprehension-required
    // attributes, the server replies with an error response with an error code of 420
    // (Unknown Attribute) and includes an UNKNOWN-ATTRIBUTES attribute".
    if (!m.unknown_comprehension_required().empty()) {
        const std::vector<std::uint16_t>& unknown = m.unknown_comprehension_required();
        std::string names;
        for (std::uint16_t t : unknown) names += (names.empty() ? "" : ", ") + std::string(stun::attribute_name(t));
        Bytes bytes = stun::MessageBuilder(MessageClass::kErrorResponse, m.method, m.transaction_id)
                          .error_code(stun::kUnknownAttribute)
                          .unknown_attributes(unknown)
                          .software(config_.software)
                          .finish(nullptr, true);
        send_response(r, std::move(bytes));
        events_.push_back(ev::Rejected{from, m.method, stun::kUnknownAttribute,
                                       std::string(stun::reason_phrase(stun::kUnknownAttribute)),
                                       "the request carries comprehension-required attributes this "
                                       "server does not know (" + names + "); RFC 8489 §6.3.1"});
        return;
    }
    if (m.method == Method::kBinding) {
        // A TURN server is a STUN server too (RFC 8656 §5: TURN runs on STUN's port), and a
        // Binding request needs no credentials: "who am I?" (RFC 8489 §7.3.1).
        send_response(r, stun::MessageBuilder(MessageClass::kSuccessResponse, m.method, m.transaction_id)
                             .xor_mapped_address(from)
                             .software(config_.software)
                             .finish(nullptr, true));
        events_.push_back(ev::BindingAnswered{from});
        return;
    }
    if (m.method != Method::kAllocate && m.method != Method::kRefresh &&
        m.method != Method::kCreatePermission && m.method != Method::kChannelBind) {
        reject(r, stun::kBadRequest,
               "a request with a method a TURN server does not serve (" +
                   std::string(stun::method_name(m.method)) + "; RFC 8656 §17 lists Allocate, "
                   "Refresh, CreatePermission and ChannelBind)");
        return;
    }
    if (!authenticate(r)) return;
    if (m.method == Method::kAllocate) {
        handle_allocate(r);
        return;
    }
    // RFC 8656 §5: "For all TURN messages (including ChannelData) EXCEPT an Allocate request,
    // if the 5-tuple does not identify an existing allocation, then the message MUST either be
    // rejected with a 437 Allocation Mismatch error (if it is a request) or be silently
    // ignored".
    const auto it = allocations_.find(from);
    if (it == allocations_.end()) {
        reject(r, stun::kAllocationMismatch,
               "no allocation exists for the 5-tuple (" + from.to_string() + " -> " +
                   config_.listen.to_string() + ", UDP) this " +
                   std::string(stun::method_title(m.method)) + " request came on (RFC 8656 §5)");
        return;
    }
    Allocation& a = it->second;
    // RFC 8656 §5: a request that "does not use the same username as used to create the
    // allocation ... MUST be rejected with a 441 (Wrong Credentials) error".
    if (r.user->name != a.username) {
        reject(r, stun::kWrongCredentials,
               "the allocation was created by '" + a.username + "', this request authenticates as '" +
                   r.user->name + "' (RFC 8656 §5)");
        return;
    }
    switch (m.method) {
        case Method::kRefresh: handle_refresh(r, a); break;
        case Method::kCreatePermission: handle_create_permission(r, a); break;
        case Method::kChannelBind: handle_channel_bind(r, a); break;
        default: break;
    }
}

// The long-term credential mechanism, server side, in the order RFC 8489 §9.2.4 gives.
bool TurnServer::authenticate(Request& r) {
    const stun::Message& m = r.m;
    const bool has_sha1 = m.has(stun::attr::kMessageIntegrity);
    const bool has_sha256 = m.has(stun::attr::kMessageIntegritySha256);
    if (!has_sha1 && !has_sha256) {
        // "If the message does not contain a MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256
        // attribute, the server MUST generate an error response with an error code of 401
        // (Unauthenticated). This response MUST include a REALM value ... and a NONCE".
        challenge(r, stun::kUnauthenticated,
                  "the request carries no credentials: the server answers with its realm and a "
                  "fresh nonce, and the client retries with USERNAME, REALM, NONCE and "
                  "MESSAGE-INTEGRITY (RFC 8489 §9.2.4; RFC 8656 §7.2 requires authentication)",
                  false);
        return false;
    }
    const auto username = m.username();
    const auto realm = m.realm();
    const auto nonce = m.nonce();
    if (!username || !realm || !nonce) {
        // "If the message contains a MESSAGE-INTEGRITY or a MESSAGE-INTEGRITY-SHA256 attribute,
        // but is missing either the USERNAME or USERHASH, REALM, or NONCE attribute, the
        // server MUST generate an error response with an error code of 400 (Bad Request)."
        std::string missing;
        if (!username) missing += "USERNAME ";
        if (!realm) missing += "REALM ";
        if (!nonce) missing += "NONCE ";
        missing.pop_back();
        reject(r, stun::kBadRequest,
               "MESSAGE-INTEGRITY without " + missing + " (RFC 8489 §9.2.4)");
        return false;
    }
    const auto user = std::find_if(users_.begin(), users_.end(),
                                   [&](const User& u) { return u.name == *username; });
    if (user == users_.end()) {
        // "If the value of the USERNAME or USERHASH attribute is not valid, the server MUST
        // generate an error response with an error code of 401 (Unauthenticated)."
        challenge(r, stun::kUnauthenticated,
                  "no user '" + *username + "' in realm '" + config_.realm + "' (RFC 8489 §9.2.4)",
                  false);
        return false;
    }
    if (*realm != config_.realm) {
        // The key hashes the realm in, so another realm cannot verify; saying so helps.
        challenge(r, stun::kUnauthenticated,
                  "REALM '" + *realm + "' is not this server's realm '" + config_.realm +
                      "' (the long-term key hashes username, realm and password; RFC 8489 §9.2.2)",
                  false);
        return false;
    }
    const stun::Verdict verdict = has_sha256 ? stun::verify_integrity_sha256(m, &user->key)
                                             : stun::verify_integrity(m, &user->key);
    if (verdict != stun::Verdict::kValid) {
        // "If the resulting value does not match the contents of the MESSAGE-INTEGRITY
        // attribute ..., the server MUST reject the request with an error response. This
        // response MUST use an error code of 401 (Unauthenticated)."
        challenge(r, stun::kUnauthenticated,
                  "MESSAGE-INTEGRITY does not verify with the key of '" + *username +
                      "': the client used another password (RFC 8489 §9.2.4)",
                  false);
        return false;
    }
    r.user = &*user;
    const NonceIssuer::Check check = nonces_.check(r.now, r.from, *nonce);
    if (check != NonceIssuer::Check::kValid) {
        // "If the NONCE is no longer valid, the server MUST generate an error response with
        // an error code of 438 (Stale Nonce). This response MUST include NONCE [and] REALM
        // ... The response MAY include a MESSAGE-INTEGRITY ... attribute". It does: the
        // request was authenticated, so the client can check the challenge is genuine.
        challenge(r, stun::kStaleNonce,
                  check == NonceIssuer::Check::kExpired
                      ? "the nonce has expired (this server's nonces live " +
                            std::to_string(whole_seconds(nonces_.lifetime())) +
                            " s; RFC 8656 §5): retry with the new one"
                      : "the nonce was not issued by this server to " + r.from.to_string() +
                            " (RFC 8489 §9.2.4): retry with the new one",
                  true);
        return false;
    }
    return true;
}

// RFC 8656 §7.2, "Receiving an Allocate Request", its checks in order.
void TurnServer::handle_allocate(Request& r) {
    const stun::Message& m = r.m;
    // 2. "The server checks if the 5-tuple is currently in use by an existing allocation. If
    // yes, the server rejects the request with a 437 (Allocation Mismatch) error."
    if (const auto it = allocations_.find(r.from); it != allocations_.end()) {
        reject(r, stun::kAllocationMismatch,
               "the 5-tuple (" + r.from.to_string() + " -> " + config_.listen.to_string() +
                   ", UDP) already has an allocation, " + it->second.relayed.to_string() +
                   " (RFC 8656 §7.2)");
        return;
    }
    // 3. REQUESTED-TRANSPORT: absent -> 400; not UDP -> 442.
    const auto transport = m.requested_transport();
    if (!transport) {
        reject(r, stun::kBadRequest,
               "an Allocate request MUST carry REQUESTED-TRANSPORT (RFC 8656 §7.1, §7.2)");
        return;
    }
    if (*transport != kUdp) {
        reject(r, stun::kUnsupportedTransportProtocol,
               "REQUESTED-TRANSPORT asks for protocol " + std::to_string(*transport) +
                   "; this server relays UDP (17) only (RFC 8656 §7.2)");
        return;
    }
    // 4. DONT-FRAGMENT is accepted: the simulated network never fragments, so the DF bit is
    // honoured trivially.
    // 5. RESERVATION-TOKEN: with EVEN-PORT or REQUESTED-ADDRESS-FAMILY -> 400; otherwise
    // this server holds no reservations, so no token is valid -> 508.
    const auto even_port = m.even_port();
    const auto family = m.requested_address_family();
    if (m.has(stun::attr::kReservationToken)) {
        if (even_port || family) {
            reject(r, stun::kBadRequest,
                   "RESERVATION-TOKEN cannot be combined with EVEN-PORT or "
                   "REQUESTED-ADDRESS-FAMILY (RFC 8656 §7.2)");
        } else {
            reject(r, stun::kInsufficientCapacity,
                   "the RESERVATION-TOKEN names no port this server reserved (RFC 8656 §7.2)");
        }
        return;
    }
    // 7. REQUESTED-ADDRESS-FAMILY: relayed addresses of the relay IP's family only.
    const Family relay_family = config_.relay_ip.family();
    if ((family && *family != relay_family) || (!family && relay_family != Family::kIpv4)) {
        reject(r, stun::kAddressFamilyNotSupported,
               "the client asks for an " + family_name(family.value_or(Family::kIpv4)) +
                   " relayed address; this server relays on " + config_.relay_ip.to_string() +
                   " (RFC 8656 §7.2)");
        return;
    }
    // 8. EVEN-PORT with R = 1 asks to reserve the next port too; this server does not.
    if (even_port && *even_port) {
        reject(r, stun::kInsufficientCapacity,
               "EVEN-PORT asks to reserve the next-higher port; this server does not reserve "
               "port pairs (RFC 8656 §7.2)");
        return;
    }
    const auto port = ports_.acquire(rng_, even_port.has_value());
    if (!port) {
        reject(r, stun::kInsufficientCapacity,
               "every relay port in " + std::to_string(config_.relay_port_min) + "-" +
                   std::to_string(config_.relay_port_max) + (even_port ? " (even ones)" : "") +
                   " is taken: no relayed transport address is left (RFC 8656 §7.2)");
        return;
    }
    // "If the request contains a LIFETIME attribute, then the server computes the minimum of
    // the client's proposed lifetime and the server's maximum allowed lifetime. If this
    // computed value is greater than the default lifetime, then the server uses the computed
    // lifetime ... Otherwise, the server uses the default lifetime."
    Duration lifetime = config_.default_lifetime;
    if (const auto asked = m.lifetime()) {
        const Duration computed = std::min(Duration::seconds(*asked), config_.max_lifetime);
        if (computed > lifetime) lifetime = computed;
    }
    Allocation a;
    a.client = r.from;
    a.server = config_.listen;
    a.relayed = TransportAddress{config_.relay_ip, *port};
    a.username = r.user->name;
    a.expires = r.now + lifetime;
    by_relayed_port_[*port] = r.from;
    const auto [it, inserted] = allocations_.emplace(r.from, std::move(a));
    (void)inserted;
    const Allocation& made = it->second;
    // The success response: XOR-RELAYED-ADDRESS, LIFETIME, XOR-MAPPED-ADDRESS (the client's
    // address "from the 5-tuple"), and SOFTWARE (§5: "SHOULD include").
    send_response(r, stun::MessageBuilder(MessageClass::kSuccessResponse, m.method, m.transaction_id)
                         .xor_relayed_address(made.relayed)
                         .lifetime(whole_seconds(lifetime))
                         .xor_mapped_address(r.from)
                         .software(config_.software)
                         .finish(&r.user->key, true));
    events_.push_back(ev::AllocationCreated{made.client, made.relayed, made.username, lifetime,
                                            made.expires});
}

// RFC 8656 §8.2, "Receiving a Refresh Request".
void TurnServer::handle_refresh(Request& r, Allocation& a) {
    const stun::Message& m = r.m;
    if (const auto family = m.requested_address_family(); family && *family != a.relayed.ip.family()) {
        // "If the server receives a Refresh Request with a REQUESTED-ADDRESS-FAMILY attribute
        // and the attribute value does not match the address family of the allocation, the
        // server MUST reply with a 443 (Peer Address Family Mismatch) error."
        reject(r, stun::kPeerAddressFamilyMismatch,
               "REQUESTED-ADDRESS-FAMILY " + family_name(*family) + " does not match the " +
                   family_name(a.relayed.ip.family()) + " allocation (RFC 8656 §8.2)");
        return;
    }
    // The "desired lifetime": zero deletes; otherwise min(asked, max), at least the default.
    Duration desired = config_.default_lifetime;
    const auto asked = m.lifetime();
    if (asked && *asked == 0) {
        desired = Duration{};
    } else if (asked) {
        const Duration computed = std::min(Duration::seconds(*asked), config_.max_lifetime);
        if (computed > desired) desired = computed;
    }
    send_response(r, stun::MessageBuilder(MessageClass::kSuccessResponse, m.method, m.transaction_id)
                         .lifetime(whole_seconds(desired))
                         .software(config_.software)
                         .finish(&r.user->key, true));
    if (desired.us == 0) {
        // "If the "desired lifetime" is zero, then the request succeeds and the allocation is
        // deleted."
        const TransportAddress client = a.client, relayed = a.relayed;
        delete_allocation(allocations_.find(a.client));
        events_.push_back(ev::AllocationDeleted{client, relayed});
        return;
    }
    a.expires = r.now + desired;
    events_.push_back(ev::AllocationRefreshed{a.client, a.relayed, desired, a.expires});
}

// RFC 8656 §10.2, "Receiving a CreatePermission Request".
void TurnServer::handle_create_permission(Request& r, Allocation& a) {
    const stun::Message& m = r.m;
    const std::vector<TransportAddress> peers = m.xor_peer_addresses();
    // "The CreatePermission request MUST contain at least one XOR-PEER-ADDRESS attribute and
    // MAY contain multiple such attributes. If no such attribute exists, ... the server
    // rejects the request with a 400 (Bad Request) error."
    if (peers.empty()) {
        reject(r, stun::kBadRequest,
               "CreatePermission without XOR-PEER-ADDRESS: permission for whom? (RFC 8656 §10.2)");
        return;
    }
    // All are checked before any is installed: a refused request installs nothing.
    for (const TransportAddress& peer : peers) {
        if (peer.ip.family() != a.relayed.ip.family()) {
            reject(r, stun::kPeerAddressFamilyMismatch,
                   "peer " + peer.ip.to_string() + " is " + family_name(peer.ip.family()) +
                       " but the relayed address " + a.relayed.to_string() + " is " +
                       family_name(a.relayed.ip.family()) + " (RFC 8656 §10.2)");
            return;
        }
        if (forbidden(peer.ip)) {
            reject(r, stun::kForbidden,
                   "this server's policy does not relay to " + peer.ip.to_string() +
                       " (RFC 8656 §10.2: the server MAY restrict peer addresses)");
            return;
        }
    }
    // "the server installs or refreshes a permission for the IP address contained in each
    // XOR-PEER-ADDRESS attribute ... The port portion of each attribute is ignored".
    for (const TransportAddress& peer : peers) install_permission(a, peer.ip, r.now, false);
    send_response(r, stun::MessageBuilder(MessageClass::kSuccessResponse, m.method, m.transaction_id)
                         .finish(&r.user->key, true));
}

// RFC 8656 §12.2, "Receiving a ChannelBind Request".
void TurnServer::handle_channel_bind(Request& r, Allocation& a) {
    const stun::Message& m = r.m;
    const auto channel = m.channel_number();
    const auto peer = m.xor_peer_address();
    // "If any of these tests fail, the server replies with a 400 (Bad Request) error."
    if (!channel || !peer) {
        reject(r, stun::kBadRequest,
               std::string("ChannelBind without ") + (!channel ? "CHANNEL-NUMBER" : "XOR-PEER-ADDRESS") +
                   " (RFC 8656 §12.2: it needs both)");
        return;
    }
    if (!is_valid_channel(*channel)) {
        reject(r, stun::kBadRequest,
               "channel number " + channel_hex(*channel) +
                   " is outside 0x4000-0x4FFF, the range clients may bind (RFC 8656 §12, §12.2)");
        return;
    }
    if (const ChannelBinding* bound = a.channel(*channel, r.now); bound && bound->peer != *peer) {
        reject(r, stun::kBadRequest,
               "channel " + channel_hex(*channel) + " is already bound to " +
                   bound->peer.to_string() + ", not " + peer->to_string() +
                   " (RFC 8656 §12.2: one channel, one peer)");
        return;
    }
    if (const auto other = a.channel_of(*peer, r.now); other && *other != *channel) {
        reject(r, stun::kBadRequest,
               peer->to_string() + " is already bound to channel " + channel_hex(*other) +
                   " (RFC 8656 §12.2: one peer, one channel)");
        return;
    }
    if (peer->ip.family() != a.relayed.ip.family()) {
        reject(r, stun::kPeerAddressFamilyMismatch,
               "peer " + peer->to_string() + " and relayed address " + a.relayed.to_string() +
                   " are of different address families (RFC 8656 §12.2)");
        return;
    }
    if (forbidden(peer->ip)) {
        reject(r, stun::kForbidden,
               "this server's policy does not relay to " + peer->ip.to_string() +
                   " (RFC 8656 §12.2: the server MAY restrict peer addresses)");
        return;
    }
    // "the server creates or refreshes the channel binding ... [and] also installs or
    // refreshes a permission for the IP address in the XOR-PEER-ADDRESS attribute".
    const auto existing = a.channels.find(*channel);
    const bool refreshed = existing != a.channels.end() && r.now < existing->second.expires;
    a.channels[*channel] = ChannelBinding{*peer, r.now + kChannelLifetime};
    events_.push_back(ev::ChannelBound{a.relayed, *channel, *peer, r.now + kChannelLifetime, refreshed});
    install_permission(a, peer->ip, r.now, true);
    send_response(r, stun::MessageBuilder(MessageClass::kSuccessResponse, m.method, m.transaction_id)
                         .finish(&r.user->key, true));
}

void TurnServer::install_permission(Allocation& a, const IpAddress& peer, Instant now,
                                    bool by_channel) {
    // RFC 8656 §9: "If no permission for that IP address exists, then a permission is created
    // ... If a permission for that IP address already exists, then the time-to-expiry for
    // that permission is reset to Permission Lifetime."
    const bool refreshed = a.has_permission(peer, now);
    a.permissions[peer] = now + kPermissionLifetime;
    events_.push_back(ev::PermissionInstalled{a.relayed, peer, now + kPermissionLifetime,
                                              refreshed, by_channel});
}

bool TurnServer::forbidden(const IpAddress& peer) const {
    return std::any_of(config_.forbidden_peers.begin(), config_.forbidden_peers.end(),
                       [&](const Cidr& c) { return c.contains(peer); });
}

void TurnServer::handle_indication(Instant now, const TransportAddress& from, const stun::Message& m) {
    // A Binding indication is a client's keepalive (RFC 8445 §11): it keeps the NATs between
    // client and server from forgetting the 5-tuple. Nothing to do, nothing to answer.
    if (m.method == Method::kBinding) return;
    if (m.method != Method::kSend) {
        drop(DropReason::kUnexpected, from, std::nullopt,
             "a " + std::string(stun::method_title(m.method).empty() ? stun::method_name(m.method)
                                                                     : stun::method_title(m.method)) +
                 " indication from a client: a server acts only on Send indications (RFC 8656 §11.2)");
        return;
    }
    // RFC 8489 §6.3.2: an indication with unknown comprehension-required attributes is
    // discarded (there is no response to carry a 420).
    if (!m.unknown_comprehension_required().empty()) {
        drop(DropReason::kMalformed, from, std::nullopt,
             "a Send indication with unknown comprehension-required attributes is discarded "
             "(RFC 8489 §6.3.2)");
        return;
    }
    const auto it = allocations_.find(from);
    if (it == allocations_.end()) {
        drop(DropReason::kNoAllocation, from, std::nullopt,
             "a Send indication on a 5-tuple with no allocation is silently ignored (RFC 8656 §5)");
        return;
    }
    const Allocation& a = it->second;
    const auto peer = m.xor_peer_address();
    const auto data = m.data();
    // RFC 8656 §11.2: "The Send indication MUST contain both an XOR-PEER-ADDRESS attribute
    // and a DATA attribute. If one of these attributes is missing or invalid, then the
    // message is discarded."
    if (!peer || !data) {
        drop(DropReason::kBadIndication, from, a.relayed,
             std::string("a Send indication without ") + (!peer ? "XOR-PEER-ADDRESS" : "DATA") +
                 " is discarded (RFC 8656 §11.2)");
        return;
    }
    if (peer->ip.family() != a.relayed.ip.family() || forbidden(peer->ip)) {
        drop(DropReason::kForbiddenPeer, from, a.relayed,
             "a Send indication to " + peer->to_string() +
                 ", a peer this allocation cannot relay to, is discarded (RFC 8656 §11.2)");
        return;
    }
    // "The server also checks that there is a permission installed for the IP address
    // contained in the XOR-PEER-ADDRESS attribute. If no such permission exists, the message
    // is discarded."
    if (!a.has_permission(peer->ip, now)) {
        events_.push_back(ev::DroppedNoPermission{Direction::kClientToPeer, a.client, a.relayed,
                                                  *peer, data->size()});
        return;
    }
    relay_to_peer(now, a, *peer, *data, Carrier::kSendIndication);
}

void TurnServer::handle_channel_data(Instant now, const TransportAddress& from, ByteView bytes) {
    auto parsed = parse_channel_data(bytes);
    if (!parsed) {
        // §12.6: reserved channel numbers, and datagrams "too short to contain the claimed
        // length", are silently discarded.
        drop(DropReason::kMalformed, from, std::nullopt,
             "malformed ChannelData, discarded (RFC 8656 §12.6): " + parsed.error().describe());
        return;
    }
    const auto it = allocations_.find(from);
    if (it == allocations_.end()) {
        drop(DropReason::kNoAllocation, from, std::nullopt,
             "ChannelData on a 5-tuple with no allocation is silently ignored (RFC 8656 §5)");
        return;
    }
    const Allocation& a = it->second;
    const ChannelBinding* binding = a.channel(parsed->channel, now);
    if (!binding) {
        drop(DropReason::kChannelNotBound, from, a.relayed,
             "ChannelData on channel " + channel_hex(parsed->channel) +
                 ", which is bound to no peer, is silently discarded (RFC 8656 §12.6)");
        return;
    }
    // A channel outlives its permission if only the channel is refreshed (600 s vs 300 s);
    // rtclab then relays nothing, as for a Send indication (RFC 8656 §9, §11.2) -- and as
    // coturn does. §12.6: ChannelData "MUST NOT refresh either the channel binding or the
    // permission".
    if (!a.has_permission(binding->peer.ip, now)) {
        events_.push_back(ev::DroppedNoPermission{Direction::kClientToPeer, a.client, a.relayed,
                                                  binding->peer, parsed->data.size()});
        return;
    }
    relay_to_peer(now, a, binding->peer, parsed->data, Carrier::kChannelData);
}

void TurnServer::relay_to_peer(Instant now, const Allocation& a, const TransportAddress& peer,
                               ByteView data, Carrier carrier) {
    (void)now;
    // RFC 8656 §11.2 / §12.6: "the source transport address is the relayed transport address
    // of the allocation ... the destination transport address is [the peer's] ... the data
    // following the UDP header is the contents of the value field of the DATA attribute".
    transmits_.push_back(ServerTransmit{a.relayed, peer, Bytes(data.begin(), data.end())});
    events_.push_back(ev::Relayed{Direction::kClientToPeer, carrier, a.client, a.relayed, peer, data.size()});
}

// --- datagrams from peers ------------------------------------------------------------------------

void TurnServer::handle_peer_datagram(Instant now, std::uint16_t relayed_port,
                                      const TransportAddress& from, ByteView bytes) {
    const TransportAddress at{config_.relay_ip, relayed_port};
    const auto owner = by_relayed_port_.find(relayed_port);
    const auto it = owner == by_relayed_port_.end() ? allocations_.end() : allocations_.find(owner->second);
    if (it == allocations_.end()) {
        drop(DropReason::kNoAllocation, from, at,
             "nothing is allocated at " + at.to_string() +
                 " (any more): the datagram from " + from.to_string() + " is dropped");
        return;
    }
    const Allocation& a = it->second;
    // RFC 8656 §11.3 and §9: the source IP address must match a permission; "If no match is
    // found, relaying is not permitted and the server silently discards the UDP datagram."
    if (!a.has_permission(from.ip, now)) {
        events_.push_back(ev::DroppedNoPermission{Direction::kPeerToClient, a.client, a.relayed,
                                                  from, bytes.size()});
        return;
    }
    if (bytes.size() > kMaxRelayData) {
        drop(DropReason::kTooLarge, from, a.relayed,
             std::to_string(bytes.size()) + " bytes do not fit a Data indication or ChannelData "
             "message in one UDP datagram; dropped");
        return;
    }
    // §11.3: "If relaying is permitted, then the server checks if there is a channel bound to
    // the peer that sent the UDP datagram ... If a channel is bound, then processing proceeds
    // as described in Section 12.7" -- §12.5: the server "MUST use the ChannelData message if
    // a channel has been bound to the peer".
    if (const auto channel = a.channel_of(from, now)) {
        transmits_.push_back(ServerTransmit{config_.listen, a.client, encode_channel_data(*channel, bytes)});
        events_.push_back(ev::Relayed{Direction::kPeerToClient, Carrier::kChannelData, a.client,
                                      a.relayed, from, bytes.size()});
        return;
    }
    // "the server forms and sends a Data indication. The Data indication MUST contain both an
    // XOR-PEER-ADDRESS and a DATA attribute."
    Bytes indication = stun::MessageBuilder(MessageClass::kIndication, Method::kData,
                                            stun::random_transaction_id(rng_))
                           .xor_peer_address(from)
                           .data(bytes)
                           .finish(nullptr, true);
    transmits_.push_back(ServerTransmit{config_.listen, a.client, std::move(indication)});
    events_.push_back(ev::Relayed{Direction::kPeerToClient, Carrier::kDataIndication, a.client,
                                  a.relayed, from, bytes.size()});
}

// --- responses ---------------------------------------------------------------------------------

void TurnServer::send_response(Request& r, Bytes bytes) {
    responses_[{r.from, r.m.transaction_id}] = Cached{bytes, r.now + kResponseCacheTime, r.m.method};
    transmits_.push_back(ServerTransmit{config_.listen, r.from, std::move(bytes)});
}

void TurnServer::reject(Request& r, int code, std::string why) {
    // RFC 8489 §9.2.4: once a request is authenticated, "Any response generated by the server
    // MUST include the MESSAGE-INTEGRITY" computed with the user's key.
    send_response(r, stun::MessageBuilder(MessageClass::kErrorResponse, r.m.method, r.m.transaction_id)
                         .error_code(code)
                         .software(config_.software)
                         .finish(r.user ? &r.user->key : nullptr, true));
    events_.push_back(ev::Rejected{r.from, r.m.method, code, std::string(stun::reason_phrase(code)),
                                   std::move(why)});
}

void TurnServer::challenge(Request& r, int code, std::string why, bool sign) {
    const std::string nonce = nonces_.issue(rng_, r.now, r.from);
    // RFC 8489 §9.2.4: 401 and 438 "MUST include the REALM and NONCE attributes and SHOULD
    // NOT include the USERNAME, USERHASH, MESSAGE-INTEGRITY" (a 438 MAY be signed).
    stun::MessageBuilder b(MessageClass::kErrorResponse, r.m.method, r.m.transaction_id);
    b.error_code(code).realm(config_.realm).nonce(nonce).software(config_.software);
    send_response(r, b.finish(sign && r.user ? &r.user->key : nullptr, true));
    // A 401 to a request without credentials, and a 438, are the mechanism working as
    // designed; a 401 to a request with credentials refuses them.
    const bool had_credentials = r.m.has(stun::attr::kMessageIntegrity) ||
                                 r.m.has(stun::attr::kMessageIntegritySha256);
    if (code == stun::kStaleNonce || !had_credentials) {
        events_.push_back(ev::Challenged{r.from, r.m.method, code, config_.realm, nonce, std::move(why)});
    } else {
        events_.push_back(ev::Rejected{r.from, r.m.method, code,
                                       std::string(stun::reason_phrase(code)), std::move(why)});
    }
}

void TurnServer::drop(DropReason reason, const TransportAddress& from,
                      std::optional<TransportAddress> relayed, std::string why) {
    events_.push_back(ev::Dropped{reason, from, relayed, std::move(why)});
}

// --- time ----------------------------------------------------------------------------------------

void TurnServer::delete_allocation(std::map<TransportAddress, Allocation>::iterator it) {
    if (it == allocations_.end()) return;
    ports_.release(it->second.relayed.port);
    by_relayed_port_.erase(it->second.relayed.port);
    allocations_.erase(it);
}

std::optional<Instant> TurnServer::next_timeout() const {
    std::optional<Instant> next;
    const auto consider = [&](Instant t) {
        if (!next || t < *next) next = t;
    };
    for (const auto& [client, a] : allocations_) {
        consider(a.expires);
        for (const auto& [peer, expires] : a.permissions) consider(expires);
        for (const auto& [number, binding] : a.channels) consider(binding.expires);
    }
    for (const auto& [key, cached] : responses_) consider(cached.expires);
    return next;
}

void TurnServer::handle_timeout(Instant now) {
    for (auto it = allocations_.begin(); it != allocations_.end();) {
        Allocation& a = it->second;
        if (now >= a.expires) {
            // RFC 8656 §6: "When an allocation expires, the state data associated with the
            // allocation can be freed" -- permissions and channels with it (§9, §12).
            const TransportAddress client = a.client, relayed = a.relayed;
            auto next = std::next(it);
            delete_allocation(it);
            events_.push_back(ev::AllocationExpired{client, relayed});
            it = next;
            continue;
        }
        for (auto c = a.channels.begin(); c != a.channels.end();) {
            if (now >= c->second.expires) {
                // §12: "When the channel binding expires, the channel becomes unbound."
                events_.push_back(ev::ChannelExpired{a.relayed, c->first, c->second.peer});
                c = a.channels.erase(c);
            } else {
                ++c;
            }
        }
        for (auto p = a.permissions.begin(); p != a.permissions.end();) {
            if (now >= p->second) {
                // §9: "the permission expires and is deleted".
                events_.push_back(ev::PermissionExpired{a.relayed, p->first});
                p = a.permissions.erase(p);
            } else {
                ++p;
            }
        }
        ++it;
    }
    for (auto it = responses_.begin(); it != responses_.end();) {
        it = now >= it->second.expires ? responses_.erase(it) : std::next(it);
    }
}

// --- polling ---------------------------------------------------------------------------------------

std::optional<ServerTransmit> TurnServer::poll_transmit() {
    if (transmits_.empty()) return std::nullopt;
    ServerTransmit t = std::move(transmits_.front());
    transmits_.pop_front();
    return t;
}

std::optional<ServerEvent> TurnServer::poll_event() {
    if (events_.empty()) return std::nullopt;
    ServerEvent e = std::move(events_.front());
    events_.pop_front();
    return e;
}

const Allocation* TurnServer::allocation_for_client(const TransportAddress& client) const {
    const auto it = allocations_.find(client);
    return it == allocations_.end() ? nullptr : &it->second;
}

const Allocation* TurnServer::allocation_at(std::uint16_t relayed_port) const {
    const auto owner = by_relayed_port_.find(relayed_port);
    return owner == by_relayed_port_.end() ? nullptr : allocation_for_client(owner->second);
}

}  // namespace rtclab::net::turn
