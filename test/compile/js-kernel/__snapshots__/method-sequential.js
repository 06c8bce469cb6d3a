let S = A;
function bind(B) { S = B; }
function deliver(n) {
const SY0_0 = S.SY0_0, W0 = S.W0, SP0 = S.SP0, SC0 = S.SC0;
{  for (let f = SP0[n], fe = SP0[n + 1]; f < fe; f++) { const j = SC0[f]; { const b = j * 8; for (let q = 0; q < 8; q += 4) { SY0_0[q + 0] += W0[b + q + 0]; SY0_0[q + 1] += W0[b + q + 1]; SY0_0[q + 2] += W0[b + q + 2]; SY0_0[q + 3] += W0[b + q + 3]; } } } }
}
function pop0(n, t) {
const Y0_0 = S.Y0_0, Y0_1 = S.Y0_1, FL0 = S.FL0, SY0_0 = S.SY0_0, CNT = S.CNT, FC = S.FC, MON = S.MON, FAIL = S.FAIL, KS = S.KS;
let ns = KS[0]; let MC = MON.cell, MT = MON.time, MS = MON.step, cap = MC.length;
let fc0 = 0; const flo0 = ((n + 1) & 1) * 8 + 0;
{

for (let i = 0; i < 8; i++) {
let y0 = Y0_0[i];
let y1 = Y0_1[i];
let yn0, yn1;

const ga0 = (y0 - 1);
const g0 = SY0_0[i];
{
yn0 = y0;
yn1 = y1;
{
const tg0_dq0 = (1.05 + g0);
yn0 = (yn0 + ((0.25 / 2) * ((((-yn0) + tg0_dq0) - yn1) / 10)));
}
{
const tg0_dq1 = (1.05 + g0);
yn0 = (yn0 + ((0.25 / 2) * ((((-yn0) + tg0_dq1) - yn1) / 10)));
}
{

yn1 = (yn1 + (0.25 * (((0.2 * yn0) - yn1) / 50)));
}
}
if (!(yn0 <= 1e12 && yn0 >= -1e12)) FAIL.diverged(0, 0, i, (t + 0.25), yn0);
if (!(yn1 <= 1e12 && yn1 >= -1e12)) FAIL.diverged(0, 1, i, (t + 0.25), yn1);

let fe = -1, te = 0;
const gb0 = (yn0 - 1);
if (ga0 < 0 && gb0 >= 0) { const tk = t + (0.25 * ga0) / (ga0 - gb0); if (fe < 0 || tk < te) { fe = 0; te = tk; } }
if (fe === 0) {
{

const r0 = 0;
const r1 = (yn1 + 0.05);
yn0 = r0;
yn1 = r1;
}
{  if (1 * (yn0 - 1) >= 0) FAIL.reset(0, 0, i, te); }
if (fc0 === 8) FAIL.crowded(0, i, te);
FL0[flo0 + fc0++] = i;
CNT[0]++;
if (ns === cap) { MON.grow(); MC = MON.cell; MT = MON.time; MS = MON.step; cap = MC.length; }
MC[ns] = 0 + i; MT[ns] = te; MS[ns] = n; ns++;
}
Y0_0[i] = yn0;
Y0_1[i] = yn1;
{
const dq0_0 = (g0 * 0.9200444146293233);
SY0_0[i] = dq0_0 > 1e-280 || dq0_0 < -1e-280 ? dq0_0 : 0;
}
}
}
FC[(((n + 1) & 1) * 1 + 0) * 1 + 0] = fc0;
KS[0] = ns;
}
function runSteps(n0, n1) {
const MON = S.MON, KS = S.KS, BAR = S.BAR;
for (let n = n0; n < n1; n++) {
const t = n * 0.25;
deliver(n);
pop0(n, t);
if (BAR()) break;
}
MON.n = KS[0];
}
function start() {
const Y0_0 = S.Y0_0, Y0_1 = S.Y0_1, FL0 = S.FL0, CNT = S.CNT, FC = S.FC, MON = S.MON, FAIL = S.FAIL, KS = S.KS, BAR = S.BAR;
const n = -1; const t = 0;
let ns = KS[0]; let MC = MON.cell, MT = MON.time, MS = MON.step, cap = MC.length;
{ let fc0 = 0; const flo0 = 0; for (let i = 0; i < 8; i++) {
let yn0 = Y0_0[i];
let yn1 = Y0_1[i];

const te = 0; let fe = -1;
if (fe < 0 && 1 * (yn0 - 1) >= 0) fe = 0;
if (fe === 0) {
{

const r0 = 0;
const r1 = (yn1 + 0.05);
yn0 = r0;
yn1 = r1;
}
{  if (1 * (yn0 - 1) >= 0) FAIL.reset(0, 0, i, te); }
if (fc0 === 8) FAIL.crowded(0, i, te);
FL0[flo0 + fc0++] = i;
CNT[0]++;
if (ns === cap) { MON.grow(); MC = MON.cell; MT = MON.time; MS = MON.step; cap = MC.length; }
MC[ns] = 0 + i; MT[ns] = te; MS[ns] = n; ns++;
}
Y0_0[i] = yn0;
Y0_1[i] = yn1;
} FC[(0 * 1 + 0) * 1 + 0] = fc0; }
KS[0] = ns;
MON.n = ns;
BAR();
}
return { runSteps, start, bind };
