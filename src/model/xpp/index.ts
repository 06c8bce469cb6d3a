/** XPPAUT .ode import and export (see docs/model-file.md, "XPPAUT .ode files"). */
export { readOde } from './read.js';
export { writeOde } from './write.js';
export { XppSyntaxError } from './expr.js';
