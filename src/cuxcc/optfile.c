/* optfile.c: --options-file (-optf), more command line read from a file.
 * CMake hands nvcc its include directories, objects and libraries in such
 * files.  Words are split at blanks and newlines; single and double quotes
 * group a word with blanks in it, and a backslash outside single quotes
 * takes the next character as it is, as a POSIX shell reads them. */
#include "cuxcc.h"

#include <stdlib.h>

/* Reads one word starting at *p into buf; returns false at the end. */
static bool next_word(const char **p, cux_strbuf *buf)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (!*s) {
        *p = s;
        return false;
    }
    char quote = 0;
    for (; *s && (quote || !(*s == ' ' || *s == '\t' || *s == '\n' ||
                             *s == '\r')); s++) {
        if (quote && *s == quote)
            quote = 0;
        else if (!quote && (*s == '"' || *s == '\''))
            quote = *s;
        else if (*s == '\\' && quote != '\'' && s[1])
            cux_strbuf_append(buf, ++s, 1);
        else
            cux_strbuf_append(buf, s, 1);
    }
    *p = s;
    return true;
}

cux_cc_strs cux_cc_read_options_file(cux_cc_opts *opts, const char *path)
{
    size_t len;
    char *text = cux_cc_slurp(path, &len);
    if (!text)
        cux_cc_fatal("Could not open options file '%s'", path);
    cux_cc_strs words = {0};
    cux_strbuf buf = {0};
    const char *p = text;
    while (next_word(&p, &buf)) {
        CUX_PUSH(words, cux_arena_strndup(&opts->arena, buf.data ? buf.data
                                                                 : "",
                                          buf.len));
        buf.len = 0;
    }
    cux_strbuf_free(&buf);
    free(text);
    return words;
}
