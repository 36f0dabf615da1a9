import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SearchView } from '../../../search/search-view';
import { LoadingState } from '../../../ui/loading-state';

export const metadata: Metadata = { title: 'Search' };

/** The search page; `?q=` is read on the client, hence the Suspense boundary. */
export default function SearchPage() {
  return (
    <Suspense fallback={<LoadingState label="Loading search" />}>
      <SearchView />
    </Suspense>
  );
}
