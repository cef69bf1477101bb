// Every page's address. The pages with charts load on first visit, so that signing in does not
// wait for the charting library.
import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { NotFoundPage } from '../features/not-found/not-found-page.tsx';
import { PasswordPage } from '../features/signin/password-page.tsx';
import { SignInPage } from '../features/signin/sign-in-page.tsx';
import { CrashPage } from './crash-page.tsx';
import { Layout } from './layout.tsx';
import { RequireSession } from './require-session.tsx';

const DistrictPage = lazy(() =>
  import('../features/district/district-page.tsx').then((m) => ({ default: m.DistrictPage })),
);
const DiagnosticsPage = lazy(() =>
  import('../features/diagnostics/diagnostics-page.tsx').then((m) => ({
    default: m.DiagnosticsPage,
  })),
);
const SchoolPage = lazy(() =>
  import('../features/school/school-page.tsx').then((m) => ({ default: m.SchoolPage })),
);

export const router = createBrowserRouter([
  {
    element: <Layout />,
    errorElement: <CrashPage />,
    children: [
      { path: 'signin', element: <SignInPage /> },
      {
        element: <RequireSession />,
        children: [
          { path: 'password', element: <PasswordPage /> },
          { index: true, element: <DistrictPage /> },
          { path: 'diagnostics', element: <DiagnosticsPage /> },
          { path: 'schools/:schoolId', element: <SchoolPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
