// All of net/stun in one include: the RFC 8489 codec, credentials, checks, summaries and the
// client transaction.
#pragma once

#include "net/stun/address_value.h"
#include "net/stun/attribute_type.h"
#include "net/stun/client_transaction.h"
#include "net/stun/error_code.h"
#include "net/stun/fingerprint.h"
#include "net/stun/header.h"
#include "net/stun/integrity_key.h"
#include "net/stun/message.h"
#include "net/stun/message_builder.h"
#include "net/stun/message_type.h"
#include "net/stun/password_algorithm.h"
#include "net/stun/summary.h"
#include "net/stun/transaction_id.h"
#include "net/stun/userhash.h"
#include "net/stun/verify.h"
