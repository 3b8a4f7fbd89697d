#!/usr/bin/python3
# make-synthetic-faces.py: draws synthetic-faces.png, two cartoon faces (no
# real person) that the YuNet detector finds, for the Protect Faces UI test.
# Run with Debian's /usr/bin/python3 (python3-opencv, python3-numpy):
#   tests/data/vision/make-synthetic-faces.py tests/data/vision/synthetic-faces.png
# CC0.
import cv2, numpy as np, sys
W,H = 480, 360
def face(img, cx, cy, s, skin, hair):
    # neck + shoulders
    cv2.ellipse(img, (cx, cy+int(1.9*s)), (int(1.6*s), int(0.9*s)), 0, 180, 360, (90,60,40), -1)
    cv2.rectangle(img, (cx-int(0.35*s), cy+int(0.8*s)), (cx+int(0.35*s), cy+int(1.3*s)), skin, -1)
    # hair back
    cv2.ellipse(img, (cx, cy-int(0.15*s)), (int(1.02*s), int(1.2*s)), 0, 0, 360, hair, -1)
    # face
    cv2.ellipse(img, (cx, cy), (int(0.85*s), int(1.1*s)), 0, 0, 360, skin, -1)
    # ears
    for sx in (-1,1):
        cv2.ellipse(img, (cx+sx*int(0.85*s), cy+int(0.05*s)), (int(0.12*s), int(0.22*s)), 0, 0, 360, tuple(int(c*0.92) for c in skin), -1)
    # fringe
    cv2.ellipse(img, (cx, cy-int(0.75*s)), (int(0.9*s), int(0.45*s)), 0, 180, 360, hair, -1)
    # eyes
    for sx in (-1,1):
        ex, ey = cx+sx*int(0.33*s), cy-int(0.12*s)
        cv2.ellipse(img, (ex, ey), (int(0.17*s), int(0.08*s)), 0, 0, 360, (245,245,245), -1)
        cv2.circle(img, (ex, ey), int(0.07*s), (60,40,30), -1)
        cv2.circle(img, (ex, ey), int(0.035*s), (10,10,10), -1)
        cv2.ellipse(img, (ex, ey-int(0.2*s)), (int(0.2*s), int(0.05*s)), 0, 180, 360, tuple(int(c*0.5) for c in hair), max(1,int(0.04*s)))
    # nose
    pts = np.array([[cx, cy-int(0.05*s)], [cx-int(0.1*s), cy+int(0.28*s)], [cx+int(0.1*s), cy+int(0.28*s)]], np.int32)
    cv2.fillPoly(img, [pts], tuple(int(c*0.85) for c in skin))
    # mouth
    cv2.ellipse(img, (cx, cy+int(0.52*s)), (int(0.28*s), int(0.1*s)), 0, 0, 180, (70,70,170), max(2,int(0.06*s)))
    return img
img = np.zeros((H,W,3), np.uint8)
for y in range(H):
    img[y,:] = (200-y//4, 180-y//6, 150)
img = face(img, 150, 160, 70, (140,170,215), (40,50,70))
img = face(img, 350, 170, 55, (110,140,190), (30,30,30))
# Soft edges, as a camera gives; no noise, so the PNG stays small.
img = cv2.GaussianBlur(img, (0,0), 1.2)
cv2.imwrite(sys.argv[1], img)
