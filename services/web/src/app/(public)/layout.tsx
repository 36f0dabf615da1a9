import type { ReactNode } from 'react';
import { PublicFrame } from '../../auth/public-frame';

export default function SignedOutLayout({ children }: { children: ReactNode }) {
  return <PublicFrame>{children}</PublicFrame>;
}
