// Scenario and topology loader: JSON files in, a validated Scenario or TopologySpec out.
//
// "Bad input gets a clear error and nothing is lost": everything is validated before
// anything is returned, so a scenario either loads whole or not at all. On failure,
// Error::message holds one diagnostic per line, sorted by file and line, at most
// kMaxDiagnostics of them:
//
//     scenarios/topologies/two-homes.json:14: /networks/1/latncy_ms: unknown key 'latncy_ms'
//     (did you mean 'latency_ms'?); ...
//
// i.e. "FILE:LINE: /json/pointer: message" (the whole document is written "/"). A problem
// with the file itself (missing, unreadable, too large) reads "FILE: message".
// The format is documented in docs/scenario-format.md; JSON Schemas for editors are in
// scenarios/schema/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/result.h"
#include "sim/scenario.h"

namespace rtclab::sim {

inline constexpr int kScenarioFormatVersion = 1;
inline constexpr int kTopologyFormatVersion = 1;
// More would bury the first one; the last line then says how many were left out.
inline constexpr std::size_t kMaxDiagnostics = 20;
// Lesson files are a few kilobytes. These limits only keep a wrong file (a disk image, a
// generated monster) from taking the machine's memory or minutes of its time.
inline constexpr std::size_t kMaxFileBytes = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxNetworks = 1000;
inline constexpr std::size_t kMaxHosts = 1000;
inline constexpr std::size_t kMaxScriptSteps = 10000;
inline constexpr std::size_t kMaxExpectations = 10000;

// Loads a scenario file; a "topology" given as a path is read relative to the file's folder.
net::Result<Scenario> load_scenario_file(const std::string& path);

// Loads a scenario from text. `file_for_messages` names it in diagnostics and becomes
// Scenario::file; a "topology" path is resolved against `base_dir` ("" = current directory).
net::Result<Scenario> load_scenario_text(std::string_view text,
                                         const std::string& file_for_messages,
                                         const std::string& base_dir);

// Loads a topology file (top-level key "rtclab_topology").
net::Result<TopologySpec> load_topology_file(const std::string& path);

// For `rtclab check FILE`: tells a scenario ("rtclab_scenario") from a topology
// ("rtclab_topology") file, loads it, and on success describes it in one line, e.g.
// "scenario 'classroom': 3 networks, 2 NATs, 4 hosts (2 peers, 2 servers), 4 script steps,
// 7 expectations".
net::Result<std::string> check_file(const std::string& path);

// The trace lanes a topology gives a scenario, which expectations may name:
// "<peer>.app" and "<peer>.agent" for each peer host, "<server>" for each server host,
// "<nat>" for each NAT. In host order, then NAT order.
std::vector<std::string> scenario_lanes(const TopologySpec& topology);

}  // namespace rtclab::sim
