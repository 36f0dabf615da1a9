import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { THEME_BOOT_SCRIPT } from '../ui/theme-boot-script';
import './globals.css';
import { Providers } from './providers';
import { publicRuntimeConfig } from './runtime-config';

export const metadata: Metadata = {
  title: { default: 'Tracera', template: '%s · Tracera' },
  description: 'Bookmarks, notes, tasks, files, chat and activity in one place.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#111418' },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Configuration is read per request, never baked into the build.
  await connection();
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
      </head>
      <body>
        <Providers config={publicRuntimeConfig()}>{children}</Providers>
      </body>
    </html>
  );
}
