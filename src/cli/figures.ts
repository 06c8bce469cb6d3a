/**
 * Figure and data files a command writes: `--png`, `--svg` and `--pdf` for one figure (each format
 * by its own option, so a file name's extension always says what is in it), and `--csv` tables.
 * Every path is checked before the command computes anything (checkOutputs); the plotting and
 * rendering modules load only when a figure is written.
 */
import type { ChartConfiguration } from 'chart.js';
import type { Command } from 'commander';
import { OptionError } from '../model/errors.js';
import { checkOutputs } from './io.js';

export interface FigureCliOptions {
  png?: string;
  svg?: string;
  pdf?: string;
}

const FORMATS = ['png', 'svg', 'pdf'] as const;

/**
 * Declare `--png`, `--svg` and `--pdf <file>` for `what` ("the phase-portrait figure").
 * @example addFigureOptions(cmd, 'the f–I figure').option('--chart <file>', ...)
 */
export function addFigureOptions(cmd: Command, what: string): Command {
  return cmd
    .option('--png <file>', `write ${what} as PNG`)
    .option('--svg <file>', `write ${what} as SVG (vector)`)
    .option('--pdf <file>', `write ${what} as PDF (vector)`);
}

/**
 * The figure files asked for, in png, svg, pdf order: each must end in its format's extension and
 * be writable (checked now, before any computing).
 */
export function figureFiles(o: FigureCliOptions): string[] {
  const files: string[] = [];
  for (const f of FORMATS) {
    const file = o[f];
    if (file === undefined) continue;
    if (!file.toLowerCase().endsWith(`.${f}`))
      throw new OptionError(`--${f} needs a file name ending in .${f}, got '${file}'`);
    files.push(file);
  }
  checkOutputs(Object.fromEntries(FORMATS.map((f) => [f, o[f]])));
  return files;
}

/** Render one figure to every file asked for. */
export async function writeFigures(
  config: ChartConfiguration,
  files: string[],
  size?: { width: number; height: number },
): Promise<void> {
  if (!files.length) return;
  const { saveFigure } = await import('../plot/render.js');
  for (const file of files) await saveFigure(config, file, size);
}

/** A `--csv <file>` name: it must end in .csv and be writable. */
export function csvFile(file: string | undefined, option = 'csv'): string | undefined {
  if (file === undefined) return undefined;
  if (!file.toLowerCase().endsWith('.csv'))
    throw new OptionError(`--${option} needs a file name ending in .csv, got '${file}'`);
  checkOutputs({ [option]: file });
  return file;
}
