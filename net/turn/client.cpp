#include "net/turn/client.h"

#include <algorithm>
#include <cstdio>

#include "net/stun/attribute_type.h"
#include "net/stun/error_code.h"
#include "net/stun/header.h"
#include "net/stun/message_builder.h"
#include "net/stun/transaction_id.h"
#include "net/stun/verify.h"
#include "net/turn/channel_data.h"
#include "net/turn/lifetimes.h"

namespace rtclab::net::turn {

namespace stun = net::stun;
using stun::MessageClass;
using stun::Method;
namespace ev = client_event;

namespace {

// Data waiting for a permission or channel to be confirmed (see send_to()).
constexpr std::size_t kMaxQueued = 64;

std::string channel_hex(std::uint16_t channel) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(channel));
    return buf;
}

Method method_of(Operation op) {
    switch (op) {
        case Operation::kAllocate: return Method::kAllocate;
        case Operation::kRefresh:
        case Operation::kDeallocate: return Method::kRefresh;
        case Operation::kCreatePermission: return Method::kCreatePermission;
        case Operation::kChannelBind: return Method::kChannelBind;
    }
    return Method::kAllocate;
}

}  // namespace

std::string_view operation_name(Operation op) {
    switch (op) {
        case Operation::kAllocate: return "Allocate";
        case Operation::kRefresh: return "Refresh";
        case Operation::kCreatePermission: return "CreatePermission";
        case Operation::kChannelBind: return "ChannelBind";
        case Operation::kDeallocate: return "Refresh (LIFETIME 0)";
    }
    return "Allocate";
}

std::string_view client_state_name(TurnClient::State state) {
    switch (state) {
        case TurnClient::State::kIdle: return "idle";
        case TurnClient::State::kAllocating: return "allocating";
        case TurnClient::State::kAllocated: return "allocated";
        case TurnClient::State::kClosing: return "closing";
        case TurnClient::State::kClosed: return "closed";
        case TurnClient::State::kFailed: return "failed";
    }
    return "failed";
}

TurnClient::TurnClient(ClientConfig config, Rng rng)
    : config_(std::move(config)), rng_(rng), next_channel_(kMinChannel) {}

// --- the application's calls -------------------------------------------------------------------

void TurnClient::start(Instant now) {
    if (state_ != State::kIdle) return;
    state_ = State::kAllocating;
    issue(now, Operation::kAllocate);
}

Result<void> TurnClient::create_permission(Instant now, const IpAddress& peer) {
    if (state_ == State::kClosing || state_ == State::kClosed || state_ == State::kFailed) {
        return make_error("no permission for " + peer.to_string() + ": the client is " +
                          std::string(client_state_name(state_)));
    }
    const auto [it, created] = permissions_.try_emplace(peer);
    // Before the allocation exists, issue_wanted() sends the request once allocated.
    if (created && state_ == State::kAllocated) {
        it->second.in_flight = true;
        issue(now, Operation::kCreatePermission, 0, peer);
    }
    return {};
}

Result<std::uint16_t> TurnClient::bind_channel(Instant now, const TransportAddress& peer) {
    if (state_ == State::kClosing || state_ == State::kClosed || state_ == State::kFailed) {
        return make_error("no channel to " + peer.to_string() + ": the client is " +
                          std::string(client_state_name(state_)));
    }
    if (const auto it = channels_.find(peer); it != channels_.end()) return it->second.number;
    if (next_channel_ > kMaxChannel) {
        // RFC 8656 §12: a client must wait 5 minutes before reusing a number for another
        // peer, so this client never reuses one.
        return make_error("all channel numbers 0x4000-0x4FFF are taken (RFC 8656 §12)");
    }
    const std::uint16_t number = next_channel_++;
    channels_[peer] = Channel{number, false, false, {}};
    channel_peers_[number] = peer;
    if (state_ == State::kAllocated) {
        channels_[peer].in_flight = true;
        issue(now, Operation::kChannelBind, 0, std::nullopt, peer, number);
    }
    return number;
}

Result<void> TurnClient::send_to(Instant now, const TransportAddress& peer, ByteView data) {
    if (state_ != State::kAllocated) {
        return make_error("cannot send to " + peer.to_string() + ": no allocation (the client is " +
                          std::string(client_state_name(state_)) + ")");
    }
    if (data.size() > kMaxRelayData) {
        return make_error(std::to_string(data.size()) + " bytes is more than a relay carries (" +
                          std::to_string(kMaxRelayData) + ")");
    }
    if (has_permission(peer.ip)) {
        transmit_data(now, peer, data);
        return {};
    }
    if (awaiting_permission(peer)) {
        if (queued_.size() >= kMaxQueued) queued_.pop_front();
        queued_.push_back(Queued{peer, Bytes(data.begin(), data.end())});
        return {};
    }
    // RFC 8656 §11.1: "the client MUST ensure that there is a permission installed for the IP
    // address of the peer to which the Send indication is being sent; this prevents a third
    // party from using a TURN server to send data to arbitrary destinations."
    return make_error("no permission for " + peer.ip.to_string() +
                      ": call create_permission() or bind_channel() first (RFC 8656 §11.1)");
}

void TurnClient::close(Instant now) {
    if (state_ == State::kAllocated) {
        state_ = State::kClosing;
        issue(now, Operation::kDeallocate);
    } else if (state_ == State::kIdle || state_ == State::kAllocating) {
        state_ = State::kClosed;
        pending_.clear();
    }
}

// --- requests ------------------------------------------------------------------------------------

Bytes TurnClient::build_request(const Pending& p, const stun::TransactionId& id) const {
    stun::MessageBuilder b(MessageClass::kRequest, method_of(p.op), id);
    switch (p.op) {
        case Operation::kAllocate:
            // RFC 8656 §7.1: "The client MUST include a REQUESTED-TRANSPORT attribute" (UDP).
            b.requested_transport(17);
            if (config_.lifetime) b.lifetime(*config_.lifetime);
            b.software(config_.software);
            break;
        case Operation::kRefresh:
            if (config_.lifetime) b.lifetime(*config_.lifetime);
            b.software(config_.software);
            break;
        case Operation::kDeallocate:
            // §8.1: "If the client wishes to immediately delete an existing allocation, it
            // includes a LIFETIME attribute with a value of zero."
            b.lifetime(0).software(config_.software);
            break;
        case Operation::kCreatePermission:
            // §10.2: "The port portion of each attribute is ignored and may be any arbitrary
            // value." rtclab writes 0, which reads as "any port".
            b.xor_peer_address(TransportAddress{*p.permission_peer, 0});
            break;
        case Operation::kChannelBind:
            b.channel_number(p.channel).xor_peer_address(*p.channel_peer);
            break;
    }
    if (p.authenticated) {
        // RFC 8489 §9.2.3.2: subsequent requests carry USERNAME, REALM, NONCE and
        // MESSAGE-INTEGRITY computed with the long-term key.
        b.username(config_.username).realm(*realm_).nonce(*nonce_);
        return b.finish(&*key_, true);
    }
    return b.finish(nullptr, true);
}

void TurnClient::issue(Instant now, Operation op, int stale_retries,
                       std::optional<IpAddress> permission_peer,
                       std::optional<TransportAddress> channel_peer, std::uint16_t channel) {
    // Every new request, retries after 401 and 438 included, has a new transaction id (RFC
    // 8489 §9.2.5: a retry is a new transaction).
    const stun::TransactionId id = stun::random_transaction_id(rng_);
    Pending p{op, stun::ClientTransaction(Bytes{}, id, now, config_.retransmit), key_.has_value(),
              stale_retries, permission_peer, channel_peer, channel};
    p.transaction = stun::ClientTransaction(build_request(p, id), id, now, config_.retransmit);
    std::optional<TransportAddress> peer = channel_peer;
    if (permission_peer) peer = TransportAddress{*permission_peer, 0};
    events_.push_back(ev::RequestSent{op, p.authenticated, peer,
                                      op == Operation::kChannelBind ? std::optional(channel)
                                                                    : std::nullopt});
    drain(now, p, true);
    pending_.push_back(std::move(p));
}

void TurnClient::drain(Instant now, Pending& p, bool first) {
    while (auto bytes = p.transaction.poll_transmit()) {
        if (!first) events_.push_back(ev::Retransmitted{p.op, p.transaction.transmissions()});
        push(now, std::move(*bytes));
    }
}

void TurnClient::push(Instant now, Bytes bytes) {
    last_sent_ = now;
    transmits_.push_back(Transmit{config_.server, std::move(bytes)});
}

// What was asked for before the allocation existed goes out once it does.
void TurnClient::issue_wanted(Instant now) {
    for (auto& [peer, perm] : permissions_) {
        if (!perm.installed && !perm.in_flight) {
            perm.in_flight = true;
            issue(now, Operation::kCreatePermission, 0, peer);
        }
    }
    for (auto& [peer, ch] : channels_) {
        if (!ch.bound && !ch.in_flight) {
            ch.in_flight = true;
            issue(now, Operation::kChannelBind, 0, std::nullopt, peer, ch.number);
        }
    }
    if (config_.keepalive.us > 0 && now >= last_sent_ + config_.keepalive) {
        // A Binding indication: the server answers nothing, the NATs on the way see traffic.
        push(now, stun::MessageBuilder(MessageClass::kIndication, Method::kBinding,
                                       stun::random_transaction_id(rng_))
                      .finish(nullptr, true));
    }
}

bool TurnClient::in_flight(Operation op) const {
    return std::any_of(pending_.begin(), pending_.end(),
                       [&](const Pending& p) { return p.op == op; });
}

// --- datagrams from the server --------------------------------------------------------------------

bool TurnClient::handle_datagram(Instant now, const TransportAddress& from, ByteView bytes) {
    if (from != config_.server) return false;
    // RFC 8656 §12 (Table 3): ChannelData starts with 64..79, STUN with 0..3.
    if (looks_like_channel_data(bytes)) {
        handle_channel_data(bytes);
        return true;
    }
    if (!stun::looks_like_stun(bytes)) return false;
    auto parsed = stun::parse_message(bytes);
    if (!parsed) {
        discard("malformed STUN from the server: " + parsed.error().describe());
        return true;
    }
    const stun::Message& m = *parsed;
    if (m.has(stun::attr::kFingerprint) && stun::verify_fingerprint(m) != stun::Verdict::kValid) {
        discard("FINGERPRINT does not match (RFC 8489 §14.7)");
        return true;
    }
    switch (m.cls) {
        case MessageClass::kSuccessResponse:
        case MessageClass::kErrorResponse: handle_response(now, m); break;
        case MessageClass::kIndication:
            if (m.method == Method::kData) {
                handle_data_indication(m);
            } else {
                discard("a " + std::string(stun::method_name(m.method)) +
                        " indication from the server: a client acts only on Data indications");
            }
            break;
        case MessageClass::kRequest:
            discard("a request from the server: a TURN server sends clients no requests");
            break;
    }
    return true;
}

void TurnClient::handle_response(Instant now, const stun::Message& m) {
    const auto it = std::find_if(pending_.begin(), pending_.end(), [&](const Pending& p) {
        return p.transaction.id() == m.transaction_id;
    });
    if (it == pending_.end()) {
        discard("a " + std::string(stun::method_name(m.method)) +
                " response that answers no request in flight (a duplicate answer to a "
                "retransmission, or a late one)");
        return;
    }
    if (it->authenticated) {
        // RFC 8489 §9.2.5: the client checks MESSAGE-INTEGRITY of responses to authenticated
        // requests with the same key; a response that fails is "discarded, as if it was never
        // received" -- the transaction goes on waiting. Error responses may come unprotected
        // only as 401 or 438 (the server could not tell which key to use).
        const stun::Verdict v = stun::verify_integrity(m, &*key_);
        const auto code = m.error_code();
        const bool unprotected_challenge = m.cls == MessageClass::kErrorResponse &&
                                           v == stun::Verdict::kAbsent && code &&
                                           (code->first == stun::kUnauthenticated ||
                                            code->first == stun::kStaleNonce);
        if (v != stun::Verdict::kValid && !unprotected_challenge) {
            discard("a " + std::string(stun::method_name(m.method)) + " " +
                    std::string(stun::class_title(m.cls)) + " whose MESSAGE-INTEGRITY is " +
                    std::string(stun::verdict_name(v)) +
                    ": not from a server holding our key (RFC 8489 §9.2.5)");
            return;
        }
    }
    it->transaction.handle_response(now, m);
    Pending p = std::move(*it);
    pending_.erase(it);
    if (m.cls == MessageClass::kSuccessResponse) {
        on_success(now, p, m);
    } else {
        on_error(now, p, m);
    }
}

void TurnClient::on_success(Instant now, const Pending& p, const stun::Message& m) {
    switch (p.op) {
        case Operation::kAllocate: {
            if (state_ != State::kAllocating) return;  // closed meanwhile
            const auto relayed = m.xor_relayed_address();
            const auto mapped = m.xor_mapped_address();
            const auto lifetime = m.lifetime();
            if (!relayed || !mapped || !lifetime) {
                fail(p, 0, "the Allocate success response lacks XOR-RELAYED-ADDRESS, "
                           "XOR-MAPPED-ADDRESS or LIFETIME (RFC 8656 §7.2)");
                return;
            }
            // RFC 8656 §7.3: "the client needs to remember the actual lifetime received back
            // from the server, rather than the value sent to the server in the request."
            const Duration granted = Duration::seconds(*lifetime);
            state_ = State::kAllocated;
            relayed_ = relayed;
            mapped_ = mapped;
            expires_ = now + granted;
            refresh_at_ = allocation_refresh_time(now, granted);
            events_.push_back(ev::Allocated{*relayed, *mapped, granted});
            issue_wanted(now);
            return;
        }
        case Operation::kRefresh: {
            if (state_ != State::kAllocated) return;
            // §8.3: "it updates its copy of the allocation data structure with the
            // time-to-expiry value contained in the response."
            const Duration granted = Duration::seconds(m.lifetime().value_or(0));
            expires_ = now + granted;
            refresh_at_ = allocation_refresh_time(now, granted);
            events_.push_back(ev::Refreshed{granted});
            return;
        }
        case Operation::kDeallocate:
            state_ = State::kClosed;
            lose_allocation();
            events_.push_back(ev::Deallocated{});
            return;
        case Operation::kCreatePermission:
            mark_permission(now, *p.permission_peer, false);
            return;
        case Operation::kChannelBind: {
            // §12.3: "it updates its data structures to record that the channel binding is now
            // active. It also updates its data structures to record that the corresponding
            // permission has been installed or refreshed."
            const auto it = channels_.find(*p.channel_peer);
            if (it == channels_.end()) return;
            const bool refreshed = it->second.bound;
            it->second.bound = true;
            it->second.in_flight = false;
            it->second.refresh_at = now + kChannelRefreshAfter;
            events_.push_back(ev::ChannelBound{*p.channel_peer, p.channel, refreshed});
            mark_permission(now, p.channel_peer->ip, true);
            return;
        }
    }
}

void TurnClient::on_error(Instant now, const Pending& p, const stun::Message& m) {
    const auto error = m.error_code();
    const int code = error ? error->first : 0;
    const std::string reason = error ? error->second : "error response without ERROR-CODE";
    if (code == stun::kUnauthenticated && !p.authenticated) {
        // RFC 8489 §9.2.5: the first 401 is the challenge. Learn the realm and nonce, derive
        // the long-term key, and send the request again with credentials.
        const auto realm = m.realm();
        const auto nonce = m.nonce();
        if (!realm || !nonce) {
            fail(p, code, reason + " (without REALM and NONCE: no way to authenticate)");
            return;
        }
        realm_ = *realm;
        nonce_ = *nonce;
        key_.emplace(stun::IntegrityKey::long_term(config_.username, *realm_, config_.password));
        events_.push_back(ev::Unauthorized{*realm_, *nonce_});
        issue(now, p.op, p.stale_retries, p.permission_peer, p.channel_peer, p.channel);
        return;
    }
    if (code == stun::kStaleNonce) {
        // RFC 8489 §9.2.5 / RFC 8656 §8.3: "it should reattempt the request with the new
        // nonce value."
        const auto nonce = m.nonce();
        if (!nonce || p.stale_retries >= config_.max_stale_nonce_retries) {
            fail(p, code, reason + (nonce ? " (again and again: giving up)" : " (without a new NONCE)"));
            return;
        }
        nonce_ = *nonce;
        if (const auto realm = m.realm(); realm && *realm != *realm_) {
            realm_ = *realm;
            key_.emplace(stun::IntegrityKey::long_term(config_.username, *realm_, config_.password));
        }
        events_.push_back(ev::StaleNonce{p.op, *nonce_});
        issue(now, p.op, p.stale_retries + 1, p.permission_peer, p.channel_peer, p.channel);
        return;
    }
    if (code == stun::kAllocationMismatch && p.op == Operation::kDeallocate) {
        // §8.3: "If the client receives a 437 (Allocation Mismatch) error response to a
        // request to delete the allocation, then the allocation no longer exists and it
        // should consider its request as having effectively succeeded."
        state_ = State::kClosed;
        lose_allocation();
        events_.push_back(ev::Deallocated{});
        return;
    }
    if (code == stun::kUnauthenticated) {
        // RFC 8656 §7.4: "If the client has followed the procedures of the long-term
        // credential mechanism and still gets this error, then the server is not accepting the
        // client's credentials. In this case, the client considers the current transaction as
        // having failed and SHOULD notify the user or operator."
        fail(p, code, reason + " (the server refuses the credentials of '" + config_.username + "')");
        return;
    }
    fail(p, code, reason);
}

void TurnClient::fail(const Pending& p, int code, std::string reason) {
    std::optional<TransportAddress> peer = p.channel_peer;
    if (p.permission_peer) peer = TransportAddress{*p.permission_peer, 0};
    events_.push_back(ev::Failed{p.op, code, std::move(reason), peer});
    switch (p.op) {
        case Operation::kAllocate:
            if (state_ == State::kAllocating) {
                state_ = State::kFailed;
                pending_.clear();
                queued_.clear();
            }
            break;
        case Operation::kRefresh:
            // §8.3: a 437 means the allocation is gone; otherwise it lives until it expires.
            if (code == stun::kAllocationMismatch && state_ == State::kAllocated) {
                state_ = State::kFailed;
                lose_allocation();
            }
            break;
        case Operation::kDeallocate:
            // The server never confirmed; the allocation expires there on its own.
            state_ = State::kClosed;
            lose_allocation();
            break;
        case Operation::kCreatePermission:
            if (code == stun::kAllocationMismatch && state_ == State::kAllocated) {
                state_ = State::kFailed;
                lose_allocation();
                break;
            }
            if (const auto it = permissions_.find(*p.permission_peer); it != permissions_.end()) {
                it->second.in_flight = false;
                // A refresh that failed leaves the installed permission to run out; a first
                // attempt that failed forgets the peer.
                if (!it->second.installed) {
                    permissions_.erase(it);
                    drop_queued(*p.permission_peer);
                }
            }
            break;
        case Operation::kChannelBind:
            if (code == stun::kAllocationMismatch && state_ == State::kAllocated) {
                state_ = State::kFailed;
                lose_allocation();
                break;
            }
            if (const auto it = channels_.find(*p.channel_peer); it != channels_.end()) {
                it->second.in_flight = false;
                if (!it->second.bound) {
                    channel_peers_.erase(it->second.number);
                    channels_.erase(it);
                    if (!has_permission(p.channel_peer->ip)) drop_queued(p.channel_peer->ip);
                }
            }
            break;
    }
}

void TurnClient::lose_allocation() {
    relayed_.reset();
    expires_.reset();
    pending_.clear();
    queued_.clear();
    permissions_.clear();
    channels_.clear();
    channel_peers_.clear();
}

void TurnClient::mark_permission(Instant now, const IpAddress& peer, bool by_channel) {
    // RFC 8656 §9: a permission lives 300 s from its latest install or refresh.
    Permission& perm = permissions_[peer];
    const bool refreshed = perm.installed;
    perm.installed = true;
    if (!by_channel) perm.in_flight = false;
    perm.expires = now + kPermissionLifetime;
    perm.refresh_at = now + kPermissionRefreshAfter;
    if (!by_channel) events_.push_back(ev::PermissionCreated{peer, refreshed});
    flush_queued(now, peer);
}

// --- data ------------------------------------------------------------------------------------------

bool TurnClient::has_permission(const IpAddress& peer) const {
    const auto it = permissions_.find(peer);
    return it != permissions_.end() && it->second.installed;
}

std::optional<std::uint16_t> TurnClient::channel_of(const TransportAddress& peer) const {
    const auto it = channels_.find(peer);
    if (it == channels_.end() || !it->second.bound) return std::nullopt;
    return it->second.number;
}

bool TurnClient::awaiting_permission(const TransportAddress& peer) const {
    if (permissions_.count(peer.ip) != 0) return true;  // asked for, not installed yet
    return channels_.count(peer) != 0;                   // a ChannelBind will install it
}

void TurnClient::transmit_data(Instant now, const TransportAddress& peer, ByteView data) {
    if (const auto channel = channel_of(peer)) {
        // RFC 8656 §12.5: with a channel bound, the 4-byte ChannelData header replaces the
        // 36 or more bytes of a Send indication. Over UDP no padding is needed.
        push(now, encode_channel_data(*channel, data));
        return;
    }
    // RFC 8656 §11.1: "When forming a Send indication, the client MUST include an
    // XOR-PEER-ADDRESS attribute and a DATA attribute." Indications are never authenticated
    // (§5), so no MESSAGE-INTEGRITY.
    push(now, stun::MessageBuilder(MessageClass::kIndication, Method::kSend,
                                   stun::random_transaction_id(rng_))
                  .xor_peer_address(peer)
                  .data(data)
                  .finish(nullptr, true));
}

void TurnClient::flush_queued(Instant now, const IpAddress& peer) {
    std::deque<Queued> keep;
    for (Queued& q : queued_) {
        if (q.peer.ip == peer) {
            transmit_data(now, q.peer, q.data);
        } else {
            keep.push_back(std::move(q));
        }
    }
    queued_ = std::move(keep);
}

void TurnClient::drop_queued(const IpAddress& peer) {
    std::erase_if(queued_, [&](const Queued& q) { return q.peer.ip == peer; });
}

void TurnClient::handle_data_indication(const stun::Message& m) {
    const auto peer = m.xor_peer_address();
    const auto data = m.data();
    // RFC 8656 §11.4: the client "checks that the Data indication contains an XOR-PEER-ADDRESS
    // attribute and discards the indication if it does not"; a DATA attribute is just as
    // necessary.
    if (!peer || !data) {
        discard(std::string("a Data indication without ") + (!peer ? "XOR-PEER-ADDRESS" : "DATA") +
                " (RFC 8656 §11.4)");
        return;
    }
    // "The client SHOULD also check that the XOR-PEER-ADDRESS attribute value contains an IP
    // address with which the client believes there is an active permission and discard the
    // Data indication otherwise." A permission being requested counts: the server installs it
    // before the client hears so.
    if (state_ != State::kAllocated || !awaiting_permission(*peer)) {
        discard("a Data indication from " + peer->to_string() +
                ", with which this client has no permission (RFC 8656 §11.4)");
        return;
    }
    events_.push_back(ev::Data{*peer, Bytes(data->begin(), data->end()), false});
}

void TurnClient::handle_channel_data(ByteView bytes) {
    auto parsed = parse_channel_data(bytes);
    if (!parsed) {
        discard("malformed ChannelData: " + parsed.error().describe() + " (RFC 8656 §12.6)");
        return;
    }
    // §12.6: "If the ChannelData message is received on a channel that is not bound to any
    // peer, then the message is silently discarded." A ChannelBind in flight counts (§12:
    // "the client SHOULD be prepared to receive ChannelData messages on the channel from the
    // server as soon as it has sent the ChannelBind request").
    const auto it = channel_peers_.find(parsed->channel);
    if (state_ != State::kAllocated || it == channel_peers_.end()) {
        discard("ChannelData on channel " + channel_hex(parsed->channel) +
                ", which this client has not bound (RFC 8656 §12.6)");
        return;
    }
    events_.push_back(ev::Data{it->second, Bytes(parsed->data.begin(), parsed->data.end()), true});
}

// --- time ------------------------------------------------------------------------------------------

std::optional<Instant> TurnClient::next_timeout() const {
    std::optional<Instant> next;
    const auto consider = [&](Instant t) {
        if (!next || t < *next) next = t;
    };
    for (const Pending& p : pending_) {
        if (const auto t = p.transaction.next_timeout()) consider(*t);
    }
    if (state_ == State::kAllocated) {
        if (config_.keepalive.us > 0) consider(last_sent_ + config_.keepalive);
        if (expires_) consider(*expires_);
        if (!in_flight(Operation::kRefresh)) consider(refresh_at_);
        for (const auto& [peer, perm] : permissions_) {
            if (perm.installed && !perm.in_flight) consider(perm.refresh_at);
        }
        for (const auto& [peer, ch] : channels_) {
            if (ch.bound && !ch.in_flight) consider(ch.refresh_at);
        }
    }
    return next;
}

void TurnClient::handle_timeout(Instant now) {
    // Retransmissions, and transactions that gave up.
    std::vector<Pending> timed_out;
    for (auto it = pending_.begin(); it != pending_.end();) {
        it->transaction.handle_timeout(now);
        drain(now, *it, false);
        if (it->transaction.state() == stun::ClientTransaction::State::kFailed) {
            timed_out.push_back(std::move(*it));
            it = pending_.erase(it);
        } else {
            ++it;
        }
    }
    for (const Pending& p : timed_out) {
        fail(p, 408,
             "no response after " + std::to_string(p.transaction.transmissions()) +
                 " requests (RFC 8489 §6.2.1)");
    }
    if (state_ != State::kAllocated) return;
    if (expires_ && now >= *expires_) {
        // Nothing renewed it in time: the server has deleted it too (RFC 8656 §6).
        state_ = State::kFailed;
        lose_allocation();
        events_.push_back(ev::Expired{});
        return;
    }
    // RFC 8656 §8: "If a client wishes to continue using an allocation, then the client MUST
    // refresh it before it expires."
    if (now >= refresh_at_ && !in_flight(Operation::kRefresh)) issue(now, Operation::kRefresh);
    for (auto& [peer, perm] : permissions_) {
        if (perm.in_flight) continue;
        // Refreshes that all failed: the server has deleted the permission by now (§9), so
        // data waits again until a CreatePermission gets through.
        if (perm.installed && now >= perm.expires) perm.installed = false;
        if (!perm.installed || now >= perm.refresh_at) {
            perm.in_flight = true;
            issue(now, Operation::kCreatePermission, 0, peer);
        }
    }
    for (auto& [peer, ch] : channels_) {
        // §12.1: "Rebinding a channel to the same transport address that it is already bound
        // to provides a way to refresh a channel binding and the corresponding permission".
        if (ch.bound && !ch.in_flight && now >= ch.refresh_at) {
            ch.in_flight = true;
            issue(now, Operation::kChannelBind, 0, std::nullopt, peer, ch.number);
        }
    }
    if (config_.keepalive.us > 0 && now >= last_sent_ + config_.keepalive) {
        // A Binding indication: the server answers nothing, the NATs on the way see traffic.
        push(now, stun::MessageBuilder(MessageClass::kIndication, Method::kBinding,
                                       stun::random_transaction_id(rng_))
                      .finish(nullptr, true));
    }
}

// --- polling ---------------------------------------------------------------------------------------

std::optional<Transmit> TurnClient::poll_transmit() {
    if (transmits_.empty()) return std::nullopt;
    Transmit t = std::move(transmits_.front());
    transmits_.pop_front();
    return t;
}

std::optional<ClientEvent> TurnClient::poll_event() {
    if (events_.empty()) return std::nullopt;
    ClientEvent e = std::move(events_.front());
    events_.pop_front();
    return e;
}

}  // namespace rtclab::net::turn
