/* placeholder until the lab area lands */
#include "config.h"
int wl_lab_stub_anchor;
