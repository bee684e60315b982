// The value of the address attributes: MAPPED-ADDRESS and ALTERNATE-SERVER in the clear,
// XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS and XOR-RELAYED-ADDRESS obfuscated by XOR
// (RFC 8489 §14.1, §14.2, §14.15; RFC 8656 §18.3, §18.5).
#pragma once

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/core/result.h"
#include "net/stun/transaction_id.h"

namespace rtclab::net::stun {

// RFC 8489 §14.1: "The address family can take on the following values: 0x01:IPv4 0x02:IPv6"
inline constexpr std::uint8_t kFamilyIpv4 = 0x01;
inline constexpr std::uint8_t kFamilyIpv6 = 0x02;

// Appends the 8 (IPv4) or 20 (IPv6) value bytes.
void write_address(ByteWriter& w, const TransportAddress& address);
void write_xor_address(ByteWriter& w, const TransportAddress& address, const TransactionId& id);

// Decodes a value; errors name the field in words, without an offset (the parser adds the
// attribute's offset): "family 0x03 is neither IPv4 (0x01) nor IPv6 (0x02)".
Result<TransportAddress> read_address(ByteView value);
Result<TransportAddress> read_xor_address(ByteView value, const TransactionId& id);

}  // namespace rtclab::net::stun
