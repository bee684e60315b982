#include "ui/gui/model/stun_credentials.h"

#include "net/sdp/session_description.h"
#include "net/stun/attribute_type.h"

namespace rtclab::gui {

namespace {

namespace stun = net::stun;

constexpr const char* kLocalKeys[] = {"currentLocalDescription", "pendingLocalDescription"};
constexpr const char* kRemoteKeys[] = {"currentRemoteDescription", "pendingRemoteDescription"};

// Every (ufrag, pwd) a description gives, section by section (RFC 8839 §5.4: media-level
// values take precedence over session-level ones; with BUNDLE all sections share one pair).
void add_description(StunCredentials& out, const nlohmann::json& description, const std::string& owner) {
    if (!description.is_object()) return;
    const auto sdp = description.find("sdp");
    if (sdp == description.end() || !sdp->is_string()) return;
    const auto parsed = net::sdp::parse_sdp(sdp->get_ref<const std::string&>());
    if (!parsed.ok()) return;
    for (const auto& section : parsed->media) {
        const auto transport = parsed->effective_transport(section);
        if (transport.ice_ufrag && transport.ice_pwd) out.add_ice(*transport.ice_ufrag, *transport.ice_pwd, owner);
    }
}

}  // namespace

StunCredentials StunCredentials::from_trace(const nlohmann::ordered_json& topology, const nlohmann::json& state) {
    StunCredentials c;
    const auto peers = state.find("peers");
    if (peers != state.end() && peers->is_object()) {
        // Local descriptions first: there a ufrag is the peer's own. A remote description
        // repeats the other peer's, and only adds what no local description still holds.
        for (const auto& [name, peer] : peers->items()) {
            if (!peer.is_object()) continue;
            for (const char* key : kLocalKeys) {
                if (const auto d = peer.find(key); d != peer.end()) add_description(c, *d, name);
            }
        }
        for (const auto& [name, peer] : peers->items()) {
            if (!peer.is_object()) continue;
            for (const char* key : kRemoteKeys) {
                if (const auto d = peer.find(key); d != peer.end()) add_description(c, *d, "the remote peer of " + name);
            }
        }
    }
    const auto hosts = topology.find("hosts");
    if (hosts != topology.end() && hosts->is_array()) {
        for (const auto& host : *hosts) {
            if (!host.is_object()) continue;
            const auto turn = host.find("turn");
            if (turn == host.end() || !turn->is_object()) continue;
            const std::string server = host.value("name", "");
            const std::string realm = turn->value("realm", "");
            const auto users = turn->find("users");
            if (users == turn->end() || !users->is_array()) continue;
            for (const auto& u : *users) {
                if (!u.is_object()) continue;
                const auto name = u.find("username");
                const auto password = u.find("password");
                if (name == u.end() || password == u.end() || !name->is_string() || !password->is_string()) continue;
                c.add_turn_user(server, realm, name->get<std::string>(), password->get<std::string>());
            }
        }
    }
    return c;
}

void StunCredentials::add_ice(std::string ufrag, std::string pwd, std::string owner) {
    ice_.try_emplace(std::move(ufrag), IcePassword{std::move(pwd), std::move(owner)});
}

void StunCredentials::add_turn_user(std::string server, std::string realm, std::string username,
                                    std::string password) {
    turn_.push_back(TurnUser{std::move(server), std::move(realm), std::move(username), std::move(password)});
}

std::optional<StunKey> StunCredentials::key_for_username(const stun::Message& m) const {
    const auto username = m.username();
    if (!username) return std::nullopt;
    if (const auto realm = m.realm()) {
        // RFC 8489 §9.2.2: the long-term key hashes the REALM the message carries. Among
        // servers with a user of that name, one in that realm is the better guess.
        const TurnUser* best = nullptr;
        for (const TurnUser& u : turn_) {
            if (u.username != *username) continue;
            if (!best || (u.realm == *realm && best->realm != *realm)) best = &u;
        }
        if (!best) return std::nullopt;
        const auto algorithm = m.password_algorithm();
        const std::uint16_t id = algorithm ? algorithm->id : stun::kPasswordAlgorithmMd5;
        return StunKey{stun::IntegrityKey::long_term(*username, *realm, best->password, id),
                       "TURN user " + best->username + " of " + best->server + " (long-term, realm \"" + *realm +
                           "\")"};
    }
    // RFC 8445 §7.2.2: "The username for the credential is formed by concatenating the
    // username fragment provided by the peer with the username fragment of the ICE agent
    // sending the request, separated by a colon (":")." The password is the peer's.
    const auto colon = username->find(':');
    if (colon == std::string::npos) return std::nullopt;
    const std::string_view receiver = std::string_view(*username).substr(0, colon);
    const auto it = ice_.find(receiver);
    if (it == ice_.end()) return std::nullopt;
    return StunKey{stun::IntegrityKey::short_term(it->second.pwd),
                   "ice-pwd of " + it->second.owner + " (ufrag " + std::string(receiver) + ", short-term)"};
}

std::optional<StunKey> StunCredentials::key_for(const stun::Message& m, const RequestLookup& requests) const {
    if (m.has(stun::attr::kUsername)) return key_for_username(m);
    const bool response = m.cls == stun::MessageClass::kSuccessResponse || m.cls == stun::MessageClass::kErrorResponse;
    if (!response || !requests) return std::nullopt;
    const auto request = requests(m.transaction_id);
    if (!request || !request->has(stun::attr::kUsername)) return std::nullopt;
    auto key = key_for_username(*request);
    if (key) key->source += ", the key of its request";
    return key;
}

}  // namespace rtclab::gui
