#include "ui/cli/run_command.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <ostream>

#include "sim/expectations.h"
#include "sim/run_summary.h"
#include "sim/scenario_loader.h"
#include "sim/state_index.h"
#include "sim/trace_jsonl.h"
#include "sim/trace_pcapng.h"
#include "sim/world.h"
#include "ui/cli/transcript.h"

namespace rtclab::cli {

namespace {

// Checks that a path can be written before anything runs, so that a typo in --pcap does not
// cost a run and leave half of the outputs behind.
bool writable(const std::string& path, std::ostream& err, const char* what) {
    std::ofstream probe(path, std::ios::binary | std::ios::app);
    if (!probe) {
        err << "rtclab run: cannot write " << what << " '" << path << "': " << std::strerror(errno) << '\n';
        return false;
    }
    return true;
}

bool write_bytes(const std::string& path, const std::string& bytes, std::ostream& err, const char* what) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!f) {
        err << "rtclab run: cannot write " << what << " '" << path << "': " << std::strerror(errno) << '\n';
        return false;
    }
    return true;
}

}  // namespace

int run_run(const RunOptions& o, std::ostream& out, std::ostream& err) {
    auto scenario = sim::load_scenario_file(o.scenario);
    if (!scenario) {
        err << scenario.error().message << '\n';
        return 2;
    }
    if (o.seed && *o.seed >= (std::uint64_t{1} << 53)) {
        err << "rtclab run: --seed must be below 2^53 (9007199254740992), so JSON readers keep it exact\n";
        return 2;
    }
    if (o.trace && !writable(*o.trace, err, "trace")) return 2;
    if (o.pcap && !writable(*o.pcap, err, "pcapng")) return 2;
    const bool summary_to_stdout = o.summary_json && *o.summary_json == "-";
    if (o.summary_json && !summary_to_stdout && !writable(*o.summary_json, err, "summary")) return 2;

    sim::World world(*scenario, sim::WorldOptions{o.seed, true});
    world.run();
    const sim::Trace& trace = world.trace();
    const sim::StateIndex states(trace);
    const auto results = sim::evaluate_expectations(*scenario, trace, states);
    bool passed = true;
    for (const auto& r : results) passed = passed && r.passed;

    if (!summary_to_stdout) {
        print_transcript(trace, out);
        print_expectations(results, out);
    }
    bool ok = true;
    if (o.trace) {
        if (auto w = sim::write_trace_file(trace, *o.trace); !w) {
            err << "rtclab run: " << w.error().message << '\n';
            ok = false;
        }
    }
    if (o.pcap) {
        const net::Bytes pcap = sim::trace_to_pcapng(trace);
        ok = write_bytes(*o.pcap, std::string(pcap.begin(), pcap.end()), err, "pcapng") && ok;
    }
    if (o.summary_json) {
        const std::string summary =
            sim::run_summary(world, results, states.state_after(static_cast<std::ptrdiff_t>(trace.size()) - 1))
                .dump(2) + "\n";
        if (summary_to_stdout) {
            out << summary;
        } else {
            ok = write_bytes(*o.summary_json, summary, err, "summary") && ok;
        }
    }
    if (!ok) return 2;
    return passed ? 0 : 1;
}

}  // namespace rtclab::cli
