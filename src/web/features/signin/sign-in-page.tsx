// Sign in with a username and password. Errors are announced; the button waits while the
// server checks, so a double click does not count as two failed attempts.
import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { pathWithNext, safeNextPath } from '../../app/next-path.ts';
import { useSession } from '../../app/session.tsx';
import { Loading } from '../../ui/states.tsx';
import { useDocumentTitle } from '../../ui/use-document-title.ts';

// The server's own words: a wrong password, the rate limit, or a field it could not accept.
function problemText(error: unknown): string {
  return error instanceof ApiError ? error.message : 'Something went wrong. Try again.';
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const { state, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const errorId = useId();

  if (state.status === 'loading') {
    return (
      <div className="container page">
        <Loading label="Checking your sign-in…" />
      </div>
    );
  }
  if (state.status === 'signed-in' && !isSubmitting) {
    const target = state.session.user.mustChangePassword ? pathWithNext('/password', next) : next;
    return <Navigate to={target} replace />;
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    setIsSubmitting(true);
    setError(null);
    try {
      const session = await signIn(username.trim(), password);
      navigate(session.user.mustChangePassword ? pathWithNext('/password', next) : next, {
        replace: true,
      });
    } catch (e) {
      setError(problemText(e));
      setIsSubmitting(false);
    }
  }

  const notice =
    state.status === 'signed-out' && state.reason === 'expired'
      ? 'Your session has ended. Sign in again to continue.'
      : state.status === 'signed-out' && state.reason === 'signed-out'
        ? 'You have signed out.'
        : null;

  return (
    <div className="container page page-narrow">
      <div className="card form-card">
        <h1>Sign in to Tandem</h1>
        <p className="lede">
          Your district’s schools, their figures over the years, and their staff.
        </p>
        {notice ? <p className="notice notice-info">{notice}</p> : null}
        <form onSubmit={handleSubmit} noValidate className="form">
          <div className="field">
            <label htmlFor="username">Username</label>
            <input
              id="username"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              aria-describedby={error ? errorId : undefined}
              required
            />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-describedby={error ? errorId : undefined}
              required
            />
          </div>
          <div className="form-error" id={errorId} aria-live="polite">
            {error ? <p className="notice notice-error">{error}</p> : null}
          </div>
          <button type="submit" className="button button-primary" disabled={isSubmitting}>
            {isSubmitting ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <p className="hint">
          Forgotten your password? Ask your district’s Tandem administrator for a new one-time
          password.
        </p>
      </div>
    </div>
  );
}
