import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { useState } from 'react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router/dom';
import './i18n';
import { createQueryClient } from './queryClient';
import { createAppRouter } from './router';
import notificationClasses from './notifications.module.css';
import { cssVariablesResolver, theme } from './theme';

export function App() {
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(createAppRouter);
  return (
    <MantineProvider
      theme={theme}
      cssVariablesResolver={cssVariablesResolver}
      defaultColorScheme="light"
    >
      {/* Above drawers and modals (200), so a "done" toast shows over them; below dropdowns
          (300), so a toast never covers an open menu or select. */}
      <Notifications
        position="top-right"
        limit={4}
        zIndex={250}
        classNames={{ root: notificationClasses.root }}
      />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
