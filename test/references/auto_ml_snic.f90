! Morris-Lecar, Rinzel-Ermentrout SNIC (class 1) set: gCa = 4, V3 = 12, V4 = 17.4, phi = 1/15
MODULE MLSET
  DOUBLE PRECISION, PARAMETER :: GCA = 4d0, V3 = 12d0, V4 = 17.4d0, PHI = 1d0/15d0
END MODULE MLSET
include 'auto_ml_body.f90'
include 'auto_cycles_common.f90'
