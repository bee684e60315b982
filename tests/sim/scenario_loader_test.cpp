// Tests for the scenario and topology loader: the shipped lessons load, every rule of the format
// holds, and every file of the bad-input corpus (tests/data/loader/bad) gets its exact first
// diagnostic, "FILE:LINE: /pointer: message", and nothing else happens.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/json_source_map.h"
#include "sim/scenario_loader.h"

using namespace rtclab::sim;
using rtclab::net::Duration;
using rtclab::net::IpAddress;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string kSource = RTCLAB_SOURCE_DIR;
const std::string kData = kSource + "/tests/data/loader/";
const std::string kScenarios = kSource + "/scenarios/";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        out.push_back(line);
    return out;
}

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Loads `text` as a scenario that must fail; returns all its diagnostics.
std::string scenario_errors(const std::string& text, const std::string& base_dir = kData) {
    auto r = load_scenario_text(text, "test.json", base_dir);
    REQUIRE_FALSE(r.ok());
    return r.error().message;
}

Scenario scenario_ok(const std::string& text, const std::string& base_dir = kData) {
    auto r = load_scenario_text(text, "test.json", base_dir);
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    return std::move(r).value();
}

// A scenario around an inline topology, for the topology rules.
std::string with_topology(const std::string& topology, const std::string& rest = "") {
    return "{\"rtclab_scenario\": 1, \"name\": \"t\", \"topology\": " + topology + rest + "}";
}

const NetworkSpec& network(const TopologySpec& t, const std::string& name) {
    const auto it = std::find_if(t.networks.begin(), t.networks.end(),
                                 [&](const NetworkSpec& n) { return n.name == name; });
    REQUIRE(it != t.networks.end());
    return *it;
}

}  // namespace

// --- the shipped files ------------------------------------------------------------------------

TEST_CASE("loader: the shipped who-am-i scenario loads whole", "[scenario_loader]") {
    auto r = load_scenario_file(kScenarios + "who-am-i.json");
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    const Scenario& s = *r;
    CHECK(s.name == "who-am-i");
    CHECK(s.file == kScenarios + "who-am-i.json");
    CHECK(s.seed == 1);
    CHECK(s.duration == Duration::millis(5000));
    CHECK(s.notes.contains("intro"));

    const TopologySpec& t = s.topology;
    CHECK(t.name == "two-homes");
    REQUIRE(t.networks.size() == 3);
    CHECK(t.networks[0].name == "internet");
    CHECK(t.networks[0].parent.empty());
    CHECK_FALSE(t.networks[0].nat);
    CHECK(t.networks[0].link.latency == Duration::millis(20));
    CHECK(t.networks[0].link.jitter == Duration::millis(2));
    // Both homes use 192.168.1.0/24, each behind its own translating NAT.
    const NetworkSpec& a = network(t, "home-a");
    const NetworkSpec& b = network(t, "home-b");
    CHECK(a.cidr.to_string() == "192.168.1.0/24");
    CHECK(b.cidr.to_string() == "192.168.1.0/24");
    REQUIRE(a.nat);
    REQUIRE(b.nat);
    CHECK(a.nat->name == "nat-a");
    CHECK(a.nat->config.preset == "port-restricted-cone");
    CHECK(a.nat->outside.to_string() == "203.0.113.10");
    CHECK(a.nat->inside.to_string() == "192.168.1.1");
    CHECK(b.nat->name == "nat-b");
    CHECK(b.nat->config.preset == "symmetric");
    CHECK(b.nat->config.mapping == Behavior::kAddressAndPortDependent);
    CHECK(b.nat->outside.to_string() == "198.51.100.20");

    REQUIRE(t.hosts.size() == 4);
    CHECK(t.hosts[0].name == "alice");
    CHECK(t.hosts[0].label == "Alice");
    CHECK(t.hosts[0].role == HostRole::kPeer);
    CHECK(t.hosts[0].address.to_string() == "192.168.1.10");
    CHECK(t.hosts[1].address.to_string() == "192.168.1.20");
    CHECK(t.hosts[2].name == "stun");
    CHECK(t.hosts[2].role == HostRole::kServer);
    REQUIRE(t.hosts[2].stun);
    CHECK(t.hosts[2].stun->port == 3478);
    CHECK(t.hosts[3].name == "stun2");
    CHECK(t.hosts[3].address.to_string() == "198.51.100.1");

    REQUIRE(s.script.size() == 4);
    const auto& first = std::get<StunBindingAction>(s.script[0].action);
    CHECK(first.host == "alice");
    CHECK(first.server == "stun");
    CHECK(first.local_port == 5000);
    CHECK(s.script[0].at == Duration::millis(10));
    CHECK(s.script[0].line == 10);
    CHECK(std::get<StunBindingAction>(s.script[2].action).server == "stun2");
    const auto& hello = std::get<UdpSendAction>(s.script[3].action);
    CHECK(hello.host == "bob");
    CHECK(hello.to.to_string() == "203.0.113.10:5000");
    CHECK(hello.payload == "hello");
    CHECK(s.script[3].at == Duration::millis(1000));

    REQUIRE(s.expectations.size() == 7);
    CHECK(s.expectations[0].event->kind == "stun.binding.success");
    CHECK(s.expectations[0].event->lanes == std::vector<std::string>{"alice.agent"});
    CHECK(s.expectations[0].min_count == 1);
    CHECK_FALSE(s.expectations[0].max_count);
    CHECK(s.expectations[1].min_count == 2);
    CHECK(s.expectations[1].max_count == 2);
    CHECK(s.expectations[3].min_count == 2);
    CHECK_FALSE(s.expectations[3].max_count);
    CHECK(s.expectations[4].state_path == "/hosts/alice/reflexive/5000");
    CHECK(s.expectations[4].equals == json("203.0.113.10:5000"));
    CHECK(s.expectations[5].exists == true);
    REQUIRE(s.expectations[5].after);
    CHECK(s.expectations[5].after->kind == "stun.binding.success");
    CHECK(s.expectations[6].event->kind == "nat.drop");
    CHECK(s.expectations[6].line > s.expectations[5].line);
}

TEST_CASE("loader: check_file describes scenarios and topologies in one line",
          "[scenario_loader]") {
    auto s = check_file(kScenarios + "who-am-i.json");
    REQUIRE(s.ok());
    CHECK(*s ==
          "scenario 'who-am-i': 3 networks, 2 NATs, 4 hosts (2 peers, 2 servers), "
          "4 script steps, 7 expectations");
    auto t = check_file(kScenarios + "topologies/two-homes.json");
    REQUIRE(t.ok());
    CHECK(*t == "topology 'two-homes': 3 networks, 2 NATs, 4 hosts (2 peers, 2 servers)");
    auto topo = load_topology_file(kScenarios + "topologies/two-homes.json");
    REQUIRE(topo.ok());
    CHECK(topo->hosts.size() == 4);
}

TEST_CASE("loader: every shipped scenario and topology loads", "[scenario_loader]") {
    for (const auto& entry : fs::directory_iterator(kScenarios)) {
        if (entry.path().extension() != ".json") continue;
        auto r = check_file(entry.path().string());
        INFO(entry.path().string() << ": " << (r.ok() ? *r : r.error().message));
        CHECK(r.ok());
    }
    for (const auto& entry : fs::directory_iterator(kScenarios + "topologies")) {
        auto r = load_topology_file(entry.path().string());
        INFO(entry.path().string() << ": " << (r.ok() ? std::string() : r.error().message));
        CHECK(r.ok());
    }
}

// --- the bad-input corpus ---------------------------------------------------------------------

namespace {

enum Loader { kScenario, kTopology, kCheck };

struct BadFile {
    const char* path;      // under tests/data/loader/
    Loader loader;         // load_scenario_file, load_topology_file or check_file
    const char* reported;  // the file the diagnostic names, when not `path` itself
    int line;
    const char* pointer;
    std::vector<const char*> words;  // the message contains each
};

// One concept per file; the first diagnostic each must give.
// clang-format off
const std::vector<BadFile> kBadFiles = {
    {"bad/scenario/at-after-end.json", kScenario, "", 7, "/script/0/at_ms", {"at 1500 ms the run is over"}},
    {"bad/scenario/duplicate-key.json", kScenario, "", 5, "/seed", {"duplicate key"}},
    {"bad/scenario/duration-zero.json", kScenario, "", 4, "/duration_ms", {"must be between 1 and 3600000, got 0"}},
    {"bad/scenario/expect-after-unknown-lane.json", kScenario, "", 10, "/expect/0/after/lanes/0", {"unknown lane 'alice.agnet'", "did you mean 'alice.agent'?"}},
    {"bad/scenario/expect-bad-kind.json", kScenario, "", 9, "/expect/0/event/kind", {"'stun.*.success' is not an event kind: write an exact kind such as 'st"}},
    {"bad/scenario/expect-bad-pointer.json", kScenario, "", 9, "/expect/0/state", {"'/hosts/alice/a~2b' is not a JSON pointer"}},
    {"bad/scenario/expect-both.json", kScenario, "", 9, "/expect/0", {"give either 'event'"}},
    {"bad/scenario/expect-count-default-min.json", kScenario, "", 9, "/expect/0/count", {"max 0 is below min 1"}},
    {"bad/scenario/expect-count-fraction.json", kScenario, "", 9, "/expect/0/count", {"expected an integer, got the number 1.5"}},
    {"bad/scenario/expect-count-min-above-max.json", kScenario, "", 9, "/expect/0/count", {"max 1 is below min 3"}},
    {"bad/scenario/expect-count-unknown-key.json", kScenario, "", 9, "/expect/0/count/mini", {"unknown key 'mini'", "did you mean 'min'?"}},
    {"bad/scenario/expect-detail-not-object.json", kScenario, "", 9, "/expect/0/event/detail", {"expected an object"}},
    {"bad/scenario/expect-equals-and-exists.json", kScenario, "", 9, "/expect/0", {"give 'equals' or 'exists', not both"}},
    {"bad/scenario/expect-event-with-equals.json", kScenario, "", 9, "/expect/0/equals", {"'equals' belongs to a 'state' expectation, not an 'event' one"}},
    {"bad/scenario/expect-kind-star.json", kScenario, "", 9, "/expect/0/event/kind", {"'*' is not an event kind: write an exact kind such as 'stun.binding.su"}},
    {"bad/scenario/expect-lane-twice.json", kScenario, "", 9, "/expect/0/event/lanes/1", {"lane 'nat-a' is listed twice"}},
    {"bad/scenario/expect-neither.json", kScenario, "", 9, "/expect/0", {"missing 'event' or 'state': say which trace events to count, or which "}},
    {"bad/scenario/expect-pointer-no-slash.json", kScenario, "", 9, "/expect/0/state", {"'hosts/alice' is not a JSON pointer"}},
    {"bad/scenario/expect-state-unknown-host.json", kScenario, "", 9, "/expect/0/state", {"unknown host 'alcie' in the state path", "did you mean 'alice'?"}},
    {"bad/scenario/expect-state-unknown-nat.json", kScenario, "", 9, "/expect/0/state", {"unknown NAT 'nat-c' in the state path", "did you mean 'nat-a'?"}},
    {"bad/scenario/expect-state-with-count.json", kScenario, "", 9, "/expect/0/count", {"'count' belongs to an 'event' expectation"}},
    {"bad/scenario/expect-state-without-check.json", kScenario, "", 9, "/expect/0", {"missing 'equals'"}},
    {"bad/scenario/expect-unknown-lane.json", kScenario, "", 9, "/expect/0/event/lanes/0", {"unknown lane 'alice'"}},
    {"bad/scenario/expect-what-missing.json", kScenario, "", 9, "/expect/0", {"missing required key 'what'"}},
    {"bad/scenario/inline-topology-error.json", kScenario, "", 5, "/topology/networks/0/latncy_ms", {"unknown key 'latncy_ms'", "did you mean 'latency_ms'?"}},
    {"bad/scenario/inline-topology-marker.json", kScenario, "", 4, "/topology/rtclab_topology", {"'rtclab_topology' marks a topology file"}},
    {"bad/scenario/many-errors.json", kScenario, "", 6, "/script/0/at_ms", {"must be between 0 and 3600000, got -1"}},
    {"bad/scenario/move-host-address-taken.json", kScenario, "", 6, "/script/0/address", {"192.168.1.20 on 'home-b' belongs to host 'bob'; give a free address"}},
    {"bad/scenario/move-host-bad-address.json", kScenario, "", 6, "/script/0/address", {"invalid address '192.168.1.300'"}},
    {"bad/scenario/move-host-family.json", kScenario, "", 6, "/script/0/address", {"host 'alice' has an IPv4 address; give it an IPv4 address on 'home-b'"}},
    {"bad/scenario/move-host-key-of-other-action.json", kScenario, "", 6, "/script/0/peer", {"unknown key 'peer'"}},
    {"bad/scenario/move-host-missing-address.json", kScenario, "", 6, "/script/0", {"missing required key 'address'"}},
    {"bad/scenario/move-host-nat-address.json", kScenario, "", 6, "/script/0/address", {"192.168.1.1 is the inside address of 'nat-b'"}},
    {"bad/scenario/move-host-network-address.json", kScenario, "", 6, "/script/0/address", {"192.168.1.0 is the network address of 'home-b'"}},
    {"bad/scenario/move-host-outside-network.json", kScenario, "", 6, "/script/0/address", {"10.0.0.5 is not inside 'home-b' (192.168.1.0/24)"}},
    {"bad/scenario/move-host-same-place.json", kScenario, "", 6, "/script/0/address", {"host 'alice' is already at 192.168.1.10 on 'home-a'"}},
    {"bad/scenario/move-host-server.json", kScenario, "", 6, "/script/0/host", {"host 'stun' is a server"}},
    {"bad/scenario/move-host-unknown-network.json", kScenario, "", 6, "/script/0/network", {"unknown network 'hme-b'", "did you mean 'home-b'?"}},
    {"bad/scenario/name-invalid.json", kScenario, "", 3, "/name", {"'Class Room' is not a valid name: use 1-63 lower-case letters, digits "}},
    {"bad/scenario/name-missing.json", kScenario, "", 1, "/", {"missing required key 'name'"}},
    {"bad/scenario/nat-reboot-unknown.json", kScenario, "", 6, "/script/0/nat", {"unknown NAT 'nat-c'", "did you mean 'nat-a'?"}},
    {"bad/scenario/notes-not-object.json", kScenario, "", 4, "/notes", {"expected an object"}},
    {"bad/scenario/seed-fraction.json", kScenario, "", 4, "/seed", {"expected an integer, got the number 1.5"}},
    {"bad/scenario/seed-negative.json", kScenario, "", 4, "/seed", {"must be between 0 and 9007199254740991, got -1"}},
    {"bad/scenario/seed-string.json", kScenario, "", 4, "/seed", {"expected an integer, got the string '1'"}},
    {"bad/scenario/seed-too-big.json", kScenario, "", 4, "/seed", {"must be between 0 and 9007199254740991, got 9007199254740992"}},
    {"bad/scenario/step-host-is-server.json", kScenario, "", 6, "/script/0/host", {"host 'stun' is a server"}},
    {"bad/scenario/step-key-of-other-action.json", kScenario, "", 6, "/script/0/host", {"unknown key 'host'"}},
    {"bad/scenario/step-missing-at.json", kScenario, "", 6, "/script/0", {"missing required key 'at_ms'"}},
    {"bad/scenario/step-not-object.json", kScenario, "", 6, "/script/0", {"expected a script step"}},
    {"bad/scenario/step-port-zero.json", kScenario, "", 6, "/script/0/local_port", {"must be between 1 and 65535, got 0"}},
    {"bad/scenario/step-server-without-stun.json", kScenario, "", 6, "/script/0/server", {"host 'bob' runs no STUN service"}},
    {"bad/scenario/step-unknown-action.json", kScenario, "", 6, "/script/0/do", {"unknown action 'stun-bind'"}},
    {"bad/scenario/step-unknown-host.json", kScenario, "", 6, "/script/0/host", {"unknown host 'alce'", "did you mean 'alice'?"}},
    {"bad/scenario/step-unknown-key.json", kScenario, "", 6, "/script/0/locl_port", {"unknown key 'locl_port'", "did you mean 'local_port'?"}},
    {"bad/scenario/topology-broken-file.json", kScenario, "bad/topology/unknown-preset.json", 7, "/networks/1/nat/preset", {"unknown NAT preset 'cone'"}},
    {"bad/scenario/topology-empty-name.json", kScenario, "", 4, "/topology", {"expected a topology file name such as \"topologies/two-homes.json\""}},
    {"bad/scenario/topology-missing.json", kScenario, "", 4, "/topology", {"topology file '../../topologies/nowhere.json'"}},
    {"bad/scenario/topology-wrong-type.json", kScenario, "", 4, "/topology", {"expected a topology file name"}},
    {"bad/scenario/udp-payload-too-long.json", kScenario, "", 7, "/script/0/payload", {"too long: 1201 bytes"}},
    {"bad/scenario/udp-to-bad-ip.json", kScenario, "", 6, "/script/0/to", {"invalid destination '203.0.113.300:5000': '203.0.113.300' is not an IP"}},
    {"bad/scenario/udp-to-family.json", kScenario, "", 6, "/script/0/to", {"host 'bob' has an IPv4 address and cannot send to IPv6 2001:db8::1"}},
    {"bad/scenario/udp-to-no-port.json", kScenario, "", 6, "/script/0/to", {"invalid destination '203.0.113.10': '203.0.113.10' has no port"}},
    {"bad/scenario/unknown-key.json", kScenario, "", 4, "/titel", {"unknown key 'titel'", "did you mean 'title'?"}},
    {"bad/scenario/version-2.json", kScenario, "", 2, "/rtclab_scenario", {"format version 2 is not one this rtclab reads"}},
    {"bad/scenario/version-missing.json", kScenario, "", 1, "/", {"missing required key 'rtclab_scenario'"}},
    {"bad/topology/address-is-gateway.json", kTopology, "", 10, "/hosts/0/address", {"192.168.1.1 is already the address of NAT 'nat-a'"}},
    {"bad/topology/address-is-network.json", kTopology, "", 10, "/hosts/0/address", {"192.168.1.0 is the network address of 'home-a' and names the whole net"}},
    {"bad/topology/address-missing.json", kTopology, "", 10, "/hosts/0", {"missing required key 'address'"}},
    {"bad/topology/address-nul.json", kTopology, "", 10, "/hosts/0/address", {"an IP address cannot contain control characters"}},
    {"bad/topology/address-outside-network.json", kTopology, "", 10, "/hosts/0/address", {"192.168.2.10 is not in network 'home-a'"}},
    {"bad/topology/bad-address.json", kTopology, "", 10, "/hosts/0/address", {"'192.168.1.300' is not an IPv4 address"}},
    {"bad/topology/bad-cidr-host-bits.json", kTopology, "", 6, "/networks/1/cidr", {"invalid CIDR '192.168.1.1/24': '192.168.1.1/24' has host bits set afte"}},
    {"bad/topology/bad-cidr-no-slash.json", kTopology, "", 6, "/networks/1/cidr", {"invalid CIDR '192.168.1.0': '192.168.1.0' is not a CIDR prefix"}},
    {"bad/topology/bad-cidr-prefix.json", kTopology, "", 6, "/networks/1/cidr", {"invalid CIDR '192.168.1.0/33': '33' is not a prefix length"}},
    {"bad/topology/bad-filtering.json", kTopology, "", 7, "/networks/1/nat/filtering", {"unknown filtering behaviour 'port-dependent'"}},
    {"bad/topology/bad-hairpinning.json", kTopology, "", 7, "/networks/1/nat/hairpinning", {"expected true or false, got the string 'yes'"}},
    {"bad/topology/bad-name.json", kTopology, "", 10, "/hosts/0/name", {"'Alice' is not a valid name: use 1-63 lower-case letters, digits and '"}},
    {"bad/topology/bad-port-assignment.json", kTopology, "", 7, "/networks/1/nat/port_assignment", {"unknown port assignment 'randm'", "did you mean 'random'?"}},
    {"bad/topology/cycle.json", kTopology, "", 8, "/networks/2/parent", {"the parents of 'lab-1' go round in a cycle"}},
    {"bad/topology/duplicate-address.json", kTopology, "", 11, "/hosts/1/address", {"192.168.1.10 is already the address of host 'alice'"}},
    {"bad/topology/duplicate-host.json", kTopology, "", 11, "/hosts/1/name", {"the name 'alice' is already used by the host at line 10"}},
    {"bad/topology/duplicate-name.json", kTopology, "", 11, "/hosts/1/name", {"the name 'nat-a' is already used by the NAT at line 7"}},
    {"bad/topology/duplicate-public-address.json", kTopology, "", 11, "/hosts/1/address", {"203.0.113.10 is already the address of NAT 'nat-a'"}},
    {"bad/topology/family-mismatch.json", kTopology, "", 6, "/networks/1/cidr", {"network 'home-a' is IPv6 but its parent 'internet' is IPv4"}},
    {"bad/topology/host-network-typo.json", kTopology, "", 10, "/hosts/0/network", {"unknown network 'hom-a'", "did you mean 'home-a'?"}},
    {"bad/topology/host-unknown-network.json", kTopology, "", 10, "/hosts/0/network", {"unknown network 'home-b'", "did you mean 'home-a'?"}},
    {"bad/topology/hosts-empty.json", kTopology, "", 9, "/hosts", {"no hosts: a topology needs at least one host"}},
    {"bad/topology/label-empty.json", kTopology, "", 10, "/hosts/0/label", {"the label is empty"}},
    {"bad/topology/latency-negative.json", kTopology, "", 6, "/networks/1/latency_ms", {"must be between 0 and 60000, got -1"}},
    {"bad/topology/latency-string.json", kTopology, "", 6, "/networks/1/latency_ms", {"expected a number, got the string '5ms'"}},
    {"bad/topology/latency-too-big.json", kTopology, "", 6, "/networks/1/latency_ms", {"must be between 0 and 60000, got 70000"}},
    {"bad/topology/lifetime-fraction.json", kTopology, "", 7, "/networks/1/nat/mapping_lifetime_s", {"expected an integer, got the number 1.5"}},
    {"bad/topology/lifetime-zero.json", kTopology, "", 7, "/networks/1/nat/mapping_lifetime_s", {"must be between 1 and 86400, got 0"}},
    {"bad/topology/loss-too-big.json", kTopology, "", 6, "/networks/1/loss", {"must be between 0 and 1, got 1.5"}},
    {"bad/topology/missing-nat.json", kTopology, "", 6, "/networks/1", {"missing required key 'nat'"}},
    {"bad/topology/name-leading-dash.json", kTopology, "", 10, "/hosts/0/name", {"'-alice' is not a valid name: use 1-63 lower-case letters, digits and "}},
    {"bad/topology/name-missing.json", kTopology, "", 1, "/", {"missing required key 'name'"}},
    {"bad/topology/name-with-dot.json", kTopology, "", 10, "/hosts/0/name", {"'alice.app' is not a valid name: use 1-63 lower-case letters, digits a"}},
    {"bad/topology/nat-inside-family.json", kTopology, "", 7, "/networks/1/nat/inside", {"fd00::1 is an IPv6 address but network 'home-a'"}},
    {"bad/topology/nat-inside-not-in-network.json", kTopology, "", 7, "/networks/1/nat/inside", {"192.168.2.1 is not in network 'home-a'"}},
    {"bad/topology/nat-not-object.json", kTopology, "", 7, "/networks/1/nat", {"expected a NAT object"}},
    {"bad/topology/nat-outside-missing.json", kTopology, "", 7, "/networks/1/nat", {"missing required key 'outside'"}},
    {"bad/topology/nat-outside-not-in-parent.json", kTopology, "", 7, "/networks/1/nat/outside", {"198.51.100.1 is not in network 'internet'"}},
    {"bad/topology/network-not-object.json", kTopology, "", 6, "/networks/1", {"expected a network object"}},
    {"bad/topology/networks-empty.json", kTopology, "", 4, "/networks", {"no networks: give at least the root network, e.g. {\"name\": \"internet\","}},
    {"bad/topology/networks-missing.json", kTopology, "", 1, "/", {"missing required key 'networks'"}},
    {"bad/topology/no-root.json", kTopology, "", 4, "/networks", {"no root network: exactly one network"}},
    {"bad/topology/open-address-shadowed.json", kTopology, "", 11, "/hosts/1/address", {"10.0.0.20 on 'internet' lies inside 'campus'"}},
    {"bad/topology/open-shares-realm.json", kTopology, "", 10, "/networks/3/cidr", {"10.0.0.0/16 overlaps network 'campus'"}},
    {"bad/topology/open-with-knob.json", kTopology, "", 7, "/networks/1/nat/filtering", {"preset 'open' is a plain router that does not translate, so 'filtering"}},
    {"bad/topology/own-parent.json", kTopology, "", 6, "/networks/1/parent", {"a network cannot be its own parent"}},
    {"bad/topology/preset-missing.json", kTopology, "", 7, "/networks/1/nat", {"missing required key 'preset'"}},
    {"bad/topology/root-with-nat.json", kTopology, "", 6, "/networks/0/nat", {"the root network"}},
    {"bad/topology/scenario-not-topology.json", kTopology, "", 1, "/", {"missing required key 'rtclab_topology'"}},
    {"bad/topology/stun-not-object.json", kTopology, "", 11, "/hosts/1/stun", {"expected an object"}},
    {"bad/topology/stun-port-range.json", kTopology, "", 11, "/hosts/1/stun/port", {"must be between 1 and 65535, got 70000"}},
    {"bad/topology/stun-unknown-key.json", kTopology, "", 11, "/hosts/1/stun/prot", {"unknown key 'prot'", "did you mean 'port'?"}},
    {"bad/topology/turn-duplicate-user.json", kTopology, "", 10, "/hosts/0/turn/users/1/username", {"user 'alice' is already listed at line 9"}},
    {"bad/topology/turn-no-users.json", kTopology, "", 8, "/hosts/0/turn/users", {"no users"}},
    {"bad/topology/turn-relay-range.json", kTopology, "", 9, "/hosts/0/turn", {"relay_port_min 60000 is above relay_port_max 50000"}},
    {"bad/topology/turn-same-port-as-stun.json", kTopology, "", 9, "/hosts/0/turn/port", {"the STUN and TURN services both use port 3478"}},
    {"bad/topology/two-roots.json", kTopology, "", 6, "/networks/1", {"a second root network"}},
    {"bad/topology/unknown-key.json", kTopology, "", 6, "/networks/1/latncy_ms", {"unknown key 'latncy_ms'", "did you mean 'latency_ms'?"}},
    {"bad/topology/unknown-parent.json", kTopology, "", 6, "/networks/1/parent", {"unknown network 'internt'", "did you mean 'internet'?"}},
    {"bad/topology/unknown-preset.json", kTopology, "", 7, "/networks/1/nat/preset", {"unknown NAT preset 'cone'"}},
    {"bad/topology/unknown-top-key.json", kTopology, "", 4, "/host", {"unknown key 'host'", "did you mean 'hosts'?"}},
    {"bad/topology/version-missing.json", kTopology, "", 1, "/", {"missing required key 'rtclab_topology'"}},
    {"bad/topology/version-string.json", kTopology, "", 2, "/rtclab_topology", {"expected the format version number 1, got the string '1'"}},
    {"bad/text/binary.json", kCheck, "", 1, "/", {"invalid JSON at column 1: invalid literal"}},
    {"bad/text/bom-then-error.json", kCheck, "", 4, "/seed", {"expected an integer, got the string 'x'"}},
    {"bad/text/both-markers.json", kCheck, "", 3, "/rtclab_topology", {"a file is a scenario or a topology, not both: remove 'rtclab_scenario'"}},
    {"bad/text/comment.json", kCheck, "", 3, "/", {"invalid JSON at column 3: JSON has no comments"}},
    {"bad/text/empty.json", kCheck, "", 1, "/", {"the file is empty"}},
    {"bad/text/invalid-utf8.json", kCheck, "", 4, "/title", {"invalid JSON at column 17: invalid string: ill-formed UTF-8 byte"}},
    {"bad/text/not-rtclab.json", kCheck, "", 1, "/", {"not an rtclab file: a scenario starts with \"rtclab_scenario\": 1, a top"}},
    {"bad/text/number-overflow.json", kCheck, "", 3, "/seed", {"the number '1e400' is too large to represent"}},
    {"bad/text/raw-newline-in-string.json", kCheck, "", 4, "/title", {"invalid JSON at column 16: invalid string: control character U+000A"}},
    {"bad/text/single-quotes.json", kCheck, "", 2, "/", {"invalid JSON at column 3: JSON strings use double quotes"}},
    {"bad/text/too-deep.json", kCheck, "", 4, "/notes/x/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0/0", {"brackets nest deeper than 64 levels here"}},
    {"bad/text/top-array.json", kCheck, "", 1, "/", {"the top level must be a JSON object"}},
    {"bad/text/top-string.json", kCheck, "", 1, "/", {"the top level must be a JSON object"}},
    {"bad/text/trailing-comma.json", kCheck, "", 5, "/", {"invalid JSON at column 1: a comma before '}' is not allowed in JSON"}},
    {"bad/text/trailing-content.json", kCheck, "", 5, "/", {"invalid JSON at column 1: unexpected '{'"}},
    {"bad/text/truncated.json", kCheck, "", 6, "/script/0", {"invalid JSON at column 40: the text ends in the middle of a value"}},
    {"bad/text/whitespace.json", kCheck, "", 1, "/", {"the file is empty"}},
    {"bad/topology/duplicate-key.json", kTopology, "", 5, "/networks/0/latency_ms", {"duplicate key"}},
};
// clang-format on

}  // namespace

TEST_CASE("loader: each bad file gets its exact first diagnostic", "[scenario_loader]") {
    for (const BadFile& bad : kBadFiles) {
        const std::string path = kData + bad.path;
        std::string message;
        switch (bad.loader) {
            case kScenario: {
                auto r = load_scenario_file(path);
                CHECK_FALSE(r.ok());
                if (!r.ok()) message = r.error().message;
                break;
            }
            case kTopology: {
                auto r = load_topology_file(path);
                CHECK_FALSE(r.ok());
                if (!r.ok()) message = r.error().message;
                break;
            }
            case kCheck: {
                auto r = check_file(path);
                CHECK_FALSE(r.ok());
                if (!r.ok()) message = r.error().message;
                break;
            }
        }
        const std::string file = *bad.reported ? kData + bad.reported : path;
        const std::string first = first_line(message);
        INFO(bad.path << "\n  got: " << first);
        CHECK(first.rfind(file + ":" + std::to_string(bad.line) + ": " + bad.pointer + ": ", 0) ==
              0);
        for (const char* word : bad.words)
            CHECK(first.find(word) != std::string::npos);
        // Every diagnostic reads FILE:LINE: /pointer: message, sorted by line within a file.
        int last_line = 0;
        std::string last_file;
        for (const auto& line : lines_of(message)) {
            static const std::regex kFormat(R"(^(.+?):([0-9]+): (/.*): (.+)$)");
            std::smatch m;
            INFO(line);
            REQUIRE(std::regex_match(line, m, kFormat));
            const int n = std::stoi(m[2].str());
            if (m[1].str() == last_file) CHECK(n >= last_line);
            last_file = m[1].str();
            last_line = n;
        }
    }
}

TEST_CASE("loader: every file of the bad corpus is in the table", "[scenario_loader]") {
    std::set<std::string> listed;
    for (const BadFile& bad : kBadFiles)
        listed.insert(bad.path);
    for (const auto& entry : fs::recursive_directory_iterator(kData + "bad")) {
        if (!entry.is_regular_file()) continue;
        const std::string rel = fs::relative(entry.path(), kData).generic_string();
        INFO(rel << " has no expected diagnostic in kBadFiles");
        CHECK(listed.count(rel) == 1);
    }
}

TEST_CASE("loader: a file that cannot be read says so", "[scenario_loader]") {
    auto s = load_scenario_file(kData + "nowhere.json");
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().message ==
          kData + "nowhere.json: cannot read the file: No such file or directory");
    auto t = load_topology_file(kData + "bad");
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().message == kData + "bad: cannot read the file: it is a directory");
    auto c = check_file(kData + "nowhere.json");
    CHECK_FALSE(c.ok());
}

TEST_CASE("loader: all errors are reported, sorted by line, at most 20", "[scenario_loader]") {
    std::string steps;
    for (int i = 0; i < 30; ++i) {
        // One unknown NAT per line.
        steps += std::string(i ? ",\n" : "\n") + "  {\"at_ms\": " + std::to_string(i) +
                 ", \"do\": \"nat-reboot\", \"nat\": \"nat-" + std::to_string(100 + i) + "\"}";
    }
    const std::string text =
        "{\"rtclab_scenario\": 1, \"name\": \"many\",\n"
        "\"topology\": \"topologies/small.json\",\n"
        "\"seed\": -5,\n"
        "\"script\": [" +
        steps + "]}";
    const auto lines = lines_of(scenario_errors(text));
    REQUIRE(lines.size() == 21);
    CHECK(lines[0] == "test.json:3: /seed: must be between 0 and 9007199254740991, got -5");
    CHECK(lines[1].rfind("test.json:5: /script/0/nat: unknown NAT 'nat-100'", 0) == 0);
    CHECK(lines[19].rfind("test.json:23: /script/18/nat: unknown NAT 'nat-118'", 0) == 0);
    CHECK(lines[20] == "(11 more errors not shown; fix the ones above first)");
}

TEST_CASE("loader: errors in several places of one file all come back", "[scenario_loader]") {
    auto r = load_scenario_file(kData + "bad/scenario/many-errors.json");
    REQUIRE_FALSE(r.ok());
    const auto lines = lines_of(r.error().message);
    REQUIRE(lines.size() == 7);
    CHECK(lines[0].find("/script/0/at_ms") != std::string::npos);
    CHECK(lines[1].find("/script/0/host: unknown host 'alce' (did you mean 'alice'?)") !=
          std::string::npos);
    CHECK(lines[2].find("/script/0/server: host 'bob' runs no STUN service") != std::string::npos);
    CHECK(lines[3].find("/script/0/local_port") != std::string::npos);
    CHECK(lines[4].find("/script/1/host: host 'stun' is a server") != std::string::npos);
    CHECK(lines[5].find("/script/1/to") != std::string::npos);
    CHECK(lines[6].find("/script/1/payload: expected a string, got the number 5") !=
          std::string::npos);
}

TEST_CASE("loader: limits keep generated monsters out", "[scenario_loader]") {
    std::string networks = R"({"name": "internet", "cidr": "0.0.0.0/0"})";
    for (int i = 0; i < 1000; ++i) {
        networks += ",\n{\"name\": \"n" + std::to_string(i) +
                    "\", \"cidr\": \"10.0.0.0/24\", \"parent\": \"internet\", \"nat\": "
                    "{\"name\": \"nat" +
                    std::to_string(i) +
                    "\", \"preset\": \"full-cone\", "
                    "\"outside\": \"203.0.113.1\"}}";
    }
    const auto errors = scenario_errors(
        with_topology("{\"networks\": [" + networks +
                      "], \"hosts\": [{\"name\": \"stun\", \"network\": \"internet\", \"address\": "
                      "\"192.0.2.1\", \"stun\": {}}]}"));
    CHECK(errors ==
          "test.json:1: /topology/networks: 1001 networks are more than rtclab handles "
          "(at most 1000)");

    const std::string big_file = std::string(RTCLAB_BINARY_DIR) + "/scenario_loader_big.json";
    {
        std::ofstream out(big_file, std::ios::binary);
        out << "{\"notes\": \"" << std::string(kMaxFileBytes, 'x') << "\"}";
    }
    auto big = check_file(big_file);
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().message == big_file +
                                     ": the file is larger than 4 MiB; is this really an "
                                     "rtclab file?");
    fs::remove(big_file);

    // Big notes are fine: the file is read, checked and kept whole.
    std::string notes = "[0";
    for (int i = 1; i < 100000; ++i)
        notes += ",0";
    notes += "]";
    const Scenario s = scenario_ok(R"({"rtclab_scenario": 1, "name": "big",
        "topology": "topologies/small.json", "notes": {"numbers": )" +
                                   notes + "}}");
    CHECK(s.notes["numbers"].size() == 100000);
}

// --- text that is not JSON at all ---------------------------------------------------------------

TEST_CASE("loader: no input makes it crash", "[scenario_loader]") {
    CHECK(first_line(scenario_errors("")) ==
          "test.json:1: /: the file is empty; expected a JSON object such as "
          "{\"rtclab_scenario\": 1, ...}");
    CHECK(first_line(scenario_errors("\n\n" + std::string(100000, '[')))
              .rfind("test.json:3: /0/0/0", 0) == 0);
    CHECK(first_line(scenario_errors(std::string(100000, '{'))).find("deeper than 64") !=
          std::string::npos);
    CHECK(first_line(scenario_errors("[]")) ==
          "test.json:1: /: the top level must be a JSON object ({...}), not an array");
    CHECK(first_line(scenario_errors("null")).find("not null") != std::string::npos);
    CHECK(first_line(scenario_errors(std::string("\0\0\0", 3)))
              .rfind("test.json:1: /: invalid JSON", 0) == 0);

    // Mutations of the who-am-i lesson: whatever comes back is an error in the format, or a
    // scenario; never a crash (run this under the sanitizers).
    const std::string base = read_file(kScenarios + "who-am-i.json");
    REQUIRE_FALSE(base.empty());
    std::mt19937 rng(2024);  // fixed seed: the same inputs every run
    static const std::regex kFormat(R"(^m\.json:([0-9]+): (/.*): (.+)$|^\([0-9]+ more errors.*$)");
    int loaded = 0;
    for (int i = 0; i < 800; ++i) {
        std::string text = base;
        const int edits = 1 + static_cast<int>(rng() % 3);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % text.size();
            switch (rng() % 5) {
                case 0:
                    text.insert(at, 1, "{}[],:\"0-.e~/\\x "[rng() % 16]);
                    break;
                case 1:
                    text.erase(at, 1 + rng() % 8);
                    break;
                case 2:
                    text[at] = static_cast<char>(rng() % 256);
                    break;
                case 3:
                    text.resize(at);
                    break;
                default: {
                    // Swap a digit for another: numbers out of range, lines that move.
                    const std::size_t d = text.find_first_of("0123456789", at);
                    if (d != std::string::npos) text[d] = static_cast<char>('0' + rng() % 10);
                }
            }
            if (text.empty()) text = "{";
        }
        auto r = load_scenario_text(text, "m.json", kScenarios);
        if (r.ok()) {
            ++loaded;
            continue;
        }
        for (const auto& line : lines_of(r.error().message)) {
            INFO(line);
            CHECK(std::regex_match(line, kFormat));
        }
    }
    CHECK(loaded > 0);  // some mutations (digits in prose) are harmless
}

// --- topology rules -------------------------------------------------------------------------

TEST_CASE("loader: NAT presets, and knobs that override them", "[scenario_loader]") {
    const Scenario s = scenario_ok(with_topology(R"({
      "networks": [
        {"name": "internet", "cidr": "0.0.0.0/0"},
        {"name": "n-open", "cidr": "10.1.0.0/16", "parent": "internet", "latency_ms": 0.25,
         "nat": {"name": "r-open", "preset": "open", "outside": "203.0.113.1"}},
        {"name": "n-full", "cidr": "192.168.1.0/24", "parent": "internet",
         "nat": {"name": "nat-full", "preset": "full-cone", "outside": "203.0.113.2"}},
        {"name": "n-restricted", "cidr": "192.168.1.0/24", "parent": "internet",
         "nat": {"name": "nat-restricted", "preset": "restricted-cone", "outside": "203.0.113.3"}},
        {"name": "n-same", "cidr": "192.168.1.0/24", "parent": "internet",
         "nat": {"name": "nat-same", "preset": "port-restricted-cone", "outside": "203.0.113.4",
                 "mapping": "endpoint-independent", "mapping_lifetime_s": 120, "hairpinning": true}},
        {"name": "n-sym", "cidr": "192.168.1.0/24", "parent": "internet",
         "nat": {"name": "nat-sym", "preset": "symmetric", "outside": "203.0.113.5"}},
        {"name": "n-custom", "cidr": "192.168.1.0/24", "parent": "internet", "jitter_ms": 3,
         "loss": 0.5,
         "nat": {"name": "nat-custom", "preset": "full-cone", "outside": "203.0.113.6",
                 "inside": "192.168.1.254", "filtering": "address-dependent",
                 "port_assignment": "sequential", "mapping_lifetime_s": 30, "refresh": "both",
                 "hairpinning": false}}
      ],
      "hosts": [{"name": "stun", "network": "internet", "address": "203.0.113.100", "stun": {}}]
    })"));
    const TopologySpec& t = s.topology;
    CHECK(t.name == "t");  // an inline topology takes the scenario's name
    const NetworkSpec& open = network(t, "n-open");
    CHECK(open.nat->config.preset == "open");
    CHECK_FALSE(open.nat->config.translates);
    CHECK(open.link.latency == Duration::micros(250));
    CHECK(network(t, "n-full").nat->config.filtering == Behavior::kEndpointIndependent);
    CHECK(network(t, "n-restricted").nat->config.filtering == Behavior::kAddressDependent);
    // Knobs equal to the preset's own values leave its name alone.
    CHECK(network(t, "n-same").nat->config.preset == "port-restricted-cone");
    CHECK(network(t, "n-sym").nat->config.ports == PortAssignment::kRandom);
    const NetworkSpec& custom = network(t, "n-custom");
    const NatConfig& c = custom.nat->config;
    CHECK(c.preset == "custom");
    CHECK(c.translates);
    CHECK(c.mapping == Behavior::kEndpointIndependent);  // from the preset
    CHECK(c.filtering == Behavior::kAddressDependent);
    CHECK(c.ports == PortAssignment::kSequential);
    CHECK(c.mapping_lifetime == Duration::seconds(30));
    CHECK(c.refresh == RefreshRule::kBoth);
    CHECK_FALSE(c.hairpinning);
    CHECK(custom.nat->inside.to_string() == "192.168.1.254");
    CHECK(custom.link.jitter == Duration::millis(3));
    CHECK(custom.link.loss == 0.5);
    // Defaults: 1 ms latency, no jitter, no loss; the gateway is the first address.
    const NetworkSpec& full = network(t, "n-full");
    CHECK(full.link.latency == Duration::millis(1));
    CHECK(full.link.jitter == Duration{});
    CHECK(full.link.loss == 0.0);
    CHECK(full.nat->inside.to_string() == "192.168.1.1");
    CHECK(t.hosts[0].label == "Stun");
}

TEST_CASE("loader: networks come out root first, parents before children", "[scenario_loader]") {
    const Scenario s = scenario_ok(with_topology(R"({
      "networks": [
        {"name": "lab", "cidr": "10.2.0.0/16", "parent": "campus",
         "nat": {"name": "lab-router", "preset": "open", "outside": "10.1.0.2"}},
        {"name": "campus", "cidr": "10.1.0.0/16", "parent": "isp",
         "nat": {"name": "campus-nat", "preset": "full-cone", "outside": "100.64.0.2"}},
        {"name": "isp", "cidr": "100.64.0.0/10", "parent": "internet",
         "nat": {"name": "cgnat", "preset": "symmetric", "outside": "203.0.113.1"}},
        {"name": "internet", "cidr": "0.0.0.0/0"}
      ],
      "hosts": [{"name": "alice", "network": "lab", "address": "10.2.0.10"},
                {"name": "stun", "network": "internet", "address": "203.0.113.2", "stun": {}}]
    })"));
    std::vector<std::string> order;
    for (const auto& n : s.topology.networks)
        order.push_back(n.name);
    CHECK(order == std::vector<std::string>{"internet", "isp", "campus", "lab"});
    CHECK(s.topology.networks[1].parent == "internet");
}

TEST_CASE("loader: address realms", "[scenario_loader]") {
    SECTION("two homes may use the same private range behind translating NATs") {
        auto t = load_topology_file(kData + "topologies/small.json");
        INFO((t.ok() ? std::string() : t.error().message));
        REQUIRE(t.ok());
        CHECK(network(*t, "home-a").cidr.to_string() == network(*t, "home-b").cidr.to_string());
        CHECK(network(*t, "home-a").nat->inside == network(*t, "home-b").nat->inside);
    }
    const std::string hosts_same_address = R"(,
        "hosts": [{"name": "alice", "network": "campus", "address": "10.0.0.10"},
                  {"name": "bob", "network": "dorm", "address": "10.0.0.10"},
                  {"name": "stun", "network": "internet", "address": "203.0.113.2", "stun": {}}]})";
    const auto two_networks = [&](const char* campus_preset, const char* dorm_preset,
                                  const char* dorm_cidr) {
        return with_topology(std::string(R"({
          "networks": [
            {"name": "internet", "cidr": "0.0.0.0/0"},
            {"name": "campus", "cidr": "10.0.0.0/24", "parent": "internet",
             "nat": {"name": "campus-router", "preset": ")") +
                             campus_preset + R"(", "outside": "203.0.113.10"}},
            {"name": "dorm", "cidr": ")" +
                             dorm_cidr + R"(", "parent": "internet",
             "nat": {"name": "dorm-router", "preset": ")" +
                             dorm_preset + R"(", "outside": "203.0.113.11"}}
          ])" + hosts_same_address);
    };
    SECTION("translating NATs separate realms: same ranges, same addresses") {
        scenario_ok(two_networks("full-cone", "symmetric", "10.0.0.0/24"));
        scenario_ok(two_networks("open", "symmetric", "10.0.0.0/24"));
    }
    SECTION("open routers share their parent's realm: overlapping siblings are refused") {
        const auto first = first_line(scenario_errors(two_networks("open", "open", "10.0.0.0/16")));
        INFO(first);
        CHECK(first.rfind("test.json:6: /topology/networks/2/cidr: 10.0.0.0/16 overlaps network "
                          "'campus' (10.0.0.0/24, line 4) with no translating NAT between them",
                          0) == 0);
    }
    SECTION("an address routed into an open network is refused on the network above it") {
        const auto errors = scenario_errors(with_topology(R"({
          "networks": [
            {"name": "internet", "cidr": "0.0.0.0/0"},
            {"name": "campus", "cidr": "10.0.0.0/24", "parent": "internet",
             "nat": {"name": "campus-router", "preset": "open", "outside": "203.0.113.10"}}],
          "hosts": [{"name": "alice", "network": "campus", "address": "10.0.0.10"},
                    {"name": "stun", "network": "internet", "address": "10.0.0.10", "stun": {}}]})"));
        CHECK(errors.find("/topology/hosts/1/address: 10.0.0.10 is already the address of host "
                          "'alice'") != std::string::npos);
    }
    SECTION("behind a translating NAT the same address is someone else") {
        scenario_ok(with_topology(R"({
          "networks": [
            {"name": "internet", "cidr": "0.0.0.0/0"},
            {"name": "campus", "cidr": "10.0.0.0/24", "parent": "internet",
             "nat": {"name": "campus-nat", "preset": "full-cone", "outside": "203.0.113.10"}}],
          "hosts": [{"name": "alice", "network": "campus", "address": "10.0.0.10"},
                    {"name": "stun", "network": "internet", "address": "203.0.113.20", "stun": {}}]})"));
    }
    SECTION("IPv6 networks work the same way") {
        const Scenario s = scenario_ok(with_topology(
            R"({
          "networks": [
            {"name": "internet", "cidr": "::/0"},
            {"name": "home", "cidr": "fd00:1::/64", "parent": "internet",
             "nat": {"name": "nat66", "preset": "symmetric", "outside": "2001:db8::1"}}],
          "hosts": [{"name": "alice", "network": "home", "address": "fd00:1::10"},
                    {"name": "stun", "network": "internet", "address": "2001:db8::2", "stun": {}}]})",
            R"(, "script": [{"at_ms": 1, "do": "udp-send", "host": "alice", "to": "[2001:db8::2]:3478"}])"));
        CHECK(network(s.topology, "home").nat->inside.to_string() == "fd00:1::1");
        CHECK(std::get<UdpSendAction>(s.script[0].action).to.to_string() == "[2001:db8::2]:3478");
    }
}

TEST_CASE("loader: TURN servers", "[scenario_loader]") {
    const Scenario s = scenario_ok(with_topology(
        R"({
      "networks": [{"name": "internet", "cidr": "0.0.0.0/0"}],
      "hosts": [
        {"name": "alice", "network": "internet", "address": "192.0.2.1"},
        {"name": "relay", "network": "internet", "address": "192.0.2.2", "stun": {"port": 3479},
         "turn": {"realm": "school.example", "relay_port_min": 50000, "relay_port_max": 50100,
                  "users": [{"username": "alice", "password": "secret"},
                            {"username": "bob", "password": ""}]}},
        {"name": "turn2", "network": "internet", "address": "192.0.2.3",
         "turn": {"users": [{"username": "u", "password": "p"}]}}]})",
        R"(, "expect": [{"what": "x", "event": {"kind": "turn.*", "lanes": ["relay", "turn2"]}}])"));
    const HostSpec& relay = s.topology.hosts[1];
    CHECK(relay.role == HostRole::kServer);
    REQUIRE(relay.turn);
    CHECK(relay.turn->port == 3478);
    CHECK(relay.turn->realm == "school.example");
    CHECK(relay.turn->relay_port_min == 50000);
    CHECK(relay.turn->relay_port_max == 50100);
    CHECK(relay.turn->users ==
          std::vector<std::pair<std::string, std::string>>{{"alice", "secret"}, {"bob", ""}});
    CHECK(relay.stun->port == 3479);
    const HostSpec& turn2 = s.topology.hosts[2];
    CHECK(turn2.role == HostRole::kServer);
    CHECK_FALSE(turn2.stun);
    CHECK(turn2.turn->realm == "rtclab.test");
    // A TURN-only host is no STUN server for a stun-binding step.
    CHECK(
        first_line(
            scenario_errors(with_topology(
                R"({
      "networks": [{"name": "internet", "cidr": "0.0.0.0/0"}],
      "hosts": [{"name": "alice", "network": "internet", "address": "192.0.2.1"},
                {"name": "turn2", "network": "internet", "address": "192.0.2.3",
                 "turn": {"users": [{"username": "u", "password": "p"}]}}]})",
                R"(, "script": [{"at_ms": 1, "do": "stun-binding", "host": "alice", "server": "turn2"}])")))
            .find("host 'turn2' runs no STUN service") != std::string::npos);
}

// --- scenario rules -----------------------------------------------------------------------------

TEST_CASE("loader: an inline topology, and the scenario defaults", "[scenario_loader]") {
    auto r = load_scenario_file(kData + "good/inline.json");
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    CHECK(r->topology.name == "inline");
    CHECK(r->title == "inline");
    CHECK(r->description.empty());
    CHECK(r->seed == 1);
    CHECK(r->duration == Duration::seconds(10));
    CHECK(r->notes == json::object());
    CHECK(r->expectations.empty());
    REQUIRE(r->script.size() == 1);
    CHECK(r->script[0].at == Duration{});
    CHECK(std::get<StunBindingAction>(r->script[0].action).local_port == 5000);
}

TEST_CASE("loader: a topology path is relative to the scenario's folder", "[scenario_loader]") {
    // tests/data/loader/good/lessons/relative.json names "../../topologies/small.json".
    auto r = load_scenario_file(kData + "good/lessons/relative.json");
    INFO((r.ok() ? std::string() : r.error().message));
    REQUIRE(r.ok());
    CHECK(r->topology.name == "small");
    const auto& send = std::get<UdpSendAction>(r->script[1].action);
    CHECK(send.payload.empty());
    CHECK(send.local_port == 5000);
    CHECK(std::get<NatRebootAction>(r->script[2].action).nat == "nat-b");
    CHECK(r->expectations[1].event->kind == "nat.*");
    CHECK(r->expectations[1].min_count == 0);
    CHECK(r->expectations[1].max_count == 10);
    // The same text from elsewhere: load_scenario_text resolves against base_dir.
    const std::string text = read_file(kData + "good/lessons/relative.json");
    CHECK(load_scenario_text(text, "x.json", kData + "good/lessons").ok());
    const auto wrong = load_scenario_text(text, "x.json", kData);
    REQUIRE_FALSE(wrong.ok());
    CHECK(first_line(wrong.error().message)
              .rfind("x.json:4: /topology: topology file "
                     "'../../topologies/small.json'",
                     0) == 0);
}

TEST_CASE("loader: errors in a referenced topology file name that file", "[scenario_loader]") {
    const auto errors = scenario_errors(
        "{\"rtclab_scenario\": 1, \"name\": \"x\",\n"
        "\"topology\": \"bad/topology/unknown-key.json\",\n"
        "\"script\": [{\"at_ms\": 1, \"do\": \"nat-reboot\", \"nat\": \"nat-a\"}],\n"
        "\"sed\": 1}");
    const auto lines = lines_of(errors);
    REQUIRE(lines.size() == 2);
    // The scenario's own first, then the topology file's.
    CHECK(lines[0].rfind("test.json:4: /sed: unknown key 'sed' (did you mean 'seed'?)", 0) == 0);
    CHECK(lines[1].rfind(kData + "bad/topology/unknown-key.json:6: /networks/1/latncy_ms: "
                                 "unknown key 'latncy_ms' (did you mean 'latency_ms'?)",
                         0) == 0);
}

TEST_CASE("loader: lanes in predicates are the lanes the scenario will have", "[scenario_loader]") {
    auto t = load_topology_file(kData + "topologies/small.json");
    REQUIRE(t.ok());
    CHECK(scenario_lanes(*t) == std::vector<std::string>{"alice.app", "alice.agent", "bob.app",
                                                         "bob.agent", "stun", "nat-a", "nat-b"});
    const Scenario s = scenario_ok(R"({"rtclab_scenario": 1, "name": "lanes",
      "topology": "topologies/small.json",
      "expect": [
        {"what": "a", "event": {"kind": "ice.*", "lanes": ["alice.app", "alice.agent", "bob.app"]}},
        {"what": "b", "event": {"kind": "stun.binding.success", "lanes": ["stun", "bob.agent"],
                                "detail": {"port": 3478}}, "count": 0},
        {"what": "c", "event": {"kind": "nat.mapping.created", "lanes": ["nat-a", "nat-b"]}},
        {"what": "d", "state": "/nats/nat-a/mappings", "equals": {"1": {"a": [1, 2]}},
         "after": {"kind": "nat.drop", "lanes": ["nat-a"]}},
        {"what": "e", "state": "/peers/x~1y~0z", "exists": false}
      ]})");
    REQUIRE(s.expectations.size() == 5);
    CHECK(s.expectations[1].event->detail == json{{"port", 3478}});
    CHECK(s.expectations[1].min_count == 0);
    CHECK(s.expectations[1].max_count == 0);
    CHECK(s.expectations[3].equals == json::parse(R"({"1": {"a": [1, 2]}})"));
    CHECK(s.expectations[3].after->lanes == std::vector<std::string>{"nat-a"});
    CHECK(s.expectations[4].exists == false);

    // A peer's bare name is not a lane; a server's is; a network's is not.
    for (const char* lane : {"alice", "stun.agent", "home-a", "nat-a.app"}) {
        const std::string text = std::string(R"({"rtclab_scenario": 1, "name": "lanes",
          "topology": "topologies/small.json",
          "expect": [{"what": "x", "event": {"kind": "nat.drop", "lanes": [")") +
                                 lane + "\"]}}]}";
        INFO(lane);
        CHECK(first_line(scenario_errors(text)).find("unknown lane '" + std::string(lane) + "'") !=
              std::string::npos);
    }
}

TEST_CASE("loader: suggestions come only from near misses", "[scenario_loader]") {
    const auto msg =
        [](const std::string& preset) {
            return first_line(scenario_errors(with_topology(R"({
          "networks": [{"name": "internet", "cidr": "0.0.0.0/0"},
            {"name": "home", "cidr": "10.0.0.0/24", "parent": "internet",
             "nat": {"name": "nat", "preset": ")" + preset + R"(", "outside": "192.0.2.1"}}],
          "hosts": [{"name": "stun", "network": "internet", "address": "192.0.2.2", "stun": {}}]})")));
        };
    CHECK(msg("cone").find("unknown NAT preset 'cone'; expected one of: open, full-cone, "
                           "restricted-cone, port-restricted-cone, symmetric") !=
          std::string::npos);
    CHECK(msg("symetric").find("(did you mean 'symmetric'?)") != std::string::npos);
    CHECK(msg("ful-cone").find("(did you mean 'full-cone'?)") != std::string::npos);
    CHECK(msg("").find("did you mean") == std::string::npos);
}

// --- JSON Schemas for editors -----------------------------------------------------------------

namespace {

// Just enough of JSON Schema 2020-12 to check the shipped files against the shipped schemas:
// the keywords those schemas use. A keyword it does not know fails the test, so the schemas
// cannot drift into something this check silently skips.
class MiniSchemaValidator {
  public:
    explicit MiniSchemaValidator(std::string dir) : dir_(std::move(dir)) {}

    std::vector<std::string> validate(const json& value, const std::string& schema_file) {
        std::vector<std::string> errors;
        check(value, document(schema_file), schema_file, "", errors);
        return errors;
    }

  private:
    const json& document(const std::string& file) {
        auto it = docs_.find(file);
        if (it == docs_.end()) {
            it = docs_.emplace(file, json::parse(read_file(dir_ + "/" + file))).first;
        }
        return it->second;
    }

    static bool is_type(const json& v, const std::string& type) {
        if (type == "object") return v.is_object();
        if (type == "array") return v.is_array();
        if (type == "string") return v.is_string();
        if (type == "boolean") return v.is_boolean();
        if (type == "null") return v.is_null();
        if (type == "number") return v.is_number();
        if (type == "integer") {
            return v.is_number_integer() ||
                   (v.is_number_float() && v.get<double>() == std::floor(v.get<double>()));
        }
        FAIL("unknown type " << type);
        return false;
    }

    static std::size_t code_points(const std::string& s) {
        return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
            return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
        }));
    }

    bool valid(const json& v, const json& schema, const std::string& file) {
        std::vector<std::string> errors;
        check(v, schema, file, "", errors);
        return errors.empty();
    }

    void check(const json& v, const json& schema, const std::string& file, const std::string& at,
               std::vector<std::string>& errors) {
        static const std::set<std::string> kAnnotations = {"$schema", "title", "description",
                                                           "$defs"};
        for (const auto& [key, arg] : schema.items()) {
            const auto fail = [&](const std::string& why) { errors.push_back(at + ": " + why); };
            if (kAnnotations.count(key)) continue;
            if (key == "$ref") {
                const std::string ref = arg.get<std::string>();
                const auto hash = ref.find('#');
                const std::string target = hash == 0 ? file : ref.substr(0, hash);
                const std::string pointer = hash == std::string::npos ? "" : ref.substr(hash + 1);
                check(v, document(target).at(json::json_pointer(pointer)), target, at, errors);
            } else if (key == "type") {
                if (!is_type(v, arg.get<std::string>())) fail("not of type " + arg.dump());
            } else if (key == "const") {
                if (v != arg) fail("not " + arg.dump());
            } else if (key == "enum") {
                if (std::find(arg.begin(), arg.end(), v) == arg.end()) fail("not in " + arg.dump());
            } else if (key == "properties") {
                if (!v.is_object()) continue;
                for (const auto& [name, sub] : arg.items()) {
                    if (v.contains(name)) check(v.at(name), sub, file, at + "/" + name, errors);
                }
            } else if (key == "additionalProperties") {
                if (!v.is_object()) continue;
                for (const auto& [name, sub] : v.items()) {
                    if (schema.contains("properties") && schema["properties"].contains(name))
                        continue;
                    if (arg == false) {
                        fail("unexpected property " + name);
                    } else {
                        check(sub, arg, file, at + "/" + name, errors);
                    }
                }
            } else if (key == "required") {
                if (!v.is_object()) continue;
                for (const auto& name : arg) {
                    if (!v.contains(name.get<std::string>())) fail("missing " + name.dump());
                }
            } else if (key == "items") {
                if (!v.is_array()) continue;
                for (std::size_t i = 0; i < v.size(); ++i) {
                    check(v[i], arg, file, at + "/" + std::to_string(i), errors);
                }
            } else if (key == "minItems") {
                if (v.is_array() && v.size() < arg.get<std::size_t>()) fail("too few items");
            } else if (key == "uniqueItems") {
                if (!v.is_array() || arg != true) continue;
                for (std::size_t i = 0; i < v.size(); ++i) {
                    for (std::size_t j = i + 1; j < v.size(); ++j) {
                        if (v[i] == v[j]) fail("items not unique");
                    }
                }
            } else if (key == "minProperties") {
                if (v.is_object() && v.size() < arg.get<std::size_t>()) fail("too few properties");
            } else if (key == "minimum") {
                if (v.is_number() && v.get<double>() < arg.get<double>()) fail("below minimum");
            } else if (key == "maximum") {
                if (v.is_number() && v.get<double>() > arg.get<double>()) fail("above maximum");
            } else if (key == "minLength") {
                if (v.is_string() && code_points(v.get<std::string>()) < arg.get<std::size_t>()) {
                    fail("too short");
                }
            } else if (key == "maxLength") {
                if (v.is_string() && code_points(v.get<std::string>()) > arg.get<std::size_t>()) {
                    fail("too long");
                }
            } else if (key == "pattern") {
                if (v.is_string() &&
                    !std::regex_search(v.get<std::string>(), std::regex(arg.get<std::string>()))) {
                    fail("does not match " + arg.dump());
                }
            } else if (key == "allOf") {
                for (const auto& sub : arg)
                    check(v, sub, file, at, errors);
            } else if (key == "anyOf") {
                if (std::none_of(arg.begin(), arg.end(),
                                 [&](const json& sub) { return valid(v, sub, file); })) {
                    fail("matches none of anyOf");
                }
            } else if (key == "oneOf") {
                const auto n = std::count_if(arg.begin(), arg.end(),
                                             [&](const json& sub) { return valid(v, sub, file); });
                if (n != 1) fail("matches " + std::to_string(n) + " of oneOf");
            } else if (key == "not") {
                if (valid(v, arg, file)) fail("matches 'not'");
            } else {
                FAIL("the test's schema validator does not know keyword '" << key << "'");
            }
        }
    }

    std::string dir_;
    std::map<std::string, json> docs_;
};

// The bad files whose mistake is one of shape, which an editor's schema check catches too.
const std::vector<std::string> kCaughtBySchema = {
    "bad/scenario/duration-zero.json",
    "bad/scenario/expect-bad-kind.json",
    "bad/scenario/expect-bad-pointer.json",
    "bad/scenario/expect-both.json",
    "bad/scenario/expect-count-fraction.json",
    "bad/scenario/expect-count-unknown-key.json",
    "bad/scenario/expect-detail-not-object.json",
    "bad/scenario/expect-equals-and-exists.json",
    "bad/scenario/expect-event-with-equals.json",
    "bad/scenario/expect-kind-star.json",
    "bad/scenario/expect-lane-twice.json",
    "bad/scenario/expect-neither.json",
    "bad/scenario/expect-pointer-no-slash.json",
    "bad/scenario/expect-state-with-count.json",
    "bad/scenario/expect-state-without-check.json",
    "bad/scenario/expect-what-missing.json",
    "bad/scenario/inline-topology-error.json",
    "bad/scenario/inline-topology-marker.json",
    "bad/scenario/many-errors.json",
    "bad/scenario/name-invalid.json",
    "bad/scenario/name-missing.json",
    "bad/scenario/notes-not-object.json",
    "bad/scenario/seed-fraction.json",
    "bad/scenario/seed-negative.json",
    "bad/scenario/seed-string.json",
    "bad/scenario/seed-too-big.json",
    "bad/scenario/step-key-of-other-action.json",
    "bad/scenario/step-missing-at.json",
    "bad/scenario/step-not-object.json",
    "bad/scenario/step-port-zero.json",
    "bad/scenario/step-unknown-action.json",
    "bad/scenario/step-unknown-key.json",
    "bad/scenario/topology-empty-name.json",
    "bad/scenario/topology-wrong-type.json",
    "bad/scenario/unknown-key.json",
    "bad/scenario/version-2.json",
    "bad/scenario/version-missing.json",
    "bad/topology/address-missing.json",
    "bad/topology/bad-filtering.json",
    "bad/topology/bad-hairpinning.json",
    "bad/topology/bad-name.json",
    "bad/topology/bad-port-assignment.json",
    "bad/topology/hosts-empty.json",
    "bad/topology/label-empty.json",
    "bad/topology/latency-negative.json",
    "bad/topology/latency-string.json",
    "bad/topology/latency-too-big.json",
    "bad/topology/lifetime-fraction.json",
    "bad/topology/lifetime-zero.json",
    "bad/topology/loss-too-big.json",
    "bad/topology/name-leading-dash.json",
    "bad/topology/name-missing.json",
    "bad/topology/name-with-dot.json",
    "bad/topology/nat-not-object.json",
    "bad/topology/nat-outside-missing.json",
    "bad/topology/network-not-object.json",
    "bad/topology/networks-empty.json",
    "bad/topology/networks-missing.json",
    "bad/topology/preset-missing.json",
    "bad/topology/scenario-not-topology.json",
    "bad/topology/stun-not-object.json",
    "bad/topology/stun-port-range.json",
    "bad/topology/stun-unknown-key.json",
    "bad/topology/turn-no-users.json",
    "bad/topology/unknown-key.json",
    "bad/topology/unknown-preset.json",
    "bad/topology/unknown-top-key.json",
    "bad/topology/version-missing.json",
    "bad/topology/version-string.json",
};

}  // namespace

TEST_CASE("schemas: the shipped files have the shape the schemas describe", "[scenario_loader]") {
    MiniSchemaValidator validator(kScenarios + "schema");
    const auto check = [&](const std::string& path, const std::string& schema) {
        const auto errors = validator.validate(json::parse(read_file(path)), schema);
        INFO(path << ": " << (errors.empty() ? std::string() : errors.front()));
        CHECK(errors.empty());
    };
    for (const auto& entry : fs::directory_iterator(kScenarios)) {
        if (entry.path().extension() == ".json")
            check(entry.path().string(), "scenario.schema.json");
    }
    for (const auto& entry : fs::directory_iterator(kScenarios + "topologies")) {
        check(entry.path().string(), "topology.schema.json");
    }
    check(kData + "topologies/small.json", "topology.schema.json");
    check(kData + "good/inline.json", "scenario.schema.json");
    check(kData + "good/lessons/relative.json", "scenario.schema.json");

    for (const auto& rel : kCaughtBySchema) {
        const std::string schema = rel.find("/topology/") != std::string::npos
                                       ? "topology.schema.json"
                                       : "scenario.schema.json";
        INFO(rel << " should not pass " << schema);
        CHECK_FALSE(validator.validate(json::parse(read_file(kData + rel)), schema).empty());
    }
}
