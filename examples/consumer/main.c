/* A tiny consumer of an installed gprime: checks a few exact values and prints
 * them.  Built by scripts/check-install.sh with pkg-config and with CMake. */
#include <stdio.h>

#include <gprime.h>

int main(void)
{
    gp_act sig = gp_act_default(GP_SIGMOID), tnh, lk;
    if (gp_act_parse("tanh", &tnh) != GP_OK || gp_act_parse("leaky_relu(alpha=0.25)", &lk) != GP_OK) {
        fprintf(stderr, "consumer: gp_act_parse failed\n");
        return 1;
    }
    double z[3] = {-2.0, 0.0, 2.0}, g[3], l[3];
    float zf[3] = {-2.0f, 0.0f, 2.0f}, gf[3];
    if (gp_grad_f64(&sig, 3, z, g) != GP_OK || gp_forward_f64(&lk, 3, z, l) != GP_OK ||
        gp_grad_f32(&tnh, 3, zf, gf) != GP_OK) {
        fprintf(stderr, "consumer: array call failed\n");
        return 1;
    }
    int ok = g[1] == 0.25 && gf[1] == 1.0f && l[0] == -0.5 && l[2] == 2.0 && g[0] == g[2];
    printf("gprime %s\n", gp_version());
    printf("sigmoid'(0) = %g\n", g[1]);
    printf("tanh'(0) = %g\n", (double)gf[1]);
    printf("leaky_relu(-2) = %g\n", l[0]);
    printf("%s\n", ok ? "consumer ok" : "consumer FAILED");
    return ok ? 0 : 1;
}
