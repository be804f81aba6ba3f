/**
 * Debian's headless Chromium driven by playwright-core, for the browser tests. Chromium comes
 * from apt (`.ci/run` installs it); CHROMIUM_PATH picks another binary. Only when there is none
 * at all are the browser parts skipped, with a message saying why.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

/** The flags this machine's Chromium needs: no sandbox as root, and no background network. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** A fresh browser profile in a temporary folder; `close` removes it. */
export async function launchChromium(viewport: { width: number; height: number }) {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'gateway-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
