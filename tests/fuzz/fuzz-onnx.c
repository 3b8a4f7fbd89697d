/* fuzz-onnx.c: the protobuf/ONNX reader and the graph compiler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "veil-core.h"
#include "veil-net.h"
#include "veil-onnx.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  VeilOnnxModel *model = veil_onnx_model_parse (data, size, NULL);
  VeilNet *net;

  if (model == NULL)
    return 0;
  g_free (veil_onnx_model_summary (model));
  /* Compile for a small input; run it only when it is cheap. */
  net = veil_net_new (model, 2, 6, 6, NULL);
  if (net != NULL && veil_net_macs (net) < 1000000)
    {
      float in[72] = { 0 };
      gsize n_out = veil_net_output_size (net);
      float *g_out = g_new0 (float, n_out);
      float g_in[72];

      veil_net_forward (net, in);
      veil_net_backward (net, g_out, g_in);
      g_free (g_out);
    }
  veil_net_free (net);
  veil_onnx_model_free (model);
  return 0;
}
