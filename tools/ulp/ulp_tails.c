/* gprime-ulp: from-output tails.  grad_from_output is correctly rounded on
 * the a it is given; how far that is from the true g'(z) when a = forward(z)
 * is a property of a.  Measured, for every activation with from-output forms
 * that is not exact, with gprime's forward followed by grad_from_output
 * against g'(z) (the screens), for z in [2^-8, 40]: the first z with an
 * error above 2 ulp, the z above which it stays there, and the first z where
 * the formula gives 0 (a rounded to its limit). */
#include <math.h>

#include "act/desc.h"
#include "ulp.h"

fo_tail fo_tails[2][GP_KIND_COUNT];

int fo_tail_measured(int kind)
{
    return gp_desc_has(gp_desc((gp_kind)kind), GP_OP_GRAD_FROM_OUTPUT) && !kind_exact(kind);
}

void measure_fo_tails(void)
{
    const gp_kernel_table *t = gp_active_table();
    for (int kind = 0; kind < GP_KIND_COUNT; kind++) {
        fo_tail r32 = {NAN, NAN, NAN}, r64 = {NAN, NAN, NAN};
        fo_tails[0][kind] = r32;
        fo_tails[1][kind] = r64;
        if (!fo_tail_measured(kind) || !act_selected(kind))
            continue;
        gp_params p;
        gp_act act = gp_act_default((gp_kind)kind);
        gp_params_from_act(&act, &p);
        double last_ok = 0;
        /* float: every pattern of z in [2^-8, 40] (every 16th in strided mode) */
        uint32_t step = opt.full ? 1 : 16;
        for (uint32_t b = f_bits(0x1p-8f); b <= f_bits(40.0f); b += step) {
            float z = bits_f(b), a, g;
            double v[GP_REF_FN_COUNT];
            t->act[kind]->f32[GP_OP_FORWARD](&p, 1, &z, NULL, &a);
            t->act[kind]->f32[GP_OP_GRAD_FROM_OUTPUT](&p, 1, &a, NULL, &g);
            screen32(kind, z, v);
            double e = ulp_err_ld(g, v[GP_REF_DG], 24);
            if (e > 2 && isnan(r32.first_over2))
                r32.first_over2 = z;
            if (e <= 2)
                last_ok = z;
            if (g == 0 && isnan(r32.first_zero))
                r32.first_zero = z;
        }
        r32.stays_over2 = last_ok;
        last_ok = 0;
        for (double z = 0x1p-8; z <= 40.0; z += 0x1p-14) {
            double a, g;
            t->act[kind]->f64[GP_OP_FORWARD](&p, 1, &z, NULL, &a);
            t->act[kind]->f64[GP_OP_GRAD_FROM_OUTPUT](&p, 1, &a, NULL, &g);
            double e = ulp_err_ld(g, screen64(kind, GP_REF_DG, z), 53);
            if (e > 2 && isnan(r64.first_over2))
                r64.first_over2 = z;
            if (e <= 2)
                last_ok = z;
            if (g == 0 && isnan(r64.first_zero))
                r64.first_zero = z;
        }
        r64.stays_over2 = last_ok;
        fo_tails[0][kind] = r32;
        fo_tails[1][kind] = r64;
    }
}
