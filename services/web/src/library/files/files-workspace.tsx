'use client';

import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { FileList } from './file-list';
import { FileUploader } from './file-uploader';
import './files.css';

/** The files page: the uploader above the list; `?item=<id>` highlights that file. */
export function FilesWorkspace() {
  const highlightedId = useSearchParams().get('item');
  const [announcement, setAnnouncement] = useState('');
  return (
    <>
      <div className="page-header">
        <h1>Files</h1>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
      <FileUploader onUploaded={(name) => setAnnouncement(`Uploaded ${name}`)} />
      <FileList highlightedId={highlightedId} onDeleted={(name) => setAnnouncement(`Deleted ${name}`)} />
    </>
  );
}
