let S = A;
function bind(B) { S = B; }
function deliver(n) {
const CH0 = S.CH0, W0 = S.W0, SP0 = S.SP0, SC0 = S.SC0;
{  for (let f = SP0[n], fe = SP0[n + 1]; f < fe; f++) { const j = SC0[f]; { const b = j * 8; for (let q = 0; q < 8; q += 4) { CH0[q + 0] += W0[b + q + 0]; CH0[q + 1] += W0[b + q + 1]; CH0[q + 2] += W0[b + q + 2]; CH0[q + 3] += W0[b + q + 3]; } } } }
}
function pop0(n, t) {
const Y0_0 = S.Y0_0, FL0 = S.FL0, RU0 = S.RU0, CH0 = S.CH0, CNT = S.CNT, FC = S.FC, MON = S.MON, FAIL = S.FAIL, KS = S.KS;
let ns = KS[0]; let MC = MON.cell, MT = MON.time, MS = MON.step, cap = MC.length;
let fc0 = 0; const flo0 = ((n + 1) & 1) * 8 + 0;
{
const o0 = 0;
for (let i = 0; i < 8; i++) {
let y0 = Y0_0[i];
let yn0;
let ru = RU0[i];

const ga0 = (y0 - 1);
if (!(t < ru)) y0 = (y0 + CH0[o0 + i]);
CH0[o0 + i] = 0;
if (t < ru) {
if (ru < (t + 0.25)) {
{

const k1_0 = 0;
yn0 = (y0 + ((ru - t) * k1_0));
}
{

const k1_0 = (((-(yn0 - 0)) + (1 * 0.9)) / 10);
yn0 = (yn0 + (((t + 0.25) - ru) * k1_0));
}
} else {
{

const k1_0 = 0;
yn0 = (y0 + (0.25 * k1_0));
}
}
if (!(yn0 <= 1e12 && yn0 >= -1e12)) FAIL.diverged(0, 0, i, (t + 0.25), yn0);
} else {
{

const k1_0 = (((-(y0 - 0)) + (1 * 0.9)) / 10);
yn0 = (y0 + (0.25 * k1_0));
}
if (!(yn0 <= 1e12 && yn0 >= -1e12)) FAIL.diverged(0, 0, i, (t + 0.25), yn0);

let fe = -1, te = 0;
const gb0 = (yn0 - 1);
if (ga0 < 0 && gb0 >= 0) { const tk = t + (0.25 * ga0) / (ga0 - gb0); if (fe < 0 || tk < te) { fe = 0; te = tk; } }
if (fe === 0) {
{

const r0 = 0;
yn0 = r0;
}
{

const tr = 2;
if (tr > 0) RU0[i] = te + tr;
else { {  if (1 * (yn0 - 1) >= 0) FAIL.reset(0, 0, i, te); } }
}
if (fc0 === 8) FAIL.crowded(0, i, te);
FL0[flo0 + fc0++] = i;
CNT[0]++;
if (ns === cap) { MON.grow(); MC = MON.cell; MT = MON.time; MS = MON.step; cap = MC.length; }
MC[ns] = 0 + i; MT[ns] = te; MS[ns] = n; ns++;
}
}
Y0_0[i] = yn0;
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
const Y0_0 = S.Y0_0, FL0 = S.FL0, RU0 = S.RU0, CNT = S.CNT, FC = S.FC, MON = S.MON, FAIL = S.FAIL, KS = S.KS, BAR = S.BAR;
const n = -1; const t = 0;
let ns = KS[0]; let MC = MON.cell, MT = MON.time, MS = MON.step, cap = MC.length;
{ let fc0 = 0; const flo0 = 0; for (let i = 0; i < 8; i++) {
let yn0 = Y0_0[i];

const te = 0; let fe = -1;
if (fe < 0 && 1 * (yn0 - 1) >= 0) fe = 0;
if (fe === 0) {
{

const r0 = 0;
yn0 = r0;
}
{

const tr = 2;
if (tr > 0) RU0[i] = te + tr;
else { {  if (1 * (yn0 - 1) >= 0) FAIL.reset(0, 0, i, te); } }
}
if (fc0 === 8) FAIL.crowded(0, i, te);
FL0[flo0 + fc0++] = i;
CNT[0]++;
if (ns === cap) { MON.grow(); MC = MON.cell; MT = MON.time; MS = MON.step; cap = MC.length; }
MC[ns] = 0 + i; MT[ns] = te; MS[ns] = n; ns++;
}
Y0_0[i] = yn0;
} FC[(0 * 1 + 0) * 1 + 0] = fc0; }
KS[0] = ns;
MON.n = ns;
BAR();
}
return { runSteps, start, bind };
