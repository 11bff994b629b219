/*
 * SHA-256 (FIPS 180-4, section 6.2) of sixteen independent messages at once, one per 32-bit lane of an AVX-512
 * register ("multi-buffer" hashing, as Intel's isa-l_crypto and OpenSSL's sha256-mb do).
 *
 * Why: hashing every byte of the evidence is the largest cost of ingesting photos. OpenSSL's one-message SHA-256
 * (SHA-NI) runs at ~1.75 GB/s on this project's lab VM (AMD EPYC); sixteen messages through AVX-512 run at
 * ~3 GB/s, because SHA-256's rounds are a serial chain within one message but independent across messages
 * (benchmarks/results/2026-12-05-issue18-mbhash.md). A folder of many files is exactly that shape.
 *
 * Why C and not C# Vector512: Native AOT fixes the instruction set at compile time and cannot light AVX-512 up
 * behind a run-time check, so the C# code would need an AVX-512-only executable. Here the kernel carries its own
 * target attribute and the caller asks evidencepipe_sha256x16_supported() first; without AVX-512 the pipeline
 * keeps OpenSSL. It also runs outside the managed runtime, so a garbage collection does not stop hashing.
 *
 * The caller (EvidencePipe.Hashing.Sha256Lanes) keeps each lane's message, its padding and its state layout;
 * this file only runs the compression function. State is "transposed": state[word * 16 + lane].
 */
#include <stddef.h>
#include <stdint.h>
#include <cpuid.h>
#include <immintrin.h>

#define LANES 16

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define TARGET __attribute__((target("avx512f,avx512bw")))

/* 0x96 = a ^ b ^ c, 0xCA = Ch(e, f, g) = (e & f) ^ (~e & g), 0xE8 = Maj(a, b, c): vpternlogd truth tables. */
#define XOR3(a, b, c) _mm512_ternarylogic_epi32((a), (b), (c), 0x96)
#define CH(e, f, g) _mm512_ternarylogic_epi32((e), (f), (g), 0xCA)
#define MAJ(a, b, c) _mm512_ternarylogic_epi32((a), (b), (c), 0xE8)
#define ROR(x, n) _mm512_ror_epi32((x), (n))

/* FIPS 180-4 (4.4)-(4.7): Σ0, Σ1, σ0, σ1. */
#define BSIG0(x) XOR3(ROR((x), 2), ROR((x), 13), ROR((x), 22))
#define BSIG1(x) XOR3(ROR((x), 6), ROR((x), 11), ROR((x), 25))
#define SSIG0(x) XOR3(ROR((x), 7), ROR((x), 18), _mm512_srli_epi32((x), 3))
#define SSIG1(x) XOR3(ROR((x), 17), ROR((x), 19), _mm512_srli_epi32((x), 10))

/* One round; the eight working variables are renamed by the caller instead of moved (6.2.2 step 3). */
#define ROUND(a, b, c, d, e, f, g, h, t)                                                              \
    do {                                                                                              \
        __m512i t1 = _mm512_add_epi32(_mm512_add_epi32(h, BSIG1(e)),                                   \
                                      _mm512_add_epi32(CH(e, f, g), _mm512_add_epi32(w[(t) & 15], _mm512_set1_epi32((int)K[t])))); \
        d = _mm512_add_epi32(d, t1);                                                                  \
        h = _mm512_add_epi32(t1, _mm512_add_epi32(BSIG0(a), MAJ(a, b, c)));                           \
    } while (0)

/* 6.2.2 step 1: W[t] for t >= 16, in a 16-word ring. */
#define SCHEDULE(t) \
    w[(t) & 15] = _mm512_add_epi32(_mm512_add_epi32(w[(t) & 15], SSIG0(w[((t) - 15) & 15])), \
                                   _mm512_add_epi32(w[((t) - 7) & 15], SSIG1(w[((t) - 2) & 15])))

/* Rows r[i] (lane i's sixteen message words) into columns w[t] (word t of every lane): a 16 x 16 transpose of
 * 32-bit words in three steps: 32-bit and 64-bit interleaves within each 128-bit quarter, then the 4 x 4
 * transpose of the quarters. */
TARGET static void transpose(const __m512i r[16], __m512i w[16])
{
    __m512i t[16], u[16];
    for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_epi32(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_epi32(r[2 * i], r[2 * i + 1]);
    }
    for (int i = 0; i < 4; i++) {
        u[4 * i] = _mm512_unpacklo_epi64(t[4 * i], t[4 * i + 2]);
        u[4 * i + 1] = _mm512_unpackhi_epi64(t[4 * i], t[4 * i + 2]);
        u[4 * i + 2] = _mm512_unpacklo_epi64(t[4 * i + 1], t[4 * i + 3]);
        u[4 * i + 3] = _mm512_unpackhi_epi64(t[4 * i + 1], t[4 * i + 3]);
    }
    for (int j = 0; j < 4; j++) {
        __m512i x0 = _mm512_shuffle_i32x4(u[j], u[4 + j], 0x44), x1 = _mm512_shuffle_i32x4(u[j], u[4 + j], 0xEE);
        __m512i x2 = _mm512_shuffle_i32x4(u[8 + j], u[12 + j], 0x44), x3 = _mm512_shuffle_i32x4(u[8 + j], u[12 + j], 0xEE);
        w[j] = _mm512_shuffle_i32x4(x0, x2, 0x88);
        w[4 + j] = _mm512_shuffle_i32x4(x0, x2, 0xDD);
        w[8 + j] = _mm512_shuffle_i32x4(x1, x3, 0x88);
        w[12 + j] = _mm512_shuffle_i32x4(x1, x3, 0xDD);
    }
}

/* Compresses `blocks` consecutive 64-byte blocks of each lane: lane i reads lanes[i][0 .. 64 * blocks). */
TARGET void evidencepipe_sha256x16_blocks(uint32_t *state, const uint8_t *const *lanes, size_t blocks)
{
    /* Message words are big-endian (FIPS 180-4 section 3.1): swap the bytes of each 32-bit word. */
    const __m512i bswap = _mm512_set_epi8(
        12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3,
        12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    __m512i s[8];
    for (int i = 0; i < 8; i++)
        s[i] = _mm512_loadu_si512((const void *)(state + i * LANES));

    for (size_t blk = 0; blk < blocks; blk++) {
        __m512i r[16], w[16];
        for (int i = 0; i < LANES; i++)
            r[i] = _mm512_shuffle_epi8(_mm512_loadu_si512((const void *)(lanes[i] + blk * 64)), bswap);
        transpose(r, w);

        __m512i a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
        for (int t = 0; t < 64; t += 8) {
            if (t >= 16) {
                SCHEDULE(t); SCHEDULE(t + 1); SCHEDULE(t + 2); SCHEDULE(t + 3);
                SCHEDULE(t + 4); SCHEDULE(t + 5); SCHEDULE(t + 6); SCHEDULE(t + 7);
            }
            ROUND(a, b, c, d, e, f, g, h, t);
            ROUND(h, a, b, c, d, e, f, g, t + 1);
            ROUND(g, h, a, b, c, d, e, f, t + 2);
            ROUND(f, g, h, a, b, c, d, e, t + 3);
            ROUND(e, f, g, h, a, b, c, d, t + 4);
            ROUND(d, e, f, g, h, a, b, c, t + 5);
            ROUND(c, d, e, f, g, h, a, b, t + 6);
            ROUND(b, c, d, e, f, g, h, a, t + 7);
        }
        s[0] = _mm512_add_epi32(s[0], a); s[1] = _mm512_add_epi32(s[1], b);
        s[2] = _mm512_add_epi32(s[2], c); s[3] = _mm512_add_epi32(s[3], d);
        s[4] = _mm512_add_epi32(s[4], e); s[5] = _mm512_add_epi32(s[5], f);
        s[6] = _mm512_add_epi32(s[6], g); s[7] = _mm512_add_epi32(s[7], h);
    }

    for (int i = 0; i < 8; i++)
        _mm512_storeu_si512((void *)(state + i * LANES), s[i]);
}

/*
 * One lane on its own, through the x86 SHA extensions (SHA-NI: sha256rnds2 runs two rounds, sha256msg1/msg2 the
 * message schedule; Intel, "Intel SHA Extensions", 2013): ~1.75 GB/s for one message against ~0.23 GB/s per lane of
 * the sixteen-lane kernel. When few lanes are busy (the last files of a folder) a sixteen-lane call spends most of
 * its work on idle lanes, so the caller finishes the busy ones one at a time here instead, from and into the same
 * transposed state: state[word * 16 + lane].
 */
#define TARGET_NI __attribute__((target("sha,sse4.1,ssse3")))

TARGET_NI void evidencepipe_sha256_lane_blocks(uint32_t *state, int lane, const uint8_t *data, size_t blocks)
{
    /* Big-endian message words (section 3.1), byte-swapped within each 32-bit word. */
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);

    /* sha256rnds2 keeps the working variables as {A, B, E, F} and {C, D, G, H} (high word first). */
    __m128i dcba = _mm_set_epi32((int)state[3 * LANES + lane], (int)state[2 * LANES + lane], (int)state[1 * LANES + lane], (int)state[lane]);
    __m128i hgfe = _mm_set_epi32((int)state[7 * LANES + lane], (int)state[6 * LANES + lane], (int)state[5 * LANES + lane], (int)state[4 * LANES + lane]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

    for (size_t blk = 0; blk < blocks; blk++, data += 64) {
        const __m128i abef0 = abef, cdgh0 = cdgh;
        __m128i m[4];
        for (int i = 0; i < 4; i++)
            m[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * i)), bswap);

        /* Sixteen groups of four rounds; from the fifth, W[4g .. 4g+3] replaces W[4g-16 .. 4g-13] in m[g % 4]
         * (6.2.2 step 1: sigma0 of W[t-15] by msg1, W[t-7] added, sigma1 of W[t-2] by msg2). */
#pragma GCC unroll 16
        for (int g = 0; g < 16; g++) {
            if (g >= 4) {
                __m128i w7 = _mm_alignr_epi8(m[(g - 1) & 3], m[(g - 2) & 3], 4);
                m[g & 3] = _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32(m[g & 3], m[(g - 3) & 3]), w7), m[(g - 1) & 3]);
            }
            __m128i wk = _mm_add_epi32(m[g & 3], _mm_loadu_si128((const __m128i *)&K[4 * g]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(wk, 0x0E));
        }

        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }

    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    dcba = _mm_blend_epi16(feba, dchg, 0xF0);
    hgfe = _mm_alignr_epi8(dchg, feba, 8);
    uint32_t h[8];
    _mm_storeu_si128((__m128i *)h, dcba);
    _mm_storeu_si128((__m128i *)(h + 4), hgfe);
    for (int i = 0; i < 8; i++)
        state[i * LANES + lane] = h[i];
}

/* 1 when this CPU runs evidencepipe_sha256_lane_blocks, 0 otherwise: CPUID leaf 1 ECX bits 9 (SSSE3) and 19
 * (SSE4.1), leaf 7 EBX bit 29 (SHA) (Intel SDM vol. 2A, CPUID). Asked directly because not every compiler's
 * __builtin_cpu_supports knows "sha"; these are XMM instructions, whose OS state every x86-64 OS saves. */
int evidencepipe_sha256_lane_supported(void)
{
    unsigned int a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) || !(c & (1u << 19)))
        return 0;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
}

/* 1 when this CPU and OS run the kernel above (the compiler's CPU check includes the OS's XSAVE state for
 * the ZMM registers), 0 otherwise. */
int evidencepipe_sha256x16_supported(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
}
