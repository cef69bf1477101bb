// What a page shows if it fails to render: an apology and a way on, never a stack trace.
import { Link } from 'react-router';
import { useDocumentTitle } from '../ui/use-document-title.ts';

export function CrashPage() {
  useDocumentTitle('Something went wrong');
  return (
    <main id="main" className="container page page-narrow">
      <div className="card not-found">
        <h1>Something went wrong</h1>
        <p>This page could not be shown. Reload the page, or go back to the district’s schools.</p>
        <p>
          <Link to="/" className="button button-primary" reloadDocument>
            Go to the district’s schools
          </Link>
        </p>
      </div>
    </main>
  );
}
