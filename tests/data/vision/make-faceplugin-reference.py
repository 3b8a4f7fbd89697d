#!/usr/bin/python3
# make-faceplugin-reference.py: the reference embedding of the shipped face
# model (data/models/faceplugin_fr_feature.onnx) for test-faces-shipped,
# computed by a route independent of Veil: OpenCV's own detector (YuNet),
# its 5-point similarity alignment (cv2.estimateAffinePartial2D, LMEDS) and
# cv2.dnn on the same ONNX file. Run with Debian's /usr/bin/python3:
#   tests/data/vision/make-faceplugin-reference.py > tests/data/vision/faceplugin-reference.txt
# Input: synthetic-faces.png (CC0, no real person), its largest face.
# Output: a comment line, the 512 values, the 10 landmark coordinates.
import os, sys
import cv2, numpy as np
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DST = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366],
                [41.5493, 92.3655], [70.7299, 92.2041]], dtype=np.float32)
img = cv2.imread(os.path.join(HERE, "synthetic-faces.png"), cv2.IMREAD_COLOR)
det = cv2.FaceDetectorYN.create(os.path.join(ROOT, "data", "models", "face_detection_yunet_2022mar_compat.onnx"),
                                "", (img.shape[1], img.shape[0]), 0.7, 0.3, 5000)
_, faces = det.detect(img)
face = faces[np.argmax(faces[:, 2] * faces[:, 3])]
M, _ = cv2.estimateAffinePartial2D(face[4:14].reshape(5, 2).astype(np.float32), DST, method=cv2.LMEDS)
aligned = cv2.warpAffine(img, M, (112, 112), borderValue=0)
net = cv2.dnn.readNet(os.path.join(ROOT, "data", "models", "faceplugin_fr_feature.onnx"))
net.setInput(cv2.dnn.blobFromImage(aligned, 1.0 / 128, (112, 112), (127, 127, 127), swapRB=True))
v = net.forward().reshape(-1).astype(np.float64)
v /= np.linalg.norm(v)
print("# faceplugin_fr_feature.onnx on synthetic-faces.png, largest face; cv2 %s" % cv2.__version__)
print(" ".join("%.6f" % x for x in v))
# the landmarks it aligned with (Veil's detector finds slightly different
# ones on a drawn face; the test aligns with these)
print(" ".join("%.4f" % x for x in face[4:14]))
