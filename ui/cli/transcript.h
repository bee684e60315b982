// The terminal transcript of a run: one line per event — time, lanes, summary — with NAT
// decisions indented under the packets that caused them.
#pragma once

#include <iosfwd>
#include <vector>

#include "sim/expectations.h"
#include "sim/trace.h"

namespace rtclab::cli {

void print_transcript(const sim::Trace& trace, std::ostream& out);
void print_expectations(const std::vector<sim::ExpectationResult>& results, std::ostream& out);

}  // namespace rtclab::cli
