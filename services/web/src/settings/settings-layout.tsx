'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useSession } from '../session/session-context';
import './settings.css';

interface SettingsLink {
  href: string;
  label: string;
  adminOnly?: boolean;
}

const SETTINGS_LINKS: readonly SettingsLink[] = [
  { href: '/settings', label: 'Profile' },
  { href: '/settings/security', label: 'Security' },
  { href: '/settings/tokens', label: 'API tokens' },
  { href: '/settings/data', label: 'Import & export' },
  { href: '/settings/users', label: 'Users', adminOnly: true },
];

/** Every settings page: the one h1, the settings sub-navigation, then the page's own sections (h2). */
export function SettingsLayout({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const { user } = useSession();
  const links = SETTINGS_LINKS.filter((link) => !link.adminOnly || user.role === 'admin');
  return (
    <div className="settings">
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      <nav className="settings-nav" aria-label="Settings">
        <ul>
          {links.map((link) => (
            <li key={link.href}>
              <Link href={link.href} aria-current={pathname === link.href ? 'page' : undefined}>
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-content">{children}</div>
    </div>
  );
}
