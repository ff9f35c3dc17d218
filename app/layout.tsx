/**
 * Root layout: reads the language cookie so the server renders the chosen language (no flash on
 * reload), and wraps every page in the i18n provider and the arena chrome.
 */
import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import type { ReactNode } from 'react';
import './globals.css';
import 'uplot/dist/uPlot.min.css';
import { I18nProvider } from './i18n/i18n-provider';
import { LOCALE_COOKIE, toLocale } from './i18n/locales';
import { SiteHeader } from './components/shared/site-header';

export const metadata: Metadata = {
  title: 'Tune Arena',
  description: 'A multiplayer hyperparameter-tuning game: build a neural network, train it in your browser.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
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
