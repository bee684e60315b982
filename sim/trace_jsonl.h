// The trace as JSON Lines: a header line, then one event per line (docs/trace-format.md).
//
// Writing is deterministic: the same trace gives the same bytes. Reading validates every line
// and reports "FILE:LINE: message"; a trace read back replays with no scenario and no
// simulator (its events are kept as ready-made JSON).
#pragma once

#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include "net/core/result.h"
#include "sim/trace.h"

namespace rtclab::sim {

inline constexpr int kTraceFormatVersion = 1;

nlohmann::ordered_json trace_header_json(const Trace& trace);
void write_trace_jsonl(const Trace& trace, std::ostream& out);
net::Result<void> write_trace_file(const Trace& trace, const std::string& path);

net::Result<Trace> read_trace_jsonl(std::istream& in, const std::string& file_for_messages);
net::Result<Trace> read_trace_file(const std::string& path);

}  // namespace rtclab::sim
