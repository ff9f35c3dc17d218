/**
 * Issue 8's host controls in the console, driven in Chromium: "Lock lobby" refuses a new pupil
 * with the lock's own sentence and "Unlock lobby" lets them in; a kick with "Block rejoining"
 * ticked keeps that device out under a new name. Real server, real SQLite file.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { arenaDuringSuite, trackErrors } from './harness';
import { en } from '../../app/i18n/en';

const app = arenaDuringSuite();

async function joinFromHome(page: Page, code: string, nickname: string): Promise<void> {
  await page.goto(app.url);
  await page.getByTestId('join-code').fill(code);
  await page.getByTestId('join-nickname').fill(nickname);
  await page.getByTestId('join-submit').click();
}

describe('host controls in the console', () => {
  it('locks and unlocks the lobby, and a blocked kick keeps the device out', async () => {
    const host = await app.newPage({ viewport: { width: 1400, height: 1000 } });
    const hostErrors = trackErrors(host);
    await host.goto(app.url);
    await host.getByTestId('host-title').fill('Locked class');
    await host.getByTestId('host-submit').click();
    await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
    const code = (await host.getByTestId('join-code').textContent()) ?? '';
    const toggle = host.getByTestId('lock-toggle');
    expect(await toggle.textContent()).toBe(en['host.lock']);

    await toggle.click();
    await host.getByTestId('locked-note').waitFor();
    expect(await toggle.textContent()).toBe(en['host.unlock']);
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');

    const pupil = await app.newPage();
    await joinFromHome(pupil, code, 'Mia');
    await expect.poll(() => pupil.getByTestId('join-error').textContent(), { timeout: 15_000 }).toBe(en['error.joinLocked']);

    // The lock survives a reload of the console (host:resume reads it back).
    await host.reload();
    await host.getByTestId('locked-note').waitFor();
    await host.getByTestId('lock-toggle').click();
    await host.getByTestId('locked-note').waitFor({ state: 'detached' });
    expect(await host.getByTestId('lock-toggle').textContent()).toBe(en['host.lock']);

    await pupil.getByTestId('join-submit').click();
    await pupil.waitForURL(`**/play/${code}`);
    await host.locator('[data-testid=player][data-player=Mia]').waitFor();

    // Kick with "block rejoining": the box starts unticked each time the dialog opens.
    await host.getByRole('button', { name: `${en['host.kick']} Mia` }).click();
    await host.locator('[data-testid=kick-dialog][data-player=Mia]').waitFor();
    expect(await host.getByTestId('kick-block').isChecked()).toBe(false);
    await host.getByTestId('kick-block').check();
    await host.getByTestId('kick-confirm').click();
    await host.locator('[data-testid=player][data-player=Mia]').waitFor({ state: 'detached' });

    // The same machine (same address), a fresh browser context and a fresh name: refused.
    const again = await app.newPage();
    await joinFromHome(again, code, 'Not Mia');
    await expect.poll(() => again.getByTestId('join-error').textContent(), { timeout: 15_000 }).toBe(en['error.joinBlocked']);
    expect(hostErrors).toEqual([]);
  });
});
