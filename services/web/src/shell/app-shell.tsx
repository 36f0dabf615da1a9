'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { unwrap } from '../api/api-client';
import { useApi } from '../api/api-context';
import { ConversationsUnreadBadge } from '../chat/conversations-unread-badge';
import { NotificationsBell } from '../chat/notifications-bell';
import { LiveSocketProvider, useLiveSocket, useReconnected } from '../live/live-socket';
import { GlobalSearchBox } from '../search/global-search-box';
import { personName } from '../session/person-name';
import { SessionProvider, useSession } from '../session/session-context';
import { ThemeSwitcher } from '../ui/theme';

interface NavLink {
  href: string;
  label: string;
  badge?: ReactNode;
}

const NAVIGATION: { group: string; links: NavLink[] }[] = [
  { group: 'Overview', links: [{ href: '/dashboard', label: 'Dashboard' }] },
  {
    group: 'Library',
    links: [
      { href: '/library/bookmarks', label: 'Bookmarks' },
      { href: '/library/notes', label: 'Notes' },
      { href: '/library/tasks', label: 'Tasks' },
      { href: '/library/files', label: 'Files' },
    ],
  },
  {
    group: 'Together',
    links: [
      { href: '/chat', label: 'Chat', badge: <ConversationsUnreadBadge /> },
      { href: '/challenges', label: 'Challenges' },
    ],
  },
  { group: 'Account', links: [{ href: '/settings', label: 'Settings' }] },
];

/** Every signed-in page: header with the one search box, the navigation, and the live connection. */
export function AppShell({ children }: { children: ReactNode }) {
  return (
    <SessionProvider>
      <LiveShell>{children}</LiveShell>
    </SessionProvider>
  );
}

function LiveShell({ children }: { children: ReactNode }) {
  const { signedOut } = useSession();
  return (
    <LiveSocketProvider
      onSessionEnded={(reason) =>
        // This tab's own sign-out also reaches its socket (reason 'logout'): that is no revocation.
        signedOut(reason === 'logout' ? 'signed-out' : reason === 'expired' ? 'expired' : 'revoked')
      }
    >
      <ResyncAfterReconnect />
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link href="/dashboard" className="brand">
          Tracera
        </Link>
        <div className="search-slot">
          <GlobalSearchBox />
        </div>
        <ConnectionStatus />
        <NotificationsBell />
        <ThemeSwitcher />
        <UserMenu />
      </header>
      <div className="app-body">
        <Navigation />
        <main id="main" className="app-main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </LiveSocketProvider>
  );
}

/** Whatever was missed while the socket was down (messages, reads, notifications, presence) is fetched again. */
function ResyncAfterReconnect() {
  const queryClient = useQueryClient();
  useReconnected(() => void queryClient.invalidateQueries());
  return null;
}

function Navigation() {
  const pathname = usePathname();
  return (
    <nav className="app-nav" aria-label="Main">
      {NAVIGATION.map(({ group, links }) => (
        <div key={group}>
          <div className="nav-group">{group}</div>
          <ul>
            {links.map((link) => {
              const current = pathname === link.href || pathname.startsWith(`${link.href}/`);
              return (
                <li key={link.href}>
                  <Link href={link.href} aria-current={current ? 'page' : undefined}>
                    <span>{link.label}</span>
                    {link.badge}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

function ConnectionStatus() {
  const { status } = useLiveSocket();
  if (status === 'online') return null;
  return (
    <span className="muted" role="status">
      {status === 'connecting' ? 'Connecting…' : 'Offline'}
    </span>
  );
}

function UserMenu() {
  const { api } = useApi();
  const { user, signedOut } = useSession();
  const signOut = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')),
    onSettled: () => signedOut('signed-out'),
  });
  return (
    <div className="user-menu">
      <Link href="/settings" className="muted">
        {personName(user)}
      </Link>{' '}
      <button type="button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
        Sign out
      </button>
    </div>
  );
}
