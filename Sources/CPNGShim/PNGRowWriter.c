// A PNG file written row by row with libpng (see include/PNGRowWriter.h).

#include "PNGRowWriter.h"

#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct shim_png_writer {
    FILE *file;
    png_structp png;
    png_infop info;
    int width;
    int height;
    int written;
    char error[512];
};

static void shim_png_on_error(png_structp png, png_const_charp message) {
    shim_png_writer *w = (shim_png_writer *)png_get_error_ptr(png);
    // libpng's own "Write Error" comes from a short fwrite: the system's reason says more.
    if (errno != 0 && strcmp(message, "Write Error") == 0) {
        snprintf(w->error, sizeof w->error, "%s (%s)", message, strerror(errno));
    } else {
        snprintf(w->error, sizeof w->error, "%s", message);
    }
    png_longjmp(png, 1);
}

static void shim_png_on_warning(png_structp png, png_const_charp message) {
    (void)png; (void)message;
}

shim_png_writer *shim_png_open(const char *path, int width, int height, char *error, size_t size) {
    shim_png_writer *w = calloc(1, sizeof *w);
    if (!w) { snprintf(error, size, "out of memory"); return NULL; }
    w->width = width;
    w->height = height;
    errno = 0;
    w->file = fopen(path, "wb");
    if (!w->file) {
        snprintf(error, size, "%s", strerror(errno));
        free(w);
        return NULL;
    }
    w->png = png_create_write_struct(PNG_LIBPNG_VER_STRING, w, shim_png_on_error, shim_png_on_warning);
    w->info = w->png ? png_create_info_struct(w->png) : NULL;
    if (!w->png || !w->info) {
        snprintf(error, size, "libpng could not start");
        shim_png_free(w);
        return NULL;
    }
    if (setjmp(png_jmpbuf(w->png))) {
        snprintf(error, size, "%s", w->error);
        shim_png_free(w);
        return NULL;
    }
    png_init_io(w->png, w->file);
    // No row filters, as libvips' pngsave writes by default: adaptive filtering costs several times the time.
    png_set_filter(w->png, 0, PNG_FILTER_NONE);
    png_set_IHDR(w->png, w->info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(w->png, w->info);
    return w;
}

int shim_png_write_rows(shim_png_writer *w, const unsigned char *rows, int count) {
    if (w->written + count > w->height) {
        snprintf(w->error, sizeof w->error, "%d rows given after %d of %d", count, w->written, w->height);
        return -1;
    }
    errno = 0;
    if (setjmp(png_jmpbuf(w->png))) return -1;
    for (int i = 0; i < count; i++) {
        png_write_row(w->png, (png_const_bytep)(rows + (size_t)i * w->width * 3));
    }
    w->written += count;
    return 0;
}

int shim_png_finish(shim_png_writer *w) {
    if (w->written != w->height) {
        snprintf(w->error, sizeof w->error, "%d of %d rows written", w->written, w->height);
        return -1;
    }
    errno = 0;
    if (setjmp(png_jmpbuf(w->png))) return -1;
    png_write_end(w->png, NULL);
    FILE *file = w->file;
    w->file = NULL;
    int flushed = fflush(file);
    int flushError = errno;
    int closed = fclose(file);
    if (flushed != 0 || closed != 0) {
        snprintf(w->error, sizeof w->error, "%s", strerror(flushed != 0 ? flushError : errno));
        return -1;
    }
    return 0;
}

const char *shim_png_error(const shim_png_writer *w) { return w->error; }

void shim_png_free(shim_png_writer *w) {
    if (!w) return;
    if (w->png) png_destroy_write_struct(&w->png, w->info ? &w->info : NULL);
    if (w->file) fclose(w->file);
    free(w);
}
