'use client';

import '../analytics.css';
import { ChallengeCreateForm } from './challenge-create-form';
import { ChallengeList } from './challenge-list';

/** `/challenges`: every challenge the person may see, and a form to start one. */
export function ChallengesView() {
  return (
    <>
      <div className="page-header">
        <h1>Challenges</h1>
      </div>
      <div className="challenges-layout">
        <ChallengeList />
        <ChallengeCreateForm />
      </div>
    </>
  );
}
