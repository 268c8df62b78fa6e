import {
  IconArrowMerge,
  IconBed,
  IconBuildingCommunity,
  IconSparkles,
  IconTestPipe,
  IconCalendarCog,
  IconCalendarEvent,
  IconClipboardList,
  IconHourglass,
  IconBuildingBank,
  IconBuildingHospital,
  IconHistory,
  IconHome,
  IconMail,
  IconUserCircle,
  IconUserSearch,
  IconUsers,
  type TablerIcon,
} from '@tabler/icons-react';
import type { Permission } from '@meridian/contracts';

/** One destination in the staff workspace: the navbar, the home cards and route guards read it. */
export interface NavItem {
  id: string;
  path: string;
  /** i18n keys in the `shell` namespace. */
  labelKey: string;
  descriptionKey: string;
  icon: TablerIcon;
  /** The permission the page needs; undefined means any signed-in user. */
  permission?: Permission;
}

export interface NavGroup {
  id: string;
  /** Heading shown above the group in the navbar; none for the top group. */
  labelKey?: string;
  items: NavItem[];
}

export const navItems = {
  home: {
    id: 'home',
    path: '/',
    labelKey: 'shell:nav.home',
    descriptionKey: 'shell:nav.homeDescription',
    icon: IconHome,
  },
  patients: {
    id: 'patients',
    path: '/patients',
    labelKey: 'shell:nav.patients',
    descriptionKey: 'shell:nav.patientsDescription',
    icon: IconUserSearch,
    permission: 'patient.read',
  },
  today: {
    id: 'today',
    path: '/schedule/today',
    labelKey: 'shell:nav.today',
    descriptionKey: 'shell:nav.todayDescription',
    icon: IconClipboardList,
    permission: 'appointment.read',
  },
  calendar: {
    id: 'calendar',
    path: '/schedule',
    labelKey: 'shell:nav.calendar',
    descriptionKey: 'shell:nav.calendarDescription',
    icon: IconCalendarEvent,
    permission: 'appointment.read',
  },
  waitlist: {
    id: 'waitlist',
    path: '/schedule/waitlist',
    labelKey: 'shell:nav.waitlist',
    descriptionKey: 'shell:nav.waitlistDescription',
    icon: IconHourglass,
    permission: 'appointment.read',
  },
  bedBoard: {
    id: 'bedBoard',
    path: '/beds',
    labelKey: 'shell:nav.bedBoard',
    descriptionKey: 'shell:nav.bedBoardDescription',
    icon: IconBed,
    permission: 'admission.read',
  },
  housekeeping: {
    id: 'housekeeping',
    path: '/beds/housekeeping',
    labelKey: 'shell:nav.housekeeping',
    descriptionKey: 'shell:nav.housekeepingDescription',
    icon: IconSparkles,
    permission: 'bed.housekeeping',
  },
  labWorklist: {
    id: 'labWorklist',
    path: '/lab',
    labelKey: 'labs:nav.worklist',
    descriptionKey: 'labs:nav.worklistDescription',
    icon: IconTestPipe,
    permission: 'result.write',
  },
  wardSetup: {
    id: 'wardSetup',
    path: '/admin/wards',
    labelKey: 'shell:nav.wardSetup',
    descriptionKey: 'shell:nav.wardSetupDescription',
    icon: IconBuildingCommunity,
    permission: 'ward.manage',
  },
  scheduleSetup: {
    id: 'scheduleSetup',
    path: '/admin/scheduling',
    labelKey: 'shell:nav.scheduleSetup',
    descriptionKey: 'shell:nav.scheduleSetupDescription',
    icon: IconCalendarCog,
    permission: 'schedule.manage',
  },
  users: {
    id: 'users',
    path: '/admin/users',
    labelKey: 'shell:nav.users',
    descriptionKey: 'shell:nav.usersDescription',
    icon: IconUsers,
    permission: 'user.read',
  },
  audit: {
    id: 'audit',
    path: '/admin/audit',
    labelKey: 'shell:nav.audit',
    descriptionKey: 'shell:nav.auditDescription',
    icon: IconHistory,
    permission: 'audit.read',
  },
  messages: {
    id: 'messages',
    path: '/admin/messages',
    labelKey: 'shell:nav.messages',
    descriptionKey: 'shell:nav.messagesDescription',
    icon: IconMail,
    permission: 'message.read',
  },
  organization: {
    id: 'organization',
    path: '/admin/organization',
    labelKey: 'shell:nav.organization',
    descriptionKey: 'shell:nav.organizationDescription',
    icon: IconBuildingHospital,
    // Every staff role reads facilities (org.read); this page is for administering them.
    permission: 'org.manage',
  },
  payers: {
    id: 'payers',
    path: '/admin/payers',
    labelKey: 'shell:nav.payers',
    descriptionKey: 'shell:nav.payersDescription',
    icon: IconBuildingBank,
    permission: 'payer.manage',
  },
  merge: {
    id: 'merge',
    path: '/admin/merge',
    labelKey: 'shell:nav.merge',
    descriptionKey: 'shell:nav.mergeDescription',
    icon: IconArrowMerge,
    permission: 'patient.merge',
  },
  account: {
    id: 'account',
    path: '/account',
    labelKey: 'shell:nav.account',
    descriptionKey: 'shell:nav.accountDescription',
    icon: IconUserCircle,
  },
} as const satisfies Record<string, NavItem>;

/**
 * The navbar, top to bottom. A later module (patients, schedule, ...) adds its items here
 * with the permission its pages need, and its routes in router.tsx.
 */
export const navGroups: readonly NavGroup[] = [
  {
    id: 'workspace',
    items: [
      navItems.home,
      navItems.patients,
      navItems.today,
      navItems.calendar,
      navItems.waitlist,
      navItems.bedBoard,
      navItems.housekeeping,
      navItems.labWorklist,
    ],
  },
  {
    id: 'administration',
    labelKey: 'shell:nav.administration',
    items: [
      navItems.users,
      navItems.audit,
      navItems.messages,
      navItems.organization,
      navItems.payers,
      navItems.merge,
      navItems.scheduleSetup,
      navItems.wardSetup,
    ],
  },
];

/** The groups and items a user with these permissions may open; empty groups dropped. */
export function visibleNavGroups(granted: readonly Permission[]): NavGroup[] {
  return navGroups
    .map((group) => ({
      ...group,
      items: group.items.filter((item) => !item.permission || granted.includes(item.permission)),
    }))
    .filter((group) => group.items.length > 0);
}
