/**
 * The explorer's page: one HTML file with the bundled script inlined or beside it. A TS string
 * rather than an .html file so the compiled package carries it without a copy step.
 */
export interface PageStart {
  /** a bundled model to open with */
  preset?: string;
  /** model text to open with (a model file given to `isocline explore`) */
  text?: string;
}

export function pageHtml(script: { src?: string; inline?: string }, start: PageStart = {}): string {
  const boot = `<script>window.__ISOCLINE_START__ = ${JSON.stringify(start).replace(/</g, '\\u003c')};</script>`;
  const tag =
    script.inline !== undefined
      ? `<script>${script.inline.replace(/<\/script/gi, '<\\/script')}</script>`
      : `<script src="${script.src}"></script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>isocline explorer</title>
<style>
  body { font: 14px system-ui, sans-serif; margin: 0; color: #1a1a1a; display: grid;
         grid-template-columns: 360px 1fr; height: 100vh; }
  #side { overflow-y: auto; padding: 10px 12px; border-right: 1px solid #ddd; background: #fafafa; }
  #main { display: grid; grid-template-rows: minmax(400px, 56vh) minmax(320px, 1fr); overflow: hidden; }
  #plane-box { position: relative; }
  #bottom { display: grid; grid-template-columns: 1fr 1fr; border-top: 1px solid #ddd; min-height: 0; }
  #series-box, #cont-box { position: relative; min-height: 0; padding: 4px; }
  textarea { width: 100%; height: 210px; font: 12px ui-monospace, monospace; box-sizing: border-box; }
  #error { color: #b00020; font: 12px ui-monospace, monospace; white-space: pre-wrap; min-height: 1em; }
  .slider { display: grid; grid-template-columns: 70px 1fr 70px; gap: 6px; align-items: center; margin: 3px 0; }
  .slider input[type=number] { width: 66px; }
  .row input[type=number] { width: 72px; }
  h3 { margin: 12px 0 4px; font-size: 13px; }
  select, button { font: inherit; }
  #status { color: #595959; font-size: 12px; }
  #exports textarea { height: 70px; }
  .row { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; margin: 3px 0; }
  .hint { color: #595959; font-size: 12px; }
  .empty { position: absolute; top: 40%; width: 100%; text-align: center; color: #8c8c8c; margin: 0; }
</style>
</head>
<body>
<div id="side">
  <div class="row"><b>isocline explorer</b> <select id="preset"></select></div>
  <textarea id="text" spellcheck="false"></textarea>
  <div id="error"></div>
  <h3>Plane</h3>
  <div class="row">x <select id="xvar"></select> <input id="xmin" type="number" step="any" size="6">
    <input id="xmax" type="number" step="any" size="6"></div>
  <div class="row">y <select id="yvar"></select> <input id="ymin" type="number" step="any" size="6">
    <input id="ymax" type="number" step="any" size="6"></div>
  <div id="held"></div>
  <h3>Parameters <select id="pset" title="the model's parameter presets"></select></h3>
  <div id="sliders"></div>
  <h3>Continuation</h3>
  <div class="row"><select id="cparam"></select> <button id="crun">compute</button></div>
  <div class="hint">click: trajectory; shift-click: backwards; <button id="clear">clear</button></div>
  <h3>Export</h3>
  <div class="row"><button id="ex-model">model file</button><button id="ex-cli">CLI command</button>
    <button id="ex-nb">notebook cell</button><button id="ex-png">PNG</button><button id="ex-link">link</button></div>
  <div id="exports"><textarea id="export" readonly></textarea></div>
  <div id="status"></div>
</div>
<div id="main">
  <div id="plane-box"><canvas id="plane"></canvas></div>
  <div id="bottom">
    <div id="series-box"><canvas id="series"></canvas>
      <p class="empty">click in the plane: a trajectory and its time series here</p></div>
    <div id="cont-box"><canvas id="cont"></canvas>
      <p class="empty">continuation: choose a parameter, then compute</p></div>
  </div>
</div>
${boot}
${tag}
</body>
</html>
`;
}
