import { lazy, type ReactNode } from 'react';
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
