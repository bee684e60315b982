// All of net/turn in one include: ChannelData framing, the client, the server, and the
// lifetimes they share (RFC 8656).
#pragma once

#include "net/turn/allocation.h"
#include "net/turn/channel_data.h"
#include "net/turn/client.h"
#include "net/turn/client_event.h"
#include "net/turn/lifetimes.h"
#include "net/turn/nonce.h"
#include "net/turn/relay_ports.h"
#include "net/turn/server.h"
#include "net/turn/server_event.h"
