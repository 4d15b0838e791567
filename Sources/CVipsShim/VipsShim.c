// Non-variadic wrappers around libvips (see include/VipsShim.h for why).

#include "VipsShim.h"

#include <pthread.h>
#include <string.h>
#include <vips/vips.h>
#include <vips/vector.h>

static pthread_once_t shim_once = PTHREAD_ONCE_INIT;
static int shim_init_result = -1;

// libvips also logs failures ("error in tile 0 x 40") as GLib warnings; the same failure reaches
// the caller as an error naming the file, so the log line is only noise on the progress display.
static void shim_quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {
    (void)domain; (void)level; (void)message; (void)data;
}

static void shim_init_once(void) {
    shim_init_result = vips_init("progan-sr") == 0 ? 0 : -1;
    if (shim_init_result == 0) {
        g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, shim_quiet, NULL);
        // No operation cache: every call here is on new data, and the cache would only hold memory.
        vips_cache_set_max(0);
        // No run-time generated (liborc) vector code: a concurrent resize once crashed inside liborc
        // (SIGSEGV) here, and on the small images of this project it saved little time.
        vips_vector_set_enabled(0);
    }
}

int shim_init(void) {
    pthread_once(&shim_once, shim_init_once);
    return shim_init_result;
}

void shim_set_concurrency(int threads) { vips_concurrency_set(threads); }

void shim_take_error(char *buffer, size_t size) {
    if (size == 0) return;
    const char *message = vips_error_buffer();
    strncpy(buffer, message ? message : "", size - 1);
    buffer[size - 1] = 0;
    vips_error_clear();
}

void shim_unref(VipsImage *image) {
    if (image) g_object_unref(image);
}

// Decodes the whole file into memory at once. fail_on truncated makes a cut-short PNG or JPEG an
// error rather than a warning with grey filler rows. Sequential access matters: with random access,
// libvips 8.14 logs a libpng read error on the first load in a process yet still returns pixels;
// the sequential read reports it. The in-memory copy then serves rotation (which needs random access).
static int shim_decode(VipsImage *loaded, VipsImage **out) {
    if (!loaded) return -1;
    *out = vips_image_copy_memory(loaded);
    g_object_unref(loaded);
    return *out ? 0 : -1;
}

int shim_load_file(const char *path, VipsImage **out) {
    return shim_decode(vips_image_new_from_file(path, "fail_on", VIPS_FAIL_ON_TRUNCATED,
                                                "access", VIPS_ACCESS_SEQUENTIAL, NULL), out);
}

int shim_load_file_shrunk(const char *path, int shrink, VipsImage **out) {
    if (shrink <= 1) return shim_load_file(path, out);
    const char *loader = vips_foreign_find_load(path);
    if (!loader) return -1;
    int onLoad = 1;
    if (strstr(loader, "Jpeg")) onLoad = shrink >= 8 ? 8 : shrink >= 4 ? 4 : 2;
    while (shrink % onLoad != 0) onLoad /= 2;
    VipsImage *loaded = onLoad > 1
        ? vips_image_new_from_file(path, "fail_on", VIPS_FAIL_ON_TRUNCATED, "access", VIPS_ACCESS_SEQUENTIAL,
                                   "shrink", onLoad, NULL)
        : vips_image_new_from_file(path, "fail_on", VIPS_FAIL_ON_TRUNCATED, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!loaded) return -1;
    int rest = shrink / onLoad;
    if (rest > 1) {
        VipsImage *shrunk = NULL;
        int status = vips_shrink(loaded, &shrunk, (double)rest, (double)rest, NULL);
        g_object_unref(loaded);
        if (status != 0) return -1;
        loaded = shrunk;
    }
    return shim_decode(loaded, out);
}

int shim_file_dimensions(const char *path, int *width, int *height) {
    VipsImage *image = vips_image_new_from_file(path, "access", VIPS_ACCESS_SEQUENTIAL, NULL);
    if (!image) return -1;
    *width = vips_image_get_width(image);
    *height = vips_image_get_height(image);
    g_object_unref(image);
    return 0;
}

int shim_load_buffer(const void *data, size_t size, VipsImage **out) {
    return shim_decode(vips_image_new_from_buffer(data, size, "", "fail_on", VIPS_FAIL_ON_TRUNCATED,
                                                  "access", VIPS_ACCESS_SEQUENTIAL, NULL), out);
}

int shim_from_memory(const unsigned char *pixels, int width, int height, int bands, VipsImage **out) {
    *out = vips_image_new_from_memory_copy(pixels, (size_t)width * height * bands, width, height, bands,
                                           VIPS_FORMAT_UCHAR);
    if (!*out) return -1;
    (*out)->Type = bands >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W;
    return 0;
}

int shim_to_memory(VipsImage *in, unsigned char **pixels, size_t *size) {
    *pixels = vips_image_write_to_memory(in, size);
    return *pixels ? 0 : -1;
}

void shim_free(void *p) { g_free(p); }

int shim_width(const VipsImage *image) { return vips_image_get_width(image); }
int shim_height(const VipsImage *image) { return vips_image_get_height(image); }
int shim_bands(const VipsImage *image) { return vips_image_get_bands(image); }
int shim_format(const VipsImage *image) { return (int)vips_image_get_format(image); }
int shim_has_alpha(VipsImage *image) { return vips_image_hasalpha(image) ? 1 : 0; }

int shim_autorot(VipsImage *in, VipsImage **out) { return vips_autorot(in, out, NULL); }

int shim_to_srgb(VipsImage *in, VipsImage **out) {
    return vips_colourspace(in, out, VIPS_INTERPRETATION_sRGB, NULL);
}

int shim_flatten(VipsImage *in, double background, VipsImage **out) {
    double bg[1] = {background};
    VipsArrayDouble *array = vips_array_double_new(bg, 1);
    int result = vips_flatten(in, out, "background", array, "max_alpha", 255.0, NULL);
    vips_area_unref(VIPS_AREA(array));
    return result;
}

int shim_cast_uchar(VipsImage *in, VipsImage **out) { return vips_cast_uchar(in, out, NULL); }

int shim_extract_bands(VipsImage *in, int first, int n, VipsImage **out) {
    return vips_extract_band(in, out, first, "n", n, NULL);
}

int shim_crop(VipsImage *in, int left, int top, int width, int height, VipsImage **out) {
    return vips_crop(in, out, left, top, width, height, NULL);
}

int shim_resize(VipsImage *in, double hscale, double vscale, int kernel, VipsImage **out) {
    return vips_resize(in, out, hscale, "vscale", vscale, "kernel", (VipsKernel)kernel, "gap", 0.0, NULL);
}

int shim_pngsave(VipsImage *in, const char *path) { return vips_pngsave(in, path, NULL); }

int shim_jpegsave(VipsImage *in, const char *path, int quality) {
    return vips_jpegsave(in, path, "Q", quality, NULL);
}

int shim_text(const char *text, const char *font, int dpi, VipsImage **out) {
    return vips_text(out, text, "font", font, "dpi", dpi, NULL);
}
