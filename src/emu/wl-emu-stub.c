/* placeholder until the emu area lands */
#include "config.h"
int wl_emu_stub_anchor;
