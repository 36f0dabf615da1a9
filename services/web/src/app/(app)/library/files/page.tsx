import type { Metadata } from 'next';
import { Suspense } from 'react';
// The library's shared styles (form action rows).
import '../../../../library/library.css';
import { FilesWorkspace } from '../../../../library/files/files-workspace';
import { LoadingState } from '../../../../ui/loading-state';

export const metadata: Metadata = { title: 'Files' };

export default function FilesPage() {
  return (
    <Suspense fallback={<LoadingState label="Loading files" />}>
      <FilesWorkspace />
    </Suspense>
  );
}
