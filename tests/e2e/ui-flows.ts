/**
 * The two clicks-through most e2e rounds start with, done the way a teacher and a student do them:
 * the host page creates a tournament and opens a round of a preset; a player joins by code and
 * nickname and lands on the builder.
 */
import type { Page } from 'playwright-core';
import type { Arena } from './harness';

const DESKTOP = { width: 1400, height: 1000 };

/**
 * Creates a tournament titled `title` on the home page, then a round of `presetId`, and starts it.
 * Returns the host page and the join code.
 * @example const { code } = await hostOpenRound(app, 'Loss lesson', 'xor-warmup');
 */
export async function hostOpenRound(app: Arena, title: string, presetId: string): Promise<{ host: Page; code: string }> {
  const host = await app.newPage({ viewport: DESKTOP });
  await host.goto(app.url);
  await host.getByTestId('host-title').fill(title);
  await host.getByTestId('host-submit').click();
  await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
  const code = (await host.getByTestId('join-code').textContent()) ?? '';
  await host.getByTestId('preset').selectOption(presetId);
  await host.getByTestId('create-round').click();
  await host.locator('[data-testid=round-row][data-status=draft]').waitFor();
  await host.getByTestId('start-round').click();
  await host.locator('[data-testid=round-row][data-status=open]').waitFor();
  return { host, code };
}

/**
 * Joins `code` as `nickname` from the home page on an already opened page, and waits for the builder.
 * @example await joinAsPlayer(page, app.url, code, 'Ada');
 */
export async function joinAsPlayer(page: Page, url: string, code: string, nickname: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('join-code').fill(code);
  await page.getByTestId('join-nickname').fill(nickname);
  await page.getByTestId('join-submit').click();
  await page.waitForURL(`**/play/${code}`);
  await page.getByTestId('network-builder').waitFor();
}
