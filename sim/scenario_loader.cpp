#include "sim/scenario_loader.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

#include "sim/json_source_map.h"
#include "sim/loader_fields.h"
#include "sim/peers_reader.h"

namespace rtclab::sim {

namespace {

using nlohmann::json;
using namespace loader;
namespace fs = std::filesystem;

// --- topology ---------------------------------------------------------------------------------

const std::vector<std::string> kTopologyFileKeys = {"rtclab_topology", "name", "description",
                                                    "networks", "hosts"};
const std::vector<std::string> kTopologyInlineKeys = {"name", "description", "networks", "hosts"};
const std::vector<std::string> kNetworkKeys = {"name",      "cidr", "parent", "latency_ms",
                                               "jitter_ms", "loss", "nat"};
const std::vector<std::string> kNatKeys = {
    "name",    "preset",     "outside",         "inside",
    "mapping", "filtering",  "port_assignment", "mapping_lifetime_s",
    "refresh", "hairpinning"};
const std::vector<std::string> kNatKnobKeys = {
    "mapping", "filtering", "port_assignment", "mapping_lifetime_s", "refresh", "hairpinning"};
const std::vector<std::string> kHostKeys = {"name",    "label", "network", "address",
                                            "stun",    "turn",  "signaling"};
const std::vector<std::string> kSignalingKeys = {"latency_ms"};
const std::vector<std::string> kStunKeys = {"port", "software"};
const std::vector<std::string> kTurnKeys = {"port",           "realm",          "users",
                                            "relay_port_min", "relay_port_max", "software"};
const std::vector<std::string> kTurnUserKeys = {"username", "password"};

constexpr double kMaxLatencyMs = 60000;

const std::vector<std::string>& behavior_words() {
    static const std::vector<std::string> w = {"endpoint-independent", "address-dependent",
                                               "address-and-port-dependent"};
    return w;
}
const std::vector<std::string>& port_assignment_words() {
    static const std::vector<std::string> w = {"preserve", "sequential", "random"};
    return w;
}
const std::vector<std::string>& refresh_words() {
    static const std::vector<std::string> w = {"outbound", "both"};
    return w;
}

struct NatDraft {
    std::string ptr;
    std::optional<std::string> name;
    std::optional<NatConfig> config;  // unset when the preset or a knob was wrong
    std::optional<net::IpAddress> outside;
    std::optional<net::IpAddress> inside;
    bool inside_given = false;
};

struct NetworkDraft {
    std::string ptr;
    bool is_object = false;
    std::optional<std::string> name;
    std::optional<net::Cidr> cidr;
    bool has_parent = false;
    std::optional<std::string> parent;
    LinkConfig link;
    std::optional<NatDraft> nat;
    int parent_index = -1;
    bool reached = false;  // below the root through valid parents
    int realm = -1;
    int depth = 0;
};

struct HostDraft {
    std::string ptr;
    std::optional<std::string> name;
    std::optional<std::string> label;
    std::optional<std::string> network;
    std::optional<net::IpAddress> address;
    std::optional<StunServiceSpec> stun;
    std::optional<TurnServiceSpec> turn;
    std::optional<SignalingServiceSpec> signaling;
    bool is_server = false;
    int network_index = -1;
};

// Names of networks, NATs and hosts share one namespace: they become trace lane ids.
class NameRegistry {
  public:
    explicit NameRegistry(const Doc& doc) : doc_(doc) {}
    void claim(const std::string& name, std::string what, const std::string& name_ptr) {
        const auto [it, inserted] = used_.emplace(name, Use{what, name_ptr});
        if (inserted) return;
        doc_.error(name_ptr, "the name " + in_quotes(name) + " is already used by the " +
                                 it->second.what + " at line " +
                                 std::to_string(doc_.line(it->second.ptr)) +
                                 "; networks, NATs and hosts need different names (they "
                                 "become trace lanes)");
    }

  private:
    struct Use {
        std::string what;
        std::string ptr;
    };
    const Doc& doc_;
    std::map<std::string, Use> used_;
};

std::optional<NatDraft> read_nat(const Doc& doc, const json& obj, const std::string& ptr) {
    NatDraft nat;
    nat.ptr = ptr;
    check_keys(doc, obj, ptr, kNatKeys, "a NAT");
    Fields f(doc, obj, ptr);
    nat.name = f.name("name", true, "the NAT's name, e.g. \"nat-a\"; it gets a lane in the trace");
    nat.outside = f.ip("outside", true, "its address on the parent network");
    if (f.has("inside")) {
        nat.inside_given = true;
        nat.inside = f.ip("inside", false);
    }

    auto preset_name = f.string(
        "preset", true,
        "one of: " + join(nat_preset_names()) + "; knobs such as \"mapping\" then override it",
        256);
    std::optional<NatConfig> preset;
    if (preset_name) {
        preset = nat_preset(*preset_name);
        if (!preset) {
            doc.error(f.at("preset"), unknown_word("NAT preset", *preset_name, nat_preset_names()));
        }
    }
    if (preset && !preset->translates) {
        // A plain router has no mappings to shape: a knob here is a misunderstanding.
        for (const auto& knob : kNatKnobKeys) {
            if (!f.has(knob)) continue;
            doc.key_error(f.at(knob),
                          "preset 'open' is a plain router that does not translate, "
                          "so '" +
                              knob +
                              "' does not apply; remove it, or choose a "
                              "translating preset such as 'full-cone'");
            preset.reset();
        }
        nat.config = preset;
        return nat;
    }

    NatConfig config = preset.value_or(NatConfig{});
    bool knobs_ok = true;
    const auto read_word = [&](const char* key, const std::vector<std::string>& words,
                               std::string_view what, auto parse, auto& target) {
        auto s = f.string(key, false, {}, 256);
        if (!s) {
            if (f.has(key)) knobs_ok = false;
            return;
        }
        auto v = parse(*s);
        if (!v) {
            doc.error(f.at(key), unknown_word(what, *s, words));
            knobs_ok = false;
            return;
        }
        target = *v;
    };
    read_word("mapping", behavior_words(), "mapping behaviour", parse_behavior, config.mapping);
    read_word("filtering", behavior_words(), "filtering behaviour", parse_behavior,
              config.filtering);
    read_word("port_assignment", port_assignment_words(), "port assignment", parse_port_assignment,
              config.ports);
    read_word("refresh", refresh_words(), "refresh rule", parse_refresh_rule, config.refresh);
    if (f.has("mapping_lifetime_s")) {
        auto s = f.integer("mapping_lifetime_s", 1, 86400, false);
        if (s) {
            config.mapping_lifetime = net::Duration::seconds(*s);
        } else {
            knobs_ok = false;
        }
    }
    if (f.has("hairpinning")) {
        auto h = f.boolean("hairpinning", false);
        if (h) {
            config.hairpinning = *h;
        } else {
            knobs_ok = false;
        }
    }
    if (preset && knobs_ok) {
        const bool same =
            config.mapping == preset->mapping && config.filtering == preset->filtering &&
            config.ports == preset->ports && config.mapping_lifetime == preset->mapping_lifetime &&
            config.refresh == preset->refresh && config.hairpinning == preset->hairpinning;
        if (!same) config.preset = "custom";
        nat.config = config;
    }
    return nat;
}

// "turn": a TURN server (RFC 8656) with long-term credentials (RFC 8489 section 9.2).
std::optional<TurnServiceSpec> read_turn(const Doc& doc, const json& obj, const std::string& ptr) {
    const std::size_t before = doc.diags->count();
    check_keys(doc, obj, ptr, kTurnKeys, "a TURN service");
    Fields t(doc, obj, ptr);
    TurnServiceSpec spec;
    if (auto port = t.integer("port", 1, 65535, false))
        spec.port = static_cast<std::uint16_t>(*port);
    // RFC 8489 section 14.9: the REALM value MUST be fewer than 128 characters.
    if (auto realm = t.string("realm", false, {}, 127)) {
        if (realm->empty())
            doc.error(t.at("realm"), "the realm is empty; remove it for the default");
        spec.realm = *realm;
    }
    if (auto sw = t.string("software", false, {}, 128)) spec.software = *sw;
    const auto lo = t.integer("relay_port_min", 1, 65535, false);
    const auto hi = t.integer("relay_port_max", 1, 65535, false);
    if (lo) spec.relay_port_min = static_cast<std::uint16_t>(*lo);
    if (hi) spec.relay_port_max = static_cast<std::uint16_t>(*hi);
    if (spec.relay_port_min > spec.relay_port_max) {
        doc.error(ptr, "relay_port_min " + std::to_string(spec.relay_port_min) +
                           " is above relay_port_max " + std::to_string(spec.relay_port_max) +
                           "; relayed ports are drawn from [relay_port_min, relay_port_max]");
    }
    if (const json* users = t.array("users", true,
                                    "who may allocate relays: [{\"username\": \"alice\", "
                                    "\"password\": \"...\"}]")) {
        if (users->empty()) {
            doc.error(t.at("users"),
                      "no users: a TURN server with long-term credentials needs at "
                      "least one {\"username\": ..., \"password\": ...}");
        }
        std::map<std::string, std::string> seen;  // username -> pointer of its first use
        for (std::size_t i = 0; i < users->size(); ++i) {
            const json& u = (*users)[i];
            const std::string uptr = json_pointer_child(t.at("users"), i);
            if (!u.is_object()) {
                doc.error(uptr, "expected {\"username\": ..., \"password\": ...}, got " +
                                    describe_value(u));
                continue;
            }
            check_keys(doc, u, uptr, kTurnUserKeys, "a TURN user");
            Fields uf(doc, u, uptr);
            // RFC 8489 section 14.3: USERNAME is less than 509 bytes.
            auto name = uf.string("username", true, {}, 508);
            auto password = uf.string("password", true, {}, 256);
            if (name && name->empty()) {
                doc.error(uf.at("username"), "the username is empty");
            } else if (name && !seen.emplace(*name, uptr).second) {
                doc.error(uf.at("username"),
                          "user " + in_quotes(*name) + " is already listed at line " +
                              std::to_string(doc.line(seen[*name])) + "; list each user once");
            }
            if (name && password) spec.users.emplace_back(*name, *password);
        }
    }
    if (doc.diags->count() != before) return std::nullopt;
    return spec;
}

std::optional<HostDraft> read_host(const Doc& doc, const json& obj, const std::string& ptr) {
    HostDraft host;
    host.ptr = ptr;
    check_keys(doc, obj, ptr, kHostKeys, "a host");
    Fields f(doc, obj, ptr);
    host.name = f.name("name", true, "e.g. \"alice\"");
    host.label = f.string("label", false, {}, 64);
    if (host.label && host.label->empty()) {
        doc.error(f.at("label"), "the label is empty; remove it to use the capitalised name");
        host.label.reset();
    }
    host.network = f.string("network", true, "the name of the network it is attached to", 1024);
    host.address = f.ip("address", true, "its IP address, inside the network's CIDR");
    if (const json* stun = f.object("stun", false)) {
        host.is_server = true;
        const std::string sptr = f.at("stun");
        check_keys(doc, *stun, sptr, kStunKeys, "a STUN service");
        Fields s(doc, *stun, sptr);
        StunServiceSpec spec;
        bool ok = true;
        if (s.has("port")) {
            auto port = s.integer("port", 1, 65535, false);
            ok = ok && port;
            if (port) spec.port = static_cast<std::uint16_t>(*port);
        }
        if (s.has("software")) {
            auto sw = s.string("software", false, {}, 128);
            ok = ok && sw;
            if (sw) spec.software = *sw;
        }
        if (ok) host.stun = spec;
    } else if (f.has("stun")) {
        host.is_server = true;
    }
    if (const json* turn = f.object("turn", false)) {
        host.is_server = true;
        host.turn = read_turn(doc, *turn, f.at("turn"));
        if (host.stun && host.turn && host.stun->port == host.turn->port) {
            doc.error(json_pointer_child(f.at("turn"), std::string_view("port")),
                      "the STUN and TURN services both use port " +
                          std::to_string(host.turn->port) +
                          "; a TURN server answers Binding requests itself, so drop 'stun' or "
                          "give the services different ports");
        }
    } else if (f.has("turn")) {
        host.is_server = true;
    }
    if (const json* sig = f.object("signaling", false,
                                   "a signaling service, e.g. {\"latency_ms\": 25}")) {
        host.is_server = true;
        const std::string sptr = f.at("signaling");
        check_keys(doc, *sig, sptr, kSignalingKeys, "a signaling service");
        Fields g(doc, *sig, sptr);
        SignalingServiceSpec spec;
        if (auto ms = g.number("latency_ms", 0, kMaxLatencyMs, false)) {
            spec.latency = millis_to_duration(*ms);
        }
        host.signaling = spec;
    } else if (f.has("signaling")) {
        host.is_server = true;
    }
    return host;
}

// "192.168.2.10 is not in network 'home-a' (192.168.1.0/24)", or the family mismatch.
std::string not_in_network(const net::IpAddress& ip, const NetworkDraft& n) {
    const std::string where =
        "network " + in_quotes(n.name.value_or("?")) + " (" + n.cidr->to_string() + ")";
    if (ip.family() != n.cidr->base.family()) {
        return ip.to_string() + " is an " + family_name(ip) + " address but " + where + " is " +
               family_name(n.cidr->base);
    }
    return ip.to_string() + " is not in " + where;
}

// Which networks hang (transitively) below which: ancestor test through parent indexes.
bool is_ancestor(const std::vector<NetworkDraft>& nets, int ancestor, int n) {
    for (int p = nets[static_cast<std::size_t>(n)].parent_index, guard = 0;
         p >= 0 && guard <= static_cast<int>(nets.size());
         p = nets[static_cast<std::size_t>(p)].parent_index, ++guard) {
        if (p == ancestor) return true;
    }
    return false;
}

std::optional<TopologySpec> read_topology(const Doc& doc, const json& root, const std::string& ptr,
                                          bool is_file, const std::string& default_name) {
    const std::size_t errors_before = doc.diags->count();
    Fields top(doc, root, ptr);
    TopologySpec spec;

    if (is_file) {
        check_keys(doc, root, ptr, kTopologyFileKeys, "a topology file");
    } else {
        if (top.has("rtclab_topology")) {
            doc.key_error(top.at("rtclab_topology"),
                          "'rtclab_topology' marks a topology file; an inline topology leaves "
                          "it out");
        }
        json rest = json::object();
        for (const auto& [k, v] : root.items()) {
            if (k != "rtclab_topology") rest[k] = nullptr;
        }
        check_keys(doc, rest, ptr, kTopologyInlineKeys, "an inline topology");
    }
    if (is_file || top.has("name")) {
        spec.name = top.name("name", true, "e.g. \"two-homes\"").value_or("");
    } else {
        spec.name = default_name;
    }
    (void)top.string("description", false, {}, 65536);

    // Networks, each on its own.
    std::vector<NetworkDraft> nets;
    NameRegistry names(doc);
    if (const json* arr =
            top.array("networks", true, "the root network first, e.g. the internet")) {
        if (arr->empty()) {
            doc.error(top.at("networks"),
                      "no networks: give at least the root network, e.g. "
                      "{\"name\": \"internet\", \"cidr\": \"0.0.0.0/0\"}");
        }
        if (too_many(doc, *arr, top.at("networks"), kMaxNetworks, "networks")) arr = nullptr;
        for (std::size_t i = 0; arr && i < arr->size(); ++i) {
            const json& n = (*arr)[i];
            NetworkDraft d;
            d.ptr = json_pointer_child(top.at("networks"), i);
            if (!n.is_object()) {
                doc.error(d.ptr,
                          "expected a network object ({\"name\": ..., \"cidr\": ...}), got " +
                              describe_value(n));
                nets.push_back(std::move(d));
                continue;
            }
            d.is_object = true;
            check_keys(doc, n, d.ptr, kNetworkKeys, "a network");
            Fields f(doc, n, d.ptr);
            d.name = f.name("name", true, "e.g. \"home-a\"");
            if (d.name) names.claim(*d.name, "network", f.at("name"));
            if (auto c =
                    f.string("cidr", true, "its address range, e.g. \"192.168.1.0/24\"", 256)) {
                auto cidr = has_control_character(*c)
                                ? net::Result<net::Cidr>(net::make_error("control character"))
                                : net::Cidr::parse(*c);
                if (cidr) {
                    d.cidr = *cidr;
                } else {
                    doc.error(f.at("cidr"), "invalid CIDR " + in_quotes(*c) + ": " +
                                                printable(cidr.error().message, 200));
                }
            }
            d.has_parent = f.has("parent");
            if (d.has_parent) d.parent = f.string("parent", false, {}, 1024);
            if (auto v = f.number("latency_ms", 0, kMaxLatencyMs, false)) {
                d.link.latency = millis_to_duration(*v);
            }
            if (auto v = f.number("jitter_ms", 0, kMaxLatencyMs, false)) {
                d.link.jitter = millis_to_duration(*v);
            }
            if (auto v = f.number("loss", 0, 1, false)) d.link.loss = *v;

            if (const json* nat = f.get("nat")) {
                if (!d.has_parent) {
                    doc.key_error(f.at("nat"),
                                  "the root network (no 'parent') is the public internet and has "
                                  "no NAT; remove 'nat', or give this network a 'parent'");
                } else if (!nat->is_object()) {
                    f.wrong_type("nat", "a NAT object ({\"name\": ..., \"preset\": ...})");
                } else {
                    d.nat = read_nat(doc, *nat, f.at("nat"));
                    if (d.nat && d.nat->name)
                        names.claim(*d.nat->name, "NAT",
                                    json_pointer_child(f.at("nat"), std::string_view("name")));
                }
            } else if (d.has_parent) {
                f.missing("nat",
                          "a network below the root reaches its parent through a NAT; "
                          "use \"preset\": \"open\" for a plain router");
            }
            nets.push_back(std::move(d));
        }
    }

    // A reference to a network that failed to load would only repeat that failure.
    const bool all_networks_named =
        !nets.empty() && std::all_of(nets.begin(), nets.end(), [](const NetworkDraft& d) {
            return d.is_object && d.name.has_value();
        });

    // The tree: exactly one root, parents that exist, no cycles.
    std::map<std::string, int> net_index;
    std::vector<std::string> net_names;
    for (std::size_t i = 0; i < nets.size(); ++i) {
        if (nets[i].name && net_index.emplace(*nets[i].name, static_cast<int>(i)).second) {
            net_names.push_back(*nets[i].name);
        }
    }
    int root_index = -1;
    for (std::size_t i = 0; i < nets.size(); ++i) {
        NetworkDraft& d = nets[i];
        if (!d.is_object) continue;  // already reported
        if (!d.has_parent) {
            if (root_index < 0) {
                root_index = static_cast<int>(i);
            } else {
                doc.error(
                    d.ptr,
                    "a second root network (the first is " +
                        in_quotes(nets[static_cast<std::size_t>(root_index)].name.value_or("?")) +
                        " at line " +
                        std::to_string(doc.line(nets[static_cast<std::size_t>(root_index)].ptr)) +
                        "); every network but the root needs a 'parent'");
            }
            continue;
        }
        if (!d.parent) continue;  // wrongly typed, already reported
        const std::string pptr = json_pointer_child(d.ptr, std::string_view("parent"));
        const auto it = net_index.find(*d.parent);
        if (it == net_index.end()) {
            if (!all_networks_named) continue;
            doc.error(pptr, "unknown network " + in_quotes(*d.parent) +
                                did_you_mean(*d.parent, net_names) +
                                "; networks here: " + join(net_names));
        } else if (it->second == static_cast<int>(i)) {
            doc.error(pptr, "a network cannot be its own parent; name the network it hangs below");
        } else {
            d.parent_index = it->second;
        }
    }
    if (root_index < 0 && !nets.empty()) {
        doc.error(top.at("networks"),
                  "no root network: exactly one network (the public internet, e.g. cidr "
                  "\"0.0.0.0/0\") must have no 'parent'");
    }

    // Parents before children: breadth first from the root, siblings in file order.
    std::vector<int> order;
    if (root_index >= 0) {
        nets[static_cast<std::size_t>(root_index)].reached = true;
        order.push_back(root_index);
        for (std::size_t k = 0; k < order.size(); ++k) {
            for (std::size_t i = 0; i < nets.size(); ++i) {
                if (!nets[i].reached && nets[i].parent_index == order[k]) {
                    nets[i].reached = true;
                    nets[i].depth = nets[static_cast<std::size_t>(order[k])].depth + 1;
                    order.push_back(static_cast<int>(i));
                }
            }
        }
    }
    // A network that does not reach the root hangs below an error reported already (a second
    // root, an unknown parent) or is on or below a cycle: report each cycle once.
    std::vector<bool> in_reported_cycle(nets.size(), false);
    for (std::size_t i = 0; i < nets.size(); ++i) {
        const NetworkDraft& d = nets[i];
        if (d.reached || d.parent_index < 0 || in_reported_cycle[i]) continue;
        std::vector<bool> seen(nets.size(), false);
        seen[i] = true;
        int p = d.parent_index;
        while (p >= 0 && !seen[static_cast<std::size_t>(p)]) {
            seen[static_cast<std::size_t>(p)] = true;
            p = nets[static_cast<std::size_t>(p)].parent_index;
        }
        if (p != static_cast<int>(i)) continue;  // not on a cycle itself
        std::string chain = d.name.value_or("?");
        for (int q = d.parent_index;; q = nets[static_cast<std::size_t>(q)].parent_index) {
            in_reported_cycle[static_cast<std::size_t>(q)] = true;
            chain += " → " + nets[static_cast<std::size_t>(q)].name.value_or("?");
            if (q == static_cast<int>(i)) break;
        }
        doc.error(json_pointer_child(d.ptr, std::string_view("parent")),
                  "the parents of " + in_quotes(d.name.value_or("?")) + " go round in a cycle (" +
                      chain +
                      "), so it does not hang below the root; the networks must form a tree");
    }

    // Address families, NAT addresses, address realms.
    int realm_count = 0;
    for (int i : order) {
        NetworkDraft& d = nets[static_cast<std::size_t>(i)];
        if (d.parent_index < 0) {
            d.realm = realm_count++;
            continue;
        }
        const NetworkDraft& parent = nets[static_cast<std::size_t>(d.parent_index)];
        const bool translates = !d.nat || !d.nat->config || d.nat->config->translates;
        d.realm = translates ? realm_count++ : parent.realm;
        if (d.cidr && parent.cidr && d.cidr->base.family() != parent.cidr->base.family()) {
            doc.error(json_pointer_child(d.ptr, std::string_view("cidr")),
                      "network " + in_quotes(d.name.value_or("?")) + " is " +
                          family_name(d.cidr->base) + " but its parent " +
                          in_quotes(parent.name.value_or("?")) + " is " +
                          family_name(parent.cidr->base) +
                          "; rtclab's NATs do not translate between IPv4 and IPv6");
        }
        if (!d.nat) continue;
        NatDraft& nat = *d.nat;
        if (nat.outside && parent.cidr && !parent.cidr->contains(*nat.outside)) {
            doc.error(json_pointer_child(nat.ptr, std::string_view("outside")),
                      not_in_network(*nat.outside, parent) +
                          ", the parent network; a NAT's outside address lies in its parent's "
                          "CIDR");
            nat.outside.reset();
        } else if (nat.outside && parent.cidr && *nat.outside == parent.cidr->base) {
            doc.error(json_pointer_child(nat.ptr, std::string_view("outside")),
                      nat.outside->to_string() + " is the network address of " +
                          in_quotes(parent.name.value_or("?")) + "; pick another address");
            nat.outside.reset();
        }
        if (!nat.inside_given && d.cidr) {
            // The customary gateway: the first address after the network address.
            auto bytes = std::array<std::uint8_t, 16>{};
            std::copy(d.cidr->base.data(), d.cidr->base.data() + d.cidr->base.size(),
                      bytes.begin());
            for (int b = static_cast<int>(d.cidr->base.size()) - 1; b >= 0; --b) {
                if (++bytes[static_cast<std::size_t>(b)] != 0) break;
            }
            net::IpAddress gw = d.cidr->base.is_v4()
                                    ? net::IpAddress::v4(bytes[0], bytes[1], bytes[2], bytes[3])
                                    : net::IpAddress::v6(bytes);
            if (d.cidr->contains(gw)) {
                nat.inside = gw;
            } else {
                doc.error(nat.ptr, "network " + in_quotes(d.name.value_or("?")) + " (" +
                                       d.cidr->to_string() +
                                       ") has no room for the NAT's inside address; widen it");
            }
        } else if (nat.inside && d.cidr && !d.cidr->contains(*nat.inside)) {
            doc.error(json_pointer_child(nat.ptr, std::string_view("inside")),
                      not_in_network(*nat.inside, d) +
                          "; a NAT's inside address lies in the CIDR of the network it serves");
            nat.inside.reset();
        } else if (nat.inside && d.cidr && *nat.inside == d.cidr->base) {
            doc.error(json_pointer_child(nat.ptr, std::string_view("inside")),
                      nat.inside->to_string() + " is the network address of " +
                          in_quotes(d.name.value_or("?")) +
                          "; the gateway is usually the next one");
            nat.inside.reset();
        }
    }

    // Hosts.
    std::vector<HostDraft> hosts;
    if (const json* arr = top.array("hosts", true, "the peers and servers")) {
        if (arr->empty()) {
            doc.error(top.at("hosts"), "no hosts: a topology needs at least one host");
        }
        if (too_many(doc, *arr, top.at("hosts"), kMaxHosts, "hosts")) arr = nullptr;
        for (std::size_t i = 0; arr && i < arr->size(); ++i) {
            const json& h = (*arr)[i];
            const std::string hptr = json_pointer_child(top.at("hosts"), i);
            if (!h.is_object()) {
                doc.error(hptr,
                          "expected a host object ({\"name\": ..., \"network\": ..., "
                          "\"address\": ...}), got " +
                              describe_value(h));
                continue;
            }
            auto host = read_host(doc, h, hptr);
            if (!host) continue;
            if (host->name)
                names.claim(*host->name, "host",
                            json_pointer_child(hptr, std::string_view("name")));
            if (host->network) {
                const auto it = net_index.find(*host->network);
                if (it == net_index.end()) {
                    if (all_networks_named)
                        doc.error(json_pointer_child(hptr, std::string_view("network")),
                                  "unknown network " + in_quotes(*host->network) +
                                      did_you_mean(*host->network, net_names) +
                                      "; networks here: " + join(net_names));
                } else {
                    host->network_index = it->second;
                }
            }
            if (host->network_index >= 0 && host->address) {
                const NetworkDraft& n = nets[static_cast<std::size_t>(host->network_index)];
                const std::string aptr = json_pointer_child(hptr, std::string_view("address"));
                if (n.cidr && !n.cidr->contains(*host->address)) {
                    doc.error(aptr,
                              not_in_network(*host->address, n) + "; pick an address in its CIDR");
                    host->address.reset();
                } else if (n.cidr && *host->address == n.cidr->base) {
                    doc.error(aptr, host->address->to_string() + " is the network address of " +
                                        in_quotes(n.name.value_or("?")) +
                                        " and names the whole network; pick a host address");
                    host->address.reset();
                }
            }
            hosts.push_back(std::move(*host));
        }
    }

    // Address realms: addresses reachable from one another without translation are unique,
    // and such networks must not claim overlapping ranges (a translating NAT separates realms,
    // which is why two homes may both use 192.168.1.0/24).
    struct Placement {
        net::IpAddress ip;
        int network;
        std::string ptr;
        std::string who;
    };
    std::vector<Placement> placements;
    for (const NetworkDraft& d : nets) {
        if (!d.nat || !d.reached || d.parent_index < 0) continue;
        const std::string who = "NAT " + in_quotes(d.nat->name.value_or("?"));
        if (d.nat->outside) {
            placements.push_back({*d.nat->outside, d.parent_index,
                                  json_pointer_child(d.nat->ptr, std::string_view("outside")),
                                  who + " (outside)"});
        }
        if (d.nat->inside) {
            const int self = static_cast<int>(&d - nets.data());
            placements.push_back({*d.nat->inside, self,
                                  d.nat->inside_given
                                      ? json_pointer_child(d.nat->ptr, std::string_view("inside"))
                                      : d.nat->ptr,
                                  who + " (inside)"});
        }
    }
    for (const HostDraft& h : hosts) {
        if (h.network_index < 0 || !h.address ||
            !nets[static_cast<std::size_t>(h.network_index)].reached) {
            continue;
        }
        placements.push_back({*h.address, h.network_index,
                              json_pointer_child(h.ptr, std::string_view("address")),
                              "host " + in_quotes(h.name.value_or("?"))});
    }
    std::map<std::pair<int, net::IpAddress>, std::size_t> used;
    for (std::size_t k = 0; k < placements.size(); ++k) {
        const Placement& pl = placements[k];
        const NetworkDraft& n = nets[static_cast<std::size_t>(pl.network)];
        const auto [it, inserted] = used.emplace(std::pair(n.realm, pl.ip), k);
        if (!inserted) {
            const Placement& first = placements[it->second];
            doc.error(pl.ptr, pl.ip.to_string() + " is already the address of " + first.who +
                                  " (line " + std::to_string(doc.line(first.ptr)) +
                                  "); addresses must be unique where no translating NAT lies "
                                  "between them");
            continue;
        }
        // An address must not fall inside a network routed below it without translation.
        for (std::size_t m = 0; m < nets.size(); ++m) {
            const NetworkDraft& sub = nets[m];
            if (!sub.reached || !sub.cidr || sub.realm != n.realm ||
                !is_ancestor(nets, pl.network, static_cast<int>(m)) || !sub.cidr->contains(pl.ip)) {
                continue;
            }
            doc.error(pl.ptr, pl.ip.to_string() + " on " + in_quotes(n.name.value_or("?")) +
                                  " lies inside " + in_quotes(sub.name.value_or("?")) + " (" +
                                  sub.cidr->to_string() +
                                  "), which is reached from here without translation, so "
                                  "packets to it would go there; pick an address outside it");
            break;
        }
    }
    for (std::size_t i = 0; i < nets.size(); ++i) {
        for (std::size_t j = i + 1; j < nets.size(); ++j) {
            const NetworkDraft& a = nets[i];
            const NetworkDraft& b = nets[j];
            if (!a.reached || !b.reached || !a.cidr || !b.cidr || a.realm != b.realm) continue;
            if (a.cidr->base.family() != b.cidr->base.family() || !a.cidr->overlaps(*b.cidr)) {
                continue;
            }
            if (is_ancestor(nets, static_cast<int>(i), static_cast<int>(j)) ||
                is_ancestor(nets, static_cast<int>(j), static_cast<int>(i))) {
                continue;
            }
            doc.error(json_pointer_child(b.ptr, std::string_view("cidr")),
                      b.cidr->to_string() + " overlaps network " + in_quotes(a.name.value_or("?")) +
                          " (" + a.cidr->to_string() + ", line " + std::to_string(doc.line(a.ptr)) +
                          ") with no translating NAT between them; give them disjoint ranges, "
                          "or put one behind a NAT that translates");
        }
    }

    if (doc.diags->count() != errors_before) return std::nullopt;

    for (int i : order) {
        const NetworkDraft& d = nets[static_cast<std::size_t>(i)];
        NetworkSpec n;
        n.name = *d.name;
        n.cidr = *d.cidr;
        n.link = d.link;
        if (d.parent_index >= 0) {
            n.parent = *nets[static_cast<std::size_t>(d.parent_index)].name;
            NatSpec nat;
            nat.name = *d.nat->name;
            nat.outside = *d.nat->outside;
            nat.inside = *d.nat->inside;
            nat.config = *d.nat->config;
            n.nat = std::move(nat);
        }
        spec.networks.push_back(std::move(n));
    }
    for (HostDraft& h : hosts) {
        HostSpec s;
        s.name = *h.name;
        s.label = h.label.value_or(capitalised(*h.name));
        s.network = *h.network;
        s.address = *h.address;
        s.role = h.is_server ? HostRole::kServer : HostRole::kPeer;
        s.stun = h.stun;
        s.turn = h.turn;
        s.signaling = h.signaling;
        spec.hosts.push_back(std::move(s));
    }
    return spec;
}

// --- scenario ---------------------------------------------------------------------------------

const std::vector<std::string> kScenarioKeys = {
    "rtclab_scenario", "name",     "title", "description", "seed",  "duration_ms",
    "topology",        "peers",    "signaling", "script", "expect", "notes"};
const std::vector<std::string> kActions = {"stun-binding", "udp-send", "nat-reboot",
                                           "restart-ice",  "negotiate",  "link-down",
                                           "link-up",      "call",      "move-host"};
const std::vector<std::string> kRestartIceKeys = {"at_ms", "do", "peer"};
const std::vector<std::string> kLinkKeys = {"at_ms", "do", "network"};
const std::vector<std::string> kMoveHostKeys = {"at_ms", "do", "host", "network", "address"};
const std::vector<std::string> kCallKeys = {"at_ms", "do", "peer", "call", "type", "expect_error"};
const std::vector<std::string> kCalls = {"createOffer",          "createAnswer",
                                         "setLocalDescription",  "setRemoteDescription",
                                         "addIceCandidate",      "restartIce",
                                         "close"};
const std::vector<std::string> kDescriptionTypes = {"offer", "answer", "pranswer", "rollback"};
const std::vector<std::string> kErrorNames = {"InvalidStateError", "InvalidAccessError",
                                              "OperationError", "InvalidModificationError",
                                              "SyntaxError", "TypeError"};
const std::vector<std::string> kStunBindingKeys = {"at_ms", "do", "host", "server", "local_port"};
const std::vector<std::string> kUdpSendKeys = {"at_ms",      "do", "host",
                                               "local_port", "to", "payload"};
const std::vector<std::string> kNatRebootKeys = {"at_ms", "do", "nat"};
const std::vector<std::string> kAnyStepKeys = {
    "at_ms", "do",      "host", "server", "local_port", "to",          "payload",
    "nat",   "network", "peer", "call",   "type",       "expect_error", "address"};
const std::vector<std::string> kExpectKeys = {"what",   "event",  "count", "state",
                                              "equals", "exists", "after"};
const std::vector<std::string> kPredicateKeys = {"kind", "lanes", "detail"};
const std::vector<std::string> kCountKeys = {"min", "max"};

constexpr std::int64_t kMaxSeed = (std::int64_t{1} << 53) - 1;  // exact in a double (and in JS)
constexpr std::int64_t kMaxDurationMs = 3600000;
constexpr std::int64_t kDefaultDurationMs = 10000;
constexpr std::size_t kMaxPayloadBytes = 1200;  // fits one datagram on any path (no fragments)
constexpr std::int64_t kMaxCount = 1000000;

// What the topology offers to script steps and expectations, by name.
struct TopologyIndex {
    std::map<std::string, const HostSpec*> hosts;
    std::map<std::string, const NetworkSpec*> networks;
    std::vector<std::string> host_names;
    std::vector<std::string> peer_names;
    std::vector<std::string> stun_server_names;
    std::set<std::string> nats;
    std::vector<std::string> nat_names;
    std::vector<std::string> network_names;
    std::vector<std::string> lanes;

    explicit TopologyIndex(const TopologySpec& t) {
        for (const auto& n : t.networks) {
            network_names.push_back(n.name);
            networks[n.name] = &n;
        }
        for (const auto& h : t.hosts) {
            hosts[h.name] = &h;
            host_names.push_back(h.name);
            if (h.role == HostRole::kPeer) peer_names.push_back(h.name);
            if (h.stun) stun_server_names.push_back(h.name);
        }
        for (const auto& n : t.networks) {
            if (n.nat) {
                nats.insert(n.nat->name);
                nat_names.push_back(n.nat->name);
            }
        }
        lanes = scenario_lanes(t);
    }
};

// "kind": "stun.binding.success" or a prefix "stun.*": dot-separated words of letters, digits,
// '-' and '_', the last of which may be "*".
bool is_valid_event_kind(std::string_view k) {
    if (k.empty() || k.size() > 128) return false;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = k.find('.', start);
        const std::string_view word =
            k.substr(start, dot == std::string_view::npos ? k.npos : dot - start);
        if (word.empty()) return false;
        if (word == "*") return dot == std::string_view::npos && start > 0;
        for (char c : word) {
            // Upper case for the W3C method names: "pc.setLocalDescription".
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_')) {
                return false;
            }
        }
        if (dot == std::string_view::npos) return true;
        start = dot + 1;
    }
}

std::optional<EventPredicate> read_predicate(const Doc& doc, const json& obj,
                                             const std::string& ptr, const TopologyIndex* topo) {
    if (!obj.is_object()) {
        doc.error(ptr,
                  "expected an event predicate ({\"kind\": \"stun.binding.success\", "
                  "\"lanes\": [...]}), got " +
                      describe_value(obj));
        return std::nullopt;
    }
    const std::size_t before = doc.diags->count();
    check_keys(doc, obj, ptr, kPredicateKeys, "an event predicate");
    Fields f(doc, obj, ptr);
    EventPredicate p;
    if (auto kind = f.string("kind", true,
                             "an event kind such as \"stun.binding.success\", or "
                             "a prefix such as \"nat.*\"",
                             1024)) {
        if (!is_valid_event_kind(*kind)) {
            doc.error(f.at("kind"), in_quotes(*kind) +
                                        " is not an event kind: write an exact kind such as "
                                        "'stun.binding.success', or a prefix ending in '.*' such "
                                        "as 'nat.*'");
        }
        p.kind = *kind;
    }
    if (const json* lanes = f.array("lanes", false)) {
        for (std::size_t i = 0; i < lanes->size(); ++i) {
            const json& l = (*lanes)[i];
            const std::string lptr = json_pointer_child(f.at("lanes"), i);
            if (!l.is_string()) {
                doc.error(lptr, "expected a lane id (a string), got " + describe_value(l));
                continue;
            }
            const auto& lane = l.get_ref<const std::string&>();
            if (std::find(p.lanes.begin(), p.lanes.end(), lane) != p.lanes.end()) {
                doc.error(lptr, "lane " + in_quotes(lane) + " is listed twice; list it once");
                continue;
            }
            if (topo &&
                std::find(topo->lanes.begin(), topo->lanes.end(), lane) == topo->lanes.end()) {
                doc.error(lptr, "unknown lane " + in_quotes(lane) +
                                    did_you_mean(lane, topo->lanes) +
                                    "; lanes here: " + join(topo->lanes) +
                                    " (a peer has '<name>.app' and '<name>.agent', a server "
                                    "'<name>', a NAT '<name>')");
            }
            p.lanes.push_back(lane);
        }
    }
    if (const json* detail = f.object("detail", false)) p.detail = *detail;
    if (doc.diags->count() != before) return std::nullopt;
    return p;
}

std::optional<Expectation> read_expectation(const Doc& doc, const json& obj, const std::string& ptr,
                                            const TopologyIndex* topo) {
    check_keys(doc, obj, ptr, kExpectKeys, "an expectation");
    Fields f(doc, obj, ptr);
    const std::size_t before = doc.diags->count();
    Expectation e;
    e.line = doc.line(ptr);
    e.what =
        f.string("what", true, "a sentence saying what should happen, shown in the summary", 1024)
            .value_or("");
    if (f.has("what") && f.get("what")->is_string() && e.what.empty()) {
        doc.error(f.at("what"), "empty: say in a sentence what should happen");
    }
    const bool has_event = f.has("event");
    const bool has_state = f.has("state");
    if (has_event && has_state) {
        doc.error(ptr,
                  "give either 'event' (something happens) or 'state' (something holds), "
                  "not both; split it into two expectations");
        return std::nullopt;
    }
    if (!has_event && !has_state) {
        doc.error(ptr,
                  "missing 'event' or 'state': say which trace events to count, or which "
                  "state to check");
        return std::nullopt;
    }
    if (has_event) {
        for (const char* key : {"equals", "exists", "after"}) {
            if (f.has(key)) {
                doc.key_error(f.at(key), "'" + std::string(key) +
                                             "' belongs to a 'state' expectation, not an 'event' "
                                             "one; remove it");
            }
        }
        e.event = read_predicate(doc, *f.get("event"), f.at("event"), topo);
        if (const json* count = f.get("count")) {
            if (count->is_number()) {
                if (auto n = f.integer("count", 0, kMaxCount, false)) {
                    e.min_count = static_cast<int>(*n);
                    e.max_count = static_cast<int>(*n);
                }
            } else if (count->is_object()) {
                const std::string cptr = f.at("count");
                check_keys(doc, *count, cptr, kCountKeys, "a count");
                Fields c(doc, *count, cptr);
                if (count->empty()) {
                    doc.error(cptr, "give 'min', 'max' or both (or a number for an exact count)");
                }
                auto lo = c.integer("min", 0, kMaxCount, false);
                auto hi = c.integer("max", 0, kMaxCount, false);
                if (lo) e.min_count = static_cast<int>(*lo);
                if (hi) e.max_count = static_cast<int>(*hi);
                if (hi && (!c.has("min") || lo) && *hi < e.min_count) {
                    doc.error(cptr, "max " + std::to_string(*hi) + " is below min " +
                                        std::to_string(e.min_count) +
                                        (c.has("min") ? "" : " (the default)") +
                                        "; for 'never' write \"count\": 0");
                }
            } else {
                f.wrong_type("count",
                             "a number (exactly that many) or {\"min\": ..., \"max\": ...}");
            }
        }
    } else {
        if (f.has("count")) {
            doc.key_error(f.at("count"),
                          "'count' belongs to an 'event' expectation; a 'state' "
                          "expectation checks 'equals' or 'exists'");
        }
        if (auto path = f.string("state", false, {}, 1024)) {
            if (!is_valid_json_pointer(*path)) {
                doc.error(f.at("state"),
                          in_quotes(*path) +
                              " is not a JSON pointer (RFC 6901): it starts with '/' "
                              "and writes '~' as '~0' and '/' inside a name as '~1'");
            } else if (topo) {
                // The state document's well-known roots name hosts and NATs: check the names.
                const auto check_root = [&](std::string_view root,
                                            const std::vector<std::string>& known,
                                            std::string_view what) {
                    if (path->rfind(root, 0) != 0) return;
                    std::string_view rest = std::string_view(*path).substr(root.size());
                    const std::string name(rest.substr(0, rest.find('/')));
                    if (std::find(known.begin(), known.end(), name) == known.end()) {
                        doc.error(f.at("state"), "unknown " + std::string(what) + " " +
                                                     in_quotes(name) + " in the state path" +
                                                     did_you_mean(name, known) + "; " +
                                                     std::string(what) + "s here: " + join(known));
                    }
                };
                check_root("/hosts/", topo->host_names, "host");
                check_root("/nats/", topo->nat_names, "NAT");
            }
            e.state_path = *path;
        }
        const bool has_equals = f.has("equals");
        const bool has_exists = f.has("exists");
        if (has_equals == has_exists) {
            doc.error(ptr, has_equals ? "give 'equals' or 'exists', not both"
                                      : "missing 'equals' (the value expected at the state path) "
                                        "or 'exists' (true or false)");
        } else if (has_equals) {
            e.equals = *f.get("equals");
        } else {
            e.exists = f.boolean("exists", false);
        }
        if (const json* after = f.get("after")) {
            e.after = read_predicate(doc, *after, f.at("after"), topo);
        }
    }
    if (doc.diags->count() != before) return std::nullopt;
    return e;
}

struct StepContext {
    const TopologyIndex* topo = nullptr;  // null when the topology did not load
    std::optional<std::int64_t> duration_ms;
    std::vector<std::string> peers;  // hosts with a PeerConnection ("peers")
    bool peers_known = false;        // false when "peers" did not load
};

std::optional<std::string> read_peer_ref(const Doc& doc, const Fields& f, const StepContext& ctx) {
    auto name = f.string("peer", true, "the peer (from \"peers\") that acts", 1024);
    if (!name || !ctx.peers_known) return name;
    if (std::find(ctx.peers.begin(), ctx.peers.end(), *name) == ctx.peers.end()) {
        doc.error(f.at("peer"), "unknown peer " + in_quotes(*name) + did_you_mean(*name, ctx.peers) +
                                    "; peers with a PeerConnection here: " +
                                    (ctx.peers.empty() ? std::string("none (add \"peers\")")
                                                       : join(ctx.peers)));
        return std::nullopt;
    }
    return name;
}

std::optional<std::string> read_host_ref(const Doc& doc, const Fields& f, const char* key,
                                         const StepContext& ctx, bool must_serve_stun) {
    auto name =
        f.string(key, true,
                 must_serve_stun ? "a host with a STUN service" : "the peer host that acts", 1024);
    if (!name || !ctx.topo) return name;
    const auto it = ctx.topo->hosts.find(*name);
    if (it == ctx.topo->hosts.end()) {
        doc.error(f.at(key), "unknown host " + in_quotes(*name) +
                                 did_you_mean(*name, ctx.topo->host_names) +
                                 "; hosts here: " + join(ctx.topo->host_names));
        return std::nullopt;
    }
    if (must_serve_stun && !it->second->stun) {
        doc.error(f.at(key), "host " + in_quotes(*name) + " runs no STUN service; servers here: " +
                                 (ctx.topo->stun_server_names.empty()
                                      ? std::string("none (give a host a \"stun\": {} object)")
                                      : join(ctx.topo->stun_server_names)));
        return std::nullopt;
    }
    if (!must_serve_stun && it->second->role != HostRole::kPeer) {
        doc.error(f.at(key), "host " + in_quotes(*name) +
                                 " is a server (it has a \"stun\" service); script steps drive "
                                 "peers: " +
                                 join(ctx.topo->peer_names));
        return std::nullopt;
    }
    return name;
}

// "move-host": the host must be a peer, the network known, and the address one the network
// can give it (inside its prefix, of the host's family, not the NAT's or another host's).
MoveHostAction read_move_host(const Doc& doc, const Fields& f, const StepContext& ctx) {
    MoveHostAction a;
    const auto host = read_host_ref(doc, f, "host", ctx, false);
    a.host = host.value_or("");
    const NetworkSpec* net = nullptr;
    if (auto n = f.string("network", true, "the network the host joins", 1024)) {
        a.network = *n;
        if (ctx.topo) {
            const auto it = ctx.topo->networks.find(*n);
            if (it == ctx.topo->networks.end()) {
                doc.error(f.at("network"), "unknown network " + in_quotes(*n) +
                                               did_you_mean(*n, ctx.topo->network_names) +
                                               "; networks here: " + join(ctx.topo->network_names));
            } else {
                net = it->second;
            }
        }
    }
    auto text = f.string("address", true, "the host's address on its new network, e.g. \"10.0.0.7\"", 256);
    if (!text) return a;
    auto ip = has_control_character(*text) ? net::Result<net::IpAddress>(net::make_error("control character"))
                                           : net::IpAddress::parse(*text);
    if (!ip) {
        doc.error(f.at("address"), "invalid address " + in_quotes(printable(*text, 200)) + ": " +
                                       printable(ip.error().message, 200));
        return a;
    }
    a.address = *ip;
    if (!net || !ctx.topo) return a;
    if (host) {
        const HostSpec& h = *ctx.topo->hosts.at(*host);
        if (h.address.family() != ip->family()) {
            doc.error(f.at("address"), "host " + in_quotes(*host) + " has an " + family_name(h.address) +
                                           " address; give it an " + family_name(h.address) +
                                           " address on " + in_quotes(net->name));
            return a;
        }
        if (h.network == net->name && h.address == *ip) {
            doc.error(f.at("address"), "host " + in_quotes(*host) + " is already at " + ip->to_string() +
                                           " on " + in_quotes(net->name) + "; give another network or address");
            return a;
        }
    }
    if (!net->cidr.contains(*ip)) {
        doc.error(f.at("address"), ip->to_string() + " is not inside " + in_quotes(net->name) + " (" +
                                       net->cidr.to_string() + "); give an address in that prefix");
        return a;
    }
    if (*ip == net->cidr.base) {
        doc.error(f.at("address"), ip->to_string() + " is the network address of " + in_quotes(net->name) +
                                       " and names the whole network; pick a host address");
        return a;
    }
    if (net->nat && (net->nat->inside == *ip)) {
        doc.error(f.at("address"), ip->to_string() + " is the inside address of " + in_quotes(net->nat->name) +
                                       "; give the host another address");
        return a;
    }
    for (const auto& [name, other] : ctx.topo->hosts) {
        if (other->network == net->name && other->address == *ip && (!host || name != *host)) {
            doc.error(f.at("address"), ip->to_string() + " on " + in_quotes(net->name) +
                                           " belongs to host " + in_quotes(name) + "; give a free address");
        }
    }
    return a;
}

std::optional<ScriptStep> read_step(const Doc& doc, const json& obj, const std::string& ptr,
                                    const StepContext& ctx) {
    Fields f(doc, obj, ptr);
    const std::size_t before = doc.diags->count();
    ScriptStep step;
    step.line = doc.line(ptr);
    auto action = f.string("do", true, "one of: " + join(kActions), 256);
    if (action && std::find(kActions.begin(), kActions.end(), *action) == kActions.end()) {
        doc.error(f.at("do"), unknown_word("action", *action, kActions));
        action.reset();
    }
    if (!action) {
        check_keys(doc, obj, ptr, kAnyStepKeys, "a script step");
    } else if (*action == "stun-binding") {
        check_keys(doc, obj, ptr, kStunBindingKeys, "a 'stun-binding' step");
    } else if (*action == "udp-send") {
        check_keys(doc, obj, ptr, kUdpSendKeys, "a 'udp-send' step");
    } else if (*action == "restart-ice" || *action == "negotiate") {
        check_keys(doc, obj, ptr, kRestartIceKeys, "a '" + *action + "' step");
    } else if (*action == "link-down" || *action == "link-up") {
        check_keys(doc, obj, ptr, kLinkKeys, "a '" + *action + "' step");
    } else if (*action == "call") {
        check_keys(doc, obj, ptr, kCallKeys, "a 'call' step");
    } else if (*action == "move-host") {
        check_keys(doc, obj, ptr, kMoveHostKeys, "a 'move-host' step");
    } else {
        check_keys(doc, obj, ptr, kNatRebootKeys, "a 'nat-reboot' step");
    }

    if (auto at =
            f.integer("at_ms", 0, kMaxDurationMs, true, "when it happens, in ms from the start")) {
        if (ctx.duration_ms && *at > *ctx.duration_ms) {
            doc.error(f.at("at_ms"), "at " + std::to_string(*at) +
                                         " ms the run is over (duration_ms is " +
                                         std::to_string(*ctx.duration_ms) +
                                         "); move the step earlier or lengthen duration_ms");
        }
        step.at = net::Duration::millis(*at);
    }
    if (!action) return std::nullopt;

    const auto local_port = [&]() -> std::uint16_t {
        return static_cast<std::uint16_t>(f.integer("local_port", 1, 65535, false).value_or(5000));
    };
    if (*action == "stun-binding") {
        StunBindingAction a;
        a.host = read_host_ref(doc, f, "host", ctx, false).value_or("");
        a.server = read_host_ref(doc, f, "server", ctx, true).value_or("");
        a.local_port = local_port();
        step.action = a;
    } else if (*action == "udp-send") {
        UdpSendAction a;
        auto host = read_host_ref(doc, f, "host", ctx, false);
        a.host = host.value_or("");
        a.local_port = local_port();
        if (auto to = f.string("to", true, "where to, as \"ip:port\" or \"[v6]:port\"", 256)) {
            auto ta = has_control_character(*to)
                          ? net::Result<net::TransportAddress>(net::make_error("control character"))
                          : net::TransportAddress::parse(*to);
            if (!ta) {
                doc.error(f.at("to"), "invalid destination " + in_quotes(*to) + ": " +
                                          printable(ta.error().message, 200));
            } else if (ta->port == 0) {
                doc.error(f.at("to"), "port 0 cannot be sent to; give a port 1-65535");
            } else {
                a.to = *ta;
                if (host && ctx.topo) {
                    const HostSpec& h = *ctx.topo->hosts.at(*host);
                    if (h.address.family() != ta->ip.family()) {
                        doc.error(f.at("to"), "host " + in_quotes(*host) + " has an " +
                                                  family_name(h.address) +
                                                  " address and cannot send to " +
                                                  family_name(ta->ip) + " " + ta->ip.to_string());
                    }
                }
            }
        }
        a.payload = f.string("payload", false, {}, kMaxPayloadBytes).value_or("");
        step.action = a;
    } else if (*action == "restart-ice") {
        step.action = RestartIceAction{read_peer_ref(doc, f, ctx).value_or("")};
    } else if (*action == "negotiate") {
        step.action = RenegotiateAction{read_peer_ref(doc, f, ctx).value_or("")};
    } else if (*action == "link-down" || *action == "link-up") {
        LinkAction a;
        a.up = *action == "link-up";
        if (auto n = f.string("network", true, "the network whose link goes down or up", 1024)) {
            if (ctx.topo && std::find(ctx.topo->network_names.begin(),
                                      ctx.topo->network_names.end(),
                                      *n) == ctx.topo->network_names.end()) {
                doc.error(f.at("network"), "unknown network " + in_quotes(*n) +
                                               did_you_mean(*n, ctx.topo->network_names) +
                                               "; networks here: " + join(ctx.topo->network_names));
            }
            a.network = *n;
        }
        step.action = a;
    } else if (*action == "move-host") {
        step.action = read_move_host(doc, f, ctx);
    } else if (*action == "call") {
        PeerCallAction a;
        a.peer = read_peer_ref(doc, f, ctx).value_or("");
        if (auto c = f.string("call", true, "the PeerConnection method, e.g. \"setLocalDescription\"",
                              256)) {
            if (std::find(kCalls.begin(), kCalls.end(), *c) == kCalls.end()) {
                doc.error(f.at("call"), unknown_word("call", *c, kCalls));
            }
            a.call = *c;
        }
        if (auto t = f.string("type", false, {}, 64)) {
            if (a.call != "setLocalDescription" && a.call != "setRemoteDescription") {
                doc.key_error(f.at("type"), "'type' is for setLocalDescription and "
                                            "setRemoteDescription; remove it");
            } else if (std::find(kDescriptionTypes.begin(), kDescriptionTypes.end(), *t) ==
                       kDescriptionTypes.end()) {
                doc.error(f.at("type"), unknown_word("description type", *t, kDescriptionTypes));
            }
            a.type = *t;
        }
        if (const json* e = f.get("expect_error")) {
            if (e->is_null()) {
                a.expect_error = "";  // expected to succeed
            } else if (auto name = f.string("expect_error", false, {}, 64)) {
                if (std::find(kErrorNames.begin(), kErrorNames.end(), *name) == kErrorNames.end()) {
                    doc.error(f.at("expect_error"),
                              unknown_word("error name", *name, kErrorNames) +
                                  " (or null: the call succeeds)");
                }
                a.expect_error = *name;
            }
        }
        step.action = a;
    } else {
        NatRebootAction a;
        if (auto nat = f.string("nat", true, "the name of the NAT that reboots", 1024)) {
            if (ctx.topo && !ctx.topo->nats.count(*nat)) {
                doc.error(f.at("nat"),
                          "unknown NAT " + in_quotes(*nat) +
                              did_you_mean(*nat, ctx.topo->nat_names) + "; NATs here: " +
                              (ctx.topo->nat_names.empty() ? std::string("none")
                                                           : join(ctx.topo->nat_names)));
            }
            a.nat = *nat;
        }
        step.action = a;
    }
    if (doc.diags->count() != before) return std::nullopt;
    return step;
}

// A scripted call with "expect_error" is also an expectation: the call's trace event says
// whether it went as expected.
Expectation call_expectation(const ScriptStep& step, const PeerCallAction& call) {
    Expectation e;
    e.line = step.line;
    const std::string args =
        call.type.empty() ? "" : (call.type == "rollback" ? "{type: rollback}" : call.type);
    e.what = call.peer + "'s " + call.call + "(" + args + ") at " +
             std::to_string(step.at.us / 1000) + " ms " +
             (call.expect_error->empty() ? std::string("succeeds")
                                         : "fails with " + *call.expect_error);
    EventPredicate p;
    p.kind = "pc." + call.call;
    p.lanes = {call.peer + ".app"};
    p.detail = {{"script_line", step.line}, {"as_expected", true}};
    e.event = p;
    e.min_count = 1;
    e.max_count = 1;
    return e;
}

// --- files ------------------------------------------------------------------------------------

net::Result<std::string> read_text_file(const std::string& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        return net::make_error("cannot read the file: " +
                               (ec ? ec.message() : std::string("No such file or directory")));
    }
    if (fs::is_directory(status)) return net::make_error("cannot read the file: it is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) return net::make_error("cannot open the file for reading");
    std::string text;
    char buf[65536];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        text.append(buf, static_cast<std::size_t>(in.gcount()));
        if (text.size() > kMaxFileBytes) {
            return net::make_error("the file is larger than " +
                                   std::to_string(kMaxFileBytes / (1024 * 1024)) +
                                   " MiB; is this really an rtclab file?");
        }
    }
    if (in.bad()) return net::make_error("reading the file failed");
    return text;
}

// Parses one document and reports problems of the text itself. Returns whether `value`
// holds an object that is worth validating further.
bool parse_document(const Doc& doc, const ParsedJson& parsed) {
    for (const auto& e : parsed.errors) {
        doc.diags->add(doc.order, doc.file, e.line, e.pointer, e.message);
    }
    if (!parsed.syntax_ok) return false;
    if (!parsed.value.is_object()) {
        doc.error(
            "", "the top level must be a JSON object ({...}), not " + describe_value(parsed.value));
        return false;
    }
    return true;
}

// "version": checks the format marker; false when the rest is not worth reading.
bool check_version(const Doc& doc, const json& root, const char* key, int supported,
                   std::string_view hint) {
    Fields f(doc, root, "");
    const json* v = f.get(key);
    if (!v) {
        f.missing(key, hint);
        return true;  // carry on: the rest may well be right
    }
    if (!v->is_number()) {
        f.wrong_type(key, "the format version number " + std::to_string(supported));
        return true;
    }
    if (v->get<double>() != static_cast<double>(supported)) {
        doc.error(f.at(key), "format version " + printable(v->dump(), 40) +
                                 " is not one this rtclab reads; it reads version " +
                                 std::to_string(supported) +
                                 " (update rtclab, or write the file for version " +
                                 std::to_string(supported) + ")");
        return false;
    }
    return true;
}

class Loader {
  public:
    Diagnostics diags;

    std::optional<TopologySpec> topology_document(const std::string& file, int order,
                                                  std::string_view text) {
        const std::size_t before = diags.count();
        ParsedJson parsed = parse_json_text(text);
        Doc doc{file, order, &parsed.map, &diags};
        if (!parse_document(doc, parsed)) return std::nullopt;
        auto t = topology(doc, parsed.value);
        if (diags.count() != before) return std::nullopt;  // e.g. duplicate keys
        return t;
    }

    std::optional<TopologySpec> topology(const Doc& doc, const json& root) {
        const std::size_t before = diags.count();
        if (!check_version(doc, root, "rtclab_topology", kTopologyFormatVersion,
                           "a topology file starts with \"rtclab_topology\": 1")) {
            return std::nullopt;
        }
        auto t = read_topology(doc, root, "", true, "");
        if (diags.count() != before) return std::nullopt;
        return t;
    }

    std::optional<Scenario> scenario_document(const std::string& file, std::string_view text,
                                              const std::string& base_dir) {
        ParsedJson parsed = parse_json_text(text);
        Doc doc{file, 0, &parsed.map, &diags};
        if (!parse_document(doc, parsed)) return std::nullopt;
        return scenario(doc, parsed.value, base_dir);
    }

    std::optional<Scenario> scenario(const Doc& doc, const json& root,
                                     const std::string& base_dir) {
        if (!check_version(doc, root, "rtclab_scenario", kScenarioFormatVersion,
                           "a scenario file starts with \"rtclab_scenario\": 1")) {
            return std::nullopt;
        }
        check_keys(doc, root, "", kScenarioKeys, "a scenario");
        Fields f(doc, root, "");
        Scenario s;
        s.file = doc.file;
        s.name = f.name("name", true, "e.g. \"classroom\"").value_or("");
        s.title = f.string("title", false, {}, 1024).value_or(s.name);
        s.description = f.string("description", false, {}, 65536).value_or("");
        if (auto seed = f.integer("seed", 0, kMaxSeed, false))
            s.seed = static_cast<std::uint64_t>(*seed);
        StepContext ctx;
        ctx.duration_ms = f.has("duration_ms") ? f.integer("duration_ms", 1, kMaxDurationMs, false)
                                               : std::optional<std::int64_t>(kDefaultDurationMs);
        if (ctx.duration_ms) s.duration = net::Duration::millis(*ctx.duration_ms);

        // The topology: a file next to the scenario, or inline.
        std::optional<TopologySpec> topology;
        if (const json* t = f.get("topology")) {
            if (t->is_string()) {
                topology = topology_file(doc, f.at("topology"), t->get_ref<const std::string&>(),
                                         base_dir);
            } else if (t->is_object()) {
                topology = read_topology(doc, *t, f.at("topology"), false,
                                         s.name.empty() ? "inline" : s.name);
            } else {
                f.wrong_type("topology",
                             "a topology file name (a string) or an inline topology "
                             "object");
            }
        } else {
            f.missing("topology",
                      "a topology file such as \"topologies/two-homes.json\", or an "
                      "inline topology object");
        }
        std::optional<TopologyIndex> index;
        if (topology) index.emplace(*topology);
        ctx.topo = index ? &*index : nullptr;

        const TopologySpec* topo_spec = topology ? &*topology : nullptr;
        ctx.peers_known = true;
        if (const json* peers = f.get("peers")) {
            if (auto p = read_peers(doc, *peers, f.at("peers"), topo_spec)) {
                s.peers = std::move(*p);
                for (const auto& peer : s.peers) ctx.peers.push_back(peer.host);
            } else {
                ctx.peers_known = false;
            }
        }
        if (const json* sig = f.get("signaling")) {
            s.signaling = read_signaling(doc, *sig, f.at("signaling"), topo_spec).value_or("");
        } else if (std::any_of(s.peers.begin(), s.peers.end(),
                               [](const PeerSpec& p) { return p.negotiate; })) {
            f.missing("signaling", "the host whose signaling service relays the peers' offers, "
                                   "answers and candidates");
        }

        if (const json* script = f.array("script", false)) {
            if (too_many(doc, *script, f.at("script"), kMaxScriptSteps, "script steps")) {
                script = nullptr;
            }
            for (std::size_t i = 0; script && i < script->size(); ++i) {
                const std::string sptr = json_pointer_child(f.at("script"), i);
                const json& step = (*script)[i];
                if (!step.is_object()) {
                    doc.error(sptr, "expected a script step ({\"at_ms\": ..., \"do\": ...}), got " +
                                        describe_value(step));
                    continue;
                }
                if (auto st = read_step(doc, step, sptr, ctx)) {
                    if (auto* call = std::get_if<PeerCallAction>(&st->action)) {
                        call->line = st->line;
                        if (call->expect_error) s.expectations.push_back(call_expectation(*st, *call));
                    }
                    s.script.push_back(std::move(*st));
                }
            }
        }
        if (const json* expect = f.array("expect", false)) {
            if (too_many(doc, *expect, f.at("expect"), kMaxExpectations, "expectations")) {
                expect = nullptr;
            }
            for (std::size_t i = 0; expect && i < expect->size(); ++i) {
                const std::string eptr = json_pointer_child(f.at("expect"), i);
                const json& e = (*expect)[i];
                if (!e.is_object()) {
                    doc.error(eptr,
                              "expected an expectation ({\"what\": ..., \"event\": ...}), got " +
                                  describe_value(e));
                    continue;
                }
                if (auto ex = read_expectation(doc, e, eptr, ctx.topo)) {
                    s.expectations.push_back(std::move(*ex));
                }
            }
        }
        if (const json* notes = f.object("notes", false, {})) s.notes = *notes;

        if (diags.count() != 0 || !topology) return std::nullopt;
        s.topology = std::move(*topology);
        return s;
    }

  private:
    std::optional<TopologySpec> topology_file(const Doc& doc, const std::string& ptr,
                                              const std::string& name,
                                              const std::string& base_dir) {
        if (name.empty() || has_control_character(name)) {
            doc.error(ptr, "expected a topology file name such as \"topologies/two-homes.json\"");
            return std::nullopt;
        }
        const fs::path resolved = (fs::path(base_dir) / fs::path(name)).lexically_normal();
        const std::string file = resolved.string();
        auto text = read_text_file(file);
        if (!text) {
            doc.error(ptr, "topology file " + in_quotes(name) +
                               " (resolved against the "
                               "scenario's folder to " +
                               in_quotes(file) + "): " + text.error().message);
            return std::nullopt;
        }
        return topology_document(file, 1, *text);
    }
};

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string describe_topology(const TopologySpec& t) {
    std::size_t nats = 0;
    for (const auto& n : t.networks)
        nats += n.nat ? 1 : 0;
    std::size_t servers = 0;
    for (const auto& h : t.hosts)
        servers += h.role == HostRole::kServer ? 1 : 0;
    return plural(t.networks.size(), "network", "networks") + ", " + plural(nats, "NAT", "NATs") +
           ", " + plural(t.hosts.size(), "host", "hosts") + " (" +
           plural(t.hosts.size() - servers, "peer", "peers") + ", " +
           plural(servers, "server", "servers") + ")";
}

}  // namespace

std::vector<std::string> scenario_lanes(const TopologySpec& topology) {
    std::vector<std::string> lanes;
    for (const auto& h : topology.hosts) {
        if (h.role == HostRole::kPeer) {
            lanes.push_back(h.name + ".app");
            lanes.push_back(h.name + ".agent");
        } else {
            lanes.push_back(h.name);
        }
    }
    for (const auto& n : topology.networks) {
        if (n.nat) lanes.push_back(n.nat->name);
    }
    return lanes;
}

net::Result<Scenario> load_scenario_text(std::string_view text,
                                         const std::string& file_for_messages,
                                         const std::string& base_dir) {
    Loader loader;
    auto s = loader.scenario_document(file_for_messages, text, base_dir);
    if (!s || loader.diags.count() != 0) return loader.diags.error();
    return std::move(*s);
}

net::Result<Scenario> load_scenario_file(const std::string& path) {
    auto text = read_text_file(path);
    if (!text) return net::make_error(path + ": " + text.error().message);
    return load_scenario_text(*text, path, fs::path(path).parent_path().string());
}

net::Result<TopologySpec> load_topology_file(const std::string& path) {
    auto text = read_text_file(path);
    if (!text) return net::make_error(path + ": " + text.error().message);
    Loader loader;
    auto t = loader.topology_document(path, 0, *text);
    if (!t || loader.diags.count() != 0) return loader.diags.error();
    return std::move(*t);
}

net::Result<std::string> check_file(const std::string& path) {
    auto text = read_text_file(path);
    if (!text) return net::make_error(path + ": " + text.error().message);
    // Peek at the markers; the loaders then parse and report everything else.
    ParsedJson parsed = parse_json_text(*text);
    Loader loader;
    Doc doc{path, 0, &parsed.map, &loader.diags};
    if (!parse_document(doc, parsed)) return loader.diags.error();
    const bool scenario = parsed.value.contains("rtclab_scenario");
    const bool topology = parsed.value.contains("rtclab_topology");
    if (scenario && topology) {
        doc.key_error("/rtclab_topology",
                      "a file is a scenario or a topology, not both: remove "
                      "'rtclab_scenario' or 'rtclab_topology'");
        return loader.diags.error();
    }
    if (scenario) {
        auto s = loader.scenario(doc, parsed.value, fs::path(path).parent_path().string());
        if (!s || loader.diags.count() != 0) return loader.diags.error();
        return "scenario " + in_quotes(s->name) + ": " + describe_topology(s->topology) + ", " +
               plural(s->script.size(), "script step", "script steps") + ", " +
               plural(s->expectations.size(), "expectation", "expectations");
    }
    if (topology) {
        auto t = loader.topology(doc, parsed.value);
        if (!t || loader.diags.count() != 0) return loader.diags.error();
        return "topology " + in_quotes(t->name) + ": " + describe_topology(*t);
    }
    doc.error("",
              "not an rtclab file: a scenario starts with \"rtclab_scenario\": 1, a topology "
              "with \"rtclab_topology\": 1");
    return loader.diags.error();
}

}  // namespace rtclab::sim
