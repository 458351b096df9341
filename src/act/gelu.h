/* GELU, erf form, over the vector layer (needs simd/vec.h, act/exp_dd.h).
 *
 *   g(z)  = z Phi(z) = (z/2) erfc(-z/sqrt 2)
 *   g'(z) = Phi(z) + z phi(z),   phi(z) = e^{-z^2/2} / sqrt(2 pi)
 *   backward = da g'(z)
 *
 * Everything is written with x = |z|, E = e^{-x^2/2}, C = 1/sqrt(2 pi) and
 * the Mills ratio M(x) = Q(x)/phi(x) = e^{x^2/2} int_x^inf e^{-t^2/2} dt
 * (Q = 1 - Phi, so Phi(-x) = Q(x) = C E M), and N(x) = M(x) - x:
 *   z <  0:  g = -x C E M          g' = C E N
 *   z >= 0:  g = x (1 - C E M)     g' = 1 - C E N
 * M is smooth and positive, 1.2533 at 0, ~1/x for large x; N has one zero,
 * x0 = 0.75179152469356445746 (z0 = -x0 is the zero of g').  Every factor is
 * positive except N, so the only cancellation is in N near x0, and that one
 * is removed by approximating N itself (not M) around x0, below.
 *
 * Algorithm (f64, the same operations in every lane):
 * 1. x = min(|z|, 54.5) (NaN -> 54.5, masked at the end); x^2 = h + l by FMA
 *    (exact), E = e^{-(h+l)/2} = 2^k (eh + el) from the double-double
 *    argument (gp_exp_dd_pair: exp_dd.h's Tang reduction keeping the low part of
 *    the argument and of the reduced argument; relative error < 2^-62).
 * 2. M and N as double-doubles, relative error below 2^-56:
 *    A (x < 7.75): 16 intervals [j/2, j/2 + 1/2], j = round(2x - 1/2) read
 *      from the low bits of 2(x - 1/4) + 1.5*2^52 (vd_lookup16).  With t =
 *      x - c_j formed exactly (TwoSum; c_1 = x0 as a triple-double, the others
 *      j/2 + 1/4), a degree-13 polynomial p_j(t) = a0 + a1 t + t^2 Q(t):
 *      p_j = M(c_j + t) for j != 1, and p_1 = N(x0 + t) with a0 = 0 exactly,
 *      the local expansion of N (so of g' = C E N) in w = z - z0 = -t on the
 *      whole interval |w| <= 1/4 + 1/64; M = N + x there.  Coefficients:
 *      Chebyshev interpolation at 300 bits (mpmath) on each interval
 *      widened by 1/64, a0 and a1 stored as double-doubles, the rest as
 *      doubles; fit + coefficient rounding < 2^-59 relative (worst: j = 1,
 *      j = 0).  a0 + a1 t is formed as a double-double (exact product a1h t,
 *      TwoSum), t^2 Q(t) in double: |t^2 Q| < 0.04 |p|, so its roundings
 *      (< 3.2 * 2^-53 of it) are below 2^-56.3 of p.  For j != 1, N = M - x
 *      (TwoSum) has the relative error of M times M/|M - x| <= 2.3 (|x - x0|
 *      >= 1/4 - 1/64 outside interval 1).
 *    B (x >= 7.75): M = (1/x) G(s), s = 1/x^2, G = 1 - s + s^2 H(s), H a
 *      degree-11 Chebyshev interpolant on [1/55^2, 1/7.72^2] (fit error
 *      2^-62 of G); 1/x = r + rl (division, FMA remainder), M = r + (rl +
 *      r (G - 1)); G - 1 in double: error < 2^-58.  N = M - x: no cancellation.
 * 3. P = C E M and R = C E N as double-doubles (products of double-doubles,
 *    < 2^-100 each); then
 *      z < 0:  g = round(-x (Ph + Pl)) 2^k,   g' = round(Rh + Rl) 2^k
 *      z >= 0: g = round(x (1 - 2^k P)),      g' = round(1 - 2^k R)
 *    (1 - 2^k P as a TwoSum pair; 2^k clamped at 2^-1022 where the term is
 *    lost next to 1 anyway).  vd_ldexp is the only rounding into the
 *    subnormal range.
 * Error bounds (f64), relative error before the last rounding: E 2^-62,
 *   M 2^-59 (fit) + 2^-56.3 (evaluation) -> 2^-55.9, N near x0 the same,
 *   N elsewhere x 2.3 -> 2^-54.7; the products 2^-99.  So g' (z < 0) is off
 *   by < 2^-54.6 before rounding -> below 0.5 + 0.33 = 0.83 ulp, g (z < 0)
 *   below 0.5 + 0.14 = 0.64 ulp; for z >= 0 the subtracted term is <= 1/2 of
 *   the result (1 - C E M >= 1/2, and 1 - C E N >= 1/2), so the errors are
 *   at most as large.  A subnormal result is rounded twice (53 bits, then
 *   the scaling): below 0.5 + 2^-40 of the subnormal spacing.
 *   backward = da * (g' rounded): 2 * 0.83 + 0.5 < 2.2 ulp.  Where g' is tiny
 *   (k < -1000) the product da 2^-16 q is formed before the scaling
 *   (gp_ge_times, as gp_bell_times), so a large da meets g' unrounded.
 * Ranges: |z| > 54.5: z < 0 gives E < 2^-2142, so g, g' and even DBL_MAX g'
 *   underflow to -0 (the clamped x keeps that); z > 54.5 returns g = z, g' =
 *   1 (rounded; already so for z > 8.3).  |z| < 2^-60: g = z/2 rounded (the
 *   rest, z^2 C, is below 2^-60 of it), which also keeps g(-0) = -0 and
 *   rounds subnormal z/2 once.
 * Special values: NaN -> the same NaN quieted (backward: z's NaN, else
 *   da's); g(+inf) = +inf, g(-inf) = -0 (z Phi(z) tends to 0 from below, like
 *   every g(z) that underflows), g'(+inf) = 1, g'(-inf) = -0 (g' < 0 below
 *   z0: the underflowed values are -0 too); backward(+-inf, da) = da *
 *   g'(+-inf), so da = +-inf where g' rounds to 0 gives NaN (the IEEE product,
 *   as documented for sigmoid).
 *
 * f32: a lighter algorithm of the same shape in double (below, before the
 * float functions), rounded once to float: within 0.5 + 2^-10 ulp.
 */
#ifndef GP_ACT_GELU_H
#define GP_ACT_GELU_H

#if defined(GP_ACT_FACTS)

static void gp_gelu_limits(const gp_act *act, double lim[4])
{
    lim[0] = -0.0, lim[1] = INFINITY, lim[2] = -0.0, lim[3] = 1.0;
    (void)act;
}

/* not monotonic (minimum at z0 = -0.7518): a = g(z) does not determine z, so
 * no from-output forms */
static const gp_act_desc gp_gelu_desc = {
    .kind = GP_GELU,
    .name = "gelu",
    .aliases = {"gelu_erf"},
    .g = "z Phi(z) = (z/2) erfc(-z/sqrt 2)",
    .dg = "Phi(z) + z phi(z),  phi(z) = e^(-z^2/2)/sqrt(2 pi)",
    .dg_from_a = "",
    .ops = GP_OPS_FROM_Z,
    /* forward, grad, grad_from_output, backward, backward_from_output */
    .ulp = {{1.0, 2.0, 0, 2.5, 0}, {1.0, 2.0, 0, 2.5, 0}},
    .arith = 1,
    .limits = gp_gelu_limits,
    .show_lo = -4.0,
    .show_hi = 4.0,
};

#elif defined(GP_ACT_KERNELS)

/* Step 2's constants and coefficients (mpmath, 300 bits) */
#define GP_GE_X0_H 0x1.80ead197f00b4p-1 /* x0 = -z0, the zero of M(x) - x, triple-double */
#define GP_GE_X0_M -0x1.13e74c58cada8p-56
#define GP_GE_X0_L -0x1.65d4b5b9cdd03p-111
#define GP_GE_C_H 0x1.9884533d43651p-2 /* 1/sqrt(2 pi) */
#define GP_GE_C_L -0x1.cbc0d30ebfd15p-56
static const double gp_ge_ch[16] = {0x1.0000000000000p-2, 0x1.80ead197f00b4p-1, 0x1.4000000000000p+0, 0x1.c000000000000p+0, 0x1.2000000000000p+1, 0x1.6000000000000p+1, 0x1.a000000000000p+1, 0x1.e000000000000p+1, 0x1.1000000000000p+2, 0x1.3000000000000p+2, 0x1.5000000000000p+2, 0x1.7000000000000p+2, 0x1.9000000000000p+2, 0x1.b000000000000p+2, 0x1.d000000000000p+2, 0x1.f000000000000p+2};
static const double gp_ge_cl[16] = {0x0.0p+0, -0x1.13e74c58cada8p-56, 0x0.0p+0, 0x0.0p+0, 0x0.0p+0, 0x0.0p+0, 0x0.0p+0, 0x0.0p+0, 0x0.0p+0, 0x0.0p+0, 0x0.0p+0, 0x0.0p+0, 0x0.0p+0, 0x0.0p+0, 0x0.0p+0, 0x0.0p+0};
static const double gp_ge_a0h[16] = {0x1.09aedf1446de3p+0, 0x0.0p+0, 0x1.282805b693bb5p-1, 0x1.db73467cf148ep-2, 0x1.8a6450445bb96p-2, 0x1.4f8ae774d1389p-2, 0x1.233512cf6779ap-2, 0x1.00c785530ab11p-2, 0x1.cabb94b532c3ap-3, 0x1.9e27375ea4545p-3, 0x1.7941dfedadc79p-3, 0x1.5a417375d8c66p-3, 0x1.3fdd827dc763bp-3, 0x1.2925128a71ccbp-3, 0x1.1563b113e802cp-3, 0x1.040fc9a11f089p-3};
static const double gp_ge_a0l[16] = {0x1.13c25d8876ab9p-55, 0x0.0p+0, -0x1.0914e4757769dp-55, -0x1.13bb6dd8b67a8p-56, 0x1.ab7458f5aeea4p-56, 0x1.b3eb7c883d726p-56, -0x1.b8455ffe76e3fp-57, 0x1.0676a44817851p-56, -0x1.f79cf2413d384p-59, -0x1.ceef1ce67331fp-57, 0x1.e01cd89749c3ep-59, 0x1.0febd24bef07fp-61, -0x1.367cdd4161e87p-58, 0x1.03314281f3f90p-57, 0x1.ecbc97a8f93b2p-59, -0x1.e82ce2d0a7186p-58};
static const double gp_ge_a1h[16] = {-0x1.7b289075dc90ep-1, -0x1.6f4facf516a08p+0, -0x1.1b9bf1b78eabcp-2, -0x1.7fec894ab3810p-3, -0x1.113c96cc633dbp-3, -0x1.95080dfb02918p-4, -0x1.364e0b77bed31p-4, -0x1.e89e6044bf3fap-5, -0x1.898b1ff7a1028p-5, -0x1.4316e3f9cdbeap-5, -0x1.0d98a180bea11p-5, -0x1.c83d40d30c5abp-6, -0x1.86bc836f0e882p-6, -0x1.522e16cbfed20p-6, -0x1.2769e17d6f601p-6, -0x1.042d2afa7bee1p-6};
static const double gp_ge_a1l[16] = {-0x1.50d87ae1ab62ap-55, -0x1.d19e5dd03f10fp-58, -0x1.2ecbf4a2191c3p-57, 0x1.d46ee40b25c31p-60, -0x1.f2419936ec1eap-59, -0x1.44f25d26bd2b7p-58, 0x1.a46f96344fa8ap-59, -0x1.3e1c4192fcc1ep-59, -0x1.7171035fa2499p-61, 0x1.a440666dfac5ep-59, 0x1.d89743f2b4576p-59, -0x1.e47450121be17p-61, 0x1.adce551b482bfp-60, -0x1.539bff6aef2a6p-60, -0x1.7516c0cca659ap-64, 0x1.c5210e83e9915p-61};
static const double gp_ge_an[12][16] = {
    {0x1.b4939a0b16976p-2, 0x1.b31a686433022p-3, 0x1.db9a3a8f6a3fap-4, 0x1.17089cb7286ffp-4, 0x1.5c009a79b04ffp-5, 0x1.c8aaeec1fba46p-6, 0x1.38ad4bf0e3711p-6, 0x1.bbd4832d10b3fp-7, 0x1.44be15f0bd87ap-7, 0x1.e7c08a60001f3p-8, 0x1.7698bf4b39437p-8, 0x1.2556cde27e52fp-8, 0x1.d34779e0812b4p-9, 0x1.79c5e9ca596ffp-9, 0x1.3577974762766p-9, 0x1.0080ffcedf3e0p-9},
    {-0x1.b0c826f0a25eep-3, -0x1.7796b2c9a20bcp-4, -0x1.67f4a91ca3ea2p-5, -0x1.74b800712afd6p-6, -0x1.9d4154d500592p-7, -0x1.e5b834737302dp-8, -0x1.2c069ec020265p-8, -0x1.82d0c6e2a87a8p-9, -0x1.02b0d8d47e0ccp-9, -0x1.6530be0891d66p-10, -0x1.fb08549d6bbbap-11, -0x1.70afb3e4f2cfcp-11, -0x1.11dc8251bbee3p-11, -0x1.9e97761af24c1p-12, -0x1.3f2008652dbb3p-12, -0x1.f2b331adf1a98p-13},
    {0x1.7e7a952d05575p-4, 0x1.25ebc4887f5bcp-5, 0x1.f542a1bb08be1p-7, 0x1.cfe0721696fd3p-8, 0x1.ce2f6b0780ae7p-9, 0x1.eaf12aca72652p-10, 0x1.139fabd3254f4p-10, 0x1.44c322e24b08bp-11, 0x1.8f117c77bcd39p-12, 0x1.fcb545ae97868p-13, 0x1.4eda3e1f5482dp-13, 0x1.c588495efcda8p-14, 0x1.3af772065c391p-14, 0x1.bf61e239cffc5p-15, 0x1.4428fabb104b9p-15, 0x1.de4677d3c5fd9p-16},
    {-0x1.33fa436f1b3abp-5, -0x1.a82b0414e6d69p-7, -0x1.454c8a8382f41p-8, -0x1.0fa2e40ba869cp-9, -0x1.ea7bb535b3a37p-11, -0x1.da3ae34da7e0fp-12, -0x1.e6ec141d3f235p-13, -0x1.0785e094d3b0dp-13, -0x1.2ac9f7b8d7f35p-14, -0x1.60ed8438ff31ap-15, -0x1.b03f46e85205ap-16, -0x1.1157fa9ded46cp-16, -0x1.63c2763cfe7ccp-17, -0x1.db0b294ef0c3cp-18, -0x1.448b7561f2bd3p-18, -0x1.c4bf14707e31ap-19},
    {0x1.caa4664b76915p-7, 0x1.1d996c94da9b0p-8, 0x1.8d43b988c25bbp-10, 0x1.2d97e3649909fp-11, 0x1.f0c4e2ecfa2f8p-13, 0x1.b7c1d16240c79p-14, 0x1.9efebe266f69ap-15, 0x1.9e735723ea88cp-16, 0x1.b33a1c11b56b4p-17, 0x1.dde6838f6f90dp-18, 0x1.1103d3249cf3fp-18, 0x1.43345b3fcf1f7p-19, 0x1.8afae6f235c33p-20, 0x1.f0afa3f785ca0p-21, 0x1.407103c32ca69p-21, 0x1.a7392af326b26p-22},
    {-0x1.3f36d837d5492p-8, -0x1.6a124612eade8p-10, -0x1.cbc7b80f472d5p-12, -0x1.3f4a25d859156p-13, -0x1.e266c390dc901p-15, -0x1.88e850cca792ap-16, -0x1.564283b18c287p-17, -0x1.3c916c7f7636ap-18, -0x1.34e995fd150e4p-19, -0x1.3c39d2c82158ep-20, -0x1.51e5bf01078bfp-21, -0x1.773a096e270e0p-22, -0x1.af5f7e46e4e29p-23, -0x1.ffad64379a4dep-24, -0x1.382e1209bf3bbp-24, -0x1.86d8ac2d1f62ep-25},
    {0x1.a2bd972dfe76dp-10, 0x1.b318ff2562149p-12, 0x1.fb2aa7b17510dp-14, 0x1.43cee8d8cec1ep-15, 0x1.c2d62cbc44d23p-17, 0x1.5344351c3e6fbp-18, 0x1.11d16713bfc73p-19, 0x1.d6ac0699d8562p-21, 0x1.ac07b364099f2p-22, 0x1.9987656759f41p-23, 0x1.9a286ea34984fp-24, 0x1.ac1523f77b30dp-25, 0x1.cfc2627df0ecfp-26, 0x1.03d55db2831f7p-26, 0x1.2c3a1b60700b8p-27, 0x1.64ba2147a83c3p-28},
    {-0x1.047b6938d78f5p-11, -0x1.f24dc54196b0dp-14, -0x1.0bd05e058caf7p-15, -0x1.3bc676c76047dp-17, -0x1.96c41798acfdfp-19, -0x1.1bd7dfbffb1d3p-20, -0x1.a9e4e6a83dc69p-22, -0x1.551f3ff837394p-23, -0x1.21daa76889b92p-24, -0x1.03cc34d2f44f6p-25, -0x1.e8c1845a07aafp-27, -0x1.e04d1aa8f5fe3p-28, -0x1.eb19d192c9fccp-29, -0x1.044bdd3ef0a49p-29, -0x1.1d267ae6fa8cfp-30, -0x1.41e61c5bde3a6p-31},
    {0x1.34e957a8d37d5p-13, 0x1.1121da7e28931p-15, 0x1.0fce8fed1f063p-17, 0x1.2908cde5b578ep-19, 0x1.633c08ba04f89p-21, 0x1.cd2ecb36e1130p-23, 0x1.428c17d4b5ec5p-24, 0x1.e2c6604dfb83fp-26, 0x1.802fbfc63939ap-27, 0x1.4341e81ae0de7p-28, 0x1.1e1d825a2315fp-29, 0x1.092b660b77f9bp-30, 0x1.0046af63f775dp-31, 0x1.015526293bf85p-32, 0x1.0b946befac60dp-33, 0x1.1f477fa202c82p-34},
    {-0x1.5ee6fd6e11338p-15, -0x1.1fb0421109497p-17, -0x1.09f92b1827622p-19, -0x1.0e43a4d56c2b4p-21, -0x1.2cfd6e6a6f842p-23, -0x1.6c8495f2eee08p-25, -0x1.dc8d0ff7add6ep-27, -0x1.4e01dc6b217e8p-28, -0x1.f2e9e6e557c0cp-30, -0x1.8ad3376f80f28p-31, -0x1.4961d33fbcc2fp-32, -0x1.2056b320a8548p-33, -0x1.07c1ca163c0abp-34, -0x1.f6598229f92dcp-36, -0x1.f0595946399b1p-37, -0x1.fb4c78a981a08p-38},
    {0x1.8484d5a53b8c0p-17, 0x1.2807fd932f811p-19, 0x1.fd96d0e721122p-22, 0x1.e219c334f59ddp-24, 0x1.f4a7d263bbbe0p-26, 0x1.1b2eec58414d8p-27, 0x1.5a7875193a15ap-29, 0x1.c76b16e00b9d4p-31, 0x1.3f98d673df5aap-32, 0x1.dc4710d0aabe5p-34, 0x1.76e247b3ba818p-35, 0x1.3641dc0dfc6a9p-36, 0x1.0cd908ec42bd2p-37, 0x1.e5fd8c4d9938fp-39, 0x1.c899291dfba71p-40, 0x1.bc8a46637663dp-41},
    {-0x1.8d040d35b56bdp-19, -0x1.23cb005c7eed8p-21, -0x1.d2b81c62a2b73p-24, -0x1.9cd9ca9f94ab0p-26, -0x1.9158423195d11p-28, -0x1.a99793ff16416p-30, -0x1.e8d9a92e63aabp-32, -0x1.2e2138085ac1fp-33, -0x1.8f765cfe778b6p-35, -0x1.18e4c2e36ccaep-36, -0x1.a20e57f62086ep-38, -0x1.47b24a2135838p-39, -0x1.0d6de064bb577p-40, -0x1.ceede1b916d86p-42, -0x1.9e1a9a94a4094p-43, -0x1.807e7a35f2c0dp-44},
};
static const double gp_ge_h[12] = {0x1.7ffffffffffe1p+1, -0x1.dffffffff6508p+3, 0x1.a3fffff77e712p+6, -0x1.d87ffc56a0323p+9, 0x1.44d78c7f65fa6p+13, -0x1.07e696c0193f4p+17, 0x1.edf8328e38c6fp+20, -0x1.02d680a3a6a54p+25, 0x1.1ed0e3095f973p+29, -0x1.29dcf88bc0829p+33, 0x1.d8c41a90b6066p+36, -0x1.8c663c5951a3fp+39};
/* f32: degree-8 interpolants on the same intervals, degree-5 H (mpmath) */
static const double gp_ge32_a[9][16] = {
    {0x1.09aedf1443ffcp+0, 0x0.0p+0, 0x1.282805b693bb5p-1, 0x1.db73467cf148ep-2, 0x1.8a6450445bb96p-2, 0x1.4f8ae774d1389p-2, 0x1.233512cf6779ap-2, 0x1.00c785530ab11p-2, 0x1.cabb94b532c3ap-3, 0x1.9e27375ea4545p-3, 0x1.7941dfedadc79p-3, 0x1.5a417375d8c66p-3, 0x1.3fdd827dc763bp-3, 0x1.2925128a71ccbp-3, 0x1.1563b113e802cp-3, 0x1.040fc9a11f089p-3},
    {-0x1.7b2890730e85dp-1, -0x1.6f4facf4fd035p+0, -0x1.1b9bf1b7131f2p-2, -0x1.7fec894a6ac40p-3, -0x1.113c96cc4bd7fp-3, -0x1.95080dfaf241ep-4, -0x1.364e0b77b8b60p-4, -0x1.e89e6044ba5b0p-5, -0x1.898b1ff79eeeap-5, -0x1.4316e3f9ccd06p-5, -0x1.0d98a180be310p-5, -0x1.c83d40d30becbp-6, -0x1.86bc836f0e4fep-6, -0x1.522e16cbfeb44p-6, -0x1.2769e17d6f4fcp-6, -0x1.042d2afa7be4dp-6},
    {0x1.b4939a246f44dp-2, 0x1.b31a6862ad920p-3, 0x1.db9a3a8eeceedp-4, 0x1.17089cb7063e3p-4, 0x1.5c009a799be30p-5, 0x1.c8aaeec1ee652p-6, 0x1.38ad4bf0ded01p-6, 0x1.bbd4832d0d3dbp-7, 0x1.44be15f0bc273p-7, 0x1.e7c08a5ffef6cp-8, 0x1.7698bf4b38c05p-8, 0x1.2556cde27e163p-8, 0x1.d34779e080f09p-9, 0x1.79c5e9ca59528p-9, 0x1.3577974762671p-9, 0x1.0080ffcedf35dp-9},
    {-0x1.b0c82fcd68b45p-3, -0x1.7796b59eedddfp-4, -0x1.67f4abf602f95p-5, -0x1.74b8021e98befp-6, -0x1.9d4155e9472b7p-7, -0x1.e5b835340e2cep-8, -0x1.2c069f0851476p-8, -0x1.82d0c71c7119fp-9, -0x1.02b0d8ed072e0p-9, -0x1.6530be1e8cec5p-10, -0x1.fb0854b216a70p-11, -0x1.70afb3ef19974p-11, -0x1.11dc8256ec224p-11, -0x1.9e97762071e4cp-12, -0x1.3f200868308e4p-12, -0x1.f2b331b157a76p-13},
    {0x1.7e7a743d64e3bp-4, 0x1.25ebc8f7f758ap-5, 0x1.f542a49ed9294p-7, 0x1.cfe073aa58813p-8, 0x1.ce2f6bf8b0c80p-9, 0x1.eaf12b66df62ep-10, 0x1.139fac09ce981p-10, 0x1.44c3230b2cc59p-11, 0x1.8f117c9840e79p-12, 0x1.fcb545c9f0486p-13, 0x1.4eda3e2b6d7d6p-13, 0x1.c588496a32261p-14, 0x1.3af7720bc65a7p-14, 0x1.bf61e23f3f7b5p-15, 0x1.4428fabde3974p-15, 0x1.de4677d6ce636p-16},
    {-0x1.33f2ae2c00eb4p-5, -0x1.a824c0684df1ep-7, -0x1.45480096d034fp-8, -0x1.0fa037dc4b252p-9, -0x1.ea7844c41f418p-11, -0x1.da387d72ea5e2p-12, -0x1.e6ea47ea3a73fp-13, -0x1.07852864debc0p-13, -0x1.2ac95b4c1e984p-14, -0x1.60ecf814738c6p-15, -0x1.b03ec321c5610p-16, -0x1.1157b9e3bd139p-16, -0x1.63c23412e2aa5p-17, -0x1.db0ae32febd95p-18, -0x1.448b4efb7374fp-18, -0x1.c4bee91915c2dp-19},
    {0x1.cabd0cd77749bp-7, 0x1.1d92ed55e13f2p-8, 0x1.8d3f1ee84b7d0p-10, 0x1.2d956015157d1p-11, 0x1.f0c1e246c3df6p-13, 0x1.b7bfded36413dp-14, 0x1.9efd61b1f105fp-15, 0x1.9e725282fc921p-16, 0x1.b3394cc39dc67p-17, 0x1.dde5d53446bbfp-18, 0x1.110386024ca42p-18, 0x1.433413c8a2732p-19, 0x1.8afaa1e544df0p-20, 0x1.f0af5ea5be173p-21, 0x1.4070dfbac8891p-21, 0x1.a73904455bd64p-22},
    {-0x1.4407d64871a86p-8, -0x1.6e7fa9bc368c1p-10, -0x1.d12137474ad54p-12, -0x1.4270ca1c34aa0p-13, -0x1.e6750a93767a8p-15, -0x1.8bbc5c5c4dc74p-16, -0x1.58616a6d67cc1p-17, -0x1.3e440fdfc7e88p-18, -0x1.365ac1a5d3b1cp-19, -0x1.3d849a3388ff8p-20, -0x1.531ccdcb6e268p-21, -0x1.786ba3a9b4453p-22, -0x1.b097e6deca5f2p-23, -0x1.007c402452d29p-23, -0x1.38e367943002fp-24, -0x1.87a5591ee1d35p-25},
    {0x1.9f5e31bdbf12cp-10, 0x1.b9c26d497cb27p-12, 0x1.004c0231ddcd9p-13, 0x1.46c57043f87ffp-15, 0x1.c660b0af15f5cp-17, 0x1.55904c2d9fd04p-18, 0x1.136c7fcecadc8p-19, 0x1.d9131280f87d8p-21, 0x1.adf0f7b21810ap-22, 0x1.9b22f08d53444p-23, 0x1.9b94976bded91p-24, 0x1.ad669004c217fp-25, 0x1.d1086ccf36254p-26, 0x1.047907a74a11dp-26, 0x1.2ce4432f96b71p-27, 0x1.6570c9df165d3p-28},
};
static const double gp_ge32_h[6] = {0x1.7ffffe0a76bcfp+1, -0x1.dffe30748a83ep+3, 0x1.a3aea2889433dp+6, -0x1.d16c50540fcc3p+9, 0x1.1a4e8ef0e2a2ap+13, -0x1.efd826463439dp+15};

/* ---- helpers ------------------------------------------------------------------ */

/* (ah + al)(bh + bl) = h + l, relative error < 2^-103 (al bl dropped) */
static inline vd gp_ge_mul_dd(vd ah, vd al, vd bh, vd bl, vd *l)
{
    vd h = vd_mul(ah, bh);
    *l = vd_fma(ah, bl, vd_fma(al, bh, vd_fms(ah, bh, h)));
    return vd_fast_two_sum(h, *l, l);
}

/* M(x) = Mh + Ml and N(x) = M(x) - x = Nh + Nl for x in [0, 54.5] (step 2) */
static inline void gp_ge_mills_(vd x, vd *mh, vd *ml, vd *nh, vd *nl)
{
    vdm big = vd_le(vd_set1(7.75), x);
    vd Mh = vd_set1(0.0), Ml = Mh, Nh = Mh, Nl = Mh;
    if (vd_any(vd_lt(x, vd_set1(7.75)))) {
        /* A: j = round(2x - 1/2) in the low 4 bits of u */
        vd u = vd_fma(vd_sub(x, vd_set1(0.25)), vd_set1(2.0), vd_set1(GP_SHIFT_52));
        vd ch = vd_lookup16(gp_ge_ch, u), cl = vd_lookup16(gp_ge_cl, u);
        vdm loc = vd_eq(ch, vd_set1(GP_GE_X0_H)); /* j = 1: N about x0 */
        vd te, e2, th = vd_two_sum(x, vd_neg(ch), &te);
        th = vd_two_sum(th, vd_neg(cl), &e2);
        vd tl = vd_sub(vd_add(te, e2), vd_select(loc, vd_set1(GP_GE_X0_L), vd_set1(0.0)));
        vd q = vd_lookup16(gp_ge_an[11], u);
        for (int i = 10; i >= 0; i--) q = vd_fma(q, th, vd_lookup16(gp_ge_an[i], u));
        vd a1h = vd_lookup16(gp_ge_a1h, u);
        vd ph = vd_mul(a1h, th), pe = vd_fms(a1h, th, ph);
        vd se, s = vd_two_sum(vd_lookup16(gp_ge_a0h, u), ph, &se);
        vd lo = vd_fma(a1h, tl, vd_fma(vd_lookup16(gp_ge_a1l, u), th, vd_lookup16(gp_ge_a0l, u)));
        lo = vd_add(vd_add(se, pe), vd_fma(vd_mul(th, th), q, lo));
        vd pl, p = vd_fast_two_sum(s, lo, &pl);
        /* the other one of M, N: p + x (j = 1) or p - x */
        vd xs = vd_select(loc, x, vd_neg(x));
        vd oe, o = vd_two_sum(xs, p, &oe);
        vd ol, oh = vd_fast_two_sum(o, vd_add(oe, pl), &ol);
        Mh = vd_select(loc, oh, p), Ml = vd_select(loc, ol, pl);
        Nh = vd_select(loc, p, oh), Nl = vd_select(loc, pl, ol);
    }
    if (vd_any(big)) {
        /* B: M = (r + rl) (1 + gl), r + rl = 1/x, gl = -s + s^2 H(s) */
        /* x clamped to 7.75 here for the other lanes (x = 0 among them: no
         * spurious FE_DIVBYZERO/FE_INVALID, issue 19); big selects the rest */
        x = vd_max(x, vd_set1(7.75));
        vd r = vd_div(vd_set1(1.0), x);
        vd rl = vd_mul(r, vd_fnma(r, x, vd_set1(1.0)));
        vd s = vd_mul(r, r);
        vd hp = vd_set1(gp_ge_h[11]);
        for (int i = 10; i >= 0; i--) hp = vd_fma(hp, s, vd_set1(gp_ge_h[i]));
        vd gl = vd_fma(vd_mul(s, s), hp, vd_neg(s));
        vd bl, bh = vd_fast_two_sum(r, vd_fma(r, gl, rl), &bl);
        vd oe, o = vd_two_sum(vd_neg(x), bh, &oe);
        vd ol, oh = vd_fast_two_sum(o, vd_add(oe, bl), &ol);
        Mh = vd_select(big, bh, Mh), Ml = vd_select(big, bl, Ml);
        Nh = vd_select(big, oh, Nh), Nl = vd_select(big, ol, Nl);
    }
    *mh = Mh, *ml = Ml, *nh = Nh, *nl = Nl;
}

/* g' = q 2^kk and, when fq is not NULL, g = fq 2^kk (steps 1-3) */
static inline vd gp_ge_parts_(vd z, vd *kk, vd *fq)
{
    vd x = vd_min(vd_abs(z), vd_set1(54.5)); /* NaN -> 54.5 */
    /* Rare lanes (issue 19), found by one branch, computed at x = 0: z > 30
     * (+inf), where g = z and g' = 1 to the last bit (C E N < 2^-640); z
     * below -54.5 (-inf) and NaN, where g and g' round to -0 (da g' too);
     * |z| < 2^-60, where g' is the 1/2 of x = 0 (and g is z/2, the
     * caller's).  No spurious FE_UNDERFLOW from e^(-x^2/2) or x^2. */
    vdm hi = vd_gt(z, vd_set1(30.0)), lo = vd_nle(vd_set1(-54.5), z);
    vdm far = vd_mask_or(hi, lo);
    vdm odd = vd_mask_or(far, vd_lt(vd_abs(z), vd_set1(0x1p-60)));
    int rare = vd_any(odd);
    if (rare)
        x = vd_select(odd, vd_set1(0.0), x);
    vd h = vd_mul(x, x), l = vd_fms(x, x, h);
    vd k, el, eh = gp_exp_dd_pair(vd_mul(h, vd_set1(-0.5)), vd_mul(l, vd_set1(-0.5)), &k, &el);
    vd Mh, Ml, Nh, Nl;
    gp_ge_mills_(x, &Mh, &Ml, &Nh, &Nl);
    vd cel, ceh = gp_ge_mul_dd(vd_set1(GP_GE_C_H), vd_set1(GP_GE_C_L), eh, el, &cel);
    vd Rl, Rh = gp_ge_mul_dd(ceh, cel, Nh, Nl, &Rl);
    vdm neg = vd_lt(z, vd_set1(0.0));
    vd s = gp_exp_scale(k);
    vd e1, o1 = vd_two_sum(vd_set1(1.0), vd_neg(vd_mul(s, Rh)), &e1);
    vd qpos = vd_add(o1, vd_fnma(s, Rl, e1));
    *kk = vd_select(neg, k, vd_set1(0.0));
    if (fq) {
        vd Pl, Ph = gp_ge_mul_dd(ceh, cel, Mh, Ml, &Pl);
        /* z < 0: -x (Ph + Pl) */
        vd fh = vd_mul(x, Ph);
        vd fneg = vd_neg(vd_add(fh, vd_fma(x, Pl, vd_fms(x, Ph, fh))));
        /* z >= 0: x (dh + dl), dh + dl = 1 - 2^k P */
        vd de, dh = vd_two_sum(vd_set1(1.0), vd_neg(vd_mul(s, Ph)), &de);
        vd dl = vd_fnma(s, Pl, de);
        vd gh = vd_mul(x, dh);
        vd fpos = vd_add(gh, vd_fma(x, dl, vd_fms(x, dh, gh)));
        *fq = vd_select(neg, fneg, fpos);
        if (rare) /* kk = 0 there */
            *fq = vd_select(hi, z, vd_select(lo, vd_set1(-0.0), *fq));
    }
    vd q = vd_select(neg, vd_add(Rh, Rl), qpos);
    return rare ? vd_select(hi, vd_set1(1.0), vd_select(lo, vd_set1(-0.0), q)) : q;
}

/* da * q 2^kk: the IEEE product with g' = q 2^kk rounded, or, where g' is tiny
 * (kk < -1000) and da finite, (da 2^-16 q) 2^(kk+16), rounded once into the
 * subnormal range (|q| < 46: no overflow for any finite da; da 2^-16 rounds
 * only for |da| < 2^-1006, where |g'| < 2^-994 makes the result 0 anyway). */
static inline vd gp_ge_times(vd q, vd kk, vd da)
{
    vdm tiny = vd_lt(kk, vd_set1(-1000.0));
    int any_tiny = vd_any(tiny);
    vd kg = kk;
    if (any_tiny) /* da * g', replaced there, is formed with g' = q 2^-16: no spurious FE_UNDERFLOW (issue 19) */
        kg = vd_select(tiny, vd_select(vd_eq(vd_abs(da), vd_set1(INFINITY)), kk, vd_set1(-16.0)), kk);
    vd r = vd_mul(da, vd_ldexp(q, kg));
    if (any_tiny) {
        vd t = vd_ldexp(vd_mul(vd_mul(da, vd_set1(0x1p-16)), q), vd_add(kk, vd_set1(16.0)));
        r = vd_select(vd_eq(vd_abs(da), vd_set1(INFINITY)), r, vd_select(tiny, t, r));
    }
    return r;
}

/* ---- f64 ----------------------------------------------------------------------- */

static inline vd gp_gelu_forward_vd(vd z, const gp_params *p)
{
    (void)p;
    vd kk, fq;
    (void)gp_ge_parts_(z, &kk, &fq);
    vd g = vd_select(vd_gt(z, vd_set1(54.5)), z, vd_ldexp(fq, kk));
    g = vd_select(vd_lt(vd_abs(z), vd_set1(0x1p-60)), vd_mul(z, vd_set1(0.5)), g);
    return vd_nan_keep(z, g);
}

static inline vd gp_gelu_grad_vd(vd z, const gp_params *p)
{
    (void)p;
    vd kk, q = gp_ge_parts_(z, &kk, NULL);
    return vd_nan_keep(z, vd_ldexp(q, kk));
}

static inline vd gp_gelu_backward_vd(vd z, vd da, const gp_params *p)
{
    (void)p;
    vd kk, q = gp_ge_parts_(z, &kk, NULL);
    return vd_nan_first(z, da, gp_ge_times(q, kk, da));
}

/* ---- f32 ------------------------------------------------------------------------ */

/* f32: in double, without double-doubles, rounded once to float at the end.
 * A float z is exact in double and so is x^2 (48 bits), so E = e^{-x^2/2}
 * comes from exp_dd.h directly (relative error < 2^-56.9), x = min(|z|, 20)
 * (beyond, |g'| < 2^-285 and even FLT_MAX g' rounds to 0 in float, and g
 * rounds to z).  M and N as in step 2 on the same 16 intervals (the same
 * centres, x0 as a double-double: the float nearest x0 is 2^-26.3 from it,
 * so t = (x - x0h) - x0m has a relative error below 2^-52) with degree-8
 * Chebyshev interpolants (mpmath; fit error < 2^-35.8 of M, of N on
 * interval 1), B with a degree-5 H (< 2^-40); all in double, Horner.  N = M -
 * x loses at most a factor 2.3 (as in step 2): N is within 2^-34.5 of N.
 *   z < 0:  g = -x C E M,    g' = C E N        (normal doubles down to 2^-290)
 *   z >= 0: g = z (1 - C E M),   g' = 1 - C E N
 *   backward = da g' in double (one product, no scaling trick needed: the
 *   double exponent range holds FLT_MAX g' and FLT_MIN g' exactly enough).
 * Relative error before the float rounding < 2^-34 (the fit dominates; the
 * double roundings add < 2^-48), so every result is within 0.5 + 2^-10 ulp
 * of float (2^-34 * 2^24), a subnormal float result within 0.5 + 2^-10 of
 * the spacing, backward included (one rounding of a double product).  g' at
 * z = -inf is -0 exactly (so da = +-inf there gives NaN, the IEEE product);
 * for finite z the double g' is nonzero, so da = +-inf gives +-inf even where
 * g' itself rounds to 0 in float.  g(+-0) = +-0, g(+inf) = +inf, g(-inf) = -0,
 * g'(+inf) = 1. */
static inline vd gp_ge32_parts_(vd z, vd *g)
{
    vd x = vd_min(vd_abs(z), vd_set1(20.0)); /* NaN -> 20 */
    gp_exp_parts e = gp_exp_reduce(vd_mul(vd_mul(x, x), vd_set1(-0.5)));
    vd ml, mh = gp_exp_mantissa(&e, &ml);
    vd ce = vd_mul(vd_mul(vd_add(mh, ml), gp_exp_scale(e.k)), vd_set1(GP_GE_C_H));
    vdm big = vd_le(vd_set1(7.75), x);
    vd M = vd_set1(0.0), N = M;
    if (vd_any(vd_lt(x, vd_set1(7.75)))) {
        vd u = vd_fma(vd_sub(x, vd_set1(0.25)), vd_set1(2.0), vd_set1(GP_SHIFT_52));
        vd ch = vd_lookup16(gp_ge_ch, u);
        vdm loc = vd_eq(ch, vd_set1(GP_GE_X0_H));
        vd t = vd_sub(vd_sub(x, ch), vd_lookup16(gp_ge_cl, u));
        vd p = vd_lookup16(gp_ge32_a[8], u);
        for (int i = 7; i >= 0; i--) p = vd_fma(p, t, vd_lookup16(gp_ge32_a[i], u));
        M = vd_select(loc, vd_add(p, x), p);
        N = vd_select(loc, p, vd_sub(p, x));
    }
    if (vd_any(big)) {
        vd xb = vd_max(x, vd_set1(7.75)); /* as in gp_ge_mills_: no 1/0 in the other lanes */
        vd r = vd_div(vd_set1(1.0), xb), s = vd_mul(r, r);
        vd hp = vd_set1(gp_ge32_h[5]);
        for (int i = 4; i >= 0; i--) hp = vd_fma(hp, s, vd_set1(gp_ge32_h[i]));
        vd Mb = vd_mul(r, vd_fma(s, vd_fms(s, hp, vd_set1(1.0)), vd_set1(1.0)));
        M = vd_select(big, Mb, M);
        N = vd_select(big, vd_sub(Mb, xb), N);
    }
    vdm neg = vd_lt(z, vd_set1(0.0));
    vdm minf = vd_eq(z, vd_set1(-INFINITY));
    /* g(-inf) = -0 given here, not rounded to it from -20 C E M in the
     * conversion to float (FE_UNDERFLOW for an exact 0, issue 19) */
    if (g) *g = vd_select(minf, vd_set1(-0.0), vd_select(neg, vd_mul(vd_neg(x), vd_mul(ce, M)), vd_mul(z, vd_fnma(ce, M, vd_set1(1.0)))));
    vd gp = vd_select(neg, vd_mul(ce, N), vd_fnma(ce, N, vd_set1(1.0)));
    return vd_select(minf, vd_set1(-0.0), gp);
}
static inline vd gp_ge32_forward_(vd z, const gp_params *p)
{
    (void)p;
    vd g;
    (void)gp_ge32_parts_(z, &g);
    return g;
}
static inline vd gp_ge32_grad_(vd z, const gp_params *p)
{
    (void)p;
    return gp_ge32_parts_(z, NULL);
}
static inline vd gp_ge32_backward_(vd z, vd da, const gp_params *p)
{
    (void)p;
    return vd_mul(da, gp_ge32_parts_(z, NULL));
}

static inline vf gp_gelu_forward_vf(vf z, const gp_params *p)
{
    return vf_nan_keep(z, VF_VIA_VD(gp_ge32_forward_, z, p));
}
static inline vf gp_gelu_grad_vf(vf z, const gp_params *p)
{
    return vf_nan_keep(z, VF_VIA_VD(gp_ge32_grad_, z, p));
}
static inline vf gp_gelu_backward_vf(vf z, vf da, const gp_params *p)
{
    return vf_nan_first(z, da, VF_VIA_VD2(gp_ge32_backward_, z, da, p));
}


/* forward, grad and backward are bound by arithmetic: four vectors loaded
 * before any is stored */
static void gp_f32_gelu_forward(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_gelu_forward_vf, GP_LOADS_FIRST); }
static void gp_f32_gelu_grad(GP_KERNEL_ARGS_F32) { gp_map1_f32(p, n, x, da, out, gp_gelu_grad_vf, GP_LOADS_FIRST); }
static void gp_f32_gelu_backward(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_gelu_backward_vf, GP_LOADS_FIRST); }
static void gp_f32_gelu_backward_careful(GP_KERNEL_ARGS_F32) { gp_map2_f32(p, n, x, da, out, gp_gelu_backward_vf, GP_LOADS_FIRST | GP_CAREFUL); }
static void gp_f64_gelu_forward(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_gelu_forward_vd, GP_LOADS_FIRST); }
static void gp_f64_gelu_grad(GP_KERNEL_ARGS_F64) { gp_map1_f64(p, n, x, da, out, gp_gelu_grad_vd, GP_LOADS_FIRST); }
static void gp_f64_gelu_backward(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_gelu_backward_vd, GP_LOADS_FIRST); }
static void gp_f64_gelu_backward_careful(GP_KERNEL_ARGS_F64) { gp_map2_f64(p, n, x, da, out, gp_gelu_backward_vd, GP_LOADS_FIRST | GP_CAREFUL); }

/* no from-output forms (not monotonic) */
static const gp_act_kernels gp_gelu_kernels = {
    .f32 = {gp_f32_gelu_forward, gp_f32_gelu_grad, NULL, gp_f32_gelu_backward, NULL},
    .f64 = {gp_f64_gelu_forward, gp_f64_gelu_grad, NULL, gp_f64_gelu_backward, NULL},
    .careful_f32 = {[GP_OP_BACKWARD] = gp_f32_gelu_backward_careful},
    .careful_f64 = {[GP_OP_BACKWARD] = gp_f64_gelu_backward_careful},
};

#elif defined(GP_ACT_REFERENCE)

/* MPFR (tests/ref/gp_ref.h), z exact, x = |z|, phi(x) = e^(-x^2/2)/sqrt(2 pi):
 *   z > -7:   Phi(z) = erfc(u)/2, u = -z/sqrt 2,  g = z Phi(z),
 *             g' = Phi(z) + z phi(z)
 *   z <= -7:  Phi(z) = phi(x) M(x) with the Mills ratio M(x) from its
 *             continued fraction (gp_gelu_mills_: mpfr_erfc takes
 *             milliseconds there),  g = -x phi M,  g' = phi (M - x)
 * at prec + 32 bits (erfc's condition 2u^2 <= 2^11.2, e^(-x^2/2)'s x^2 <=
 * 2^11.9 for |z| <= 60), except g' on -7 < z < 0 at 2 prec + 64 bits: the sum
 * cancels near z0 = -0.7518, where |g'| ~ 0.43 |z - z0| and a double z is at
 * least 2^-54 from z0, so fewer than 60 bits are lost (for z <= -7, M - x
 * ~ -x: no cancellation).
 * |z| > 60: z < -60 is replaced by -60 (|g|, |g'| < 2^-2590 there: -0 in
 * every format, even times DBL_MAX), z > 60 gives g = z, g' = 1 (both within
 * 2^-2600 relative of the exact values). */

/* m = M(x), x >= 7, by Laplace's continued fraction 1/(x+ 1/(x+ 2/(x+ 3/(x+
 * ...)))): its convergents C_n = A_n/B_n (A_n = x A_{n-1} + (n-1) A_{n-2},
 * the same for B; A_0 = 0, A_1 = 1, B_0 = 1, B_1 = x) lie alternately on
 * each side of M, so |M - C_n| <= |C_n - C_{n-1}| = (n-1)!/(B_n B_{n-1});
 * stopped below 2^-(prec+8) of C_n.  Every term is positive: each step adds
 * at most 3 roundings of 2^-(prec+32) to A and B, so after the n < 2^12 steps
 * needed (x >= 7) C_n is within 2^-(prec+16) of itself. */
static void gp_gelu_mills_(mpfr_ptr m, double x)
{
    mpfr_prec_t wp = mpfr_get_prec(m) + 32;
    mpfr_t a0, a1, b0, b1, f, t, d;
    mpfr_inits2(wp, a0, a1, b0, b1, f, t, d, (mpfr_ptr)0);
    mpfr_set_ui(a0, 0, MPFR_RNDN);
    mpfr_set_ui(a1, 1, MPFR_RNDN);
    mpfr_set_ui(b0, 1, MPFR_RNDN);
    mpfr_set_d(b1, x, MPFR_RNDN);
    mpfr_set_ui(f, 1, MPFR_RNDN);
    for (unsigned long n = 2;; n++) {
        mpfr_mul_ui(t, a0, n - 1, MPFR_RNDN);
        mpfr_mul_d(a0, a1, x, MPFR_RNDN);
        mpfr_add(a0, a0, t, MPFR_RNDN);
        mpfr_swap(a0, a1);
        mpfr_mul_ui(t, b0, n - 1, MPFR_RNDN);
        mpfr_mul_d(b0, b1, x, MPFR_RNDN);
        mpfr_add(b0, b0, t, MPFR_RNDN);
        mpfr_swap(b0, b1);
        mpfr_mul_ui(f, f, n - 1, MPFR_RNDN); /* (n-1)! */
        /* (n-1)!/(B_n B_{n-1}) <= 2^-(prec+8) A_n/B_n  <=>  (n-1)! 2^(prec+8) <= A_n B_{n-1} */
        mpfr_mul(d, a1, b0, MPFR_RNDN);
        mpfr_mul_2si(t, f, (long)mpfr_get_prec(m) + 8, MPFR_RNDN);
        if (mpfr_lessequal_p(t, d))
            break;
    }
    mpfr_div(m, a1, b1, MPFR_RNDN);
    mpfr_clears(a0, a1, b0, b1, f, t, d, (mpfr_ptr)0);
}

static void gp_gelu_ref_(mpfr_ptr out, double z, int fn)
{
    if (z > 60) {
        mpfr_set_d(out, fn == GP_REF_G ? z : 1.0, MPFR_RNDN);
        return;
    }
    z = z < -60 ? -60 : z;
    int cancel = fn == GP_REF_DG && z > -7 && z < 0;
    mpfr_prec_t wp = cancel ? 2 * mpfr_get_prec(out) + 64 : mpfr_get_prec(out) + 32;
    mpfr_t e, p, t;
    mpfr_inits2(wp, e, p, t, (mpfr_ptr)0);
    /* p = phi(x) */
    mpfr_set_d(p, z, MPFR_RNDN);
    mpfr_sqr(p, p, MPFR_RNDN); /* z^2: exact at wp >= 106 */
    mpfr_div_2ui(p, p, 1, MPFR_RNDN);
    mpfr_neg(p, p, MPFR_RNDN);
    mpfr_exp(p, p, MPFR_RNDN);
    mpfr_const_pi(t, MPFR_RNDN);
    mpfr_mul_2ui(t, t, 1, MPFR_RNDN);
    mpfr_rec_sqrt(t, t, MPFR_RNDN);
    mpfr_mul(p, p, t, MPFR_RNDN);
    if (z <= -7) {
        gp_gelu_mills_(e, -z);
        if (fn == GP_REF_G)
            mpfr_mul_d(e, e, z, MPFR_RNDN);
        else
            mpfr_add_d(e, e, z, MPFR_RNDN); /* M - x */
        mpfr_mul(out, e, p, MPFR_RNDN);
    } else {
        mpfr_sqrt_ui(t, 2, MPFR_RNDN);
        mpfr_set_d(e, -z, MPFR_RNDN);
        mpfr_div(e, e, t, MPFR_RNDN);
        mpfr_erfc(e, e, MPFR_RNDN);
        mpfr_div_2ui(e, e, 1, MPFR_RNDN); /* Phi(z) */
        if (fn == GP_REF_G) {
            mpfr_mul_d(out, e, z, MPFR_RNDN);
        } else {
            mpfr_mul_d(p, p, z, MPFR_RNDN);
            mpfr_add(out, e, p, MPFR_RNDN);
        }
    }
    mpfr_clears(e, p, t, (mpfr_ptr)0);
}
static void gp_gelu_ref_g(mpfr_ptr out, const gp_act *act, double z)
{
    (void)act;
    gp_gelu_ref_(out, z, GP_REF_G);
}
static void gp_gelu_ref_dg(mpfr_ptr out, const gp_act *act, double z)
{
    (void)act;
    gp_gelu_ref_(out, z, GP_REF_DG);
}

/* Screen (tools/ulp), float z in double, x = |z|, C = 1/sqrt(2 pi):
 *   erfc(x/sqrt 2) from libm at u = x sh (sh + sl = 1/sqrt 2), corrected to
 *   the exact argument to first order: erfc(u + du) = erfc(u) - 2/sqrt(pi)
 *   e^-u^2 du, du = (x sh - u) + x sl (FMA), |du| <= 2^-53 u, so the
 *   correction is below 2u^2 2^-53 <= 2^-45 of erfc (u <= 10.2: float g and
 *   g' are 0 below z = -14.4) and its own error below 2^-50 of that.
 *   phi(x) = C e^(-x^2/2), x^2/2 exact.  With glibc's erfc within 5 ulp and
 *   exp within 1 ulp:
 *     g  = -x erfc/2 (z < 0),  z (1 - erfc/2) (z >= 0; erfc/2 <= 1/2):
 *          relative error below 9 * 2^-53 < 2^-49.8
 *     g' = erfc/2 - x phi (z < 0),  1 - erfc/2 + x phi (z >= 0, no
 *          cancellation): each term within 7 * 2^-53 of itself, the sum
 *          rounded once: below (7 K + 1) 2^-53 with K = (M + x)/|M - x| the
 *          cancellation factor (M the Mills ratio; K = 1 for z >= 0), which
 *          is below 1.75 outside z in [-1.75, -0.25]: below 2^-49.2
 *   Near the zero z0 of g', z in [-1.75, -0.25], that cancellation is
 *   avoided: g'(z) = int_z0^z g'' = C w int_0^1 f(z0 + w s) ds, w = z - z0
 *   (z - z0h exact, then - z0l: relative error 2^-53), f(t) = e^(-t^2/2)
 *   (2 - t^2) (2 - t^2 by one FMA), by 12-point Gauss-Legendre (|w| <= 1:
 *   quadrature error below 2^-70).  f > 0 down to t = -sqrt 2, so the sum
 *   is of positive terms for z >= -sqrt 2 and cancels by a factor below 1.35
 *   at z = -1.75; rounding of t (2^-53 |t|) moves f by at most 2^-52.5
 *   absolutely against an integral above 0.11: below 2^-49.5 in all.
 *   Measured against MPFR (every 97th float of [-1.75, -0.25], every float
 *   within 2^-10 of z0, a stride elsewhere): g below 2^-50.5, g' 2^-50.2. */
static const double gp_gelu_gl_s[12] = {
    0x1.2e1c4e37a2fdep-7, 0x1.88bc58023ba64p-5, 0x1.d73d4449dc328p-4, 0x1.a6961f47f100fp-3,
    0x1.43ab96faba731p-2, 0x1.bfe1681c273c7p-2, 0x1.200f4bf1ec61dp-1, 0x1.5e2a3482a2c67p-1,
    0x1.965a782e03bfcp-1, 0x1.c5185776c479bp-1, 0x1.e7743a7fdc45ap-1, 0x1.fb478ec721741p-1};
static const double gp_gelu_gl_w[12] = {
    0x1.8275d9dea6d8fp-6, 0x1.b60602bce6181p-5, 0x1.47d7258f22d8fp-4, 0x1.a0163e6b1ab72p-4,
    0x1.de3155c256ab5p-4, 0x1.fe40ce6d4f025p-4, 0x1.fe40ce6d4f025p-4, 0x1.de3155c256ab5p-4,
    0x1.a0163e6b1ab72p-4, 0x1.47d7258f22d8fp-4, 0x1.b60602bce6181p-5, 0x1.8275d9dea6d8fp-6};
static void gp_gelu_screen_d(const gp_act *act, float zf, double out[GP_REF_FN_COUNT])
{
    const double sh = 0x1.6a09e667f3bcdp-1, sl = -0x1.bdd3413b26456p-55; /* 1/sqrt 2 */
    const double C = 0x1.9884533d43651p-2;                                /* 1/sqrt(2 pi) */
    const double z0h = -0x1.80ead197f00b4p-1, z0l = 0x1.13e74c58cada8p-56;
    double z = zf, x = fabs(z);
    (void)act;
    if (isinf(z)) {
        out[GP_REF_G] = z > 0 ? z : -0.0;
        out[GP_REF_DG] = z > 0 ? 1.0 : -0.0;
        return;
    }
    double u = x * sh, du = fma(x, sh, -u) + x * sl;
    double ec = erfc(u) - 0x1.20dd750429b6dp+0 * exp(-u * u) * du; /* 2/sqrt(pi) */
    double phi = C * exp(-0.5 * (x * x));
    out[GP_REF_G] = z < 0 ? -x * (0.5 * ec) : z * (1.0 - 0.5 * ec);
    out[GP_REF_DG] = z < 0 ? 0.5 * ec - x * phi : (1.0 - 0.5 * ec) + x * phi;
    if (z >= -1.75 && z <= -0.25) {
        double w = (z - z0h) - z0l, s = 0.0;
        for (int i = 0; i < 12; i++) {
            double t = fma(w, gp_gelu_gl_s[i], z0h);
            s += gp_gelu_gl_w[i] * (exp(-0.5 * (t * t)) * fma(-t, t, 2.0));
        }
        out[GP_REF_DG] = C * (w * s);
    }
}

static const gp_act_ref gp_gelu_ref = {
    {gp_gelu_ref_g, gp_gelu_ref_dg, NULL},
    gp_gelu_screen_d,
    NULL, /* f64: MPFR */
};
#endif
#endif
