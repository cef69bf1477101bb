// The gate in front of every signed-in page: sign in first, choose a password if the one you
// have is a one-time password, then on to the page you asked for.
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorNotice, Loading } from '../ui/states.tsx';
import { pathWithNext } from './next-path.ts';
import { useSession } from './session.tsx';

export function RequireSession() {
  const { state, retry } = useSession();
  const location = useLocation();
  const here = `${location.pathname}${location.search}${location.hash}`;

  switch (state.status) {
    case 'loading':
      return (
        <div className="container page">
          <Loading label="Checking your sign-in…" />
        </div>
      );
    case 'error':
      return (
        <div className="container page">
          <h1>Tandem is not available right now</h1>
          <ErrorNotice title="Could not check your sign-in" error={state.error} onRetry={retry} />
        </div>
      );
    case 'signed-out':
      return <Navigate to={pathWithNext('/signin', here)} replace />;
    case 'signed-in':
      if (state.session.user.mustChangePassword && location.pathname !== '/password') {
        return <Navigate to={pathWithNext('/password', here)} replace />;
      }
      return <Outlet />;
  }
}
