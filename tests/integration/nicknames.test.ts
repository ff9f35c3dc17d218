/**
 * Issue 8, finding 7, as the attacker tried it: look-alike and invisible nicknames. Cyrillic
 * `аdmin`, full-width `ａｄｍｉｎ` and a zero-width joiner gave three identical "admin" rows; a
 * right-to-left override leaked past the name; U+3164 looked blank; a lone surrogate read back
 * as "a���b". Each is now refused with a clear message or found taken by its skeleton.
 */
import { describe, expect, it } from 'vitest';
import { call, connect, hostWithOpenRound, serveDuringSuite } from './support/harness';

const srv = serveDuringSuite();

describe('nicknames', () => {
  it('refuses invisible, bidi and broken names and dedupes look-alikes', async () => {
    const { code } = await hostWithOpenRound(srv.url);
    const s = await connect(srv.url);
    const join = async (nickname: string) => {
      const ack = await call<{ player: { nickname: string } }>(s, 'player:join', { code, nickname });
      return ack.ok ? { code: 'ok', text: ack.player.nickname } : { code: ack.error.code, text: ack.error.message };
    };
    expect(await join('admin')).toEqual({ code: 'ok', text: 'admin' });
    // Look-alikes of a taken name.
    expect((await join('\u0430dmin')).code).toBe('NICKNAME_TAKEN'); // Cyrillic а
    expect((await join('ａｄｍｉｎ')).code).toBe('NICKNAME_TAKEN'); // full width, NFKC → admin
    expect((await join('ADMIN')).code).toBe('NICKNAME_TAKEN');
    expect((await join('adrnin')).code).toBe('NICKNAME_TAKEN'); // rn looks like m
    // Invisible and direction characters.
    const zwj = await join('ad\u200Dmin');
    expect(zwj.code).toBe('BAD_REQUEST');
    expect(zwj.text).toMatch(/zero-width or other invisible/);
    const rlo = await join('ad\u202Emin');
    expect(rlo.code).toBe('BAD_REQUEST');
    expect(rlo.text).toMatch(/direction controls/);
    const filler = await join('\u3164');
    expect(filler.code).toBe('BAD_REQUEST');
    expect(filler.text).toMatch(/invisible/);
    const surrogate = await join('a\uD800b');
    expect(surrogate.code).toBe('BAD_REQUEST');
    expect(surrogate.text).toMatch(/lone surrogate/);
    expect((await join('\u2800\u2800')).text).toMatch(/visible character/);
    // Ordinary names of every script, and emoji, still join; full-width is stored as plain text.
    expect(await join('Zoë')).toEqual({ code: 'ok', text: 'Zoë' });
    expect(await join('小明')).toEqual({ code: 'ok', text: '小明' });
    expect(await join('ｂｏｂ')).toEqual({ code: 'ok', text: 'bob' });
    expect((await join('❤\uFE0F Ana')).code).toBe('ok');
  });
});
