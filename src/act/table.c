/* The table of activations' facts (src/act/desc.h), one row per activation
 * of src/act/list.h, each row its file's gp_<name>_desc. */
#include <math.h>
#include <string.h>

#define GP_ACT_FACTS 1
#include "act/desc.h"
#include "act/list.h"

#define GP_DESC_ROW(KIND, act) [KIND] = &gp_##act##_desc,
const gp_act_desc *const gp_act_table[GP_KIND_COUNT] = {GP_ACTIVATIONS(GP_DESC_ROW)};

const gp_param_desc *gp_desc_param(const gp_act_desc *d, const char *key)
{
    for (int i = 0; i < d->nparams; i++)
        if (strcmp(d->params[i].key, key) == 0)
            return &d->params[i];
    return NULL;
}
