/* Harness 1: gp_act_parse / gp_act_format with arbitrary bytes.
 *
 * Properties:
 * - parse never reads past the NUL, and writes *out only on GP_OK;
 * - on GP_OK the spec is usable (gp_act_check == GP_OK), format succeeds in
 *   128 bytes, and parse(format(a)) gives back a: same kind and accuracy tier,
 *   bitwise the same parameters and grad_at_zero where the activation uses them (its facts,
 *   src/act/desc.h), the defaults' values in the fields it does not use;
 *   format is a fixed point (formatting again gives the same text);
 * - format of an arbitrary gp_act (kind, every double field, accuracy from the
 *   bytes): GP_ERR_KIND outside the enum, GP_ERR_PARAM for a tier outside
 *   gp_accuracy, else GP_OK in 128 bytes, a too short buffer
 *   gives GP_ERR_PARAM and leaves it untouched, and if the act passes
 *   gp_act_check the text parses back to it;
 * - the name and message functions return non-NULL for any value. */
#include <math.h>

#include "gprime.h"
#include "act/desc.h"
#include "fuzz_common.h"

static int same_bits(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

/* equal as far as the kind uses the fields (its parameters, grad_at_zero at a kink) */
static int same_act(const gp_act *a, const gp_act *b)
{
    const gp_act_desc *d = gp_desc(a->kind);
    if (a->kind != b->kind || a->accuracy != b->accuracy || !d)
        return 0;
    for (int i = 0; i < d->nparams; i++)
        if (!same_bits(gp_act_value(a, &d->params[i]), gp_act_value(b, &d->params[i])))
            return 0;
    return !d->kink_slopes || same_bits(a->grad_at_zero, b->grad_at_zero);
}

/* the fields a parsed act's kind does not use hold the defaults' values */
static int unused_are_default(const gp_act *a)
{
    const gp_act_desc *d = gp_desc(a->kind);
    gp_act def = gp_act_default(a->kind), b = *a;
    for (int i = 0; i < d->nparams; i++)
        *gp_act_slot(&b, &d->params[i]) = gp_act_value(&def, &d->params[i]);
    if (d->kink_slopes)
        b.grad_at_zero = def.grad_at_zero;
    for (int s = 0; s < GP_SLOT_COUNT; s++)
        if (!same_bits(*gp_act_field(&b, s), *gp_act_field(&def, s)))
            return 0;
    return 1;
}

static void round_trip(const gp_act *a)
{
    char buf[128], again[128];
    gp_status s = gp_act_format(a, buf, sizeof buf);
    FZ_REQUIRE(s == GP_OK, "format of a valid act: %d", (int)s);
    size_t len = strlen(buf);
    FZ_REQUIRE(len < sizeof buf, "unterminated");
    gp_act b;
    memset(&b, 0x5a, sizeof b);
    s = gp_act_parse(buf, &b);
    FZ_REQUIRE(s == GP_OK, "\"%s\" does not parse back: %d", buf, (int)s);
    FZ_REQUIRE(same_act(a, &b), "\"%s\" parses back to kind %d alpha %a gaz %a, not kind %d alpha %a gaz %a", buf,
               (int)b.kind, b.alpha, b.grad_at_zero, (int)a->kind, a->alpha, a->grad_at_zero);
    FZ_REQUIRE(gp_act_format(&b, again, sizeof again) == GP_OK && strcmp(buf, again) == 0,
               "format not a fixed point: \"%s\" then \"%s\"", buf, again);
    /* exactly len + 1 bytes suffice, len do not (and leave the buffer alone) */
    char tight[128];
    memset(tight, '#', sizeof tight);
    FZ_REQUIRE(gp_act_format(a, tight, len) == GP_ERR_PARAM, "short buffer accepted");
    for (size_t i = 0; i < sizeof tight; i++)
        FZ_REQUIRE(tight[i] == '#', "short buffer written at %zu", i);
    FZ_REQUIRE(gp_act_format(a, tight, len + 1) == GP_OK && strcmp(tight, buf) == 0, "exact buffer");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* 1. the bytes as a spec (up to the first NUL) */
    char *spec = malloc(size + 1);
    if (!spec)
        return 0;
    memcpy(spec, data, size);
    spec[size] = '\0';
    gp_act a, sentinel;
    memset(&sentinel, 0xa5, sizeof sentinel);
    a = sentinel;
    gp_status s = gp_act_parse(spec, &a);
    FZ_REQUIRE(s == GP_OK || s == GP_ERR_PARSE || s == GP_ERR_PARAM, "parse status %d", (int)s);
    if (s != GP_OK) {
        FZ_REQUIRE(memcmp(&a, &sentinel, sizeof a) == 0, "parse wrote *out on error %d", (int)s);
    } else {
        FZ_REQUIRE(gp_act_check(&a, 0) == GP_OK, "parsed act fails gp_act_check");
        FZ_REQUIRE(unused_are_default(&a), "%s with alpha %a gaz %a: a field it does not use is not the default's",
                   gp_kind_name(a.kind), a.alpha, a.grad_at_zero);
        round_trip(&a);
    }
    free(spec);
    FZ_REQUIRE(gp_act_parse(NULL, &a) == GP_ERR_NULL, "NULL spec");

    /* 2. the bytes as a gp_act */
    fz_in in = {data, size, 0};
    gp_act b;
    memset(&b, 0, sizeof b); /* padding too: every field is then set from the bytes */
    int32_t k = (int32_t)fz_u32(&in);
    b.kind = (gp_kind)(k % (GP_KIND_COUNT + 2)); /* mostly valid, sometimes 1 or 2 past the enum, or negative */
    for (int slot = 0; slot < GP_SLOT_COUNT; slot++) { /* every double field, any bits */
        uint64_t u = fz_u64(&in);
        memcpy(gp_act_field(&b, slot), &u, sizeof u);
    }
    b.accuracy = (gp_accuracy)(fz_u32(&in) % (GP_ACCURACY_COUNT + 1)); /* sometimes one past the enum */
    char buf[128];
    memset(buf, '#', sizeof buf);
    s = gp_act_format(&b, buf, sizeof buf);
    if ((unsigned)b.kind >= GP_KIND_COUNT) {
        FZ_REQUIRE(s == GP_ERR_KIND, "format of kind %d: %d", (int)b.kind, (int)s);
        FZ_REQUIRE(gp_act_check(&b, 0) == GP_ERR_KIND, "check of kind %d", (int)b.kind);
        FZ_REQUIRE(buf[0] == '#', "buffer written on error");
    } else if ((unsigned)b.accuracy >= GP_ACCURACY_COUNT) {
        FZ_REQUIRE(s == GP_ERR_PARAM, "format of tier %d: %d", (int)b.accuracy, (int)s);
        FZ_REQUIRE(gp_act_check(&b, 0) == GP_ERR_PARAM, "check of tier %d", (int)b.accuracy);
        FZ_REQUIRE(buf[0] == '#', "buffer written on error");
    } else {
        FZ_REQUIRE(s == GP_OK, "128 bytes must hold every spec: %d", (int)s);
        FZ_REQUIRE(memchr(buf, '\0', sizeof buf) != NULL, "unterminated");
        if (gp_act_check(&b, 0) == GP_OK)
            round_trip(&b);
    }
    FZ_REQUIRE(gp_act_format(NULL, buf, sizeof buf) == GP_ERR_NULL, "NULL act");
    FZ_REQUIRE(gp_act_format(&b, NULL, 128) == GP_ERR_NULL, "NULL buf");

    /* 3. names and messages for any value */
    FZ_REQUIRE(gp_kind_name((gp_kind)k) != NULL, "kind name");
    FZ_REQUIRE(gp_op_name((gp_op)k) != NULL, "op name");
    FZ_REQUIRE(gp_strerror((gp_status)k) != NULL, "strerror");
    gp_act d = gp_act_default((gp_kind)k);
    FZ_REQUIRE(d.kind == (gp_kind)k, "default kind");
    return 0;
}
