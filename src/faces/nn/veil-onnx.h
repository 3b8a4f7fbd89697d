/* veil-onnx.h: reads an ONNX model (ModelProto) into plain C structs.
 *
 * Only what running a small CNN needs: the graph's nodes with their
 * attributes, the initializers (weights) as floats, and the graph inputs and
 * outputs with their shapes. The file is untrusted: sizes, counts and
 * nesting are capped and every failure is a VEIL_VISION_ERROR_MODEL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VEIL_ONNX_MAX_DIMS 8

/* TensorProto.DataType values we read. */
enum {
  VEIL_ONNX_FLOAT = 1,
  VEIL_ONNX_INT32 = 6,
  VEIL_ONNX_INT64 = 7,
  VEIL_ONNX_DOUBLE = 11,
};

typedef struct {
  char   *name;
  int     data_type;
  guint   n_dims;
  gint64  dims[VEIL_ONNX_MAX_DIMS];
  gsize   n;        /* element count (product of dims) */
  float  *data;     /* every numeric type, converted to float */
  gint64 *i64;      /* integer types only, exact (shapes for Reshape) */
} VeilOnnxTensor;

typedef enum {
  VEIL_ONNX_ATTR_FLOAT = 1,
  VEIL_ONNX_ATTR_INT = 2,
  VEIL_ONNX_ATTR_STRING = 3,
  VEIL_ONNX_ATTR_TENSOR = 4,
  VEIL_ONNX_ATTR_GRAPH = 5,
  VEIL_ONNX_ATTR_FLOATS = 6,
  VEIL_ONNX_ATTR_INTS = 7,
} VeilOnnxAttrType;

typedef struct {
  char            *name;
  VeilOnnxAttrType type;
  float            f;
  gint64           i;
  char            *s;
  GArray          *floats;   /* float */
  GArray          *ints;     /* gint64 */
  VeilOnnxTensor  *t;
} VeilOnnxAttr;

typedef struct {
  char      *name;
  char      *op_type;
  char      *domain;
  GPtrArray *inputs;   /* char*, "" for an omitted optional input */
  GPtrArray *outputs;  /* char* */
  GPtrArray *attrs;    /* VeilOnnxAttr* */
} VeilOnnxNode;

typedef struct {
  char  *name;
  int    elem_type;
  guint  n_dims;
  gint64 dims[VEIL_ONNX_MAX_DIMS];  /* -1 for a symbolic dimension */
} VeilOnnxValueInfo;

typedef struct {
  gint64     ir_version;
  gint64     opset;           /* default domain's opset version */
  char      *producer;
  GPtrArray *nodes;           /* VeilOnnxNode*, in file (topological) order */
  GPtrArray *initializers;    /* VeilOnnxTensor* */
  GPtrArray *inputs;          /* VeilOnnxValueInfo* */
  GPtrArray *outputs;         /* VeilOnnxValueInfo* */
} VeilOnnxModel;

/* Caps on what a model may hold (far above any face model). */
#define VEIL_ONNX_MAX_FILE    (512u * 1024 * 1024)
#define VEIL_ONNX_MAX_NODES   20000
#define VEIL_ONNX_MAX_TENSOR  (64u * 1024 * 1024)   /* elements */
#define VEIL_ONNX_MAX_ITEMS   100000                /* names, attrs, ints per list */

VeilOnnxModel  *veil_onnx_model_parse (const guint8  *data,
                                       gsize          len,
                                       GError       **error);
VeilOnnxModel  *veil_onnx_model_load  (const char    *path,
                                       GError       **error);
void            veil_onnx_model_free  (VeilOnnxModel *model);

const VeilOnnxAttr   *veil_onnx_node_attr       (const VeilOnnxNode *node,
                                                 const char         *name);
gint64                veil_onnx_node_int        (const VeilOnnxNode *node,
                                                 const char         *name,
                                                 gint64              fallback);
float                 veil_onnx_node_float      (const VeilOnnxNode *node,
                                                 const char         *name,
                                                 float               fallback);
const VeilOnnxTensor *veil_onnx_model_initializer (const VeilOnnxModel *model,
                                                   const char          *name);
/* "Conv: 49, Clip: 32, …" in first-seen order, for the dump tool. */
char                 *veil_onnx_model_summary   (const VeilOnnxModel *model);

void veil_onnx_tensor_free (VeilOnnxTensor *tensor);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VeilOnnxModel, veil_onnx_model_free)

G_END_DECLS
