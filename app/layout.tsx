/**
 * Root layout: reads the language cookie (else the browser's Accept-Language) so the server renders
 * the chosen language (no flash on reload), and wraps every page in the i18n provider and the arena chrome.
 */
import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import type { ReactNode } from 'react';
import './globals.css';
import 'uplot/dist/uPlot.min.css';
import { I18nProvider } from './i18n/i18n-provider';
import { LOCALE_COOKIE, localeFromAcceptLanguage, toLocale } from './i18n/locales';
import { SiteHeader } from './components/shared/site-header';

export const metadata: Metadata = {
  title: 'Tune Arena',
  description: 'A multiplayer hyperparameter-tuning game: build a neural network, train it in your browser.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // A choice made on the site (the cookie) wins; a first visit follows the browser's languages.
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = chosen ? toLocale(chosen) : localeFromAcceptLanguage((await headers()).get('accept-language'));
  return (
    <html lang={locale}>
      <body>
        <I18nProvider initial={locale}>
          <SiteHeader />
          <main className="page">{children}</main>
        </I18nProvider>
      </body>
    </html>
  );
}
