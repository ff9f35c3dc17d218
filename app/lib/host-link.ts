/**
 * The host link: `/host/CODE#key=HOSTKEY` opens the teacher console on another device. The key
 * rides in the URL fragment, which browsers never send to a server (no access log, no Referer),
 * and the console moves it into localStorage at once and removes it from the address bar.
 */
import { setHostKey } from './local-store';

/**
 * The link that carries the host key for this code.
 * @example hostLink('https://arena.example', 'AB3D9K', key) // 'https://arena.example/host/AB3D9K#key=…'
 */
export function hostLink(origin: string, code: string, hostKey: string): string {
  return `${origin}/host/${encodeURIComponent(code)}#key=${encodeURIComponent(hostKey)}`;
}

/**
 * Stores a host key found in the address bar's fragment for `code` and strips it from the URL
 * (side effects: localStorage, history.replaceState). Returns whether a key was found.
 */
export function adoptHostKeyFromUrl(code: string): boolean {
  if (typeof window === 'undefined') return false;
  const match = /(?:^#|&)key=([^&]+)/.exec(window.location.hash);
  if (!match) return false;
  setHostKey(code, decodeURIComponent(match[1]));
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return true;
}
