// libvips, found through pkg-config `vips` (Debian: libvips-dev).
#include <vips/vips.h>
