import type { Metadata } from 'next';
import { Suspense } from 'react';
import { DashboardView } from '../../../analytics/dashboard/dashboard-view';
import { LoadingState } from '../../../ui/loading-state';

export const metadata: Metadata = { title: 'Dashboard' };

// The range lives in the URL (`?range=`), which needs a Suspense boundary for `useSearchParams`.
export default function DashboardPage() {
  return (
    <Suspense fallback={<LoadingState label="Loading the dashboard" />}>
      <DashboardView />
    </Suspense>
  );
}
