/* placeholder until the protocol area lands */
#include "config.h"
int wl_protocol_stub_anchor;
