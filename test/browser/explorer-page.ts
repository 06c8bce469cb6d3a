/// <reference lib="dom" />
/**
 * Shared set-up of the browser tests: Debian's chromium driven by playwright-core (it downloads
 * nothing), the explorer served in-process by the explore command's server function.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = process.env.ISOCLINE_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots land here for a person to look at (the test prints the folder). */
export const SHOTS = join(tmpdir(), 'isocline-explorer-shots');

/** Launch chromium, or fail with what to do: a missing browser is a broken set-up, never a skip. */
export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no chromium at ${CHROMIUM}: the browser tests need it (bash .ci/setup installs chromium)`);
  const { chromium } = await import('playwright-core');
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM });
}

export interface ExplorerApi {
  ready: boolean;
  frames: number;
  model?: string;
  params?: Record<string, number>;
  fixedPoints?: { x: number; y: number; stability: string; eigenvalues: { re: number; im: number }[] }[];
  cycle?: { period: number } | null;
  trajectories?: number;
  lastRedrawMs: number;
  tooltip?: string[];
  errors: { message: string; line: number; column: number }[];
  continuation: { special: { type: string; param: number }[]; branches: number; marker?: number } | null;
  state?: { x: { variable: string; min: number; max: number }; y: { variable: string; min: number; max: number } };
}

export function api(page: Page): Promise<ExplorerApi> {
  // through JSON: the api also holds functions (pixelOf), which do not cross
  return page.evaluate(() => JSON.parse(JSON.stringify((window as unknown as { isocline: ExplorerApi }).isocline)));
}

/** Wait until the page has drawn more than `frames` frames. */
export async function nextFrame(page: Page, frames: number): Promise<ExplorerApi> {
  await page.waitForFunction(
    (n) => ((window as unknown as { isocline?: ExplorerApi }).isocline?.frames ?? 0) > n,
    frames,
    { timeout: 15_000 },
  );
  return api(page);
}

/** Variance of the plane canvas's grey levels: 0 for a blank (all one colour) figure. */
export function canvasVariance(page: Page, id = 'plane'): Promise<number> {
  return page.evaluate((id) => {
    const c = document.getElementById(id) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let s = 0,
      s2 = 0;
    const n = d.length / 4;
    for (let i = 0; i < d.length; i += 4) {
      // transparent pixels count as white (the page's background)
      const a = d[i + 3] / 255;
      const g = (1 - a) * 255 + (a * (d[i] + d[i + 1] + d[i + 2])) / 3;
      s += g;
      s2 += g * g;
    }
    return s2 / n - (s / n) ** 2;
  }, id);
}

/** Set a slider the way a user drags it: value, then an `input` event. */
export async function moveSlider(page: Page, param: string, value: number): Promise<void> {
  await page.evaluate(
    ([p, v]) => {
      const el = document.querySelector<HTMLInputElement>(`#sliders input[data-param="${p}"]`)!;
      el.value = String(v);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    [param, value] as const,
  );
}
