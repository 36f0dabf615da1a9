'use client';

import { ExportPanel } from './export-panel';
import { ImportPanel } from './import-panel';

export function DataSettings() {
  return (
    <>
      <ImportPanel />
      <ExportPanel />
    </>
  );
}
