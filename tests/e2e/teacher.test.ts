/**
 * The teacher's console: the next round from the preset queue in one click, each student's live
 * status (idle, training with the epoch, submitted, offline), the drill-down into one student's
 * submissions and curve, and the host link that reopens the console on another device.
 * Real server, real SQLite file, wasm training in the student's page.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../game/presets';
import { arenaDuringSuite, screenshot, trackErrors, trainAndWait } from './harness';

const app = arenaDuringSuite();

describe('teacher console', () => {
  it('runs rounds in one click, sees who is stuck, drills into a student and moves to another device', async () => {
    const host = await app.newPage({ viewport: { width: 1400, height: 1000 } });
    const hostErrors = trackErrors(host);
    await host.goto(app.url);
    await host.getByTestId('host-title').fill('Teacher view');
    await host.getByTestId('host-submit').click();
    await host.waitForURL(/\/host\/[A-Z0-9]{6}$/);
    const code = (await host.getByTestId('join-code').textContent()) ?? '';

    // One click creates the queue's first preset and opens it.
    expect(await host.getByTestId('next-round').getAttribute('data-preset')).toBe(PRESETS[0].id);
    await host.getByTestId('next-round').click();
    await host.locator(`[data-testid=round-row][data-status=open][data-title="${PRESETS[0].title}"]`).waitFor();
    expect(await host.getByTestId('round-row').count()).toBe(1);
    expect(await host.getByTestId('next-round').isDisabled()).toBe(true);

    const student = await app.newPage({ viewport: { width: 1280, height: 900 } });
    await student.goto(`${app.url}/play/${code}`);
    await student.getByTestId('join-nickname').fill('Mia');
    await student.getByTestId('join-submit').click();
    await student.getByTestId('network-builder').waitFor();
    const status = host.locator('[data-testid=player][data-player=Mia] [data-testid=player-status]');
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('idle');

    await student.getByTestId('epochs').fill('100');
    // Record every status the host shows for Mia (a MutationObserver in the page, no polling).
    await host.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { seenStatus: Set<string> }).seenStatus = seen;
      const read = () => {
        const el = document.querySelector('[data-testid=player][data-player=Mia] [data-testid=player-status]');
        if (el) seen.add(el.getAttribute('data-status') ?? '');
      };
      new MutationObserver(read).observe(document.body, { subtree: true, attributes: true, childList: true, attributeFilter: ['data-status'] });
      read();
    });
    expect(await trainAndWait(student)).toBe('done');
    await student.getByTestId('submit').click();
    await expect.poll(async () => (await student.getByTestId('my-score').textContent()) ?? '', { timeout: 60_000 }).toMatch(/%$/);
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 30_000 }).toBe('submitted');
    const seen = await host.evaluate(() => [...(window as unknown as { seenStatus: Set<string> }).seenStatus]);
    expect(seen).toContain('training');

    // The drill-down: this student's submissions and their training curve.
    await host.locator('[data-testid=player][data-player=Mia] [data-testid=player-open]').click();
    const panel = host.locator('[data-testid=student-panel][data-player=Mia]');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('student-submissions').getAttribute('data-count'), { timeout: 15_000 }).toBe('1');
    await panel.getByTestId('student-curve').waitFor();
    expect(await panel.getByTestId('student-entry').textContent()).toContain('#1');
    await screenshot(host, 'host-drilldown');

    await student.close();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('offline');

    // Close, then the next preset in one click.
    await host.getByTestId('close-round').click();
    await host.locator('[data-testid=round-row][data-status=open]').waitFor({ state: 'detached' });
    expect(await host.getByTestId('next-round').getAttribute('data-preset')).toBe(PRESETS[1].id);
    await host.getByTestId('next-round').click();
    await host.locator(`[data-testid=round-row][data-status=open][data-title="${PRESETS[1].title}"]`).waitFor();

    // The host link opens the console in a browser that never held the key, and leaves the URL clean.
    const link = await host.getByTestId('host-link').inputValue();
    expect(link).toContain(`/host/${code}#key=`);
    const laptop = await app.newPage({ viewport: { width: 1280, height: 900 } });
    await laptop.goto(link);
    await laptop.getByTestId('host-page').waitFor();
    expect(new URL(laptop.url()).hash).toBe('');
    await laptop.locator('[data-testid=round-row][data-status=open]').waitFor();
    expect(hostErrors).toEqual([]);
  });
});
