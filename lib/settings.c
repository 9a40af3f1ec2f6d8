/* settings.c - what lib/ takes from the process's environment (see settings.h). */
#include "settings.h"

struct bilan_settings bilan_settings;
