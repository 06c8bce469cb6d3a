! Morris-Lecar, Rinzel-Ermentrout Hopf (class 2) set, as models/morris-lecar.yaml
MODULE MLSET
  DOUBLE PRECISION, PARAMETER :: GCA = 4.4d0, V3 = 2d0, V4 = 30d0, PHI = 0.04d0
END MODULE MLSET
include 'auto_ml_body.f90'
include 'auto_cycles_common.f90'
