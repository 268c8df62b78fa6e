import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Outlet, type RouteObject } from 'react-router';
import type { Permission } from '@meridian/contracts';
import { AccountPage } from '../features/account/AccountPage';
import { SignInPage } from '../features/auth/SignInPage';
import { HomePage } from '../features/home/HomePage';
import { AuthProvider } from './auth/AuthContext';
import { RequireAuth } from './auth/RequireAuth';
import { RequirePermission } from './auth/RequirePermission';
import { navItems } from './navigation';
import { AppLayout, type RouteHandle } from './shell/AppLayout';
import { NotFoundPage, RouteErrorPage } from './shell/StatusPages';

// Feature pages load on first visit; the sign-in page and the shell come with the app.
const UsersPage = lazy(() =>
  import('../features/admin/UsersPage').then((m) => ({ default: m.UsersPage })),
);
const UserDetailPage = lazy(() =>
  import('../features/admin/UserDetailPage').then((m) => ({ default: m.UserDetailPage })),
);
const AuditLogPage = lazy(() =>
  import('../features/admin/AuditLogPage').then((m) => ({ default: m.AuditLogPage })),
);
const MessagesPage = lazy(() =>
  import('../features/admin/MessagesPage').then((m) => ({ default: m.MessagesPage })),
);
const OrganizationPage = lazy(() =>
  import('../features/admin/OrganizationPage').then((m) => ({ default: m.OrganizationPage })),
);
const PatientSearchPage = lazy(() =>
  import('../features/patients/search/PatientSearchPage').then((m) => ({
    default: m.PatientSearchPage,
  })),
);
const RegisterPatientPage = lazy(() =>
  import('../features/patients/RegisterPatientPage').then((m) => ({
    default: m.RegisterPatientPage,
  })),
);
const PatientPage = lazy(() =>
  import('../features/patients/record/PatientPage').then((m) => ({ default: m.PatientPage })),
);
const PatientSummaryTab = lazy(() =>
  import('../features/patients/record/PatientSummaryTab').then((m) => ({
    default: m.PatientSummaryTab,
  })),
);
const EditPatientTab = lazy(() =>
  import('../features/patients/record/EditPatientTab').then((m) => ({
    default: m.EditPatientTab,
  })),
);
const PatientCoverageTab = lazy(() =>
  import('../features/patients/record/PatientCoverageTab').then((m) => ({
    default: m.PatientCoverageTab,
  })),
);
const PatientHistoryTab = lazy(() =>
  import('../features/patients/record/PatientHistoryTab').then((m) => ({
    default: m.PatientHistoryTab,
  })),
);
const PayersPage = lazy(() =>
  import('../features/payers/PayersPage').then((m) => ({ default: m.PayersPage })),
);
const lazyScheduling = {
  CalendarPage: lazy(() =>
    import('../features/scheduling/calendar/CalendarPage').then((m) => ({
      default: m.CalendarPage,
    })),
  ),
  TodayPage: lazy(() =>
    import('../features/scheduling/today/TodayPage').then((m) => ({ default: m.TodayPage })),
  ),
  WaitlistPage: lazy(() =>
    import('../features/scheduling/waitlist/WaitlistPage').then((m) => ({
      default: m.WaitlistPage,
    })),
  ),
  ScheduleSetupPage: lazy(() =>
    import('../features/scheduling/setup/ScheduleSetupPage').then((m) => ({
      default: m.ScheduleSetupPage,
    })),
  ),
  PatientAppointmentsTab: lazy(() =>
    import('../features/scheduling/patient/PatientAppointmentsTab').then((m) => ({
      default: m.PatientAppointmentsTab,
    })),
  ),
  LinkPage: lazy(() =>
    import('../features/scheduling/links/LinkPage').then((m) => ({ default: m.LinkPage })),
  ),
};
const lazyClinical = {
  EncountersTab: lazy(() =>
    import('../features/clinical/encounters/EncountersTab').then((m) => ({
      default: m.EncountersTab,
    })),
  ),
  VitalsTab: lazy(() =>
    import('../features/clinical/vitals/VitalsTab').then((m) => ({ default: m.VitalsTab })),
  ),
  ProblemsTab: lazy(() =>
    import('../features/clinical/problems/ProblemsTab').then((m) => ({ default: m.ProblemsTab })),
  ),
  AllergiesTab: lazy(() =>
    import('../features/clinical/allergies/AllergiesTab').then((m) => ({
      default: m.AllergiesTab,
    })),
  ),
  MedicationsTab: lazy(() =>
    import('../features/clinical/medications/MedicationsTab').then((m) => ({
      default: m.MedicationsTab,
    })),
  ),
  NotesTab: lazy(() =>
    import('../features/clinical/notes/NotesTab').then((m) => ({ default: m.NotesTab })),
  ),
  ResultsTab: lazy(() =>
    import('../features/clinical/labs/ResultsTab').then((m) => ({ default: m.ResultsTab })),
  ),
  LabWorklistPage: lazy(() =>
    import('../features/clinical/labs/LabWorklistPage').then((m) => ({
      default: m.LabWorklistPage,
    })),
  ),
  ImmunizationsTab: lazy(() =>
    import('../features/clinical/immunizations/ImmunizationsTab').then((m) => ({
      default: m.ImmunizationsTab,
    })),
  ),
};

const lazyAdmissions = {
  BedBoardPage: lazy(() =>
    import('../features/admissions/board/BedBoardPage').then((m) => ({
      default: m.BedBoardPage,
    })),
  ),
  HousekeepingPage: lazy(() =>
    import('../features/admissions/housekeeping/HousekeepingPage').then((m) => ({
      default: m.HousekeepingPage,
    })),
  ),
  WardSetupPage: lazy(() =>
    import('../features/admissions/setup/WardSetupPage').then((m) => ({
      default: m.WardSetupPage,
    })),
  ),
  PatientStaysTab: lazy(() =>
    import('../features/admissions/stays/PatientStaysTab').then((m) => ({
      default: m.PatientStaysTab,
    })),
  ),
};
const MergePage = lazy(() =>
  import('../features/merge/MergePage').then((m) => ({ default: m.MergePage })),
);

/** A page route that needs a permission: forbidden page without it. */
function guarded(
  path: string,
  permission: Permission,
  titleKey: string,
  page: ReactNode,
): RouteObject {
  const handle: RouteHandle = { titleKey };
  return {
    path,
    handle,
    element: <RequirePermission permission={permission}>{page}</RequirePermission>,
  };
}

function page(path: string | undefined, titleKey: string, element: ReactNode): RouteObject {
  const handle: RouteHandle = { titleKey };
  return path === undefined ? { index: true, handle, element } : { path, handle, element };
}

export const routes: RouteObject[] = [
  {
    element: (
      <AuthProvider>
        <Outlet />
      </AuthProvider>
    ),
    errorElement: <RouteErrorPage fullPage />,
    children: [
      { path: '/sign-in', element: <SignInPage /> },
      // Reminder and waitlist links: the patient acts without signing in (signed token).
      {
        path: '/r/:token',
        element: (
          <Suspense fallback={null}>
            <lazyScheduling.LinkPage />
          </Suspense>
        ),
      },
      {
        path: '/',
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          {
            // Errors in a page render inside the shell, so navigation stays usable.
            errorElement: <RouteErrorPage />,
            children: [
              page(undefined, navItems.home.labelKey, <HomePage />),
              page('account', navItems.account.labelKey, <AccountPage />),
              guarded('admin/users', 'user.read', navItems.users.labelKey, <UsersPage />),
              guarded(
                'admin/users/:userId',
                'user.read',
                navItems.users.labelKey,
                <UserDetailPage />,
              ),
              guarded('admin/audit', 'audit.read', navItems.audit.labelKey, <AuditLogPage />),
              guarded(
                'admin/messages',
                'message.read',
                navItems.messages.labelKey,
                <MessagesPage />,
              ),
              guarded(
                'admin/organization',
                navItems.organization.permission,
                navItems.organization.labelKey,
                <OrganizationPage />,
              ),
              guarded(
                'admin/payers',
                navItems.payers.permission,
                navItems.payers.labelKey,
                <PayersPage />,
              ),
              guarded(
                'admin/merge',
                navItems.merge.permission,
                navItems.merge.labelKey,
                <MergePage />,
              ),
              guarded(
                'admin/scheduling',
                navItems.scheduleSetup.permission,
                navItems.scheduleSetup.labelKey,
                <lazyScheduling.ScheduleSetupPage />,
              ),
              guarded(
                'admin/wards',
                navItems.wardSetup.permission,
                navItems.wardSetup.labelKey,
                <lazyAdmissions.WardSetupPage />,
              ),
              guarded(
                'beds',
                navItems.bedBoard.permission,
                navItems.bedBoard.labelKey,
                <lazyAdmissions.BedBoardPage />,
              ),
              guarded(
                'beds/housekeeping',
                navItems.housekeeping.permission,
                navItems.housekeeping.labelKey,
                <lazyAdmissions.HousekeepingPage />,
              ),
              guarded(
                'lab',
                navItems.labWorklist.permission,
                navItems.labWorklist.labelKey,
                <lazyClinical.LabWorklistPage />,
              ),
              guarded(
                'schedule',
                navItems.calendar.permission,
                navItems.calendar.labelKey,
                <lazyScheduling.CalendarPage />,
              ),
              guarded(
                'schedule/today',
                navItems.today.permission,
                navItems.today.labelKey,
                <lazyScheduling.TodayPage />,
              ),
              guarded(
                'schedule/waitlist',
                navItems.waitlist.permission,
                navItems.waitlist.labelKey,
                <lazyScheduling.WaitlistPage />,
              ),
              guarded(
                'patients',
                'patient.read',
                navItems.patients.labelKey,
                <PatientSearchPage />,
              ),
              guarded(
                'patients/new',
                'patient.write',
                'patients:register.title',
                <RegisterPatientPage />,
              ),
              {
                path: 'patients/:id',
                handle: { titleKey: 'patients:record.title' } satisfies RouteHandle,
                element: (
                  <RequirePermission permission="patient.read">
                    <PatientPage />
                  </RequirePermission>
                ),
                // Tabs under the patient banner.
                children: [
                  page(undefined, 'patients:tabs.summary', <PatientSummaryTab />),
                  guarded('edit', 'patient.write', 'patients:tabs.edit', <EditPatientTab />),
                  page('coverage', 'patients:tabs.coverage', <PatientCoverageTab />),
                  page('history', 'patients:tabs.history', <PatientHistoryTab />),
                  guarded(
                    'appointments',
                    'appointment.read',
                    'visits:patientTab.title',
                    <lazyScheduling.PatientAppointmentsTab />,
                  ),
                  guarded(
                    'stays',
                    'admission.read',
                    'admissions:tab.title',
                    <lazyAdmissions.PatientStaysTab />,
                  ),
                  guarded(
                    'encounters',
                    'clinical.read',
                    'chart:tabs.encounters',
                    <lazyClinical.EncountersTab />,
                  ),
                  guarded(
                    'vitals',
                    'clinical.read',
                    'chart:tabs.vitals',
                    <lazyClinical.VitalsTab />,
                  ),
                  guarded(
                    'problems',
                    'clinical.read',
                    'chart:tabs.problems',
                    <lazyClinical.ProblemsTab />,
                  ),
                  guarded(
                    'allergies',
                    'clinical.read',
                    'chart:tabs.allergies',
                    <lazyClinical.AllergiesTab />,
                  ),
                  guarded(
                    'medications',
                    'clinical.read',
                    'chart:tabs.medications',
                    <lazyClinical.MedicationsTab />,
                  ),
                  guarded('notes', 'clinical.read', 'chart:tabs.notes', <lazyClinical.NotesTab />),
                  guarded(
                    'results',
                    'clinical.read',
                    'chart:tabs.results',
                    <lazyClinical.ResultsTab />,
                  ),
                  guarded(
                    'immunizations',
                    'clinical.read',
                    'chart:tabs.immunizations',
                    <lazyClinical.ImmunizationsTab />,
                  ),
                ],
              },
              page('*', 'shell:notFound.title', <NotFoundPage />),
            ],
          },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
