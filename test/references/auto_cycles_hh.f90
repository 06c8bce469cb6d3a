! Hodgkin-Huxley as models/hodgkin-huxley.yaml (rest near -65 mV): PAR(1) = I; C = 1, gNa = 120,
! gK = 36, gL = 0.3, ENa = 50, EK = -77, EL = -54.387. U = (v, m, h, n).
SUBROUTINE FUNC(NDIM,U,ICP,PAR,IJAC,F,DFDU,DFDP)
  IMPLICIT NONE
  INTEGER, INTENT(IN) :: NDIM, ICP(*), IJAC
  DOUBLE PRECISION, INTENT(IN) :: U(NDIM), PAR(*)
  DOUBLE PRECISION, INTENT(OUT) :: F(NDIM)
  DOUBLE PRECISION, INTENT(INOUT) :: DFDU(NDIM,NDIM), DFDP(NDIM,*)
  DOUBLE PRECISION v, am, bm, ah, bh, an, bn
  v = U(1)
  am = 0.1d0*(v + 40d0)/(1 - EXP(-(v + 40d0)/10d0))
  bm = 4d0*EXP(-(v + 65d0)/18d0)
  ah = 0.07d0*EXP(-(v + 65d0)/20d0)
  bh = 1/(1 + EXP(-(v + 35d0)/10d0))
  an = 0.01d0*(v + 55d0)/(1 - EXP(-(v + 55d0)/10d0))
  bn = 0.125d0*EXP(-(v + 65d0)/80d0)
  F(1) = PAR(1) - 120d0*U(2)**3*U(3)*(v - 50d0) - 36d0*U(4)**4*(v + 77d0) - 0.3d0*(v + 54.387d0)
  F(2) = am*(1 - U(2)) - bm*U(2)
  F(3) = ah*(1 - U(3)) - bh*U(3)
  F(4) = an*(1 - U(4)) - bn*U(4)
END SUBROUTINE FUNC
SUBROUTINE STPNT(NDIM,U,PAR,T)
  IMPLICIT NONE
  INTEGER, INTENT(IN) :: NDIM
  DOUBLE PRECISION, INTENT(INOUT) :: U(NDIM),PAR(*)
  DOUBLE PRECISION, INTENT(IN) :: T
  DOUBLE PRECISION v, am, bm, ah, bh, an, bn, r, dr, h, s
  INTEGER it, k
  PAR(1) = 0d0
  ! rest at I = 0: Newton (secant derivative) on the current balance with gates at steady state
  v = -65d0
  DO it = 1, 100
    DO k = 1, 2
      s = v
      IF (k == 2) s = v + 1d-6
      am = 0.1d0*(s + 40d0)/(1 - EXP(-(s + 40d0)/10d0)); bm = 4d0*EXP(-(s + 65d0)/18d0)
      ah = 0.07d0*EXP(-(s + 65d0)/20d0); bh = 1/(1 + EXP(-(s + 35d0)/10d0))
      an = 0.01d0*(s + 55d0)/(1 - EXP(-(s + 55d0)/10d0)); bn = 0.125d0*EXP(-(s + 65d0)/80d0)
      h = -120d0*(am/(am+bm))**3*(ah/(ah+bh))*(s - 50d0) - 36d0*(an/(an+bn))**4*(s + 77d0) - 0.3d0*(s + 54.387d0)
      IF (k == 1) r = h
      IF (k == 2) dr = (h - r)/1d-6
    END DO
    v = v - r/dr
  END DO
  am = 0.1d0*(v + 40d0)/(1 - EXP(-(v + 40d0)/10d0)); bm = 4d0*EXP(-(v + 65d0)/18d0)
  ah = 0.07d0*EXP(-(v + 65d0)/20d0); bh = 1/(1 + EXP(-(v + 35d0)/10d0))
  an = 0.01d0*(v + 55d0)/(1 - EXP(-(v + 55d0)/10d0)); bn = 0.125d0*EXP(-(v + 65d0)/80d0)
  U(1) = v; U(2) = am/(am+bm); U(3) = ah/(ah+bh); U(4) = an/(an+bn)
END SUBROUTINE STPNT
include 'auto_cycles_common.f90'
