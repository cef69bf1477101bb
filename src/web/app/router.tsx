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
const EquityPage = lazy(() =>
  import('../features/equity/equity-page.tsx').then((m) => ({ default: m.EquityPage })),
);
const IncentivesPage = lazy(() =>
  import('../features/equity/incentives-page.tsx').then((m) => ({ default: m.IncentivesPage })),
);
const AllocationPage = lazy(() =>
  import('../features/equity/allocation-page.tsx').then((m) => ({ default: m.AllocationPage })),
);

const ImportsPage = lazy(() =>
  import('../features/imports/imports-page.tsx').then((m) => ({ default: m.ImportsPage })),
);
const MappingGuidePage = lazy(() =>
  import('../features/imports/mapping-guide-page.tsx').then((m) => ({
    default: m.MappingGuidePage,
  })),
);
const PartnersPage = lazy(() =>
  import('../features/matching/partners-page.tsx').then((m) => ({ default: m.PartnersPage })),
);
const PrincipalsPage = lazy(() =>
  import('../features/matching/principals-page.tsx').then((m) => ({ default: m.PrincipalsPage })),
);

const SupportOverviewPage = lazy(() =>
  import('../features/support/support-overview-page.tsx').then((m) => ({
    default: m.SupportOverviewPage,
  })),
);
const ContractsPage = lazy(() =>
  import('../features/support/contracts-page.tsx').then((m) => ({ default: m.ContractsPage })),
);
const ContractPage = lazy(() =>
  import('../features/support/contract-page.tsx').then((m) => ({ default: m.ContractPage })),
);
const SupportMenuPage = lazy(() =>
  import('../features/support/menu-page.tsx').then((m) => ({ default: m.MenuPage })),
);
const PracticesPage = lazy(() =>
  import('../features/support/practices-page.tsx').then((m) => ({ default: m.PracticesPage })),
);
const PracticePage = lazy(() =>
  import('../features/support/practice-page.tsx').then((m) => ({ default: m.PracticePage })),
);
const ClustersPage = lazy(() =>
  import('../features/support/clusters-page.tsx').then((m) => ({ default: m.ClustersPage })),
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
          { path: 'equity', element: <EquityPage /> },
          { path: 'equity/incentives', element: <IncentivesPage /> },
          { path: 'equity/allocation', element: <AllocationPage /> },
          { path: 'imports', element: <ImportsPage /> },
          { path: 'imports/mapping-guide', element: <MappingGuidePage /> },
          { path: 'support/partners', element: <PartnersPage /> },
          { path: 'support/principals', element: <PrincipalsPage /> },
          { path: 'support', element: <SupportOverviewPage /> },
          { path: 'support/contracts', element: <ContractsPage /> },
          { path: 'support/contracts/:contractId', element: <ContractPage /> },
          { path: 'support/menu', element: <SupportMenuPage /> },
          { path: 'support/practices', element: <PracticesPage /> },
          { path: 'support/practices/:practiceId', element: <PracticePage /> },
          { path: 'support/clusters', element: <ClustersPage /> },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
