import { useState } from 'react';
import { Button, Group, SegmentedControl, Select, Stack } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Appointment } from '@meridian/contracts';
import { useCan, useSignedInMe } from '../../../app/auth/useMe';
import { PageHeader } from '../../../ui/PageHeader';
import { useSchedulingPractitioners } from '../appointments.api';
import { facilityTimeZone, todayIn } from '../scheduling-format';
import { AppointmentDrawer } from './AppointmentDrawer';
import { BookingDialog, type BookingPreset } from './BookingDialog';
import { CalendarToolbar } from './CalendarToolbar';
import type { CalendarView } from './calendar-range';
import { DepartmentDay } from './DepartmentDay';
import { PractitionerCalendar } from './PractitionerCalendar';
import { PractitionerSelect, useDepartmentNames } from './PractitionerSelect';

type Mode = 'practitioner' | 'department';

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The staff calendar: one practitioner's day or week, or a department's practitioners side
 * by side for a day. What is shown lives in the URL (?mode, practitioner, department, date,
 * view, cancelled), so a link or "back" returns to the same calendar.
 */
export function CalendarPage() {
  const { t } = useTranslation('calendar');
  const me = useSignedInMe();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const practitioners = useSchedulingPractitioners();
  const { departments } = useDepartmentNames();

  const mode: Mode = params.get('mode') === 'department' ? 'department' : 'practitioner';
  const practitionerId = params.get('practitioner');
  const departmentId = params.get('department');
  const view: CalendarView =
    mode === 'practitioner' && params.get('view') === 'week' ? 'week' : 'day';
  const showCancelled = params.get('cancelled') === '1';
  const practitioner = practitioners.data?.find((p) => p.id === practitionerId) ?? null;
  const timeZone = facilityTimeZone(
    me.facilities,
    practitioner?.facilityId ?? me.currentFacilityId,
  );
  const today = todayIn(timeZone);
  const dateParam = params.get('date');
  const date = dateParam && isoDatePattern.test(dateParam) ? dateParam : today;

  const [opened, setOpened] = useState<Appointment | null>(null);
  const [booking, setBooking] = useState<BookingPreset | null>(null);

  function update(changes: Record<string, string | null>) {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null || v === '') next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  }

  const canBook = can('appointment.book');
  return (
    <Stack gap="md">
      <PageHeader
        title={t('title')}
        actions={
          canBook ? (
            <Button
              leftSection={<IconCalendarPlus size={18} aria-hidden />}
              onClick={() => setBooking({ practitionerId, date })}
            >
              {t('bookButton')}
            </Button>
          ) : null
        }
      />
      <Group gap="md" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label={t('modeLabel')}
          value={mode}
          onChange={(v) => update({ mode: v === 'department' ? 'department' : null })}
          data={[
            { value: 'practitioner', label: t('mode.practitioner') },
            { value: 'department', label: t('mode.department') },
          ]}
        />
        {mode === 'practitioner' ? (
          <div style={{ minWidth: 280, flex: '1 1 280px', maxWidth: 420 }}>
            <PractitionerSelect
              label={t('picker.practitioner')}
              value={practitionerId}
              onChange={(id) => update({ practitioner: id })}
            />
          </div>
        ) : (
          <Select
            label={t('picker.department')}
            placeholder={t('picker.departmentPlaceholder')}
            data={departments
              .filter((d) => d.isActive)
              .map((d) => ({ value: d.id, label: d.name }))}
            value={departmentId}
            onChange={(id) => update({ department: id })}
            searchable
            style={{ minWidth: 260 }}
            nothingFoundMessage={t('picker.noDepartment')}
          />
        )}
      </Group>
      <CalendarToolbar
        date={date}
        view={view}
        today={today}
        timeZone={timeZone}
        allowWeek={mode === 'practitioner'}
        showCancelled={showCancelled}
        onDate={(d) => update({ date: d === today ? null : d })}
        onView={(v) => update({ view: v === 'week' ? 'week' : null })}
        onShowCancelled={(show) => update({ cancelled: show ? '1' : null })}
      />
      {mode === 'practitioner' ? (
        <PractitionerCalendar
          practitioner={practitioner}
          isLoadingPractitioners={practitioners.isPending}
          date={date}
          view={view}
          timeZone={timeZone}
          showCancelled={showCancelled}
          canBook={canBook}
          onOpen={setOpened}
          onBook={setBooking}
        />
      ) : (
        <DepartmentDay
          departmentId={departmentId}
          date={date}
          timeZone={timeZone}
          showCancelled={showCancelled}
          canBook={canBook}
          onOpen={setOpened}
          onBook={setBooking}
        />
      )}
      <AppointmentDrawer appointment={opened} onClose={() => setOpened(null)} />
      <BookingDialog
        opened={booking !== null}
        preset={booking ?? {}}
        onClose={() => setBooking(null)}
      />
    </Stack>
  );
}
