// The frame around every page: a skip link, the header (district, who is signed in, sign out),
// and the main landmark that receives focus after each navigation.
import { Suspense, useEffect, useRef, useState } from 'react';
import {
  Link,
  NavLink,
  Outlet,
  ScrollRestoration,
  useLocation,
  useMatch,
  useNavigate,
} from 'react-router';
import type { Session } from '../api/types.ts';
import { ApiError } from '../api/client.ts';
import { formatRole } from '../ui/format.ts';
import { Loading } from '../ui/states.tsx';
import { useSession } from './session.tsx';

function roleText(session: Session): string {
  const roles = [...new Set(session.user.grants.map((g) => formatRole(g.role)))];
  return roles.join(', ');
}

function UserMenu({ session }: { session: Session }) {
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [isSigningOut, setIsSigningOut] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const role = roleText(session);

  async function handleSignOut() {
    setIsSigningOut(true);
    setError(null);
    try {
      await signOut();
      navigate('/signin', { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not sign out. Try again.');
      setIsSigningOut(false);
    }
  }

  return (
    <div className="user-menu">
      <p className="user-name">
        <span className="visually-hidden">Signed in as </span>
        {session.user.displayName}
        {role !== session.user.displayName ? <span className="user-role">{role}</span> : null}
      </p>
      <button
        type="button"
        className="button button-quiet"
        onClick={handleSignOut}
        disabled={isSigningOut}
      >
        {isSigningOut ? 'Signing out…' : 'Sign out'}
      </button>
      {error ? (
        <p className="user-menu-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function Layout() {
  const { state } = useSession();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const isFirstRender = useRef(true);
  const session = state.status === 'signed-in' ? state.session : null;
  const showNav = session !== null && !session.user.mustChangePassword;
  // The grants that include importing (src/domain/access/access.ts canImportData); the server
  // checks again on every request.
  const canImport =
    session?.user.grants.some((g) => g.role === 'district_leader' || g.role === 'analyst') ?? false;
  // A school page is within "Schools": marked as such, though it is not that page itself.
  const isInSchools = useMatch('/schools/*') !== null;

  // After moving to another page, put focus at the start of the new content, as a full page
  // load would, so keyboard and screen-reader users are not left on the old link.
  useEffect(() => {
    if (isFirstRender.current) {
      isFirstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <div className="brand-block">
            <Link to="/" className="brand">
              <span className="brand-mark" aria-hidden="true" />
              Tandem
            </Link>
            {session ? <span className="district-name">{session.district.name}</span> : null}
          </div>
          {showNav ? (
            <nav aria-label="Main" className="site-nav">
              <NavLink
                to="/"
                end
                className={({ isActive }) => (!isActive && isInSchools ? 'is-within' : undefined)}
              >
                Schools
              </NavLink>
              <NavLink to="/diagnostics">Needs &amp; results</NavLink>
              <NavLink to="/equity">Staffing equity</NavLink>
              {canImport ? <NavLink to="/imports">Data imports</NavLink> : null}
              <NavLink to="/support">School support</NavLink>
            </nav>
          ) : null}
          {session ? <UserMenu session={session} /> : null}
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Suspense
          fallback={
            <div className="container page">
              <Loading label="Loading…" />
            </div>
          }
        >
          <Outlet />
        </Suspense>
      </main>
      <ScrollRestoration />
    </>
  );
}
