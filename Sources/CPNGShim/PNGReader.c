// The common small PNG read with libpng alone (see include/PNGReader.h).

#include "PNGReader.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void shim_png_read_on_error(png_structp png, png_const_charp message) {
    (void)message;
    png_longjmp(png, 1);
}

static void shim_png_read_on_warning(png_structp png, png_const_charp message) {
    (void)png; (void)message;
}

int shim_png_read_simple(const char *path, long max_pixels, int background,
                         int *width, int *height, unsigned char **pixels) {
    *pixels = NULL;
    FILE *file = fopen(path, "rb");
    if (!file) return 1;
    unsigned char signature[8];
    if (fread(signature, 1, 8, file) != 8 || png_sig_cmp(signature, 0, 8) != 0) { fclose(file); return 1; }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, NULL, shim_png_read_on_error, shim_png_read_on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        png_destroy_read_struct(&png, &info, NULL);
        fclose(file);
        return 1;
    }
    // Volatile: they change between setjmp and a longjmp back to it.
    unsigned char *volatile rgba = NULL;
    unsigned char *volatile out = NULL;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(rgba); free(out); free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        fclose(file);
        return 1;
    }
    png_init_io(png, file);
    png_set_sig_bytes(png, 8);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    int depth = png_get_bit_depth(png, info), type = png_get_color_type(png, info);
    png_uint_32 managed = PNG_INFO_tRNS | PNG_INFO_gAMA | PNG_INFO_cHRM | PNG_INFO_iCCP | PNG_INFO_sBIT;
#ifdef PNG_INFO_eXIf
    managed |= PNG_INFO_eXIf;
#endif
    if (depth != 8 || (type != PNG_COLOR_TYPE_RGB && type != PNG_COLOR_TYPE_RGB_ALPHA) || png_get_valid(png, info, managed)) {
        png_destroy_read_struct(&png, &info, NULL);
        fclose(file);
        return 1;
    }
    *width = (int)w;
    *height = (int)h;
    if ((long)w * (long)h > max_pixels) {
        png_destroy_read_struct(&png, &info, NULL);
        fclose(file);
        return 2;
    }
    int channels = type == PNG_COLOR_TYPE_RGB_ALPHA ? 4 : 3;
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t stride = (size_t)w * channels;
    rgba = malloc(stride * h);
    rows = malloc(sizeof(png_bytep) * h);
    if (!rgba || !rows) png_longjmp(png, 1);
    for (png_uint_32 y = 0; y < h; y++) rows[y] = rgba + y * stride;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    if (channels == 3) {
        out = rgba;
        rgba = NULL;
    } else {
        // libvips' flatten for 8-bit images (conversion/flatten.c): each term divided by max_alpha (255) in integers.
        out = malloc((size_t)w * h * 3);
        if (!out) png_longjmp(png, 1);
        size_t n = (size_t)w * h;
        for (size_t i = 0; i < n; i++) {
            int alpha = rgba[4 * i + 3], nalpha = 255 - alpha;
            for (int b = 0; b < 3; b++) out[3 * i + b] = (unsigned char)((rgba[4 * i + b] * alpha) / 255 + (background * nalpha) / 255);
        }
    }
    free(rgba); free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    fclose(file);
    *pixels = out;
    return 0;
}
