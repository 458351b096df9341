/* Activation specs: default, check, parse and format, all read off the
 * activations' facts (src/act/desc.h); names and messages. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kernels.h"

const char *gp_version(void) { return GPRIME_VERSION_STRING; }

const char *gp_strerror(gp_status s)
{
    switch (s) {
    case GP_OK: return "success";
    case GP_ERR_NULL: return "a required pointer argument is NULL";
    case GP_ERR_KIND: return "unknown activation kind";
    case GP_ERR_PARAM: return "parameter out of range (alpha, grad_at_zero, buffer size or setting)";
    case GP_ERR_OVERLAP: return "output buffer partially overlaps an input buffer";
    case GP_ERR_PARSE: return "cannot parse activation spec";
    case GP_ERR_ISA: return "instruction set unknown or not available on this CPU";
    case GP_ERR_OP: return "this activation has no such operation";
    }
    return "unknown gprime status code";
}

const char *gp_kind_name(gp_kind kind)
{
    const gp_act_desc *d = gp_desc(kind);
    return d ? d->name : "unknown";
}

const char *gp_op_name(gp_op op)
{
    static const char *const names[GP_OP_COUNT] = {"forward", "grad", "grad_from_output", "backward",
                                                   "backward_from_output"};
    return (unsigned)op < GP_OP_COUNT ? names[op] : "unknown";
}

/* every parameter at its default, grad_at_zero at the left slope */
gp_act gp_act_default(gp_kind kind)
{
    gp_act a = {kind, 0.0, 0.0, 0.0, GP_ACCURACY_EXACT};
    const gp_act_desc *d = gp_desc(kind);
    if (!d)
        return a;
    for (int i = 0; i < d->nparams; i++)
        *gp_act_slot(&a, &d->params[i]) = d->params[i].def;
    if (d->kink_slopes) {
        double right;
        d->kink_slopes(&a, &a.grad_at_zero, &right);
    }
    return a;
}

int gp_has_op(gp_kind kind, gp_op op)
{
    const gp_act_desc *d = gp_desc(kind);
    return d && gp_desc_has(d, op);
}

gp_status gp_act_check(const gp_act *act, int from_output) { return gp_act_check_inline(act, from_output); }

/* ---- parse -----------------------------------------------------------------------
 * spec := name [ "(" [ item { "," item } ] ")" ]
 * item := key "=" number | "accuracy" "=" tier
 * with spaces allowed around every token, names, keys and tiers case-insensitive.
 * accuracy is a key of every activation (not one of its facts' parameters). */

/* The tiers' spellings, by gp_accuracy. */
static const char *const gp_tier_names[GP_ACCURACY_COUNT] = {"exact", "fast"};

/* Numbers in specs use '.' whatever the caller's LC_NUMERIC (a program that
 * called setlocale(LC_ALL, "") in a German locale would otherwise read
 * "alpha=0.01" as 0 and print "0,01").  The radix of the current locale is
 * found by printing 0.5; strtod and snprintf are then given, or give back,
 * that radix in place of '.'. */
static int gp_radix(char r[8])
{
    char b[16];
    int n = snprintf(b, sizeof b, "%.1f", 0.5); /* "0" radix "5" */
    int len = n - 2 > 0 && n - 2 < 8 ? n - 2 : 0;
    memcpy(r, b + 1, (size_t)len);
    r[len] = '\0';
    return len;
}

/* strtod of the C locale: *end is set past the characters read (to s if none).
 * A number of any length is read (a long one through the heap); one whose
 * magnitude leaves the double range toward zero (1e-400: ERANGE with 0) is
 * not read (*end = s), rather than silently made 0.  One past DBL_MAX reads
 * as inf, which the parameter checks refuse. */
static double gp_strtod_c(const char *s, const char **end)
{
    static const char num_chars[] = "0123456789+-.eExXpPaAbBcCdDfFiInNtTyY";
    char r[8], sbuf[256];
    size_t sat[256];
    int rl = gp_radix(r);
    size_t len = strspn(s, num_chars), need = len * (size_t)(rl > 1 ? rl : 1) + 1;
    char *buf = sbuf;
    size_t *at = sat; /* at[k]: where buf[k] came from in s */
    if (need > sizeof sbuf) {
        buf = malloc(need);
        at = malloc(need * sizeof *at);
        if (!buf || !at) {
            free(buf == sbuf ? NULL : buf);
            free(at == sat ? NULL : at);
            *end = s;
            return 0.0;
        }
    }
    size_t j = 0, i = 0;
    for (; i < len; i++) {
        const char *add = s[i] == '.' && rl > 0 ? r : (const char[2]){s[i], '\0'};
        for (size_t k = 0; add[k]; k++)
            at[j] = i, buf[j++] = add[k];
    }
    at[j] = i;
    buf[j] = '\0';
    char *e;
    errno = 0;
    double v = strtod(buf, &e);
    *end = s + (e == buf ? 0 : at[e - buf - 1] + 1);
    if (errno == ERANGE && v == 0.0)
        *end = s; /* a nonzero number below the smallest double */
    if (buf != sbuf) {
        free(buf);
        free(at);
    }
    return v;
}

static const char *gp_skip(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return s;
}

/* an identifier: letters, digits, '_' and '-', lower-cased into buf */
static const char *gp_ident(const char *s, char *buf, size_t len)
{
    size_t i = 0;
    while (isalnum((unsigned char)*s) || *s == '_' || *s == '-') {
        if (i + 1 >= len)
            return NULL;
        buf[i++] = (char)tolower((unsigned char)*s++);
    }
    buf[i] = '\0';
    return i ? s : NULL;
}

/* the activation named name (canonical or alias), or NULL */
static const gp_act_desc *gp_desc_from_name(const char *name)
{
    for (int k = 0; k < GP_KIND_COUNT; k++) {
        const gp_act_desc *d = gp_act_table[k];
        if (strcmp(name, d->name) == 0)
            return d;
        for (int i = 0; i < 4 && d->aliases[i]; i++)
            if (strcmp(name, d->aliases[i]) == 0)
                return d;
    }
    return NULL;
}

gp_status gp_act_parse(const char *spec, gp_act *out)
{
    if (!spec || !out)
        return GP_ERR_NULL;
    char word[32];
    const char *s = gp_ident(gp_skip(spec), word, sizeof word);
    const gp_act_desc *d = s ? gp_desc_from_name(word) : NULL;
    if (!d)
        return GP_ERR_PARSE;
    gp_act a = gp_act_default(d->kind);
    unsigned have = 0; /* bit i: params[i]; bit 30: accuracy; bit 31: grad_at_zero */
    s = gp_skip(s);
    if (*s == '(') {
        s = gp_skip(s + 1);
        while (*s != ')') {
            s = gp_ident(s, word, sizeof word);
            if (!s)
                return GP_ERR_PARSE;
            s = gp_skip(s);
            if (*s != '=')
                return GP_ERR_PARSE;
            s = gp_skip(s + 1);
            if (strcmp(word, "accuracy") == 0) {
                char tier[16];
                int t = GP_ACCURACY_COUNT;
                s = gp_ident(s, tier, sizeof tier);
                for (int i = 0; s && i < GP_ACCURACY_COUNT; i++)
                    if (strcmp(tier, gp_tier_names[i]) == 0)
                        t = i;
                if (!s || t == GP_ACCURACY_COUNT || (have & 1u << 30))
                    return GP_ERR_PARSE; /* no or an unknown tier, or a repeated key */
                have |= 1u << 30;
                a.accuracy = (gp_accuracy)t;
                s = gp_skip(s);
                if (*s == ',') {
                    s = gp_skip(s + 1);
                    if (*s == ')')
                        return GP_ERR_PARSE;
                } else if (*s != ')') {
                    return GP_ERR_PARSE;
                }
                continue;
            }
            const char *end;
            double v = gp_strtod_c(s, &end);
            if (end == s)
                return GP_ERR_PARSE;
            s = gp_skip(end);
            const gp_param_desc *q = gp_desc_param(d, word);
            unsigned bit = q ? 1u << (q - d->params) : strcmp(word, "grad_at_zero") == 0 && d->kink_slopes ? 1u << 31 : 0;
            if (!bit || (have & bit))
                return GP_ERR_PARSE; /* unknown, repeated, or not a key of this activation */
            have |= bit;
            if (q)
                *gp_act_slot(&a, q) = v;
            else
                a.grad_at_zero = v;
            if (*s == ',') {
                s = gp_skip(s + 1);
                if (*s == ')')
                    return GP_ERR_PARSE; /* a trailing comma */
            } else if (*s != ')') {
                return GP_ERR_PARSE;
            }
        }
        s = gp_skip(s + 1);
    }
    if (*s)
        return GP_ERR_PARSE;
    if (d->kink_slopes && !(have & 1u << 31)) {
        double right;
        d->kink_slopes(&a, &a.grad_at_zero, &right); /* follows the parameters: the left slope */
    }
    gp_status st = gp_act_check(&a, 0);
    if (st != GP_OK)
        return st;
    *out = a;
    return GP_OK;
}

/* ---- format ------------------------------------------------------------------------ */

/* shortest of %.15g..%.17g that reads back to v, with '.' as the radix */
static void gp_fmt_double(char *buf, size_t len, double v)
{
    char r[8];
    int rl = gp_radix(r);
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        char *p = rl > 0 ? strstr(buf, r) : NULL;
        if (p) {
            *p = '.';
            memmove(p + 1, p + rl, strlen(p + rl) + 1);
        }
        const char *end;
        if (gp_strtod_c(buf, &end) == v || v != v)
            return;
    }
}

gp_status gp_act_format(const gp_act *act, char *buf, size_t len)
{
    if (!act || !buf)
        return GP_ERR_NULL;
    const gp_act_desc *d = gp_desc(act->kind);
    if (!d)
        return GP_ERR_KIND;
    char tmp[160], num[40];
    int pos = snprintf(tmp, sizeof tmp, "%s", d->name);
    const char *sep = "(";
    for (int i = 0; i < d->nparams; i++) {
        double v = gp_act_value(act, &d->params[i]);
        if (v == d->params[i].def)
            continue;
        gp_fmt_double(num, sizeof num, v);
        pos += snprintf(tmp + pos, sizeof tmp - (size_t)pos, "%s%s=%s", sep, d->params[i].key, num);
        sep = ", ";
    }
    if (d->kink_slopes) {
        double left, right;
        d->kink_slopes(act, &left, &right);
        /* bitwise compare so that -0 and NaN are printed, not dropped */
        if (memcmp(&act->grad_at_zero, &left, sizeof left) != 0) {
            gp_fmt_double(num, sizeof num, act->grad_at_zero);
            pos += snprintf(tmp + pos, sizeof tmp - (size_t)pos, "%sgrad_at_zero=%s", sep, num);
            sep = ", ";
        }
    }
    if (act->accuracy != GP_ACCURACY_EXACT) {
        if ((unsigned)act->accuracy >= GP_ACCURACY_COUNT)
            return GP_ERR_PARAM; /* no spelling: the spec could not be read back */
        pos += snprintf(tmp + pos, sizeof tmp - (size_t)pos, "%saccuracy=%s", sep, gp_tier_names[act->accuracy]);
        sep = ", ";
    }
    if (sep[0] == ',')
        pos += snprintf(tmp + pos, sizeof tmp - (size_t)pos, ")");
    if ((size_t)pos + 1 > len)
        return GP_ERR_PARAM;
    memcpy(buf, tmp, (size_t)pos + 1);
    return GP_OK;
}
