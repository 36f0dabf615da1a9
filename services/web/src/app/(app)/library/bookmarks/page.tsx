import type { Metadata } from 'next';
import { Suspense } from 'react';
import { BookmarksLibrary } from '../../../../library/bookmarks/bookmarks-library';
import '../../../../library/library.css';
import { LoadingState } from '../../../../ui/loading-state';

export const metadata: Metadata = { title: 'Bookmarks' };

export default function BookmarksPage() {
  return (
    <Suspense fallback={<LoadingState label="Loading bookmarks" />}>
      <BookmarksLibrary />
    </Suspense>
  );
}
