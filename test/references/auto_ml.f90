!----------------------------------------------------------------------
! Morris-Lecar as isocline bundles it (models/morris-lecar.yaml), for AUTO-07p:
! PAR(1) = I, PAR(2) = gCa, PAR(3) = V3, PAR(4) = V4, PAR(5) = phi; the rest fixed below.
! Driven by test/references/auto_ml.py.
!----------------------------------------------------------------------
SUBROUTINE FUNC(NDIM,U,ICP,PAR,IJAC,F,DFDU,DFDP)
  IMPLICIT NONE
  INTEGER, INTENT(IN) :: NDIM, ICP(*), IJAC
  DOUBLE PRECISION, INTENT(IN) :: U(NDIM), PAR(*)
  DOUBLE PRECISION, INTENT(OUT) :: F(NDIM)
  DOUBLE PRECISION, INTENT(INOUT) :: DFDU(NDIM,NDIM), DFDP(NDIM,*)
  DOUBLE PRECISION v, w, minf, winf, tauw
  DOUBLE PRECISION, PARAMETER :: C=20d0, gL=2d0, VL=-60d0, VCa=120d0, gK=8d0, VK=-84d0, V1=-1.2d0, V2=18d0
  v = U(1); w = U(2)
  minf = 0.5d0*(1d0 + TANH((v - V1)/V2))
  winf = 0.5d0*(1d0 + TANH((v - PAR(3))/PAR(4)))
  tauw = 1d0/COSH((v - PAR(3))/(2d0*PAR(4)))
  F(1) = (PAR(1) - gL*(v - VL) - PAR(2)*minf*(v - VCa) - gK*w*(v - VK))/C
  F(2) = PAR(5)*(winf - w)/tauw
END SUBROUTINE FUNC

SUBROUTINE STPNT(NDIM,U,PAR,T)
  IMPLICIT NONE
  INTEGER, INTENT(IN) :: NDIM
  DOUBLE PRECISION, INTENT(INOUT) :: U(NDIM), PAR(*)
  DOUBLE PRECISION, INTENT(IN) :: T
  ! set by the driver script through U and PAR
END SUBROUTINE STPNT

SUBROUTINE BCND
END SUBROUTINE BCND
SUBROUTINE ICND
END SUBROUTINE ICND
SUBROUTINE FOPT
END SUBROUTINE FOPT
SUBROUTINE PVLS
END SUBROUTINE PVLS
