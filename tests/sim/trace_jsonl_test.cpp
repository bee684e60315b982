// Tests for the JSON Lines trace: the header, a byte-identical round trip, and bad input.
#include <catch2/catch.hpp>

#include <sstream>

#include "sim/state_index.h"
#include "sim/trace_format.h"
#include "sim/trace_jsonl.h"
#include "sim/world.h"
#include "world_fixture.h"

using namespace rtclab;
using namespace rtclab::sim;
using namespace rtclab::sim::testing;

namespace {

Trace sample_trace() {
    Scenario s = two_homes(*nat_preset("port-restricted-cone"), *nat_preset("symmetric"));
    s.script.push_back(stun_binding(0, "alice", 5000));
    s.script.push_back(udp_send(50, "bob", 6000, "203.0.113.10:5000"));
    World w(s);
    w.run();
    return std::move(w.trace());
}

std::string to_jsonl(const Trace& t) {
    std::ostringstream out;
    write_trace_jsonl(t, out);
    return out.str();
}

net::Result<Trace> from_jsonl(const std::string& text) {
    std::istringstream in(text);
    return read_trace_jsonl(in, "t.jsonl");
}

}  // namespace

TEST_CASE("the header carries what a replay needs", "[trace][jsonl]") {
    const Trace t = sample_trace();
    const auto header = nlohmann::json::parse(to_jsonl(t).substr(0, to_jsonl(t).find('\n')));
    CHECK(header["rtclab_trace"] == 1);
    CHECK(header["scenario"] == "test");
    CHECK(header["seed"] == 1);
    CHECK(header["lanes"][0] == nlohmann::json({{"id", "alice.app"}, {"label", "Alice (app)"}, {"kind", "app"}}));
    CHECK(header["topology"]["networks"].size() == 3);
    CHECK(header["initial_state"]["nats"]["nat-a"]["mappings"].empty());
    CHECK(header["events"] == t.size());
}

TEST_CASE("every event line has the documented fields", "[trace][jsonl]") {
    const Trace t = sample_trace();
    std::istringstream lines(to_jsonl(t));
    std::string line;
    std::getline(lines, line);
    std::size_t seq = 0;
    bool saw_packet = false;
    while (std::getline(lines, line)) {
        const auto e = nlohmann::json::parse(line);
        CHECK(e["seq"] == seq++);
        CHECK(e["t_us"].is_number_integer());
        CHECK(e["kind"].is_string());
        CHECK(e["lanes"].is_array());
        CHECK(e["summary"].is_string());
        CHECK(e["detail"].is_object());
        CHECK(e["changes"].is_array());
        if (e.contains("packet")) {
            saw_packet = true;
            CHECK(e["packet"]["hex"].is_string());
            CHECK(e["packet"]["link"].is_string());
        }
    }
    CHECK(seq == t.size());
    CHECK(saw_packet);
}

TEST_CASE("a trace read back writes out byte for byte the same, and folds the same", "[trace][jsonl]") {
    const Trace t = sample_trace();
    const std::string text = to_jsonl(t);
    auto back = from_jsonl(text);
    REQUIRE(back.ok());
    CHECK(back->size() == t.size());
    CHECK(to_jsonl(*back) == text);
    StateIndex a(t), b(*back);
    CHECK(a.state_after(static_cast<std::ptrdiff_t>(t.size()) - 1) ==
          b.state_after(static_cast<std::ptrdiff_t>(t.size()) - 1));
}

TEST_CASE("bad traces are refused with file and line", "[trace][jsonl][bad-input]") {
    const std::string good = to_jsonl(sample_trace());
    const std::string header = good.substr(0, good.find('\n') + 1);
    struct Case {
        std::string text;
        std::string expect;
    };
    const std::vector<Case> cases = {
        {"", "t.jsonl:1: empty file"},
        {"[1,2]\n", "t.jsonl:1: the first line is not a JSON object"},
        {"{\"x\":1}\n", "t.jsonl:1: no \"rtclab_trace\""},
        {"{\"rtclab_trace\":2}\n", "t.jsonl:1: trace format version 2 is not supported"},
        {"\x01\x02\xff\xfe garbage", "t.jsonl:1: the first line is not a JSON object"},
        {header + "{\"seq\":5}\n", "t.jsonl:2: /seq: expected 0"},
        {header + "{\"seq\":0,\"t_us\":\"x\"}\n", "t.jsonl:2: /t_us: must be an integer"},
        {header + "{\"seq\":0,\"t_us\":0,\"kind\":\"k\",\"lanes\":[\"nobody\"]}\n", "t.jsonl:2: /lanes/0"},
        {header + "{\"seq\":0,\"t_us\":0,\"kind\":\"k\",\"lanes\":[],\"changes\":[{\"path\":\"/nats/nat-a/mappings/x/y\",\"value\":1},{\"path\":\"/nats/nat-a/mappings/x/y/z\",\"value\":1}]}\n",
         "t.jsonl:2: /changes: change 1: path goes through a non-object"},
        {header + "{\"seq\":0,\"t_us\":0,\"kind\":\"k\",\"lanes\":[],\"packet\":{\"hex\":\"zz\"}}\n", "t.jsonl:2: /packet/hex"},
        {header + "{\"seq\":0,\"t_us\":5,\"kind\":\"k\",\"lanes\":[]}\n{\"seq\":1,\"t_us\":4,\"kind\":\"k\",\"lanes\":[]}\n",
         "t.jsonl:3: /t_us: time goes backwards"},
        {header + "{\"seq\":0,\"t_us\":0,\"kind\":\"k\",\"lanes\":[]\n", "t.jsonl:2: not a JSON object"},
        {header + std::string(200000, '['), "t.jsonl:2: not a JSON object"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text.substr(0, 120));
        auto r = from_jsonl(c.text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().message.find(c.expect) == 0);
    }
}

TEST_CASE("apply_changes sets with parents, removes, and rejects bad changes", "[trace][state]") {
    nlohmann::json state = nlohmann::json::object();
    REQUIRE(apply_changes(state, nlohmann::json::parse(R"([{"path":"/a/b~1c","value":1},{"path":"/a/d","value":null}])")).ok());
    CHECK(state == nlohmann::json::parse(R"({"a":{"b/c":1,"d":null}})"));
    REQUIRE(apply_changes(state, nlohmann::json::parse(R"([{"path":"/a/b~1c","remove":true},{"path":"/x/y","remove":true}])")).ok());
    CHECK(state == nlohmann::json::parse(R"({"a":{"d":null}})"));
    CHECK_FALSE(apply_changes(state, nlohmann::json::parse(R"([{"path":"a"}])")).ok());
    CHECK_FALSE(apply_changes(state, nlohmann::json::parse(R"([{"value":1}])")).ok());
    CHECK_FALSE(apply_changes(state, nlohmann::json::parse(R"([{"path":"/a/d/e","value":1}])")).ok());
    CHECK_FALSE(apply_changes(state, nlohmann::json::parse(R"({"path":"/a"})")).ok());
}
