'use client';

import { useEffect, useState } from 'react';
import { THEME_STORAGE_KEY as STORAGE_KEY } from './theme-boot-script';

export type ThemeChoice = 'light' | 'dark' | 'system';

function apply(choice: ThemeChoice): void {
  const dark =
    choice === 'dark' || (choice === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

/** Light, dark, or the system's; remembered in this browser. */
export function ThemeSwitcher() {
  const [choice, setChoice] = useState<ThemeChoice>('system');
  useEffect(() => {
    setChoice((localStorage.getItem(STORAGE_KEY) as ThemeChoice | null) ?? 'system');
  }, []);
  useEffect(() => {
    if (choice !== 'system') return;
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const follow = () => apply('system');
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, [choice]);
  return (
    <label className="theme-switcher">
      <span className="visually-hidden">Theme</span>
      <select
        value={choice}
        onChange={(event) => {
          const next = event.target.value as ThemeChoice;
          setChoice(next);
          localStorage.setItem(STORAGE_KEY, next);
          apply(next);
        }}
      >
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
