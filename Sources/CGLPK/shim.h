// The shim exists because Debian's libglpk-dev installs glpk.h directly in /usr/include
// without a pkg-config file; the module map names this header and links -lglpk.
#ifndef DIMENSIONERING_CGLPK_SHIM_H
#define DIMENSIONERING_CGLPK_SHIM_H
#include <glpk.h>
#endif
