// Decoding DTLS records into packet fields: the DTLS 1.2 record layer (RFC 6347 §4.1), the
// handshake header (§4.2.2) with ClientHello / ServerHello bodies (RFC 6347 §4.2.1, RFC 5246
// §7.4.1.2-§7.4.1.4), alerts, ChangeCipherSpec, and encrypted records left as they are.
#pragma once

#include <cstddef>

#include "net/core/bytes.h"
#include "ui/gui/model/packet_fields.h"

namespace rtclab::gui {

// Adds a "DTLS" layer for frame[begin, end) with one child per record: a datagram may carry
// several (RFC 6347 §4.1.1: "Multiple DTLS records may be placed in a single datagram").
void decode_dtls(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end);

}  // namespace rtclab::gui
