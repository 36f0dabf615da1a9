import type { Metadata } from 'next';
import { Suspense } from 'react';
// The library's shared styles (form action rows).
import '../../../../library/library.css';
import { NotesWorkspace } from '../../../../library/notes/notes-workspace';
import { LoadingState } from '../../../../ui/loading-state';

export const metadata: Metadata = { title: 'Notes' };

export default function NotesPage() {
  return (
    <Suspense fallback={<LoadingState label="Loading notes" />}>
      <NotesWorkspace />
    </Suspense>
  );
}
