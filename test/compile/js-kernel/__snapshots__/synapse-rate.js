let S = A;
function bind(B) { S = B; }
function deliver(n) {
const RA0 = S.RA0, RA1 = S.RA1, W0 = S.W0, W1 = S.W1, AC0 = S.AC0, ACT0 = S.ACT0;
for (let j = 0; j < 2; j++) { const x = AC0[j]; if (x !== 0) { for (let q = 0, b = j * 4; q < 4; q++) RA0[q] += (W0[b + q] * x); } }
for (let j = 0; j < 4; j++) { const x = ACT0[4 * (n & 1) + j]; if (x !== 0) { for (let q = 0, b = j * 4; q < 4; q++) RA1[q] += (W1[b + q] * x); } }
}
function act0(m) {
const Y0_0 = S.Y0_0, ACT0 = S.ACT0;
const t = m * 0.1; const ao = (m & 1) * 4;
for (let i = 0; i < 4; i++) {  ACT0[ao + i] = Y0_0[i]; }
}
function pop0(n, t) {
const Y0_0 = S.Y0_0, SY0_0 = S.SY0_0, RA0 = S.RA0, SY1_0 = S.SY1_0, RA1 = S.RA1, FC = S.FC, MON = S.MON, FAIL = S.FAIL, KS = S.KS;
let ns = KS[0]; let MC = MON.cell, MT = MON.time, MS = MON.step, cap = MC.length;
let fc0 = 0; const flo0 = ((n + 1) & 1) * 4 + 0;
{

for (let i = 0; i < 4; i++) {
let y0 = Y0_0[i];
let y1 = SY0_0[i];
let y2 = SY1_0[i];
let yn0, yn1, yn2;
const ra0 = RA0[i];
RA0[i] = 0;
const ra1 = RA1[i];
RA1[i] = 0;
{
const tg0_d1 = ((0.2 + y1) + y2);
const k1_0 = (((-y0) + Math.max(0, tg0_d1)) / 5);
const k1_1 = (((-y1) + ((1.5 * ra0) * (2 - y0))) / 2);
const k1_2 = (((-y2) + (1 * ra1)) / 3);
yn0 = (y0 + (0.1 * k1_0));
yn1 = (y1 + (0.1 * k1_1));
yn2 = (y2 + (0.1 * k1_2));
}
if (!(yn0 <= 1e12 && yn0 >= -1e12)) FAIL.diverged(0, 0, i, (t + 0.1), yn0);
Y0_0[i] = yn0;
SY0_0[i] = yn1;
SY1_0[i] = yn2;
}
}
FC[(((n + 1) & 1) * 1 + 0) * 1 + 0] = fc0;
KS[0] = ns;
}
function runSteps(n0, n1) {
const MON = S.MON, KS = S.KS, BAR = S.BAR;
for (let n = n0; n < n1; n++) {
const t = n * 0.1;
deliver(n);
pop0(n, t);
act0(n + 1);
if (BAR()) break;
}
MON.n = KS[0];
}
function start() {
const FC = S.FC, MON = S.MON, KS = S.KS, BAR = S.BAR;
const n = -1; const t = 0;
let ns = KS[0]; let MC = MON.cell, MT = MON.time, MS = MON.step, cap = MC.length;
{ let fc0 = 0; const flo0 = 0;  FC[(0 * 1 + 0) * 1 + 0] = fc0; }
act0(0);
KS[0] = ns;
MON.n = ns;
BAR();
}
return { runSteps, start, bind };
