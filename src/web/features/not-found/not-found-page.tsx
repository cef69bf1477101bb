// The page for an address that leads nowhere: say so plainly and offer the way home.
import { Link } from 'react-router';
import { useDocumentTitle } from '../../ui/use-document-title.ts';

export function NotFoundPage({
  title = 'Page not found',
  message = 'There is no page at this address. It may have moved, or the link may be mistyped.',
}: {
  title?: string;
  message?: string;
}) {
  useDocumentTitle(title);
  return (
    <div className="container page page-narrow">
      <div className="card not-found">
        <p className="eyebrow">Not found</p>
        <h1>{title}</h1>
        <p>{message}</p>
        <p>
          <Link to="/" className="button button-primary">
            Go to the district’s schools
          </Link>
        </p>
      </div>
    </div>
  );
}
