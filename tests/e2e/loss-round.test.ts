/**
 * The loss choice in a real round: a player picks squared error in the training settings, trains,
 * submits, and the server scores and verifies (replays) that mse submission byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { arenaDuringSuite, trackErrors, trainAndWait } from './harness';
import { hostOpenRound, joinAsPlayer } from './ui-flows';

const app = arenaDuringSuite();

describe('loss choice in a round', () => {
  it('an mse submission is scored and its audit verifies', async () => {
    const { host, code } = await hostOpenRound(app, 'Loss lesson', 'xor-warmup');

    const ada = await app.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = trackErrors(ada);
    await joinAsPlayer(ada, app.url, code, 'Ada');
    await ada.getByTestId('depth').fill('2');
    await ada.getByTestId('width').fill('8');
    await ada.getByTestId('activation').selectOption('tanh');
    await ada.getByTestId('loss').selectOption('mse');
    await ada.getByTestId('backend').selectOption('js');
    expect(await trainAndWait(ada)).toBe('done');
    // The strip is on /play too.
    expect(await ada.getByTestId('grad-row').count()).toBe(2);

    await ada.getByTestId('submit').click();
    const score = ada.getByTestId('my-score');
    await expect.poll(async () => (await score.textContent()) ?? '—', { timeout: 60_000 }).toMatch(/%$/);
    expect(Number.parseFloat((await score.textContent()) ?? 'NaN')).toBeGreaterThan(80);

    await host.getByTestId('close-round').click();
    await host.locator('[data-testid=round-row][data-status=final], [data-testid=round-row][data-status=closed]').waitFor();
    await host.getByRole('link', { name: /results/i }).first().click();
    await host.getByTestId('results-page').waitFor();
    await expect
      .poll(() => host.locator('[data-testid=results-board] [data-audit=verified]').count(), { timeout: 120_000 })
      .toBe(1);
    // The stored, verified submission is the squared-error one the player chose.
    const roundId = /\/rounds\/([^/?#]+)/.exec(host.url())?.[1];
    const body = (await (await host.request.get(`${app.url}/api/rounds/${roundId}`)).json()) as { submissions: { training: { loss?: string }; backend: string }[] };
    expect(body.submissions.map((s) => [s.training.loss, s.backend])).toEqual([['mse', 'js']]);
    expect(errors).toEqual([]);
  });
});
