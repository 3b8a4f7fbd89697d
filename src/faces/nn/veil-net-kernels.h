/* veil-net-kernels.h: the inner loops of the convolutions, as a template.
 *
 * veil-net-conv.c includes this file twice: once compiled for AVX2 + FMA
 * (KSUFFIX _avx2) and once for plain x86-64 or any other CPU (KSUFFIX
 * _generic), and picks one at run time with __builtin_cpu_supports. GCC's
 * target_clones is not used: its "arch=" resolver asks for a CPU model, and
 * virtual machines that report a generic "Xeon Processor" got the slow copy.
 *
 * Everything here is single-threaded; callers parallelise at a coarser level
 * (one network per thread), which scales under load where per-layer
 * OpenMP barriers did not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define KCAT2(a, b) a##b
#define KCAT(a, b) KCAT2 (a, b)
#define KFN(name) KCAT (name, KSUFFIX)

typedef float KCAT (v8f, KSUFFIX) __attribute__ ((vector_size (32)));
typedef float KCAT (v8u, KSUFFIX) __attribute__ ((vector_size (32), aligned (4), may_alias));
#define V8 KCAT (v8f, KSUFFIX)
#define V8U KCAT (v8u, KSUFFIX)

static inline V8
KFN (v8_load) (const float *p)
{
  return *(const V8U *) p;
}

static inline void
KFN (v8_store) (float *p, V8 v)
{
  *(V8U *) p = v;
}

/* C[m][p] += Σ_k A(m, k) B[k][p] for m < M, k < K, p < P, with A(m, k) =
 * a[m * a_ms + k * a_ks] (so both W and Wᵀ are read in place), B rows ldb
 * apart, C rows ldc apart. Register blocks of 4 rows × 16 columns; the
 * columns go outermost so a 16-wide panel of B stays in L1 for all rows. */
static void
KFN (gemm_acc) (int M, int K, int P,
                const float *restrict a, gsize a_ms, gsize a_ks,
                const float *restrict b, gsize ldb,
                float *restrict c, gsize ldc)
{
  int p = 0;

  for (; p + 16 <= P; p += 16)
    {
      int m = 0;

      for (; m + 4 <= M; m += 4)
        {
          const float *a0 = a + (gsize) m * a_ms, *a1 = a0 + a_ms, *a2 = a1 + a_ms, *a3 = a2 + a_ms;
          float *c0 = c + (gsize) m * ldc + p, *c1 = c0 + ldc, *c2 = c1 + ldc, *c3 = c2 + ldc;
          V8 s00 = KFN (v8_load) (c0), s01 = KFN (v8_load) (c0 + 8);
          V8 s10 = KFN (v8_load) (c1), s11 = KFN (v8_load) (c1 + 8);
          V8 s20 = KFN (v8_load) (c2), s21 = KFN (v8_load) (c2 + 8);
          V8 s30 = KFN (v8_load) (c3), s31 = KFN (v8_load) (c3 + 8);
          const float *bk = b + p;

          for (int k = 0; k < K; k++, bk += ldb)
            {
              V8 x0 = KFN (v8_load) (bk), x1 = KFN (v8_load) (bk + 8);
              gsize ak = (gsize) k * a_ks;
              float w0 = a0[ak], w1 = a1[ak], w2 = a2[ak], w3 = a3[ak];

              s00 += w0 * x0;
              s01 += w0 * x1;
              s10 += w1 * x0;
              s11 += w1 * x1;
              s20 += w2 * x0;
              s21 += w2 * x1;
              s30 += w3 * x0;
              s31 += w3 * x1;
            }
          KFN (v8_store) (c0, s00);
          KFN (v8_store) (c0 + 8, s01);
          KFN (v8_store) (c1, s10);
          KFN (v8_store) (c1 + 8, s11);
          KFN (v8_store) (c2, s20);
          KFN (v8_store) (c2 + 8, s21);
          KFN (v8_store) (c3, s30);
          KFN (v8_store) (c3 + 8, s31);
        }
      for (; m < M; m++)
        {
          const float *a0 = a + (gsize) m * a_ms;
          float *c0 = c + (gsize) m * ldc + p;
          V8 s0 = KFN (v8_load) (c0), s1 = KFN (v8_load) (c0 + 8);
          const float *bk = b + p;

          for (int k = 0; k < K; k++, bk += ldb)
            {
              float w0 = a0[(gsize) k * a_ks];
              s0 += w0 * KFN (v8_load) (bk);
              s1 += w0 * KFN (v8_load) (bk + 8);
            }
          KFN (v8_store) (c0, s0);
          KFN (v8_store) (c0 + 8, s1);
        }
    }
  if (p < P)
    for (int m = 0; m < M; m++)
      {
        const float *a0 = a + (gsize) m * a_ms;
        float *c0 = c + (gsize) m * ldc;

        for (int k = 0; k < K; k++)
          {
            float w0 = a0[(gsize) k * a_ks];
            const float *bk = b + (gsize) k * ldb;

            if (w0 != 0.0f)
              for (int q = p; q < P; q++)
                c0[q] += w0 * bk[q];
          }
      }
}

/* out[r][c] += w * in[r * row_step + c * step] */
static void
KFN (plane_tap) (float *restrict out, int out_stride,
                 const float *restrict in, int row_step, int step,
                 float w, int rows, int cols)
{
  for (int r = 0; r < rows; r++)
    {
      float *restrict o = out + (gsize) r * out_stride;
      const float *restrict i = in + (gsize) r * row_step;

      if (step == 1)
        for (int c = 0; c < cols; c++)
          o[c] += w * i[c];
      else
        for (int c = 0; c < cols; c++)
          o[c] += w * i[c * step];
    }
}

/* in[r * row_step + c * step] += w * out[r][c] (the adjoint of plane_tap) */
static void
KFN (plane_tap_adjoint) (float *restrict in, int row_step, int step,
                         const float *restrict out, int out_stride,
                         float w, int rows, int cols)
{
  for (int r = 0; r < rows; r++)
    {
      float *restrict i = in + (gsize) r * row_step;
      const float *restrict o = out + (gsize) r * out_stride;

      if (step == 1)
        for (int c = 0; c < cols; c++)
          i[c] += w * o[c];
      else
        for (int c = 0; c < cols; c++)
          i[c * step] += w * o[c];
    }
}

#undef V8
#undef V8U
#undef KFN
#undef KCAT
#undef KCAT2
