// Decoding a whole frame — an IPv4 (RFC 791 §3.1) or IPv6 (RFC 8200 §3) header, the UDP header
// (RFC 768) and the payload — into packet fields, with the header checksum and the UDP
// checksum checked. The frames are the ones sim/ip_udp.h builds for the pcapng export, so the
// inspector and Wireshark show the same bytes.
#pragma once

#include "net/core/bytes.h"
#include "ui/gui/model/packet_fields.h"
#include "ui/gui/model/payload_fields.h"

namespace rtclab::gui {

// Any bytes give a tree: what decodes, then an error field for what does not.
FieldTree decode_frame(net::ByteView frame, const PayloadContext& context);

}  // namespace rtclab::gui
