// Choosing a password after signing in with a one-time password (or at any time).
import { useId, useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { safeNextPath } from '../../app/next-path.ts';
import { useSession, useSignedIn } from '../../app/session.tsx';
import { useDocumentTitle } from '../../ui/use-document-title.ts';

type Field = 'currentPassword' | 'newPassword' | 'confirm';

export function PasswordPage() {
  useDocumentTitle('Choose your password');
  const session = useSignedIn();
  const { changePassword } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [values, setValues] = useState<Record<Field, string>>({
    currentPassword: '',
    newPassword: '',
    confirm: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const ids = { rule: useId(), summary: useId() };
  const isFirstChoice = session.user.mustChangePassword;

  const update = (field: Field) => (e: ChangeEvent<HTMLInputElement>) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    if (!values.currentPassword) found.currentPassword = 'Enter your current password.';
    if (!values.newPassword) found.newPassword = 'Enter a new password.';
    if (values.newPassword && values.confirm !== values.newPassword) {
      found.confirm = 'The two new passwords are not the same.';
    }
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    setIsSubmitting(true);
    try {
      await changePassword(values.currentPassword, values.newPassword);
      navigate(next, { replace: true });
    } catch (e) {
      if (e instanceof ApiError) {
        const fieldErrors: Partial<Record<Field, string>> = {};
        const current = e.fieldMessage('currentPassword');
        const chosen = e.fieldMessage('newPassword');
        if (current) fieldErrors.currentPassword = current;
        if (chosen) fieldErrors.newPassword = chosen;
        setErrors(fieldErrors);
        setFormError(e.message);
      } else {
        setFormError('Something went wrong. Try again.');
      }
      setIsSubmitting(false);
    }
  }

  const describedBy = (field: Field, ...extra: string[]) =>
    [...extra, errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <div className="container page page-narrow">
      <div className="card form-card">
        <h1>Choose your password</h1>
        {isFirstChoice ? (
          <p className="lede">
            You signed in with a one-time password. Choose your own to continue — only you will know
            it.
          </p>
        ) : null}
        <form onSubmit={handleSubmit} noValidate className="form">
          <div className="field">
            <label htmlFor="currentPassword">
              {isFirstChoice ? 'One-time password' : 'Current password'}
            </label>
            <input
              id="currentPassword"
              type="password"
              autoComplete="current-password"
              value={values.currentPassword}
              onChange={update('currentPassword')}
              aria-invalid={errors.currentPassword ? true : undefined}
              aria-describedby={describedBy('currentPassword')}
            />
            {errors.currentPassword ? (
              <p className="field-error" id="currentPassword-error">
                {errors.currentPassword}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="newPassword">New password</label>
            <p className="field-hint" id={ids.rule}>
              At least 12 characters. A few unrelated words make a password that is long and easy to
              remember, such as “maple ledger quietly”.
            </p>
            <input
              id="newPassword"
              type="password"
              autoComplete="new-password"
              value={values.newPassword}
              onChange={update('newPassword')}
              aria-invalid={errors.newPassword ? true : undefined}
              aria-describedby={describedBy('newPassword', ids.rule)}
            />
            {errors.newPassword ? (
              <p className="field-error" id="newPassword-error">
                {errors.newPassword}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="confirm">New password again</label>
            <input
              id="confirm"
              type="password"
              autoComplete="new-password"
              value={values.confirm}
              onChange={update('confirm')}
              aria-invalid={errors.confirm ? true : undefined}
              aria-describedby={describedBy('confirm')}
            />
            {errors.confirm ? (
              <p className="field-error" id="confirm-error">
                {errors.confirm}
              </p>
            ) : null}
          </div>
          <div className="form-error" id={ids.summary} aria-live="polite">
            {formError || Object.keys(errors).length > 0 ? (
              <p className="notice notice-error">{formError ?? 'Check the fields marked above.'}</p>
            ) : null}
          </div>
          <button type="submit" className="button button-primary" disabled={isSubmitting}>
            {isSubmitting ? 'Saving…' : 'Save password and continue'}
          </button>
        </form>
      </div>
    </div>
  );
}
