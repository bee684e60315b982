// rtclab-bench: the benchmarks the issues name, with the reference measured in the same run.
//
//   rtclab-bench --json      {"metrics": {...}, "targets": {...}, "repetitions": 5}
//
// Each metric is the median of --reps repetitions (default 5).
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim_bench.h"
#include "stun_bench.h"

namespace {

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double median_of(int reps, const std::function<double()>& f) {
    std::vector<double> samples;
    for (int i = 0; i < reps; ++i) samples.push_back(f());
    return median(samples);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"rtclab-bench: STUN codec against libnice, simulator throughput", "rtclab-bench"};
    bool json = false;
    int reps = 5;
    bool quick = false;
    app.add_flag("--json", json, "Print the results as JSON: {\"metrics\": {...}}");
    app.add_option("--reps", reps, "Repetitions per metric; the median is reported")->check(CLI::Range(1, 100));
    app.add_flag("--quick", quick, "Smaller workloads (a smoke test, not a measurement)");
    std::string only;
    app.add_option("--only", only, "Run one group of metrics (for profiling): stun or sim")
        ->check(CLI::IsMember({"stun", "sim"}));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    const int stun_iters = quick ? 2000 : 200000;
    const std::uint64_t sim_n = quick ? 20000 : 1000000;
    const std::uint64_t sim_traced_n = quick ? 20000 : 500000;

    std::map<std::string, double> m;
    if (only.empty() || only == "stun") {
        m["stun_roundtrip_ns"] = median_of(
            reps, [&] { return rtclab::bench::bench_stun_roundtrip_ns(stun_iters); });
        m["libnice_stun_roundtrip_ns"] = median_of(
            reps, [&] { return rtclab::bench::bench_libnice_stun_roundtrip_ns(stun_iters); });
    }
    if (only.empty() || only == "sim") {
        m["sim_datagrams_per_s"] = median_of(
            reps, [&] { return rtclab::bench::bench_sim_datagrams_per_s(sim_n, false); });
        m["sim_datagrams_per_s_traced"] = median_of(
            reps, [&] { return rtclab::bench::bench_sim_datagrams_per_s(sim_traced_n, true); });
    }

    const nlohmann::ordered_json targets = {
        {"stun_roundtrip_ns", "<= 0.5 x libnice_stun_roundtrip_ns"},
        {"sim_datagrams_per_s", ">= 3000000"},
        {"sim_datagrams_per_s_traced", ">= 1000000"}};
    const bool has_stun = m.count("stun_roundtrip_ns") > 0;
    const bool has_sim = m.count("sim_datagrams_per_s") > 0;
    const bool stun_ok = has_stun && m["stun_roundtrip_ns"] <= 0.5 * m["libnice_stun_roundtrip_ns"];
    const bool sim_ok = has_sim && m["sim_datagrams_per_s"] >= 3e6;
    const bool traced_ok = has_sim && m["sim_datagrams_per_s_traced"] >= 1e6;
    if (json) {
        nlohmann::ordered_json out;
        out["metrics"] = nlohmann::ordered_json(m);
        out["targets"] = targets;
        out["targets_met"] = {{"stun_roundtrip_ns", stun_ok},
                              {"sim_datagrams_per_s", sim_ok},
                              {"sim_datagrams_per_s_traced", traced_ok}};
        out["repetitions"] = reps;
        out["quick"] = quick;
        std::cout << out.dump(2) << '\n';
    } else {
        for (const auto& [k, v] : m) std::printf("%-28s %14.1f\n", k.c_str(), v);
        if (has_stun)
            std::printf("STUN round trip: %.2f x libnice's time (target <= 0.5)\n",
                        m["stun_roundtrip_ns"] / m["libnice_stun_roundtrip_ns"]);
    }
    return 0;
}
