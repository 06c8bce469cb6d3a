let S = A;
function bind(B) { S = B; }
function deliver(n) {

}
function pop0(n, t) {
const Y0_0 = S.Y0_0, FL0 = S.FL0, RU0 = S.RU0, NS0 = S.NS0, CNT = S.CNT, FC = S.FC, RG0 = S.RG0, KN = S.KN, WN = S.WN, TAIL = S.TAIL, MON = S.MON, FAIL = S.FAIL, KS = S.KS;
let ns = KS[0]; let MC = MON.cell, MT = MON.time, MS = MON.step, cap = MC.length;
let fc0 = 0; const flo0 = ((n + 1) & 1) * 8 + 0;
{

for (let b = 0; b < 1; b++) {
const b4 = 4 * b, ie = b < 0 ? (b + 1) * 256 : 8;
let a0_0 = NS0[b4], a0_1 = NS0[b4 + 1], a0_2 = NS0[b4 + 2], a0_3 = NS0[b4 + 3];
for (let i = b * 256; i < ie; i++) {
let y0 = Y0_0[i];
let yn0;
let ru = RU0[i];

const ga0 = (y0 - 1);
let nz0;
{
const m = Math.imul(a0_1, 5);
const r = Math.imul((m << 7) | (m >>> 25), 9);
const u = a0_1 << 9;
const n2 = a0_2 ^ a0_0, n3 = a0_3 ^ a0_1;
a0_1 = a0_1 ^ n2; a0_0 = a0_0 ^ n3; a0_2 = n2 ^ u; a0_3 = (n3 << 11) | (n3 >>> 21);
const iz = r & 127;
if (Math.abs(r) < KN[iz]) nz0 = r * WN[iz];
else { const q = RG0.s; q[0] = a0_0; q[1] = a0_1; q[2] = a0_2; q[3] = a0_3; nz0 = TAIL(RG0, r, iz); a0_0 = q[0]; a0_1 = q[1]; a0_2 = q[2]; a0_3 = q[3]; }
}
const d0 = (0.05 * nz0);
if (t < ru) {
if (ru < (t + 0.25)) {
{
const tg0_a1 = (0.9 + d0);
const k1_0 = 0;
yn0 = (y0 + ((ru - t) * k1_0));
}
{
const tg0_b1 = (0.9 + d0);
const k1_0 = (((-(yn0 - 0)) + (1 * tg0_b1)) / 10);
yn0 = (yn0 + (((t + 0.25) - ru) * k1_0));
}
} else {
{
const tg0_c1 = (0.9 + d0);
const k1_0 = 0;
yn0 = (y0 + (0.25 * k1_0));
}
}
if (!(yn0 <= 1e12 && yn0 >= -1e12)) FAIL.diverged(0, 0, i, (t + 0.25), yn0);
} else {
{
const tg0_d1 = (0.9 + d0);
const k1_0 = (((-(y0 - 0)) + (1 * tg0_d1)) / 10);
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
NS0[b4] = a0_0; NS0[b4 + 1] = a0_1; NS0[b4 + 2] = a0_2; NS0[b4 + 3] = a0_3;
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
