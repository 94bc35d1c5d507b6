// Debian's libxlsxwriter-dev installs xlsxwriter.h in /usr/include and a pkg-config file
// (xlsxwriter.pc: -lxlsxwriter -lz) that Package.swift names; the module map also links
// -lxlsxwriter so the target still links where pkg-config itself is missing.
#ifndef DIMENSIONERING_CXLSXWRITER_SHIM_H
#define DIMENSIONERING_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
