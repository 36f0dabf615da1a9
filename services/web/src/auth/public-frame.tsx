import Link from 'next/link';
import type { ReactNode } from 'react';
import { ThemeSwitcher } from '../ui/theme';
import { ForgetSignedInData } from './forget-signed-in-data';
import './auth.css';

/** Signed-out pages: the brand and theme above one centred card. */
export function PublicFrame({ children }: { children: ReactNode }) {
  return (
    <main className="auth-page" id="main">
      <ForgetSignedInData />
      <div className="public-frame">
        <header className="public-frame-header">
          <Link href="/sign-in" className="public-brand">
            Tracera
          </Link>
          <ThemeSwitcher />
        </header>
        <div className="card public-card">{children}</div>
      </div>
    </main>
  );
}
