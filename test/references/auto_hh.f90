!----------------------------------------------------------------------
! Hodgkin-Huxley as isocline bundles it (models/hodgkin-huxley.yaml), for AUTO-07p: PAR(1) = I.
! exprel written out (x/(exp(x) - 1)); the removable points v = -40, -55 are not on the branch
! points AUTO stores. Driven by test/references/auto_hh.py.
!----------------------------------------------------------------------
SUBROUTINE FUNC(NDIM,U,ICP,PAR,IJAC,F,DFDU,DFDP)
  IMPLICIT NONE
  INTEGER, INTENT(IN) :: NDIM, ICP(*), IJAC
  DOUBLE PRECISION, INTENT(IN) :: U(NDIM), PAR(*)
  DOUBLE PRECISION, INTENT(OUT) :: F(NDIM)
  DOUBLE PRECISION, INTENT(INOUT) :: DFDU(NDIM,NDIM), DFDP(NDIM,*)
  DOUBLE PRECISION v, m, h, n, am, bm, ah, bh, an, bn, x, y
  DOUBLE PRECISION, PARAMETER :: C=1d0, gNa=120d0, gK=36d0, gL=0.3d0, ENa=50d0, EK=-77d0, EL=-54.387d0
  v = U(1); m = U(2); h = U(3); n = U(4)
  x = -(v + 40d0)/10d0
  am = x/(EXP(x) - 1d0)
  bm = 4d0*EXP(-(v + 65d0)/18d0)
  ah = 0.07d0*EXP(-(v + 65d0)/20d0)
  bh = 1d0/(1d0 + EXP(-(v + 35d0)/10d0))
  y = -(v + 55d0)/10d0
  an = 0.1d0*y/(EXP(y) - 1d0)
  bn = 0.125d0*EXP(-(v + 65d0)/80d0)
  F(1) = (PAR(1) - gNa*m**3*h*(v - ENa) - gK*n**4*(v - EK) - gL*(v - EL))/C
  F(2) = am*(1d0 - m) - bm*m
  F(3) = ah*(1d0 - h) - bh*h
  F(4) = an*(1d0 - n) - bn*n
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
