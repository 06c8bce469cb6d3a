! Morris-Lecar as models/morris-lecar.yaml, included by auto_ml_hopf.f90 and auto_ml_snic.f90,
! whose module MLSET gives the Rinzel-Ermentrout set (gCa, V3, V4, phi). PAR(1) = I; C = 20,
! gL = 2, VL = -60, VCa = 120, gK = 8, VK = -84, V1 = -1.2, V2 = 18.
SUBROUTINE FUNC(NDIM,U,ICP,PAR,IJAC,F,DFDU,DFDP)
  USE MLSET
  IMPLICIT NONE
  INTEGER, INTENT(IN) :: NDIM, ICP(*), IJAC
  DOUBLE PRECISION, INTENT(IN) :: U(NDIM), PAR(*)
  DOUBLE PRECISION, INTENT(OUT) :: F(NDIM)
  DOUBLE PRECISION, INTENT(INOUT) :: DFDU(NDIM,NDIM), DFDP(NDIM,*)
  DOUBLE PRECISION v, w, minf, winf, tauw
  v = U(1); w = U(2)
  minf = 0.5d0*(1 + TANH((v + 1.2d0)/18d0))
  winf = 0.5d0*(1 + TANH((v - V3)/V4))
  tauw = 1/COSH((v - V3)/(2*V4))
  F(1) = (PAR(1) - 2d0*(v + 60d0) - GCA*minf*(v - 120d0) - 8d0*w*(v + 84d0))/20d0
  F(2) = PHI*(winf - w)/tauw
END SUBROUTINE FUNC
SUBROUTINE STPNT(NDIM,U,PAR,T)
  USE MLSET
  IMPLICIT NONE
  INTEGER, INTENT(IN) :: NDIM
  DOUBLE PRECISION, INTENT(INOUT) :: U(NDIM),PAR(*)
  DOUBLE PRECISION, INTENT(IN) :: T
  DOUBLE PRECISION v, minf, winf, r, dr, h
  INTEGER it
  ! the rest state at I = 0 by Newton on the v-nullcline
  PAR(1) = 0d0
  v = -60d0
  DO it = 1, 100
    h = 1d-6
    minf = 0.5d0*(1 + TANH((v + 1.2d0)/18d0)); winf = 0.5d0*(1 + TANH((v - V3)/V4))
    r = -2d0*(v + 60d0) - GCA*minf*(v - 120d0) - 8d0*winf*(v + 84d0)
    minf = 0.5d0*(1 + TANH((v + h + 1.2d0)/18d0)); winf = 0.5d0*(1 + TANH((v + h - V3)/V4))
    dr = (-2d0*(v + h + 60d0) - GCA*minf*(v + h - 120d0) - 8d0*winf*(v + h + 84d0) - r)/h
    v = v - r/dr
  END DO
  U(1) = v
  U(2) = 0.5d0*(1 + TANH((v - V3)/V4))
END SUBROUTINE STPNT
