/* SPDX-License-Identifier: AGPL-3.0-or-later */
/* pdf.h and qr_png of qr.h in the varco binary: the first call loads
 * varco-pdf.so from the binary's own folder (render/pdf_module.h) and every
 * call goes through its table. A module that is missing or from another
 * build is an error (logged once, VC_ERR_INTERNAL), never a crash. Built into
 * the binary only, not into libvarco.a (whose users link pdf.c directly).
 * Thread-safe: the module is loaded once (pthread_once) and never unloaded. */
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "render/pdf_module.h"
#include "render/qr.h"
#include "util/log.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const struct pdf_module *module;

static void load(void)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) {
        log_error("pdf: cannot find the varco binary's folder");
        return;
    }
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    size_t dir = slash != NULL ? (size_t)(slash - path) + 1 : 0;
    if (dir + sizeof PDF_MODULE_FILE > sizeof path) {
        log_error("pdf: path too long");
        return;
    }
    memcpy(path + dir, PDF_MODULE_FILE, sizeof PDF_MODULE_FILE);
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (h == NULL) {
        log_error("pdf: cannot load %s: %s", path, dlerror());
        return;
    }
    const struct pdf_module *m = dlsym(h, PDF_MODULE_SYMBOL);
    if (m == NULL || m->letter_size != sizeof(struct pdf_letter) ||
        m->id_form_size != sizeof(struct pdf_id_form) || m->member_size != sizeof(struct member) ||
        m->buf_size != sizeof(struct buf) || m->registered_size != sizeof(struct pdf_registered) ||
        m->adhesion_size != sizeof(struct pdf_adhesion_form) ||
        m->person_size != sizeof(struct person) ||
        m->contract_size != sizeof(struct pdf_contract)) {
        log_error("pdf: %s is not the module of this build of varco", path);
        return;
    }
    module = m;
}

static const struct pdf_module *get(void)
{
    pthread_once(&once, load);
    return module;
}

enum vc_status pdf_render_letter(const struct pdf_letter *l, const struct i18n *t, struct buf *out)
{
    const struct pdf_module *m = get();
    return m != NULL ? m->render_letter(l, t, out) : VC_ERR_INTERNAL;
}

enum vc_status pdf_render_registered(const struct pdf_registered *r, const struct i18n *t,
                                     struct buf *out)
{
    const struct pdf_module *m = get();
    return m != NULL ? m->render_registered(r, t, out) : VC_ERR_INTERNAL;
}

enum vc_status pdf_render_id_form(const struct pdf_id_form *f, const struct i18n *t,
                                  struct buf *out)
{
    const struct pdf_module *m = get();
    return m != NULL ? m->render_id_form(f, t, out) : VC_ERR_INTERNAL;
}

enum vc_status pdf_render_adhesion_form(const struct pdf_adhesion_form *f, const struct i18n *t,
                                        struct buf *out)
{
    const struct pdf_module *m = get();
    return m != NULL ? m->render_adhesion_form(f, t, out) : VC_ERR_INTERNAL;
}

enum vc_status qr_png(const char *text, int module_px, struct buf *out)
{
    const struct pdf_module *m = get();
    return m != NULL ? m->qr_png(text, module_px, out) : VC_ERR_INTERNAL;
}

enum vc_status pdf_render_contract(const struct pdf_contract *c, const struct i18n *t,
                                   struct buf *out)
{
    const struct pdf_module *m = get();
    return m != NULL ? m->render_contract(c, t, out) : VC_ERR_INTERNAL;
}
