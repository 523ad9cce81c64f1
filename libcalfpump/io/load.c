/* Model files: calfpump_model_load() and calfpump_model_load_string() --
 * the text from a file or a string, through the lexer and the builder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/util.h"
#include "io/modelfile.h"
#include "io/textfile.h"

/* Parse text (split in place; owned by the caller). */
static int load_text(calfpump_model **model, calfpump_protocol **protocol, char *text,
                     const char *name, char *errbuf, size_t errlen)
{
    cfp_mf mf;
    int st;
    memset(&mf, 0, sizeof mf);
    mf.file = name;
    mf.text = text;
    st = cfp_mf_lex(&mf);
    if (!st)
        st = cfp_mf_build(&mf, model, protocol);
    cfp_errbuf(errbuf, errlen, st ? mf.msg : "");
    free(mf.ent);
    free(mf.sec);
    for (int k = 0; k < CFP_SEC_COUNT; k++)
        cfp_names_free(&mf.names[k]);
    return st;
}

static int null_args(calfpump_model **model, calfpump_protocol **protocol, const void *src,
                     char *errbuf, size_t errlen)
{
    if (model)
        *model = NULL;
    if (protocol)
        *protocol = NULL;
    if (!src) {
        cfp_errbuf(errbuf, errlen, "model file: the path or text is NULL");
        return CALFPUMP_E_NULL;
    }
    return CALFPUMP_OK;
}

int calfpump_model_load_string(calfpump_model **model, calfpump_protocol **protocol,
                               const char *text, const char *name, char *errbuf, size_t errlen)
{
    char *copy;
    int st = null_args(model, protocol, text, errbuf, errlen);
    if (st)
        return st;
    if (!name)
        name = "<string>";
    copy = malloc(strlen(text) + 1);
    if (!copy) {
        if (errbuf && errlen)
            snprintf(errbuf, errlen, "%s: out of memory copying the text", name);
        return CALFPUMP_E_NOMEM;
    }
    strcpy(copy, text);
    st = load_text(model, protocol, copy, name, errbuf, errlen);
    free(copy);
    return st;
}

int calfpump_model_load(calfpump_model **model, calfpump_protocol **protocol, const char *path,
                        char *errbuf, size_t errlen)
{
    char *text;
    int st = null_args(model, protocol, path, errbuf, errlen);
    if (st || (st = cfp_read_text(path, CFP_MF_SIZE_MAX, "a model file", &text, errbuf, errlen)))
        return st;
    st = load_text(model, protocol, text, path, errbuf, errlen);
    free(text);
    return st;
}
