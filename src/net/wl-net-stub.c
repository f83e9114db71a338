/* placeholder until the net area lands */
#include "config.h"
int wl_net_stub_anchor;
