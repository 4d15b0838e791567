// A PNG file written row by row with libpng, so that an image larger than memory can be encoded as it is made.
//
// libpng reports errors by longjmp, which Swift cannot catch; each call here sets the jump point and turns an
// error into a return value of -1 with libpng's message (or the system's) copied into the writer's `error`.

#ifndef PROGANSR_PNG_ROW_WRITER_H
#define PROGANSR_PNG_ROW_WRITER_H

#include <stddef.h>

typedef struct shim_png_writer shim_png_writer;

/// Creates `path` for a width x height, 8-bit RGB, non-interlaced PNG and writes its header. NULL on failure, with
/// the reason in `error` (`size` bytes, NUL-terminated).
shim_png_writer *shim_png_open(const char *path, int width, int height, char *error, size_t size);
/// Writes `count` rows of width·3 bytes (RGB interleaved) each. 0, or -1 with the reason in shim_png_error.
int shim_png_write_rows(shim_png_writer *writer, const unsigned char *rows, int count);
/// Writes the end of the image and closes the file (flushed; a failed close is an error). The writer stays to be
/// freed with shim_png_free. 0, or -1 with the reason in shim_png_error.
int shim_png_finish(shim_png_writer *writer);
/// The reason of the last failure.
const char *shim_png_error(const shim_png_writer *writer);
/// Closes the file if still open and frees the writer.
void shim_png_free(shim_png_writer *writer);

#endif
