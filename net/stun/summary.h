// summarize(): one human line for a STUN message, as transcripts and the sequence diagram
// print it.
#pragma once

#include <string>

#include "net/stun/message.h"

namespace rtclab::net::stun {

// "<Method> <class>", and for responses what the answer was:
//   "Binding request"
//   "Binding success response: XOR-MAPPED-ADDRESS 203.0.113.10:5000"
//   "Allocate success response: XOR-RELAYED-ADDRESS 198.51.100.1:49152, XOR-MAPPED-ADDRESS
//    203.0.113.10:5000, LIFETIME 600"
//   "Allocate error response: 401 Unauthorized" (the reason phrase the message carries, or
//    the recommended one when it carries none)
//   "Send indication", "Method 0x0abc request"
std::string summarize(const Message& m);

}  // namespace rtclab::net::stun
