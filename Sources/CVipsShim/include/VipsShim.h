// Non-variadic wrappers around the libvips calls ProGANSR uses.
//
// libvips' operations take optional arguments as a NULL-terminated variadic list
// (vips_resize(in, &out, scale, "kernel", k, NULL)), which Swift cannot call. Each wrapper
// fixes the optional arguments it needs. All return 0 on success and -1 on failure, with the
// reason in vips_error_buffer() (read it with shim_take_error).

#ifndef PROGANSR_VIPS_SHIM_H
#define PROGANSR_VIPS_SHIM_H

#include <stddef.h>

typedef struct _VipsImage VipsImage;

/// Starts libvips once per process (thread-safe); returns 0, or -1 if vips_init failed.
int shim_init(void);
/// libvips' worker threads per image pipeline (1 = single thread; 0 = its default, the cores).
void shim_set_concurrency(int threads);
/// Copies the error buffer into `buffer` (at most `size` bytes, NUL-terminated) and clears it.
void shim_take_error(char *buffer, size_t size);
/// Drops one reference (g_object_unref).
void shim_unref(VipsImage *image);

/// Loading: a truncated or corrupt file is an error (fail_on truncated), not a warning with grey rows.
int shim_load_file(const char *path, VipsImage **out);
/// As shim_load_file, shrunk on load by the integer `shrink` (≥ 1) on both axes as the file is read, so that
/// only the smaller image is ever in memory: a JPEG's own DCT shrink (by 2, 4 or 8) and box averages for the rest.
int shim_load_file_shrunk(const char *path, int shrink, VipsImage **out);
/// The file's width and height from its header, without decoding its pixels.
int shim_file_dimensions(const char *path, int *width, int *height);
int shim_load_buffer(const void *data, size_t size, VipsImage **out);

/// A 3-band (or 1-band) uchar image over a copy of `pixels` (HWC, row-major).
int shim_from_memory(const unsigned char *pixels, int width, int height, int bands, VipsImage **out);
/// Computes the image and copies its pixels out; `*size` bytes, to be freed with shim_free.
int shim_to_memory(VipsImage *in, unsigned char **pixels, size_t *size);
void shim_free(void *p);

int shim_width(const VipsImage *image);
int shim_height(const VipsImage *image);
int shim_bands(const VipsImage *image);
/// VipsBandFormat as an int (0 = uchar, 2 = ushort, ...).
int shim_format(const VipsImage *image);
int shim_has_alpha(VipsImage *image);

/// Applies the EXIF orientation tag and removes it.
int shim_autorot(VipsImage *in, VipsImage **out);
/// Converts to 8-bit sRGB (grey, 16-bit, CMYK, Lab...); alpha, if any, is kept as an extra band.
int shim_to_srgb(VipsImage *in, VipsImage **out);
/// Composites the alpha band over a flat grey level `background` (0..255 for 8-bit images).
int shim_flatten(VipsImage *in, double background, VipsImage **out);
/// Casts to unsigned 8-bit (clipping).
int shim_cast_uchar(VipsImage *in, VipsImage **out);
/// Keeps bands first..<first+n.
int shim_extract_bands(VipsImage *in, int first, int n, VipsImage **out);
/// Crop (left, top, width, height).
int shim_crop(VipsImage *in, int left, int top, int width, int height, VipsImage **out);

/// vips_resize with a VipsKernel and no box pre-shrink (gap 0), so that the kernel alone decides.
int shim_resize(VipsImage *in, double hscale, double vscale, int kernel, VipsImage **out);

int shim_pngsave(VipsImage *in, const char *path);
int shim_jpegsave(VipsImage *in, const char *path, int quality);

/// Renders `text` (Pango markup off) as a 1-band uchar mask, `dpi` resolution, font e.g. "sans 8".
int shim_text(const char *text, const char *font, int dpi, VipsImage **out);

#endif
