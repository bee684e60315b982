// Tests for `rtclab run` and `rtclab check`: the who-am-i scenario end to end, outputs,
// exit codes, bad input, and determinism across processes.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ui/cli/check_command.h"
#include "ui/cli/run_command.h"

using namespace rtclab::cli;
namespace fs = std::filesystem;

namespace {

const std::string kClassroom = std::string(RTCLAB_SOURCE_DIR) + "/scenarios/who-am-i.json";
const std::string kRtclab = std::string(RTCLAB_BINARY_DIR) + "/rtclab";

fs::path temp_dir(const std::string& name) {
    fs::path p = fs::temp_directory_path() / ("rtclab-test-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Runs a shell command; returns its exit code.
int sh(const std::string& cmd) {
    const int status = std::system(cmd.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("who-am-i: both peers learn who they are, and the transcript shows it", "[cli][run]") {
    std::ostringstream out, err;
    RunOptions o;
    o.scenario = kClassroom;
    CHECK(run_run(o, out, err) == 0);
    const std::string t = out.str();
    CHECK(err.str().empty());
    CHECK(t.find("alice.agent → nat-a") != std::string::npos);
    CHECK(t.find("[home-a] Binding request  192.168.1.10:5000 → 203.0.113.1:3478") != std::string::npos);
    CHECK(t.find("[internet] Binding request  203.0.113.10:5000 → 203.0.113.1:3478") != std::string::npos);
    CHECK(t.find("who am I? 203.0.113.10:5000") != std::string::npos);
    CHECK(t.find("nat-a: drop 198.51.100.20:") != std::string::npos);  // indented NAT decision
    CHECK(t.find("7 of 7 expectations hold") != std::string::npos);
}

TEST_CASE("a summary to stdout ('-') replaces the transcript", "[cli][run]") {
    std::ostringstream out, err;
    RunOptions o;
    o.scenario = kClassroom;
    o.summary_json = "-";
    REQUIRE(run_run(o, out, err) == 0);
    const auto s = nlohmann::json::parse(out.str());
    CHECK(s["scenario"] == "who-am-i");
    CHECK(s["seed"] == 1);
    CHECK(s["passed"] == true);
    CHECK(s["virtual_time_us"] == 5000000);
    CHECK(s["events"].get<int>() > 20);
    CHECK(s["expectations"].size() == 7);
    CHECK(s["expectations"][0]["passed"] == true);
    CHECK(s["nats"]["nat-a"]["drops"] == 1);
    CHECK(s["nats"]["nat-a"]["mappings"] == 1);
    CHECK(s["nats"]["nat-b"]["mappings"] == 3);  // symmetric: one per destination (2 servers, Alice)
    CHECK(s["hosts"]["alice"]["reflexive"]["5000"] == "203.0.113.10:5000");
    CHECK(s["peers"].is_object());
}

TEST_CASE("a failed expectation exits 1 and says why", "[cli][run]") {
    const fs::path dir = temp_dir("fail");
    std::string text = slurp(kClassroom);
    // Expect the impossible: Alice's reflexive address on the wrong port.
    const std::string from = "\"equals\": \"203.0.113.10:5000\"";
    REQUIRE(text.find(from) != std::string::npos);
    text.replace(text.find(from), from.size(), "\"equals\": \"203.0.113.10:5999\"");
    fs::create_directories(dir / "topologies");
    fs::copy_file(fs::path(RTCLAB_SOURCE_DIR) / "scenarios/topologies/two-homes.json", dir / "topologies/two-homes.json");
    std::ofstream(dir / "s.json") << text;
    std::ostringstream out, err;
    RunOptions o;
    o.scenario = (dir / "s.json").string();
    CHECK(run_run(o, out, err) == 1);
    CHECK(out.str().find("✘ Alice's public address") != std::string::npos);
    CHECK(out.str().find("is \"203.0.113.10:5000\" at the end (expected \"203.0.113.10:5999\")") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("invalid input exits 2 and writes nothing", "[cli][run][bad-input]") {
    const fs::path dir = temp_dir("bad");
    std::ofstream(dir / "broken.json") << "{\"rtclab_scenario\": 1, \"name\": ";
    std::ostringstream out, err;
    RunOptions o;
    o.scenario = (dir / "broken.json").string();
    o.trace = (dir / "t.jsonl").string();
    CHECK(run_run(o, out, err) == 2);
    CHECK(err.str().find((dir / "broken.json").string() + ":1:") == 0);
    CHECK_FALSE(fs::exists(dir / "t.jsonl"));
    SECTION("an unwritable output is refused before running") {
        std::ostringstream out2, err2;
        RunOptions o2;
        o2.scenario = kClassroom;
        o2.pcap = "/nonexistent-dir/x.pcapng";
        CHECK(run_run(o2, out2, err2) == 2);
        CHECK(err2.str().find("cannot write pcapng '/nonexistent-dir/x.pcapng'") != std::string::npos);
        CHECK(out2.str().empty());
    }
    SECTION("a seed of 2^53 or more is refused") {
        std::ostringstream out2, err2;
        RunOptions o2;
        o2.scenario = kClassroom;
        o2.seed = std::uint64_t{1} << 53;
        CHECK(run_run(o2, out2, err2) == 2);
    }
    fs::remove_all(dir);
}

TEST_CASE("the rtclab binary: exit codes, --help, bad flags", "[cli][process]") {
    CHECK(sh(kRtclab + " --help > /dev/null") == 0);
    CHECK(sh(kRtclab + " run --help > /dev/null") == 0);
    CHECK(sh(kRtclab + " > /dev/null 2>&1") == 2);                       // no subcommand
    CHECK(sh(kRtclab + " frobnicate > /dev/null 2>&1") == 2);
    CHECK(sh(kRtclab + " run > /dev/null 2>&1") == 2);                   // missing scenario
    CHECK(sh(kRtclab + " run " + kClassroom + " --seed abc > /dev/null 2>&1") == 2);
    CHECK(sh(kRtclab + " run " + kClassroom + " --seed -1 > /dev/null 2>&1") == 2);
    CHECK(sh(kRtclab + " run /nonexistent.json > /dev/null 2>&1") == 2);
    CHECK(sh(kRtclab + " check " + kClassroom + " > /dev/null") == 0);
    CHECK(sh(kRtclab + " run " + kClassroom + " > /dev/null") == 0);
}

TEST_CASE("same scenario and seed: byte-identical trace and pcapng across processes", "[cli][determinism]") {
    const fs::path dir = temp_dir("determinism");
    const auto run = [&](const std::string& tag, const std::string& extra) {
        return sh(kRtclab + " run " + kClassroom + " --trace " + (dir / (tag + ".jsonl")).string() + " --pcap " +
                  (dir / (tag + ".pcapng")).string() + " " + extra + " > /dev/null");
    };
    REQUIRE(run("a", "") == 0);
    REQUIRE(run("b", "") == 0);
    REQUIRE(run("c", "--seed 12345") == 0);
    CHECK(slurp(dir / "a.jsonl") == slurp(dir / "b.jsonl"));
    CHECK(slurp(dir / "a.pcapng") == slurp(dir / "b.pcapng"));
    CHECK(slurp(dir / "a.jsonl").size() > 1000);
    // Another seed: other transaction ids and another symmetric-NAT port, so other bytes.
    CHECK(slurp(dir / "a.jsonl") != slurp(dir / "c.jsonl"));
    fs::remove_all(dir);
}

TEST_CASE("rtclab check: ok for valid files, exit 2 with FILE:LINE for broken ones", "[cli][check]") {
    std::ostringstream out, err;
    CHECK(run_check(kClassroom, out, err) == 0);
    CHECK(out.str().find("ok") != std::string::npos);
    std::ostringstream out2, err2;
    CHECK(run_check("/nonexistent.json", out2, err2) == 2);
    CHECK(err2.str().find("/nonexistent.json") != std::string::npos);
}
