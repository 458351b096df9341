/* Shared by the harnesses: a failed property is a crash (abort) with a
 * message, so libFuzzer keeps the input and the replay test fails. */
#ifndef GP_FUZZ_COMMON_H
#define GP_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FZ_REQUIRE(cond, ...)                                                                  \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "%s:%d: property failed: %s\n  ", __FILE__, __LINE__, #cond);      \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

/* A little reader over the fuzzer's bytes: past the end it yields zeros. */
typedef struct {
    const uint8_t *p;
    size_t n, i;
} fz_in;

static inline uint8_t fz_u8(fz_in *in) { return in->i < in->n ? in->p[in->i++] : 0; }
static inline uint16_t fz_u16(fz_in *in)
{
    uint16_t a = fz_u8(in);
    return (uint16_t)(a | (uint16_t)fz_u8(in) << 8);
}
static inline uint32_t fz_u32(fz_in *in)
{
    uint32_t a = fz_u16(in);
    return a | (uint32_t)fz_u16(in) << 16;
}
static inline uint64_t fz_u64(fz_in *in)
{
    uint64_t a = fz_u32(in);
    return a | (uint64_t)fz_u32(in) << 32;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
