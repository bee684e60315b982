// `rtclab matrix` and `rtclab run` on the full classroom exchange: the JSON shapes the issue
// fixes, the trace folder, bad input, and the per-peer summary.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "ui/cli/matrix_command.h"
#include "ui/cli/run_command.h"

using namespace rtclab::cli;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
    fs::path p = fs::temp_directory_path() / ("rtclab-matrix-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(p);
    return p;
}

}  // namespace

TEST_CASE("rtclab matrix --json: 25 rows in the issue's shape", "[cli][matrix]") {
    std::ostringstream out, err;
    MatrixOptions o;
    o.json = true;
    REQUIRE(run_matrix_command(o, out, err) == 0);
    const json j = json::parse(out.str());
    REQUIRE(j["rows"].size() == 25);
    const auto row = [&](const std::string& a, const std::string& b) {
        for (const auto& r : j["rows"]) {
            if (r["a"] == a && r["b"] == b) return r;
        }
        FAIL("no row " << a << " x " << b);
        return json();
    };
    CHECK(row("symmetric", "full-cone") ==
          json{{"a", "symmetric"}, {"b", "full-cone"}, {"connected", true}, {"relay", false},
               {"pair", "prflx/srflx"}});
    CHECK(row("symmetric", "symmetric")["connected"] == false);
    CHECK(row("symmetric", "symmetric")["pair"].is_null());
    CHECK(row("open", "open")["pair"] == "host/host");
}

TEST_CASE("rtclab matrix --turn --trace-dir: every cell connects and leaves a trace", "[cli][matrix]") {
    const fs::path dir = fresh_dir("traces");
    std::ostringstream out, err;
    MatrixOptions o;
    o.turn = true;
    o.trace_dir = dir.string();
    REQUIRE(run_matrix_command(o, out, err) == 0);
    CHECK(out.str().find("25 of 25 pairs connect") != std::string::npos);
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(dir)) {
        (void)e;
        ++files;
    }
    CHECK(files == 25);
    std::ifstream in(dir / "symmetric__symmetric.jsonl");
    std::string header;
    std::getline(in, header);
    CHECK(json::parse(header)["rtclab_trace"] == 1);
    fs::remove_all(dir);
}

TEST_CASE("rtclab matrix: a trace folder that cannot be made is invalid input", "[cli][matrix]") {
    const fs::path file = fresh_dir("not-a-dir");
    std::ofstream(file) << "x";
    std::ostringstream out, err;
    MatrixOptions o;
    o.trace_dir = (file / "sub").string();
    CHECK(run_matrix_command(o, out, err) == 2);
    CHECK(err.str().find("cannot make the trace folder") != std::string::npos);
    CHECK(out.str().empty());
    fs::remove(file);
}

TEST_CASE("rtclab matrix: a seed JSON cannot hold exactly is invalid input", "[cli][matrix]") {
    std::ostringstream out, err;
    MatrixOptions o;
    o.seed = std::uint64_t{1} << 53;
    CHECK(run_matrix_command(o, out, err) == 2);
    CHECK(err.str().find("--seed must be below 2^53") != std::string::npos);
    CHECK(out.str().empty());
}

TEST_CASE("rtclab run classroom --summary-json: per-peer states, pair, candidates and checks",
          "[cli][run][peers]") {
    std::ostringstream out, err;
    RunOptions o;
    o.scenario = std::string(RTCLAB_SOURCE_DIR) + "/scenarios/classroom.json";
    o.summary_json = "-";
    REQUIRE(run_run(o, out, err) == 0);
    const json s = json::parse(out.str());
    CHECK(s["passed"] == true);
    for (const char* name : {"alice", "bob"}) {
        INFO(name);
        const json p = s["peers"][name];
        CHECK(p["signalingState"] == "stable");
        CHECK(p["iceGatheringState"] == "complete");
        CHECK(p["iceConnectionState"] == "connected");
        CHECK(p["connectionState"] == "connected");
        CHECK(p["selectedPair"]["local"]["address"].is_string());
        CHECK(p["selectedPair"]["remote"]["type"].is_string());
        CHECK(p["candidates"]["local"]["host"] == 1);
        for (const char* k : {"sent", "received", "succeeded", "failed"}) CHECK(p["checks"][k].is_number());
    }
}
