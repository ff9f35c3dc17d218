'use client';
/**
 * The landing page: join a tournament (code + nickname; the token is stored per code before going
 * to /play), host one (the host key is stored per code before going to /host), practise, or watch.
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n-provider';
import { setHostKey, setPlayerToken } from '../../lib/local-store';
import { request, type UiError } from '../../lib/socket-client';
import { errorText } from '../../lib/ui-error';
import { isJoinCode, normalizeCode } from '../../lib/join-code';

export function HomeClient() {
  const { t } = useI18n();
  const router = useRouter();
  const [code, setCode] = useState('');
  const [nickname, setNickname] = useState('');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState<'join' | 'host' | null>(null);
  const [joinError, setJoinError] = useState<string | null>(null);
  const [hostError, setHostError] = useState<string | null>(null);
  const [watchError, setWatchError] = useState<string | null>(null);

  const showError = (set: (s: string) => void, e: UiError) => set(errorText(t, e));

  // The big screen takes the code typed in the join form; without one it says so and points there.
  function onWatch() {
    const c = normalizeCode(code);
    if (!isJoinCode(c)) {
      setWatchError(t('home.watch.needCode'));
      document.querySelector<HTMLInputElement>('[data-testid=join-code]')?.focus();
      return;
    }
    setWatchError(null);
    router.push(`/watch/${c}`);
  }

  async function onJoin(e: FormEvent) {
    e.preventDefault();
    const c = normalizeCode(code);
    if (!isJoinCode(c)) return setJoinError(t('error.codeFormat'));
    const nick = nickname.trim();
    if (nick.length < 1 || nick.length > 24) return setJoinError(t('error.nicknameEmpty'));
    setBusy('join');
    setJoinError(null);
    const r = await request('player:join', { code: c, nickname: nick });
    setBusy(null);
    if (!r.ok) return showError(setJoinError, r.error);
    setPlayerToken(c, r.playerToken);
    router.push(`/play/${c}`);
  }

  async function onHost(e: FormEvent) {
    e.preventDefault();
    const name = title.trim();
    if (!name) return setHostError(t('error.titleEmpty'));
    setBusy('host');
    setHostError(null);
    const r = await request('tournament:create', { title: name });
    setBusy(null);
    if (!r.ok) return showError(setHostError, r.error);
    setHostKey(r.tournament.code, r.hostKey);
    router.push(`/host/${r.tournament.code}`);
  }

  return (
    <div className="stack">
      <section className="hero">
        <h1>{t('app.title')}</h1>
        <p>{t('app.tagline')}</p>
      </section>
      <div className="grid grid-3">
        <form className="panel stack" onSubmit={onJoin} data-testid="join-form">
          <h2>{t('home.join.title')}</h2>
          <label className="field">
            {t('home.join.code')}
            <input
              className="code-input"
              data-testid="join-code"
              value={code}
              maxLength={6}
              autoComplete="off"
              onChange={(e) => setCode(e.target.value.toUpperCase())}
              aria-describedby="code-hint"
            />
          </label>
          <span id="code-hint" className="hint">{t('home.join.codeHint')}</span>
          <label className="field">
            {t('home.join.nickname')}
            <input data-testid="join-nickname" value={nickname} maxLength={24} onChange={(e) => setNickname(e.target.value)} />
          </label>
          {joinError && <p className="error" role="alert" data-testid="join-error">{joinError}</p>}
          <button className="btn btn-primary btn-big" type="submit" disabled={busy !== null} data-testid="join-submit">
            {busy === 'join' ? t('home.busy') : t('home.join.submit')}
          </button>
        </form>
        <form className="panel stack" onSubmit={onHost} data-testid="host-form">
          <h2>{t('home.host.title')}</h2>
          <label className="field">
            {t('home.host.name')}
            <input data-testid="host-title" value={title} maxLength={80} onChange={(e) => setTitle(e.target.value)} />
          </label>
          {hostError && <p className="error" role="alert" data-testid="host-error">{hostError}</p>}
          <button className="btn btn-go btn-big" type="submit" disabled={busy !== null} data-testid="host-submit">
            {busy === 'host' ? t('home.busy') : t('home.host.submit')}
          </button>
        </form>
        <div className="panel stack">
          <h2>{t('home.practice.title')}</h2>
          <p className="hint">{t('home.practice.body')}</p>
          <Link className="btn" href="/practice" data-testid="practice-link">
            {t('home.practice.go')}
          </Link>
          <h2>{t('home.watch.title')}</h2>
          <div className="row">
            <button type="button" className="btn" data-testid="watch-go" onClick={onWatch}>
              {t('home.watch.go')}
            </button>
          </div>
          {watchError && <p className="error" role="alert" data-testid="watch-error">{watchError}</p>}
        </div>
      </div>
    </div>
  );
}
