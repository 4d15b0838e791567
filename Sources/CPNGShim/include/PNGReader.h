// The common small PNG read without libvips' per-call set-up (about 0.8 ms per call, most of an `eval` over a
// folder of 64-px images): 8-bit RGB or RGBA, with nothing that needs colour management or orientation. Every
// other PNG (16-bit, grey, palette, transparency chunk, gamma, ICC profile, chromaticities, EXIF) is left to the
// libvips path, which handles it all; so is any file libpng reports an error for, so that the error message is
// libvips' as everywhere else.

#ifndef PROGANSR_PNG_READER_H
#define PROGANSR_PNG_READER_H

#include <stddef.h>

/// Reads `path` as width x height 8-bit RGB into `*pixels` (malloc'd, width·height·3 bytes, to be freed with free),
/// alpha flattened on the grey level `background` as libvips' flatten does for 8-bit images. Refuses images of more
/// than `max_pixels` pixels before decoding. Returns 0 on success; 1 when the file is not such a PNG (nothing is
/// allocated: use the general path); 2 when it is larger than max_pixels (`*width`, `*height` set).
int shim_png_read_simple(const char *path, long max_pixels, int background,
                         int *width, int *height, unsigned char **pixels);

#endif
